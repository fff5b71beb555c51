// GET /api/signing-key — public: the Ed25519 key that signs draw certificates (contract "Evidence
// and privacy"), so anyone can check a certificate without trusting the server that hands it out.
import type { FastifyInstance } from 'fastify';
import type { PublicSigningKey } from '../../../core/index.ts';

export async function signingKeyRoutes(fastify: FastifyInstance): Promise<void> {
  fastify.get(
    '/signing-key',
    {
      config: {
        openapi: {
          summary:
            'The public key that signs draw certificates: {algorithm: "Ed25519", publicKey (SPKI PEM), fingerprint ("sha256:" + hex of the DER SPKI)}',
        },
      },
    },
    async (): Promise<PublicSigningKey> => {
      const { algorithm, publicKey, fingerprint } = fastify.signingKey;
      return { algorithm, publicKey, fingerprint };
    },
  );
}
