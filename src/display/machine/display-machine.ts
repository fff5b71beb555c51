import {
  buildArcs,
  normalizeDegrees,
  rotationAt,
  type BatchPlace,
  type DisplayConnection,
  type ProgramState,
  type ReportedDisplayState,
  type Snapshot,
  type SpinPlan,
  type WheelArcs,
} from '../../core/index.ts';
import {
  EMPTY_SLOT,
  PENDING_APPLY_DELAY_MS,
  isDue,
  offerUpdate,
  scheduleAfterLanding,
  type PendingSlot,
} from './update-queue.ts';
import { snapshotIndexAt, withStagePool, type ShownPool } from './wheel-pool.ts';

/**
 * The display's state as an explicit state machine. Pure: every event carries its time (clock ms,
 * performance.now() in the page), so tests drive it with any clock. An impossible transition
 * throws an InvalidTransitionError; the page never dispatches one on purpose. Its phases are the
 * states the heartbeat reports (core's DISPLAY_STATES, the page's `data-state`).
 */
export type DisplayPhase = ReportedDisplayState;
export type Connection = DisplayConnection;

/** A verified snapshot and its geometry; `arcs` is null when the snapshot has no entries. */
export interface ShownWheel {
  readonly snapshot: Snapshot;
  readonly arcs: WheelArcs | null;
  readonly version: number;
  /** The stage prize's eligible pool: the wheel shows these slices only (see wheel-pool.ts). */
  readonly pool?: ShownPool | null;
}

/** The last spin's batch (a prize drawn with more than its winner: winners, then reserves). */
export interface LastBatch {
  readonly spinId: string;
  readonly prizeId: string;
  readonly places: readonly BatchPlace[];
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
  /** May this page ask the server to draw (the presenter's page)? null until the server answered. */
  readonly canSpin: boolean | null;
  /** Spins this page asked the server to draw: only those are reported landed from here. */
  readonly ownSpinIds: readonly string[];
  readonly drawRequest: DrawRequestState;
  /**
   * Until when (clock ms) a Spin press must wait: the wheel still turns (this screen's spin, or the
   * server's 409 spin_in_progress / 429 answer). null when a press may ask the server.
   */
  readonly spinWait: SpinWait | null;
  readonly landings: LandingsState;
  readonly outbox: OutboxState;
  /** The event program (stage, rehearsal, draws) as last received; null on a wheel without one yet. */
  readonly program: ProgramState | null;
  /**
   * After a landing the pool stays as it was spun until this time (the winner's slice is still
   * under the pointer), then the program's pool is applied; null when nothing waits.
   */
  readonly programDueAtMs: number | null;
  /** The last landed spin's batch, when its plan had one. */
  readonly lastBatch: LastBatch | null;
}

/** A spin the server pushed while this page waited for the answer to its own draw request. */
export interface PushedSpin {
  readonly plan: SpinPlan;
  readonly serverStartedAtMs: number | null;
}

export interface DrawRequestState {
  readonly inFlight: boolean;
  /** Animated once the request has settled (the answer, when it came, animated the spin first). */
  readonly pushedSpin: PushedSpin | null;
}

export interface SpinWait {
  readonly untilMs: number;
}

/** What this display reports to the server about where its wheel stopped. */
export interface LandedReport {
  readonly id: string;
  readonly index: number;
  readonly durationMs: number;
}

export interface LandingsState {
  /** The last landing on screen, until it is known to be this page's own spin (then queued). */
  readonly pending: LandedReport | null;
  /** Own landings the server has not taken yet (it may be restarting), oldest first. */
  readonly unsent: readonly LandedReport[];
  readonly sending: boolean;
}

/** The local draws waiting for the server (the IndexedDB outbox). */
export interface OutboxState {
  readonly flushing: boolean;
  readonly size: number;
}

/** Landed reports kept for a server that could not take them (the oldest are dropped beyond). */
export const UNSENT_LANDINGS_MAX = 20;

