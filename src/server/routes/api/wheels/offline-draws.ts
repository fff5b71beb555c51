// POST /api/wheels/:slug/offline-draws: a draw a display made by itself (offline or fallback),
// recorded by services/offline-draws.ts. Presenter rights; 201 when recorded, 200 for a repeat.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { OfflineDrawUpload } from '../../../../core/index.ts';
import { recordOfflineDraw } from '../../../services/offline-draws.ts';
import { parseRequest } from '../../../validation.ts';

const offlineDrawSchema = z
  .object({
    id: z.string().trim().min(1).max(100),
    mode: z.enum(['offline', 'fallback']),
    version: z.number().int().min(1),
    targetIndex: z.number().int().min(0),
    ticket: z.string().max(100),
    rotations: z.number().int().min(1).max(100),
    landingFraction: z.number().min(0).max(1),
    durationMs: z.number().int().min(0).max(600_000),
    drawnAt: z.string().max(40),
    /** For a fallback: why the server's plan was not animated (checkSpinPlan's code). */
    problem: z.string().max(100).optional(),
    /** The server's plan the display refused (fallback), so both are in the log. */
    refusedSpinId: z.string().max(100).optional(),
    displayId: z.string().trim().min(1).max(100).optional(),
  })
  .strict();

export async function offlineDrawRoutes(fastify: FastifyInstance): Promise<void> {
  fastify.post<{ Params: { slug: string } }>(
    '/:slug/offline-draws',
    { config: { openapi: { body: offlineDrawSchema } } },
    async (request, reply) => {
      const slug = request.params.slug;
      const actor = await fastify.requirePresenter(request, slug);
      const upload: OfflineDrawUpload = parseRequest(offlineDrawSchema, request.body);
      const { created, draw } = await recordOfflineDraw(fastify, slug, upload, actor, request.log);
      return reply.code(created ? 201 : 200).send(draw);
    },
  );
}
