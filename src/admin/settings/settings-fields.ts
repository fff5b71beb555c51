// The settings form's fields and their checks (the server checks again).
import { DEFAULT_PUBLIC_NAMES, type PublicNamesPolicy, type WheelSettings } from '../../core/index.ts';

export const MIN_SPIN_SECONDS = 3;
export const MAX_SPIN_SECONDS = 60;
const MS_PER_SECOND = 1000;

export interface SettingsFields {
  spinSeconds: string;
  minRotations: string;
  maxRotations: string;
  removeWinners: boolean;
  publicNames: PublicNamesPolicy;
}

/** The choices of settings.publicNames as the form offers them, each with its one-line explanation. */
export const PUBLIC_NAMES_CHOICES: ReadonlyArray<{ value: PublicNamesPolicy; label: string }> = [
  { value: 'full', label: 'Full names — everyone who can open the wheel sees every name as listed' },
  {
    value: 'masked',
    label: 'Masked — "Ana Lima" shows as "Ana L.", "张三丰" as "张*丰", emails and phones starred',
  },
  { value: 'ticket', label: 'Tickets only — the public sees no names at all' },
  { value: 'label', label: "The list's label column — e.g. a nickname; rows without one show their ticket" },
];

export function toFields(settings: WheelSettings): SettingsFields {
  return {
    spinSeconds: String(settings.spinDurationMs / MS_PER_SECOND),
    minRotations: String(settings.minRotations),
    maxRotations: String(settings.maxRotations),
    removeWinners: settings.removeWinners,
    publicNames: settings.publicNames ?? DEFAULT_PUBLIC_NAMES,
  };
}

/** The settings, or a message saying what is wrong. */
export function readSettingsFields(fields: SettingsFields): WheelSettings | string {
  const spinSeconds = Number(fields.spinSeconds);
  const minRotations = Number(fields.minRotations);
  const maxRotations = Number(fields.maxRotations);
  if (!(spinSeconds >= MIN_SPIN_SECONDS && spinSeconds <= MAX_SPIN_SECONDS))
    return `Spin duration must be between ${MIN_SPIN_SECONDS} and ${MAX_SPIN_SECONDS} seconds.`;
  if (!Number.isInteger(minRotations) || minRotations < 1)
    return 'Minimum turns must be a whole number of at least 1.';
  if (!Number.isInteger(maxRotations) || maxRotations < minRotations)
    return 'Maximum turns must be a whole number, at least the minimum.';
  return {
    spinDurationMs: Math.round(spinSeconds * MS_PER_SECOND),
    minRotations,
    maxRotations,
    removeWinners: fields.removeWinners,
    publicNames: fields.publicNames,
  };
}
