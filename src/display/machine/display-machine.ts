import {
  buildArcs,
  normalizeDegrees,
  rotationAt,
  type Snapshot,
  type SpinPlan,
  type WheelArcs,
} from '../../core/index.ts';
import { EMPTY_SLOT, isDue, offerUpdate, scheduleAfterLanding, type PendingSlot } from './update-queue.ts';

/**
 * The display's state as an explicit state machine. Pure: every event carries its time (clock ms,
 * performance.now() in the page), so tests drive it with any clock. An impossible transition
 * throws an InvalidTransitionError; the page never dispatches one on purpose.
 */
export type DisplayPhase = 'loading' | 'empty' | 'idle' | 'spinning';
export type Connection = 'online' | 'offline';

/** A verified snapshot and its geometry; `arcs` is null when the snapshot has no entries. */
export interface ShownWheel {
  readonly snapshot: Snapshot;
  readonly arcs: WheelArcs | null;
  readonly version: number;
}

export interface ActiveSpin {
  readonly plan: SpinPlan;
  readonly startRotation: number;
  readonly endRotation: number;
  readonly startedAtMs: number;
}

export interface DisplayState {
  readonly phase: DisplayPhase;
  readonly wheel: ShownWheel | null;
  /** The rotation at rest, in [0, 360); during a spin the rotation is a function of time. */
  readonly rotation: number;
  readonly spin: ActiveSpin | null;
  readonly pending: PendingSlot<ShownWheel>;
  /** The last completed spin, with the version it was drawn on. */
  readonly lastSpin: {
    readonly id: string;
    readonly ticket: string;
    readonly name: string;
    readonly version: number;
  } | null;
  readonly connection: Connection;
  readonly lastSyncAtMs: number | null;
}

export type DisplayEvent =
  | { type: 'snapshot-verified'; wheel: ShownWheel; atMs: number }
  /** A verified snapshot from the display's own cache (an offline start): not a sync. */
  | { type: 'cache-loaded'; wheel: ShownWheel }
  | { type: 'snapshot-unchanged'; atMs: number }
  | { type: 'nothing-published'; atMs: number }
  | { type: 'sync-failed'; atMs: number }
  | { type: 'spin-started'; spin: ActiveSpin }
  | { type: 'spin-landed'; atMs: number }
  | { type: 'clock-tick'; atMs: number }
  | { type: 'apply-pending-now' }
  /** The version a spin plan needs, loaded to animate it; a newer wheel on screen goes back to pending. */
  | { type: 'spin-version-loaded'; wheel: ShownWheel };

export class InvalidTransitionError extends Error {
  readonly code = 'invalid_transition';
  constructor(phase: DisplayPhase, event: DisplayEvent['type']) {
    super(`event ${event} is impossible in state ${phase}`);
  }
}

export const INITIAL_STATE: DisplayState = Object.freeze({
  phase: 'loading',
  wheel: null,
  rotation: 0,
  spin: null,
  pending: EMPTY_SLOT,
  lastSpin: null,
  connection: 'online',
  lastSyncAtMs: null,
});

export type PrepareWheelResult = { ok: true; wheel: ShownWheel } | { ok: false; code: 'bad_weights' };

/** Builds the geometry of a verified snapshot. Never throws. */
export function prepareWheel(snapshot: Snapshot): PrepareWheelResult {
  if (snapshot.entries.length === 0)
    return { ok: true, wheel: { snapshot, arcs: null, version: snapshot.version } };
  try {
    const arcs = buildArcs(snapshot.entries.map((entry) => entry.weight));
    return { ok: true, wheel: { snapshot, arcs, version: snapshot.version } };
  } catch {
    return { ok: false, code: 'bad_weights' };
  }
}

/** The newest version this display knows of: the pending one, else the one on screen. */
export function knownVersion(state: DisplayState): number | null {
  return state.pending.update?.version ?? state.wheel?.version ?? null;
}

