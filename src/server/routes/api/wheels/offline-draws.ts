// Offline draws (services/offline-draws.ts), presenter rights:
// POST /api/wheels/:slug/offline-vouchers → 200 {vouchers}: the caller's unused single-use vouchers.
// POST /api/wheels/:slug/offline-draws → 201 {id, seq} recorded from a voucher, 200 for a re-send.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { OfflineDrawUpload, OfflineVouchersAnswer, RecordedDraw } from '../../../../core/index.ts';
import { issueOfflineVouchers, recordOfflineDraw } from '../../../services/offline-draws.ts';
import { parseRequest } from '../../../validation.ts';

const displayIdSchema = z.string().trim().min(1).max(100);

const offlineVouchersSchema = z
  .object({
    /** The version on the caller's screen; vouchers are issued for the latest one. */
    version: z.number().int().min(1).optional(),
    displayId: displayIdSchema.optional(),
  })
  .strict();

// NOTE: no targetIndex, ticket or mode: the server derives the winner from the voucher (strict
// schema: a body naming one is refused, nothing recorded).
const offlineDrawSchema = z
  .object({
    id: z.string().trim().min(1).max(100),
    voucherId: z.string().trim().min(1).max(100),
    version: z.number().int().min(1),
    rotations: z.number().int().min(1).max(100),
    landingFraction: z.number().min(0).max(1),
    durationMs: z.number().int().min(0).max(600_000),
    drawnAt: z.string().max(40),
    displayId: displayIdSchema.optional(),
  })
  .strict();

export async function offlineDrawRoutes(fastify: FastifyInstance): Promise<void> {
  fastify.post<{ Params: { slug: string } }>(
    '/:slug/offline-vouchers',
    {
      config: {
        openapi: {
          body: offlineVouchersSchema,
          summary:
            "The caller's unused single-use offline vouchers for the latest version (the same ones when asked again); 403 offline_refused when the wheel refuses offline spins or is verifiable",
        },
      },
    },
    async (request): Promise<OfflineVouchersAnswer> => {
      const slug = request.params.slug;
      const actor = await fastify.requirePresenter(request, slug);
      const { displayId } = parseRequest(offlineVouchersSchema, request.body ?? {});
      return { vouchers: await issueOfflineVouchers(fastify, slug, actor, displayId ?? null) };
    },
  );

  fastify.post<{ Params: { slug: string } }>(
    '/:slug/offline-draws',
    {
      config: {
        openapi: {
          body: offlineDrawSchema,
          summary:
            "Records a draw made offline from the caller's unused voucher; the server derives the winner (201 {id, seq}, 200 the same for a re-send)",
        },
      },
    },
    async (request, reply) => {
      const slug = request.params.slug;
      const actor = await fastify.requirePresenter(request, slug);
      const upload: OfflineDrawUpload = parseRequest(offlineDrawSchema, request.body);
      const { created, draw } = await recordOfflineDraw(fastify, slug, upload, actor, request.log);
      return reply.code(created ? 201 : 200).send(draw satisfies RecordedDraw);
    },
  );
}