export type DisplayEvent =
  | { type: 'snapshot-verified'; wheel: ShownWheel; atMs: number }
  /** A verified snapshot from the display's own cache (an offline start): not a sync. */
  | { type: 'cache-loaded'; wheel: ShownWheel }
  | { type: 'snapshot-unchanged'; atMs: number }
  | { type: 'nothing-published'; atMs: number }
  | { type: 'sync-failed'; atMs: number }
  /**
   * `wheel` is the version the plan names (immutable), when it is not the one on screen: it goes on
   * screen for the spin, and a newer wheel on screen waits in the pending slot until after the landing.
   */
  | { type: 'spin-started'; spin: ActiveSpin; wheel?: ShownWheel }
  /** A plan that could not be animated (it fails the checks on its own version): its winner is shown as text. */
  | { type: 'winner-shown-unanimated'; plan: SpinPlan }
  /**
   * The server serves a lower version, or the same version with another checksum (a restore): the
   * wheel it serves replaces what this display holds, even though it is not newer.
   */
  | { type: 'snapshot-replaced'; wheel: ShownWheel; atMs: number }
  | { type: 'spin-landed'; atMs: number }
  | { type: 'clock-tick'; atMs: number }
  | { type: 'apply-pending-now' }
  /** The event program changed: its pool goes on the wheel now, or after the spin and the winner's reveal. */
  | { type: 'program-received'; program: ProgramState }
  | RequestEvent;

/** The page's requests to the server: its draw request, its landed reports and its outbox uploads. */
export type RequestEvent =
  | { type: 'rights-known'; canSpin: boolean }
  /** The presenter asked the server to draw; only one request at a time, from an idle wheel. */
  | { type: 'draw-requested' }
  /** The server drew spin `spinId` for this page. */
  | { type: 'draw-answered'; spinId: string }
  /** A spin the server pushed while the draw request is in flight: kept until it settles. */
  | { type: 'spin-pushed'; spin: PushedSpin }
  | { type: 'draw-settled' }
  /** A Spin press has to wait until `untilMs` (the later wait wins when one is already shown). */
  | { type: 'spin-wait-started'; untilMs: number }
  /** Time has passed: the wait ends when `atMs` has reached its end. */
  | { type: 'spin-wait-ended'; atMs: number }
  /** The pending landing is this page's own spin: it joins the reports to send. */
  | { type: 'landing-queued' }
  | { type: 'landing-send-started' }
  | { type: 'landing-sent'; spinId: string }
  | { type: 'landing-send-ended' }
  | { type: 'outbox-flush-started' }
  | { type: 'outbox-flush-ended' }
  | { type: 'outbox-counted'; size: number };