/** The rotation to draw at `nowMs`: a pure function of time during a spin. */
export function rotationAtTime(state: DisplayState, nowMs: number): number {
  const spin = state.spin;
  if (spin === null) return state.rotation;
  return rotationAt(spin.startRotation, spin.endRotation, spin.plan.durationMs, nowMs - spin.startedAtMs);
}

/** True when the running spin has reached its end at `nowMs`. */
export function spinHasEnded(state: DisplayState, nowMs: number): boolean {
  return state.spin !== null && nowMs - state.spin.startedAtMs >= state.spin.plan.durationMs;
}

function show(state: DisplayState, wheel: ShownWheel): DisplayState {
  const pending =
    state.pending.update !== null && state.pending.update.version <= wheel.version
      ? EMPTY_SLOT
      : state.pending;
  return { ...state, wheel, pending, phase: wheel.arcs === null ? 'empty' : 'idle' };
}

function synced(state: DisplayState, atMs: number): DisplayState {
  if (state.connection === 'online' && state.lastSyncAtMs === atMs) return state;
  return { ...state, connection: 'online', lastSyncAtMs: atMs };
}

export function reduceDisplay(state: DisplayState, event: DisplayEvent): DisplayState {
  switch (event.type) {
    case 'snapshot-verified': {
      const next = synced(state, event.atMs);
      const known = knownVersion(next);
      if (known !== null && event.wheel.version <= known) return next;
      if (next.phase === 'spinning') return { ...next, pending: offerUpdate(next.pending, event.wheel) };
      return show(next, event.wheel);
    }
    case 'cache-loaded':
      // Only a display with nothing to show takes the cache; anything from the server is newer.
      if (state.wheel !== null || state.pending.update !== null || state.phase === 'spinning') return state;
      return show(state, event.wheel);
    case 'snapshot-unchanged':
      return synced(state, event.atMs);
    case 'nothing-published': {
      const next = synced(state, event.atMs);
      // Keep the last good wheel on screen; only a display that never had one is empty.
      return next.phase === 'loading' ? { ...next, phase: 'empty' } : next;
    }
    case 'sync-failed': {
      // A display that has nothing yet says so calmly ("waiting for the list") and keeps trying.
      const phase = state.phase === 'loading' ? 'empty' : state.phase;
      if (state.connection === 'offline' && phase === state.phase) return state;
      return { ...state, connection: 'offline', phase };
    }
    case 'spin-started': {
      if (state.phase !== 'idle' || state.wheel === null || state.wheel.arcs === null)
        throw new InvalidTransitionError(state.phase, event.type);
      if (event.spin.plan.version !== state.wheel.version)
        throw new InvalidTransitionError(state.phase, event.type);
      return { ...state, phase: 'spinning', spin: event.spin, rotation: event.spin.startRotation };
    }
    case 'spin-landed': {
      const spin = state.spin;
      if (state.phase !== 'spinning' || spin === null)
        throw new InvalidTransitionError(state.phase, event.type);
      return {
        ...state,
        phase: 'idle',
        spin: null,
        rotation: normalizeDegrees(spin.endRotation),
        lastSpin: {
          id: spin.plan.id,
          ticket: spin.plan.ticket,
          name: spin.plan.name,
          version: spin.plan.version,
        },
        pending: scheduleAfterLanding(state.pending, event.atMs),
      };
    }
    case 'clock-tick': {
      if (state.phase === 'spinning' || !isDue(state.pending, event.atMs)) return state;
      return show(state, state.pending.update as ShownWheel);
    }
    case 'apply-pending-now': {
      if (state.phase === 'spinning') throw new InvalidTransitionError(state.phase, event.type);
      const update = state.pending.update;
      return update === null ? state : show(state, update);
    }
    case 'spin-version-loaded': {
      if (state.phase === 'spinning') throw new InvalidTransitionError(state.phase, event.type);
      const current = state.wheel;
      const pending =
        current !== null && current.version > event.wheel.version
          ? offerUpdate(state.pending, current)
          : state.pending;
      return show({ ...state, pending }, event.wheel);
    }
  }
}
