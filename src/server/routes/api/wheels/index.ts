// Public wheel endpoints (displays, audience) and the presenter's spins.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { PRIZE_BATCH_SIZE_MAX, PRIZE_ID_PATTERN } from '../../../../core/index.ts';
import { AppError } from '../../../errors.ts';
import { recordLanding } from '../../../services/landings.ts';
import { createSpinRateLimit } from '../../../services/spin-rate-limit.ts';
import { presenterKeyOf } from '../../../plugins/auth.ts';
import { startSpin } from '../../../services/spins.ts';
import { fullNameLookup, withFullNames } from '../../../services/private-names.ts';
import { parseRequest } from '../../../validation.ts';
import { wheelAppearanceRoutes } from './appearance.ts';
import { wheelEventRoutes } from './events.ts';
import { sendLatestSnapshot, sendSnapshotVersion } from '../../../services/send-snapshot.ts';
import { wheelVerificationRoutes } from './verification.ts';
import { wheelDisplayRoutes } from './displays.ts';
import { offlineDrawRoutes } from './offline-draws.ts';
import { wheelProgramRoutes } from './program.ts';
import { prizeImageRoutes } from './prize-images.ts';
import { wheelCertificateRoutes } from './certificate.ts';
import { entrantCheckRoutes } from './entrant-check.ts';

type SlugParams = { Params: { slug: string } };

const versionParamsSchema = z.object({ slug: z.string(), version: z.coerce.number().int().min(1) });
const spinBodySchema = z
  .object({
    version: z.number().int().min(1),
    /** Which display asked (recorded with the draw), when it says. */
    displayId: z.string().trim().min(1).max(100).optional(),
    /** The prize to draw (wheels with prizes); absent: the prize on stage. */
    prizeId: z.string().regex(PRIZE_ID_PATTERN).optional(),
    /** Winners this press draws (default the prize's batch size, at most what is left). */
    count: z.number().int().min(1).max(PRIZE_BATCH_SIZE_MAX).optional(),
  })
  .strict();
const landedBodySchema = z
  .object({
    landedIndex: z.number().int().min(0),
    durationMs: z.number().int().min(0),
    /** The display reporting (the one that started the spin, or one that received it), when it says. */
    displayId: z.string().trim().min(1).max(100).optional(),
  })
  .strict();
const spinParamsSchema = z.object({ slug: z.string(), id: z.string().min(1).max(100) });

export async function publicWheelRoutes(fastify: FastifyInstance): Promise<void> {
  const spinRateLimit = createSpinRateLimit(fastify.clock, fastify.config.spinRequestsPerMinute);
  // Every display polls this every few seconds: request logs only for warnings and errors.
  fastify.get<SlugParams>('/:slug/snapshot', { logLevel: 'warn' }, (request, reply) =>
    sendLatestSnapshot(fastify, request, reply, request.params.slug),
  );

  fastify.get('/:slug/snapshots/:version', (request, reply) => {
    const params = versionParamsSchema.safeParse(request.params);
    if (!params.success) throw new AppError('not_found', 'No such version');
    return sendSnapshotVersion(fastify, request, reply, params.data.slug, params.data.version);
  });

  await fastify.register(wheelEventRoutes);
  await fastify.register(wheelVerificationRoutes);
  await fastify.register(wheelDisplayRoutes);
  await fastify.register(offlineDrawRoutes);
  await fastify.register(wheelAppearanceRoutes);
  await fastify.register(wheelProgramRoutes);
  await fastify.register(prizeImageRoutes);
  await fastify.register(wheelCertificateRoutes);
  await fastify.register(entrantCheckRoutes);

  // Whether this caller may start spins on the page: a signed-in user, or this wheel's presenter key.
  fastify.get<SlugParams>('/:slug/presenter', async (request) => ({
    canSpin: (await fastify.presenterOf(request, request.params.slug)) !== null,
  }));

  fastify.post<SlugParams>(
    '/:slug/spins',
    {
      config: {
        openapi: {
          body: spinBodySchema,
          summary:
            'Draw and record a spin: 201 the plan; 409 outdated_version {latestVersion}; 409 spin_in_progress ' +
            '{retryAfterMs} while the last spin turns (Retry-After in s); 429 rate_limited {retryAfterMs} ' +
            'beyond SPIN_REQUESTS_PER_MINUTE per presenter. On a wheel with prizes: draws the batch of ' +
            '`prizeId` (default the prize on stage) — `count` winners (default its batch size, at most what ' +
            'is left) and its reserves, distinct persons, one row each; the plan carries prizeId and batch. ' +
            '409 no_prize_selected, 404 prize_not_found, 409 prize_exhausted, 409 no_eligible_entries. The answer ' +
            "(to the presenter) names the winners in full; the public `spin` event carries the wheel's public names",
        },
      },
    },
    async (request, reply) => {
      const actor = await fastify.requirePresenter(request, request.params.slug);
      const { version, ...options } = parseRequest(spinBodySchema, request.body);
      spinRateLimit.take(actor);
      const plan = await startSpin(fastify, request.params.slug, version, actor, options);
      fastify.metrics.spins.inc({ wheel: request.params.slug });
      // The presenter's answer names the winners in full; the `spin` event (public) carries the plan as published.
      return reply
        .code(201)
        .send(await withFullNames(fullNameLookup(fastify.store, request.params.slug), plan));
    },
  );

  fastify.post(
    '/:slug/spins/:id/landed',
    { config: { openapi: { body: landedBodySchema, params: spinParamsSchema } } },
    async (request, reply) => {
      const { slug, id } = parseRequest(spinParamsSchema, request.params, 'params');
      const { displayId, ...report } = parseRequest(landedBodySchema, request.body);
      const user = await fastify.identify(request);
      const reporter = {
        isAdmin: user?.role === 'admin',
        presenter: await fastify.presenterOf(request, slug),
        displayId: displayId ?? null,
        hasCredential: user !== null || presenterKeyOf(request) !== null,
      };
      const deps = {
        store: fastify.store,
        events: fastify.events,
        metrics: fastify.metrics,
        receipts: fastify.spinReceipts,
      };
      await recordLanding(deps, slug, id, report, reporter, request.log);
      return reply.code(204).send();
    },
  );
}
