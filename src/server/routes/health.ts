import type { FastifyInstance } from 'fastify';

export async function healthRoutes(fastify: FastifyInstance): Promise<void> {
  fastify.get('/healthz', async () => ({ status: 'ok' }));

  fastify.get('/readyz', async (request, reply) => {
    try {
      await fastify.store.ping();
      return { status: 'ok' };
    } catch (error) {
      request.log.error({ err: error }, 'database is not reachable');
      return reply.code(503).send({ error: { code: 'not_ready', message: 'The database does not answer' } });
    }
  });
}
