/** One participant on a wheel. `ticket` is text exactly as the spreadsheet displays it. */
export interface Entry {
  ticket: string;
  name: string;
  /** A finite number > 0; the entry's share of the wheel is weight / Σ weight. */
  weight: number;
}

/** A draft entry may carry the spreadsheet's other columns, shown in the admin UI only. */
export interface DraftEntry extends Entry {
  extra?: Record<string, string>;
}

export interface WheelSettings {
  /** How long every spin lasts, in milliseconds. */
  spinDurationMs: number;
  /** Whole turns before landing: uniform in minRotations..maxRotations (inclusive). */
  minRotations: number;
  maxRotations: number;
  /** When on, each draw publishes the next version without the winner. */
  removeWinners: boolean;
}

export const DEFAULT_SETTINGS: WheelSettings = Object.freeze({
  spinDurationMs: 11_000,
  minRotations: 5,
  maxRotations: 8,
  removeWinners: false,
});

/**
 * The settings a new wheel starts with: like DEFAULT_SETTINGS, with "Remove winners" on.
 * NOTE: a prize draw rarely means one person may win twice; an organizer who wants that turns it off.
 */
export const NEW_WHEEL_SETTINGS: WheelSettings = Object.freeze({ ...DEFAULT_SETTINGS, removeWinners: true });

/** A published snapshot without its checksum: what the checksum is computed over. */
export interface SnapshotBody {
  wheel: string;
  version: number;
  /** ISO 8601 UTC with milliseconds. */
  publishedAt: string;
  entries: Entry[];
  settings: WheelSettings;
}

export interface Snapshot extends SnapshotBody {
  /** `sha256:` + 64 lowercase hex over the RFC 8785 canonical JSON of the body. */
  checksum: string;
}

/**
 * What the server decided for one spin, sent to every display before any animation.
 * Random and pre-drawn outcomes have the same shape and the same distributions.
 */
export interface SpinPlan {
  id: string;
  wheel: string;
  version: number;
  targetIndex: number;
  ticket: string;
  name: string;
  /** Whole turns, uniform in the wheel's minRotations..maxRotations. */
  rotations: number;
  /** Where in the target's slice the pointer rests, in [LANDING_MARGIN, 1 - LANDING_MARGIN]. */
  landingFraction: number;
  durationMs: number;
  /** Verifiable wheels: the commitment (hex) of the epoch whose seed drew this winner. */
  commitment?: string;
}

/** How a draw was made: by the server (random, or the pre-drawn plan), or by a display without it. */
export const DRAW_MODES = ['random', 'predrawn', 'fallback', 'offline'] as const;
export type DrawMode = (typeof DRAW_MODES)[number];

export interface DrawRecord {
  id: string;
  seq: number;
  version: number;
  ticket: string;
  name: string;
  targetIndex: number;
  mode: DrawMode;
  createdAt: string;
  landedIndex: number | null;
  durationMs: number | null;
}

/** A source of uniformly distributed 32-bit unsigned integers (crypto in production, seeded in tests). */
export interface RandomSource {
  nextUint32(): number;
}
