// GET /api/wheels/:slug/verification — public: everything anyone needs to recompute every
// verifiable draw (commitments, revealed seeds, draws with their snapshot checksums). No secrets.
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../errors.ts';
import { readPublicVerification } from '../../../services/verification.ts';

export async function wheelVerificationRoutes(fastify: FastifyInstance): Promise<void> {
  fastify.get<{ Params: { slug: string } }>(
    '/:slug/verification',
    {
      config: {
        openapi: {
          summary:
            'Epochs (commitment, frozen version and checksum, witness, createdAt, revealedAt or closedAt, seed once revealed), every draw inside an epoch window (seq, derived, voided), the program draws, and drawLog: the whole draw log in counts (total, rehearsal, byMode, voided, declined) with the draws made without a prize',
        },
      },
    },
    async (request, reply) => {
      const { slug } = request.params;
      if (!(await fastify.store.getWheel(slug)))
        throw new AppError('wheel_not_found', `No wheel named ${slug}`);
      void reply.header('Cache-Control', 'no-cache');
      return readPublicVerification(fastify.store, slug);
    },
  );
}
