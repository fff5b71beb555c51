import { describe, expect, it } from 'vitest';
import { readSettingsFields } from './settings-fields.ts';

const valid = {
  spinSeconds: '11',
  minRotations: '5',
  maxRotations: '8',
  removeWinners: true,
  publicNames: 'masked' as const,
};

describe('readSettingsFields', () => {
  it('turns seconds into milliseconds', () => {
    expect(readSettingsFields({ ...valid, spinSeconds: '12.5' })).toEqual({
      spinDurationMs: 12_500,
      minRotations: 5,
      maxRotations: 8,
      removeWinners: true,
      publicNames: 'masked',
    });
  });

  it.each([
    [{ spinSeconds: '2.9' }, /between 3 and 60/],
    [{ spinSeconds: '61' }, /between 3 and 60/],
    [{ spinSeconds: '' }, /between 3 and 60/],
    [{ minRotations: '0' }, /Minimum turns/],
    [{ minRotations: '2.5' }, /Minimum turns/],
    [{ maxRotations: '4' }, /Maximum turns/],
  ])('refuses %j', (change, message) => {
    expect(readSettingsFields({ ...valid, ...change })).toMatch(message);
  });
});
