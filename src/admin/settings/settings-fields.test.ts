import { describe, expect, it } from 'vitest';
import { PUBLIC_NAMES_POLICIES } from '../../core/index.ts';
import { PUBLIC_NAMES_CHOICES, readSettingsFields, toFields } from './settings-fields.ts';

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

describe('names the public sees', () => {
  it('offers every policy once, each with its explanation', () => {
    expect(PUBLIC_NAMES_CHOICES.map((choice) => choice.value)).toEqual([...PUBLIC_NAMES_POLICIES]);
    for (const choice of PUBLIC_NAMES_CHOICES) expect(choice.label.length).toBeGreaterThan(10);
  });

  it('shows `full` for settings without the field (every wheel before it)', () => {
    const settings = { spinDurationMs: 11_000, minRotations: 5, maxRotations: 8, removeWinners: false };
    expect(toFields(settings).publicNames).toBe('full');
  });
});
