// The publish preview's settings lines: "Spin duration: 11 s → 7 s", in the Settings form's words.
import type { PublicNamesPolicy, SettingChange, WheelSettings } from '../../core/index.ts';

const SETTING_LABELS: Record<keyof WheelSettings, string> = {
  spinDurationMs: 'Spin duration',
  minRotations: 'Minimum turns',
  maxRotations: 'Maximum turns',
  removeWinners: 'Remove winners',
  publicNames: 'Names the public sees',
};

const PUBLIC_NAMES_WORDS: Record<PublicNamesPolicy, string> = {
  full: 'full names',
  masked: 'masked',
  ticket: 'tickets only',
  label: 'label column',
};

function formatSettingValue(setting: keyof WheelSettings, value: WheelSettings[keyof WheelSettings]): string {
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (setting === 'publicNames')
    return PUBLIC_NAMES_WORDS[(value as PublicNamesPolicy | undefined) ?? 'full'];
  return setting === 'spinDurationMs' ? `${Number(value) / 1000} s` : String(value);
}

export function describeSettingChange(change: SettingChange): string {
  const after = formatSettingValue(change.setting, change.after);
  if (change.before === null) return `${SETTING_LABELS[change.setting]}: ${after}`;
  return `${SETTING_LABELS[change.setting]}: ${formatSettingValue(change.setting, change.before)} → ${after}`;
}
