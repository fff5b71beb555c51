import type { FastifyInstance } from 'fastify';

// Probed every few seconds: request logs only for warnings and errors.
const QUIET = { logLevel: 'warn' } as const;

export async function healthRoutes(fastify: FastifyInstance): Promise<void> {
  fastify.get('/healthz', QUIET, async () => ({ status: 'ok' }));

  fastify.get('/readyz', QUIET, async (request, reply) => {
    try {
      await fastify.store.ping();
      return { status: 'ok' };
    } catch (error) {
      request.log.error({ err: error }, 'database is not reachable');
      return reply.code(503).send({ error: { code: 'not_ready', message: 'The database does not answer' } });
    }
  });
}
