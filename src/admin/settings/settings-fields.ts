// The settings form's fields and their checks (the server checks again).
import type { WheelSettings } from '../../core/index.ts';

export const MIN_SPIN_SECONDS = 3;
export const MAX_SPIN_SECONDS = 60;
const MS_PER_SECOND = 1000;

export interface SettingsFields {
  spinSeconds: string;
  minRotations: string;
  maxRotations: string;
  removeWinners: boolean;
}

export function toFields(settings: WheelSettings): SettingsFields {
  return {
    spinSeconds: String(settings.spinDurationMs / MS_PER_SECOND),
    minRotations: String(settings.minRotations),
    maxRotations: String(settings.maxRotations),
    removeWinners: settings.removeWinners,
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
  };
}
