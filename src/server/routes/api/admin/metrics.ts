import type { FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';

/** GET /api/admin/metrics: the public metrics plus the admin-only ones (draws by mode). */
export async function adminMetricsRoutes(fastify: FastifyInstance): Promise<void> {
  fastify.get('/', { logLevel: 'warn' }, async (_request, reply) => {
    // Merged per scrape: metrics registered after start (display gauges) are included too.
    const merged = Registry.merge([fastify.metrics.registry, fastify.metrics.adminRegistry]);
    reply.header('cache-control', 'no-store');
    return reply.type(merged.contentType).send(await merged.metrics());
  });
}
