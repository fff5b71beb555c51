// The in-process event bus behind the SSE stream. One instance serves one process; a
// PostgreSQL LISTEN/NOTIFY relay can later publish into it to fan out across instances.
import { EventEmitter } from 'node:events';
import { z } from 'zod';
import {
  APPEARANCE_TITLE_MAX_CHARACTERS,
  NAME_MAX_CHARACTERS,
  OFFLINE_SPIN_POLICIES,
  DRAW_ROLES,
  PRIZE_ID_MAX_CHARACTERS,
  STAGE_SCENES,
  TICKET_MAX_CHARACTERS,
  type BatchPlace,
  type SpinPlan,
  type StageState,
  type WheelAppearance,
} from '../core/index.ts';

export type WheelEvent =
  | { type: 'snapshot'; data: { version: number } }
  // startedAt: when the server recorded the draw (the same instant spins/current reports), so every
  // screen can start the animation at the same moment; the plan itself stays the contract's plan.
  | { type: 'spin'; data: SpinPlan; startedAt: string }
  | { type: 'landed'; data: { spinId: string; ticket: string } }
  | { type: 'appearance'; data: WheelAppearance }
  // The open epoch's commitment changed (mode switched, seed revealed): null when none is open.
  | { type: 'verification'; data: { commitment: string | null } }
  // The event program changed (a draw, a decline, the stage, rehearsal): screens refetch
  // GET /api/wheels/:slug/program when `revision` differs from theirs. The stage travels along so a
  // clicker's scene change shows at once.
  | { type: 'program'; data: ProgramEvent };

/** The `program` event's data. */
export interface ProgramEvent {
  revision: string;
  rehearsal: boolean;
  stage: StageState;
}

const SLUG_MAX_CHARACTERS = 100;
const SPIN_ID_MAX_CHARACTERS = 100;
const LOGO_URL_MAX_CHARACTERS = 500;

const batchPlaceSchema = z
  .object({
    seq: z.number().int().min(1),
    ticket: z.string().max(TICKET_MAX_CHARACTERS),
    name: z.string().max(NAME_MAX_CHARACTERS),
    targetIndex: z.number().int().min(0),
    role: z.enum(DRAW_ROLES),
    rank: z.number().int().min(1),
  })
  .strict() satisfies z.ZodType<BatchPlace>;

const spinPlanSchema = z
  .object({
    id: z.string().min(1).max(SPIN_ID_MAX_CHARACTERS),
    wheel: z.string().min(1).max(SLUG_MAX_CHARACTERS),
    version: z.number().int().min(1),
    targetIndex: z.number().int().min(0),
    ticket: z.string().max(TICKET_MAX_CHARACTERS),
    name: z.string().max(NAME_MAX_CHARACTERS),
    rotations: z.number().int().min(0),
    landingFraction: z.number().min(0).max(1),
    durationMs: z.number().min(0),
    commitment: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
    prizeId: z.string().min(1).max(PRIZE_ID_MAX_CHARACTERS).optional(),
    batch: z.array(batchPlaceSchema).optional(),
    rehearsal: z.boolean().optional(),
  })
  .strict() satisfies z.ZodType<SpinPlan>;

const stageSchema = z
  .object({
    prizeId: z.string().min(1).max(PRIZE_ID_MAX_CHARACTERS).nullable(),
    scene: z.enum(STAGE_SCENES),
    blank: z.boolean(),
  })
  .strict() satisfies z.ZodType<StageState>;

const appearanceSchema = z
  .object({
    title: z.string().max(APPEARANCE_TITLE_MAX_CHARACTERS),
    logoUrl: z
      .string()
      .max(LOGO_URL_MAX_CHARACTERS)
      .regex(/^\/api\/wheels\/[^?#]+$/)
      .nullable(),
    offlineSpins: z.enum(
      OFFLINE_SPIN_POLICIES as [WheelAppearance['offlineSpins'], ...WheelAppearance['offlineSpins'][]],
    ),
  })
  .strict() satisfies z.ZodType<WheelAppearance>;

/**
 * Every event the bus carries, as data from outside (the PostgreSQL relay) must look before it is
 * published: a known type, each field of its type, nothing else.
 */
// NOTE: strict on purpose. A field added to an event (say, to SpinPlan) must be added here too, or
// the relay drops that event between instances (and logs why).
export const wheelEventSchema = z.discriminatedUnion('type', [
  z
    .object({ type: z.literal('snapshot'), data: z.object({ version: z.number().int().min(1) }).strict() })
    .strict(),
  z.object({ type: z.literal('spin'), data: spinPlanSchema, startedAt: z.string().datetime() }).strict(),
  z
    .object({
      type: z.literal('landed'),
      data: z
        .object({
          spinId: z.string().min(1).max(SPIN_ID_MAX_CHARACTERS),
          ticket: z.string().max(TICKET_MAX_CHARACTERS),
        })
        .strict(),
    })
    .strict(),
  z.object({ type: z.literal('appearance'), data: appearanceSchema }).strict(),
  z
    .object({
      type: z.literal('verification'),
      data: z
        .object({
          commitment: z
            .string()
            .regex(/^[0-9a-f]{64}$/)
            .nullable(),
        })
        .strict(),
    })
    .strict(),
  z
    .object({
      type: z.literal('program'),
      data: z
        .object({ revision: z.string().min(1).max(200), rehearsal: z.boolean(), stage: stageSchema })
        .strict(),
    })
    .strict(),
]) satisfies z.ZodType<WheelEvent>;

/** A wheel's slug as the relay accepts it. */
export const relayedWheelSchema = z.string().min(1).max(SLUG_MAX_CHARACTERS);

export type WheelEventListener = (event: WheelEvent) => void;

export interface WheelEventBus {
  publish(wheel: string, event: WheelEvent): void;
  /** Returns the function that unsubscribes. */
  subscribe(wheel: string, listener: WheelEventListener): () => void;
  /** Every wheel's events (caches that must forget a wheel's latest version); returns the unsubscribe. */
  subscribeAll(listener: (wheel: string, event: WheelEvent) => void): () => void;
  listenerCount(wheel: string): number;
}

const ALL_WHEELS = Symbol('all wheels');

export function createWheelEventBus(): WheelEventBus {
  const emitter = new EventEmitter();
  // Every open display holds one listener; the default cap of 10 is a leak warning, not a limit.
  emitter.setMaxListeners(0);
  const channel = (wheel: string) => `wheel:${wheel}`;
  return {
    publish(wheel, event) {
      emitter.emit(channel(wheel), event);
      emitter.emit(ALL_WHEELS, wheel, event);
    },
    subscribe(wheel, listener) {
      emitter.on(channel(wheel), listener);
      return () => emitter.off(channel(wheel), listener);
    },
    subscribeAll(listener) {
      emitter.on(ALL_WHEELS, listener);
      return () => emitter.off(ALL_WHEELS, listener);
    },
    listenerCount(wheel) {
      return emitter.listenerCount(channel(wheel));
    },
  };
}
