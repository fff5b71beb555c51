// POST /api/wheels/:slug/offline-draws: a draw a display made by itself, uploaded once the server
// answers again: mode `offline` (the server was unreachable) or `fallback` (the server's plan did
// not check out on the display, with the problem's code). Presenter rights; idempotent by id.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../../errors.ts';
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
      const upload = parseRequest(offlineDrawSchema, request.body);
      const existing = async () =>
        (await fastify.store.listDraws(slug)).find((draw) => draw.id === upload.id);
      const already = await existing();
      if (already) return reply.code(200).send({ id: already.id, seq: already.seq, mode: already.mode });

      const verified = await fastify.snapshots.readVersion(slug, upload.version);
      if (!verified) throw new AppError('not_found', `No version ${upload.version} on wheel ${slug}`);
      const entry = verified.snapshot.entries[upload.targetIndex];
      if (!entry || entry.ticket !== upload.ticket)
        throw new AppError('invalid_request', 'At targetIndex: not that ticket in that version');
      try {
        // NOTE: recorded only on the version that is still the latest (the store's draw transaction
        // checks it); an upload for an older version is answered 409 and stays in the display's outbox
        // log. removeWinners is not applied to a draw made offline: the screens already moved on.
        const result = await fastify.store.recordDraw(slug, {
          expectedVersion: upload.version,
          createdAt: fastify.clock().toISOString(),
          startedBy: actor,
          displayId: upload.displayId ?? null,
          decide: () => ({
            draw: {
              id: upload.id,
              ticket: entry.ticket,
              name: entry.name,
              targetIndex: upload.targetIndex,
              mode: upload.mode,
              rotations: upload.rotations,
              landingFraction: upload.landingFraction,
              durationMs: upload.durationMs,
            },
            remainingPlan: null,
            auditDetails: {
              drawnAt: upload.drawnAt,
              ...(upload.problem === undefined ? {} : { problem: upload.problem }),
              ...(upload.refusedSpinId === undefined ? {} : { refusedSpinId: upload.refusedSpinId }),
            },
            nextEntries: null,
          }),
        });
        fastify.metrics.draws.inc({ wheel: slug, mode: result.draw.mode });
        request.log.warn(
          { wheel: slug, drawId: upload.id, mode: upload.mode, problem: upload.problem },
          'display draw recorded',
        );
        return reply.code(201).send({ id: result.draw.id, seq: result.draw.seq, mode: result.draw.mode });
      } catch (error) {
        // Two uploads of one draw at once: the second insert fails on the id; answer as a repeat.
        const raced = await existing();
        if (raced) return reply.code(200).send({ id: raced.id, seq: raced.seq, mode: raced.mode });
        throw error;
      }
    },
  );
}