export class InvalidTransitionError extends Error {
  readonly code = 'invalid_transition';
  constructor(phase: DisplayPhase | string, event: DisplayEvent['type']) {
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
  canSpin: null,
  ownSpinIds: [],
  drawRequest: { inFlight: false, pushedSpin: null },
  spinWait: null,
  landings: { pending: null, unsent: [], sending: false },
  outbox: { flushing: false, size: 0 },
  program: null,
  programDueAtMs: null,
  lastBatch: null,
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
  const pooled = withStagePool(wheel, state.program);
  return { ...state, wheel: pooled, pending, phase: wheel.arcs === null ? 'empty' : 'idle' };
}

/** The program's pool on the wheel on screen (not during a spin or the reveal after it). */
function applyProgram(state: DisplayState): DisplayState {
  const wheel = state.wheel === null ? null : withStagePool(state.wheel, state.program);
  if (wheel === state.wheel && state.programDueAtMs === null) return state;
  return { ...state, wheel, programDueAtMs: null };
}

function synced(state: DisplayState, atMs: number): DisplayState {
  if (state.connection === 'online' && state.lastSyncAtMs === atMs) return state;
  return { ...state, connection: 'online', lastSyncAtMs: atMs };
}

export function reduceDisplay(state: DisplayState, event: DisplayEvent): DisplayState {
  switch (event.type) {
    case 'rights-known':
    case 'draw-requested':
    case 'draw-answered':
    case 'spin-pushed':
    case 'draw-settled':
    case 'spin-wait-started':
    case 'spin-wait-ended':
      return reduceDrawRequest(state, event);
    case 'landing-queued':
    case 'landing-send-started':
    case 'landing-sent':
    case 'landing-send-ended':
      return reduceLandings(state, event);
    case 'outbox-flush-started':
    case 'outbox-flush-ended':
    case 'outbox-counted':
      return reduceOutbox(state, event);
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
      const planWheel = event.wheel ?? state.wheel;
      if (
        (state.phase !== 'idle' && state.phase !== 'empty') ||
        planWheel === null ||
        planWheel.arcs === null
      )
        throw new InvalidTransitionError(state.phase, event.type);
      if (event.spin.plan.version !== planWheel.version)
        throw new InvalidTransitionError(state.phase, event.type);
      const current = state.wheel;
      const pending =
        current !== null && current.version > planWheel.version
          ? offerUpdate(state.pending, current)
          : state.pending;
      return {
        ...state,
        phase: 'spinning',
        wheel: planWheel,
        pending,
        spin: event.spin,
        rotation: event.spin.startRotation,
      };
    }
    case 'winner-shown-unanimated': {
      if (state.phase === 'spinning') throw new InvalidTransitionError(state.phase, event.type);
      const { plan } = event;
      return {
        ...state,
        lastSpin: { id: plan.id, ticket: plan.ticket, name: plan.name, version: plan.version },
      };
    }
    case 'snapshot-replaced': {
      const next = synced(state, event.atMs);
      // Newest-wins does not hold here: the server's answer replaces a version it no longer has.
      if (next.phase === 'spinning')
        return { ...next, pending: { update: event.wheel, dueAtMs: next.pending.dueAtMs } };
      return show({ ...next, pending: EMPTY_SLOT }, event.wheel);
    }
    case 'spin-landed': {
      const spin = state.spin;
      if (state.phase !== 'spinning' || spin === null)
        throw new InvalidTransitionError(state.phase, event.type);
      const wheel = state.wheel;
      const landed: LandedReport | null =
        wheel === null || wheel.arcs === null
          ? state.landings.pending
          : {
              id: spin.plan.id,
              index: snapshotIndexAt(wheel, spin.endRotation),
              durationMs: event.atMs - spin.startedAtMs,
            };
      const { prizeId, batch } = spin.plan;
      return {
        ...state,
        phase: 'idle',
        spin: null,
        landings: { ...state.landings, pending: landed },
        rotation: normalizeDegrees(spin.endRotation),
        lastSpin: {
          id: spin.plan.id,
          ticket: spin.plan.ticket,
          name: spin.plan.name,
          version: spin.plan.version,
        },
        pending: scheduleAfterLanding(state.pending, event.atMs),
        programDueAtMs: event.atMs + PENDING_APPLY_DELAY_MS,
        lastBatch:
          prizeId !== undefined && batch !== undefined && batch.length > 1
            ? { spinId: spin.plan.id, prizeId, places: batch }
            : state.lastBatch,
      };
    }
    case 'clock-tick': {
      if (state.phase === 'spinning') return state;
      const programDue = state.programDueAtMs !== null && event.atMs >= state.programDueAtMs;
      if (isDue(state.pending, event.atMs)) return show(state, state.pending.update as ShownWheel);
      return programDue ? applyProgram(state) : state;
    }
    case 'program-received': {
      const next = { ...state, program: event.program };
      if (state.phase === 'spinning' || state.programDueAtMs !== null) return next;
      return applyProgram(next);
    }
    case 'apply-pending-now': {
      if (state.phase === 'spinning') throw new InvalidTransitionError(state.phase, event.type);
      const update = state.pending.update;
      return update === null ? state : show(state, update);
    }
  }
}

