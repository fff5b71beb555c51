import type { FastifyInstance } from 'fastify';

export async function metricsRoutes(fastify: FastifyInstance): Promise<void> {
  fastify.get('/metrics', { logLevel: 'warn' }, async (_request, reply) => {
    const text = await fastify.metrics.registry.metrics();
    return reply.type(fastify.metrics.registry.contentType).send(text);
  });
}
