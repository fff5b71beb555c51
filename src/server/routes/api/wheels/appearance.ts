// GET /api/wheels/:slug/appearance — the title, logo URL and offline-spin policy every display
// shows (public: nothing in it is secret). GET /api/wheels/:slug/logo/:sha256 — the logo bytes at
// their content address, cacheable forever.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../../errors.ts';
import { toPublicAppearance } from '../../../services/appearance.ts';

const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
const logoParamsSchema = z.object({ slug: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/) });

export async function wheelAppearanceRoutes(fastify: FastifyInstance): Promise<void> {
  fastify.get<{ Params: { slug: string } }>('/:slug/appearance', async (request, reply) => {
    const { slug } = request.params;
    const stored = await fastify.store.getAppearance(slug);
    void reply.header('Cache-Control', 'no-cache');
    return toPublicAppearance(slug, stored);
  });

  fastify.get(
    '/:slug/logo/:sha256',
    { config: { openapi: { params: logoParamsSchema } } },
    async (request, reply) => {
      const params = logoParamsSchema.safeParse(request.params);
      if (!params.success) throw new AppError('not_found', 'No such logo');
      const logo = await fastify.store.getLogo(params.data.slug, params.data.sha256);
      if (logo === null) throw new AppError('not_found', 'No such logo');
      return sendContentAddressedImage(reply, params.data.sha256, logo.contentType, logo.data);
    },
  );
}

/** An image at its content address (its sha256): cacheable forever, its sniffed type enforced. */
export function sendContentAddressedImage(
  reply: FastifyReply,
  sha256: string,
  contentType: string,
  data: Uint8Array,
): FastifyReply {
  return (
    reply
      .header('Content-Type', contentType)
      .header('Cache-Control', IMMUTABLE_CACHE)
      .header('ETag', `"${sha256}"`)
      // The type was sniffed at upload; the browser must not guess another one.
      .header('X-Content-Type-Options', 'nosniff')
      .send(Buffer.from(data.buffer, data.byteOffset, data.byteLength))
  );
}
