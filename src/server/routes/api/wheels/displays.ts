// Display heartbeats (public: a wheel page has no credentials) and the current spin, so a display
// that joins mid-spin shows the wheel where every other screen has it.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SpinPlan } from '../../../../core/index.ts';
import { AppError } from '../../../errors.ts';
import { parseRequest } from '../../../validation.ts';
import { displayRegistryFor } from './display-registry.ts';

const heartbeatSchema = z
  .object({
    id: z.string().trim().min(1).max(100),
    version: z.number().int().min(0).nullable(),
    state: z.enum(['loading', 'empty', 'idle', 'spinning']),
    connection: z.enum(['online', 'offline']),
    fps: z.number().min(0).max(1000).nullable(),
    heapMb: z.number().min(0).max(1_000_000).nullable(),
    lastSyncAt: z.string().max(40).nullable(),
    userAgent: z.string().max(500),
    damagedSnapshots: z.number().int().min(0).max(1_000_000),
  })
  .strict();

/** The active spin of each wheel, kept from the event bus; forgotten once it must have landed. */
interface CurrentSpin {
  plan: SpinPlan;
  startedAtMs: number;
}

export async function wheelDisplayRoutes(fastify: FastifyInstance): Promise<void> {
  const registry = displayRegistryFor(fastify.store);

  fastify.post<{ Params: { slug: string } }>(
    '/:slug/displays/heartbeat',
    { logLevel: 'warn' },
    async (request, reply) => {
      const heartbeat = parseRequest(heartbeatSchema, request.body);
      const slug = request.params.slug;
      if (slug.length > 100) throw new AppError('invalid_request', 'At slug: too long');
      if (!registry.record(slug, heartbeat, fastify.clock()))
        throw new AppError('too_many_attempts', 'One heartbeat every 2 s per display');
      return reply.header('cache-control', 'no-store').code(204).send();
    },
  );

  const currentSpins = new Map<string, CurrentSpin>();
  const unsubscribers = new Map<string, () => void>();
  const follow = (slug: string): void => {
    if (unsubscribers.has(slug)) return;
    unsubscribers.set(
      slug,
      fastify.events.subscribe(slug, (event) => {
        if (event.type === 'spin')
          currentSpins.set(slug, { plan: event.data, startedAtMs: fastify.clock().getTime() });
      }),
    );
  };
  fastify.addHook('onClose', async () => {
    for (const unsubscribe of unsubscribers.values()) unsubscribe();
  });
  // Follow every wheel whose snapshot or events anyone asks for (the first display of a wheel
  // subscribes; a spin before any display looked is nobody's to join).
  fastify.addHook('onRequest', async (request) => {
    const slug = (request.params as { slug?: unknown } | undefined)?.slug;
    if (typeof slug === 'string' && slug.length <= 100) follow(slug);
  });

  fastify.get<{ Params: { slug: string } }>('/:slug/spins/current', async (request, reply) => {
    const slug = request.params.slug;
    follow(slug);
    reply.header('cache-control', 'no-store');
    const current = currentSpins.get(slug);
    const nowMs = fastify.clock().getTime();
    if (!current || nowMs - current.startedAtMs >= current.plan.durationMs) {
      currentSpins.delete(slug);
      return reply.code(204).send();
    }
    // Only what the spin event already told every display: the plan and when it started.
    return {
      plan: current.plan,
      startedAt: new Date(current.startedAtMs).toISOString(),
      now: new Date(nowMs).toISOString(),
    };
  });
}
