import fp from 'fastify-plugin';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface ServerMetrics {
  registry: Registry;
  spins: Counter<'wheel'>;
  publishes: Counter<'wheel'>;
  damagedSnapshots: Counter<'wheel'>;
  failedLogins: Counter;
  eventStreams: Gauge<'wheel'>;
  requestDuration: Histogram<'method' | 'route' | 'status'>;
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: ServerMetrics;
  }
}

const REQUEST_DURATION_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Prometheus metrics in a registry of this app's own (several apps in one test process do not clash). */
export const metricsPlugin = fp(
  async (fastify) => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    const metrics: ServerMetrics = {
      registry,
      spins: new Counter({
        name: 'prizewheel_spins_total',
        help: 'Spins drawn and recorded',
        labelNames: ['wheel'],
        registers: [registry],
      }),
      publishes: new Counter({
        name: 'prizewheel_publishes_total',
        help: 'Versions published from a draft',
        labelNames: ['wheel'],
        registers: [registry],
      }),
      damagedSnapshots: new Counter({
        name: 'prizewheel_damaged_snapshots_total',
        help: 'Snapshot reads refused because the content did not match its checksum',
        labelNames: ['wheel'],
        registers: [registry],
      }),
      failedLogins: new Counter({
        name: 'prizewheel_failed_logins_total',
        help: 'Sign-ins refused: wrong username or password, or throttled',
        registers: [registry],
      }),
      eventStreams: new Gauge({
        name: 'prizewheel_event_streams',
        help: 'Open Server-Sent Events streams (displays)',
        labelNames: ['wheel'],
        registers: [registry],
      }),
      requestDuration: new Histogram({
        name: 'prizewheel_http_request_duration_seconds',
        help: 'HTTP request duration by route',
        labelNames: ['method', 'route', 'status'],
        buckets: REQUEST_DURATION_BUCKETS_SECONDS,
        registers: [registry],
      }),
    };
    fastify.decorate('metrics', metrics);
    fastify.addHook('onResponse', async (request, reply) => {
      // The route pattern, never the raw URL: slugs and ids must not explode the label set.
      const route = request.routeOptions.url ?? 'unmatched';
      metrics.requestDuration.observe(
        { method: request.method, route, status: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
    });
  },
  { name: 'metrics' },
);
