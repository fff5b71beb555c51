// /api/admin/wheels/:slug/presenter-keys — presenter links: a key that lets one page spin one wheel.
// The key is shown once, at creation; the database keeps only its SHA-256.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { PRESENTER_KEY_LABEL_MAX_CHARACTERS } from '../../../../core/index.ts';
import { AppError } from '../../../errors.ts';
import { linkBase } from '../../../services/public-address.ts';
import { generateToken, hashToken } from '../../../services/secrets.ts';
import { parseRequest } from '../../../validation.ts';

export const createPresenterKeySchema = z
  .object({ label: z.string().trim().min(1).max(PRESENTER_KEY_LABEL_MAX_CHARACTERS) })
  .strict();
export const presenterKeyParamsSchema = z.object({ slug: z.string(), id: z.string().min(1).max(100) });

type SlugParams = { Params: { slug: string } };

export async function presenterKeyRoutes(fastify: FastifyInstance): Promise<void> {
  fastify.post<SlugParams>(
    '/:slug/presenter-keys',
    {
      config: {
        openapi: {
          body: createPresenterKeySchema,
          summary: 'Create a presenter link (the key is shown once)',
        },
      },
    },
    async (request, reply) => {
      const { slug } = request.params;
      const { label } = parseRequest(createPresenterKeySchema, request.body);
      const actor = request.user?.username ?? 'unknown';
      const id = randomUUID();
      const key = generateToken();
      const created = await fastify.store.createPresenterKey(
        { id, wheel: slug, label, keyHash: hashToken(key), createdBy: actor },
        { actor, action: 'create_presenter_key', wheel: slug, details: { id, label } },
      );
      return reply.code(201).send({
        id: created.id,
        label: created.label,
        key,
        // Absolute, for another machine: PUBLIC_URL, else the LAN address (services/public-address.ts).
        url: `${linkBase(fastify, request)}/wheel/${encodeURIComponent(slug)}?key=${encodeURIComponent(key)}`,
        createdAt: created.createdAt,
      });
    },
  );

  fastify.get<SlugParams>('/:slug/presenter-keys', async (request) => {
    const { slug } = request.params;
    if (!(await fastify.store.getWheel(slug)))
      throw new AppError('wheel_not_found', `No wheel named ${slug}`);
    const keys = await fastify.store.listPresenterKeys(slug);
    return {
      keys: keys.map(({ id, label, createdAt, createdBy }) => ({ id, label, createdAt, createdBy })),
    };
  });

  fastify.delete(
    '/:slug/presenter-keys/:id',
    { config: { openapi: { params: presenterKeyParamsSchema, summary: 'Revoke a presenter link' } } },
    async (request, reply) => {
      const { slug, id } = parseRequest(presenterKeyParamsSchema, request.params, 'params');
      const actor = request.user?.username ?? 'unknown';
      const revoked = await fastify.store.revokePresenterKey(slug, id, {
        actor,
        action: 'revoke_presenter_key',
        wheel: slug,
        details: { id },
      });
      if (!revoked) throw new AppError('not_found', `No presenter key ${id} on wheel ${slug}`);
      return reply.code(204).send();
    },
  );
}
