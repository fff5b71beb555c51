import { describe, expect, it } from 'vitest';
import { describeSettingChange } from './setting-changes.ts';

describe('describeSettingChange', () => {
  it('says each change in the Settings form words, durations in seconds and switches on/off', () => {
    expect(describeSettingChange({ setting: 'spinDurationMs', before: 11_000, after: 7_500 })).toBe(
      'Spin duration: 11 s → 7.5 s',
    );
    expect(describeSettingChange({ setting: 'removeWinners', before: true, after: false })).toBe(
      'Remove winners: on → off',
    );
    expect(describeSettingChange({ setting: 'maxRotations', before: null, after: 8 })).toBe(
      'Maximum turns: 8',
    );
  });
});
