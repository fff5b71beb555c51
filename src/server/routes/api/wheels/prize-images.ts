// GET /api/wheels/:slug/prize-images/:sha256 — a prize's picture at its content address (public:
// screens show it on the prize card), cacheable forever.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../../errors.ts';
import { sendContentAddressedImage } from './appearance.ts';

const prizeImageParamsSchema = z.object({ slug: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/) });

export async function prizeImageRoutes(fastify: FastifyInstance): Promise<void> {
  fastify.get(
    '/:slug/prize-images/:sha256',
    { config: { openapi: { params: prizeImageParamsSchema } } },
    async (request, reply) => {
      const params = prizeImageParamsSchema.safeParse(request.params);
      if (!params.success) throw new AppError('not_found', 'No such prize image');
      const image = await fastify.store.getPrizeImage(params.data.slug, params.data.sha256);
      if (image === null) throw new AppError('not_found', 'No such prize image');
      return sendContentAddressedImage(reply, image.sha256, image.contentType, image.bytes);
    },
  );
}
