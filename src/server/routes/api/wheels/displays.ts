// Display heartbeats (public: a wheel page has no credentials) and the current spin, so a display
// that joins mid-spin shows the wheel where every other screen has it.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  DISPLAY_CONNECTIONS,
  DISPLAY_STATES,
  SPIN_SOURCES,
  type CurrentSpinAnswer,
  type DisplayHeartbeat,
  type SpinPlan,
} from '../../../../core/index.ts';
import { AppError } from '../../../errors.ts';
import { parseRequest } from '../../../validation.ts';
import { registerDisplayMetrics } from '../../../services/display-metrics.ts';
import { displayRegistryFor } from '../../../services/display-registry.ts';
import { batchPlaceOf } from '../../../services/prize-draws.ts';
import type { StoredDraw } from '../../../storage/store.ts';

const heartbeatSchema = z
  .object({
    id: z.string().trim().min(1).max(100),
    version: z.number().int().min(0).nullable(),
    state: z.enum(DISPLAY_STATES),
    connection: z.enum(DISPLAY_CONNECTIONS),
    fps: z.number().min(0).max(1000).nullable(),
    heapMb: z.number().min(0).max(1_000_000).nullable(),
    lastSyncAt: z.string().max(40).nullable(),
    userAgent: z.string().max(500),
    damagedSnapshots: z.number().int().min(0).max(1_000_000),
    spinSource: z.enum(SPIN_SOURCES).optional(),
  })
  .strict();

/**
 * The query of the event stream and the current spin: the display may name itself (it then may
 * report the landing of the spins it received) and may carry its presenter key; nothing else.
 */
export const displayQuerySchema = z
  .object({ displayId: z.string().trim().min(1).max(100).optional(), key: z.string().optional() })
  .strict();

/**
 * The current spin's query: the display's own, plus `include=landed`, asking for the newest draw even
 * after it landed (what a display whose event stream is down polls).
 */
const currentSpinQuerySchema = displayQuerySchema
  .extend({ include: z.literal('landed').optional() })
  .strict();

export async function wheelDisplayRoutes(fastify: FastifyInstance): Promise<void> {
  const registry = displayRegistryFor(fastify.store);
  registerDisplayMetrics(fastify, registry);

  fastify.post<{ Params: { slug: string } }>(
    '/:slug/displays/heartbeat',
    {
      logLevel: 'warn',
      schema: {
        summary: "A display's heartbeat",
        description:
          '204 remembered. 404 wheel_not_found for a wheel that does not exist. 429 too_many_attempts for a second heartbeat of one display within 2 s. ' +
          'The registry keeps at most 5000 displays, 200 per client address (the least recently heard of the fullest address makes room).',
      },
      config: { openapi: { body: heartbeatSchema } },
    },
    async (request, reply) => {
      const heartbeat: DisplayHeartbeat = parseRequest(heartbeatSchema, request.body);
      const slug = request.params.slug;
      if (slug.length > 100) throw new AppError('invalid_request', 'At slug: too long');
      // A made-up wheel is not remembered (nor counted in /metrics).
      if (!(await fastify.existingWheels.exists(slug)))
        throw new AppError('wheel_not_found', 'No such wheel');
      if (!registry.record(slug, heartbeat, fastify.clock(), request.ip))
        throw new AppError('too_many_attempts', 'One heartbeat every 2 s per display');
      return reply.header('cache-control', 'no-store').code(204).send();
    },
  );

  fastify.get<{ Params: { slug: string } }>(
    '/:slug/spins/current',
    {
      schema: {
        summary: 'The spin turning now',
        description:
          '200 {plan, startedAt, now}: the newest server-decided draw while it still turns; 204 when none turns. ' +
          'With `include=landed`, the newest server-decided draw that is not voided even after it landed (the display compares `now` with ' +
          '`startedAt` + `plan.durationMs`; `landedAt` when a display reported its landing): a display whose event stream is down or silent polls this to show every recorded winner. ' +
          'Public: the plan is what the `spin` event already tells every display.',
      },
      config: { openapi: { querystring: currentSpinQuerySchema } },
    },
    async (request, reply) => {
      const slug = request.params.slug;
      const { displayId, include } = parseRequest(currentSpinQuerySchema, request.query, 'query');
      reply.header('cache-control', 'no-store');
      // From the draw log (every instance sees it): the newest draw, if server-decided (and still turning).
      const last = await fastify.store.latestDraw(slug).catch(() => null);
      const nowMs = fastify.clock().getTime();
      const startedAtMs = last === null ? NaN : Date.parse(last.createdAt);
      if (last === null || last.voided || (last.mode !== 'random' && last.mode !== 'predrawn'))
        return reply.code(204).send();
      const turning = nowMs - startedAtMs < last.plannedDurationMs;
      if (!turning && include !== 'landed') return reply.code(204).send();
      const plan: SpinPlan = {
        id: last.id,
        wheel: slug,
        version: last.version,
        targetIndex: last.targetIndex,
        ticket: last.ticket,
        name: last.name,
        rotations: last.rotations,
        landingFraction: last.landingFraction,
        durationMs: last.plannedDurationMs,
        ...(last.batchId === null ? {} : await batchOfSpin(fastify, slug, last, last.batchId)),
      };
      // A display that joins the spin here received it (it may report its landing).
      if (displayId !== undefined && turning) fastify.spinReceipts.recordReceived(slug, plan.id, displayId);
      // Only what the spin event already told every display: the plan and when it started.
      const answer: CurrentSpinAnswer = {
        plan,
        startedAt: new Date(startedAtMs).toISOString(),
        now: new Date(nowMs).toISOString(),
        ...(include === 'landed' && last.landedAt !== null ? { landedAt: last.landedAt } : {}),
      };
      return answer;
    },
  );
}

/** A prize spin's fields of the plan (prizeId, every place of its batch, rehearsal), as the spin event had them. */
async function batchOfSpin(
  fastify: FastifyInstance,
  slug: string,
  spin: StoredDraw,
  batchId: string,
): Promise<Pick<SpinPlan, 'prizeId' | 'batch' | 'rehearsal'>> {
  // NOTE: polled by every screen without an event stream: only this batch's rows are read.
  const places = await fastify.store.readBatchPlaces(slug, batchId);
  return {
    ...(spin.prizeId === null ? {} : { prizeId: spin.prizeId }),
    batch: places.map(batchPlaceOf),
    ...(spin.rehearsal ? { rehearsal: true } : {}),
  };
}