function reduceDrawRequest(state: DisplayState, event: RequestEvent): DisplayState {
  const request = state.drawRequest;
  switch (event.type) {
    case 'rights-known':
      return { ...state, canSpin: event.canSpin };
    case 'draw-requested':
      if (state.canSpin !== true || request.inFlight || state.phase !== 'idle' || state.spinWait !== null)
        throw new InvalidTransitionError(
          request.inFlight ? 'draw-requested' : state.spinWait !== null ? 'waiting to spin' : state.phase,
          event.type,
        );
      return { ...state, drawRequest: { inFlight: true, pushedSpin: null } };
    case 'draw-answered':
      if (!request.inFlight) throw new InvalidTransitionError('no draw request', event.type);
      if (state.ownSpinIds.includes(event.spinId)) return state;
      return { ...state, ownSpinIds: [...state.ownSpinIds, event.spinId] };
    case 'spin-pushed':
      if (!request.inFlight) throw new InvalidTransitionError('no draw request', event.type);
      return { ...state, drawRequest: { inFlight: true, pushedSpin: event.spin } };
    case 'draw-settled':
      if (!request.inFlight) throw new InvalidTransitionError('no draw request', event.type);
      return { ...state, drawRequest: { inFlight: false, pushedSpin: null } };
    case 'spin-wait-started':
      if (state.spinWait !== null && state.spinWait.untilMs >= event.untilMs) return state;
      return { ...state, spinWait: { untilMs: event.untilMs } };
    case 'spin-wait-ended':
      if (state.spinWait === null || event.atMs < state.spinWait.untilMs) return state;
      return { ...state, spinWait: null };
    default:
      return state;
  }
}

function reduceLandings(state: DisplayState, event: RequestEvent): DisplayState {
  const landings = state.landings;
  switch (event.type) {
    case 'landing-queued': {
      const report = landings.pending;
      if (report === null || !state.ownSpinIds.includes(report.id))
        throw new InvalidTransitionError('no own landing pending', event.type);
      return {
        ...state,
        ownSpinIds: state.ownSpinIds.filter((id) => id !== report.id),
        landings: {
          ...landings,
          pending: null,
          unsent: [...landings.unsent, report].slice(-UNSENT_LANDINGS_MAX),
        },
      };
    }
    case 'landing-send-started':
      if (landings.sending) throw new InvalidTransitionError('sending landings', event.type);
      return { ...state, landings: { ...landings, sending: true } };
    case 'landing-sent': {
      if (!landings.sending) throw new InvalidTransitionError('not sending landings', event.type);
      const index = landings.unsent.findIndex((report) => report.id === event.spinId);
      if (index === -1) return state; // dropped meanwhile as the oldest of too many
      return { ...state, landings: { ...landings, unsent: landings.unsent.filter((_, i) => i !== index) } };
    }
    case 'landing-send-ended':
      if (!landings.sending) throw new InvalidTransitionError('not sending landings', event.type);
      return { ...state, landings: { ...landings, sending: false } };
    default:
      return state;
  }
}

function reduceOutbox(state: DisplayState, event: RequestEvent): DisplayState {
  const outbox = state.outbox;
  switch (event.type) {
    case 'outbox-flush-started':
      if (outbox.flushing || state.canSpin !== true)
        throw new InvalidTransitionError(outbox.flushing ? 'flushing the outbox' : 'view-only', event.type);
      return { ...state, outbox: { ...outbox, flushing: true } };
    case 'outbox-flush-ended':
      if (!outbox.flushing) throw new InvalidTransitionError('not flushing the outbox', event.type);
      return { ...state, outbox: { ...outbox, flushing: false } };
    case 'outbox-counted':
      return outbox.size === event.size ? state : { ...state, outbox: { ...outbox, size: event.size } };
    default:
      return state;
  }
}
