import type { PublicNamesPolicy } from './public-names.ts';
/** One participant on a wheel. `ticket` is text exactly as the spreadsheet displays it. */
export interface Entry {
  ticket: string;
  name: string;
  /** A finite number > 0; the entry's share of the wheel is weight / Σ weight. */
  weight: number;
  /** The list's `group` column (department, team…), when the list has one and the row a value. */
  group?: string;
  /**
   * Who holds the ticket, when the list has a `person` column and the row a value. In a draft: the
   * value as typed (an email, a phone number). In a snapshot: only its pseudonym (see
   * event-program.ts), the same for every ticket of one person; never the raw value.
   */
  person?: string;
}

/** A draft entry may carry the spreadsheet's other columns, shown in the admin UI only. */
export interface DraftEntry extends Entry {
  /**
   * The list's `label` column: what the public sees instead of the name under
   * settings.publicNames `label`. Never published as a field of its own.
   */
  label?: string;
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
  /**
   * What public surfaces show of a name (core/public-names.ts). Absent: `full`, so snapshots
   * published before the setting keep their checksums.
   */
  publicNames?: PublicNamesPolicy;
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
  /** The event's prizes in running order; absent on a wheel without prizes (it works as before). */
  prizes?: Prize[];
}

/** One prize of an event (draft and snapshot alike). Limits and validation: event-program.ts. */
export interface Prize {
  /** Stable across versions: what draws, plans and screens name the prize by. */
  id: string;
  name: string;
  /** How many winners the prize has in total. */
  quantity: number;
  description?: string;
  sponsor?: string;
  /** sha256 hex of an uploaded PNG/JPEG/WebP (GET /api/wheels/:slug/prize-images/:sha256). */
  image?: string;
  /** Only entries of these groups may win it; null: everyone. */
  groups: string[] | null;
  /** When true, a person who already holds another prize may still win this one. */
  allowPreviousWinners: boolean;
  /** Winners one press draws by default (at most what is left). */
  batchSize: number;
  /** Reserves drawn with each batch, who take the place of a winner who declines. */
  reserves: number;
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
  /** The prize drawn (wheels with prizes). The wheel shows that prize's eligible pool. */
  prizeId?: string;
  /** A prize's batch: every place drawn by this press, winners then reserves (the first is the plan's winner). */
  batch?: BatchPlace[];
  /** True when the wheel is in rehearsal: the draw counts for nothing. */
  rehearsal?: boolean;
}

/** A winner is drawn for a place of a prize; a reserve takes the place of one who declines. */
export const DRAW_ROLES = ['winner', 'reserve'] as const;
export type DrawRole = (typeof DRAW_ROLES)[number];

/** One place of a batch in a spin plan. `targetIndex` is the entry's index in the snapshot. */
export interface BatchPlace {
  seq: number;
  ticket: string;
  name: string;
  targetIndex: number;
  role: DrawRole;
  /** 1-based: the winners' places 1..n, the reserves' order 1..r. */
  rank: number;
}

/** How a draw was made: by the server (random, or the pre-drawn plan), or by a display without it. */
export const DRAW_MODES = ['random', 'predrawn', 'fallback', 'offline'] as const;
export type DrawMode = (typeof DRAW_MODES)[number];

/**
 * What a draw record says about the event program (all null / false on a wheel without prizes,
 * except `rehearsal`). Kept apart so DrawRecord's older fields stay as the contract first had them.
 */
export interface ProgramDrawFields {
  prizeId: string | null;
  /** The press that drew it: every place of one batch shares it. */
  batchId: string | null;
  role: DrawRole | null;
  rank: number | null;
  /** The seq of the declined winner whose place this draw took. */
  substitutes: number | null;
  /** A reserve who took a place: the seq of that reserve's own record. */
  promotedFrom: number | null;
  declined: { reason: string; at: string } | null;
  rehearsal: boolean;
}

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
