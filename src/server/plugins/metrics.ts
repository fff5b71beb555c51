import fp from 'fastify-plugin';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface ServerMetrics {
  /** Public, at /metrics: nothing in it may tell a pre-drawn spin from a random one. */
  registry: Registry;
  /** Admin-only metrics, served with the public ones at /api/admin/metrics. */
  adminRegistry: Registry;
  /** Draws by mode (random, predrawn, fallback, offline): admin-only, see adminRegistry. */
  draws: Counter<'wheel' | 'mode'>;
  spins: Counter<'wheel'>;
  publishes: Counter<'wheel'>;
  damagedSnapshots: Counter<'wheel'>;
  failedLogins: Counter;
  landingMismatches: Counter<'wheel'>;
  durationWarnings: Counter<'wheel'>;
  imports: Counter<'result'>;
  importDuration: Histogram;
  eventStreams: Gauge<'wheel'>;
  requestDuration: Histogram<'method' | 'route' | 'status'>;
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: ServerMetrics;
  }
}

/** A display's measured spin duration further than this from the plan is a warning (issue 4). */
export const SPIN_DURATION_TOLERANCE_MS = 100;
const IMPORT_DURATION_BUCKETS_SECONDS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
const REQUEST_DURATION_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Prometheus metrics in a registry of this app's own (several apps in one test process do not clash). */
export const metricsPlugin = fp(
  async (fastify) => {
    const registry = new Registry();
    const adminRegistry = new Registry();
    collectDefaultMetrics({ register: registry });
    const metrics: ServerMetrics = {
      registry,
      adminRegistry,
      // NOTE: the product promise is that pre-drawn spins look exactly like random ones to the
      // audience, and /metrics is public: a mode label there would reveal them.
      draws: new Counter({
        name: 'prizewheel_draws_total',
        help: 'Draws recorded, by mode (random, predrawn, fallback, offline)',
        labelNames: ['wheel', 'mode'],
        registers: [adminRegistry],
      }),
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
      landingMismatches: new Counter({
        name: 'prizewheel_landing_mismatches_total',
        help: 'Landed reports whose index is not the drawn entry (a display showed another winner)',
        labelNames: ['wheel'],
        registers: [registry],
      }),
      durationWarnings: new Counter({
        name: 'prizewheel_spin_duration_warnings_total',
        help: `Landed reports whose measured duration is more than ${SPIN_DURATION_TOLERANCE_MS} ms off the plan`,
        labelNames: ['wheel'],
        registers: [registry],
      }),
      imports: new Counter({
        name: 'prizewheel_imports_total',
        help: 'Participant list uploads, by result: replaced (the draft), kept (errors, draft unchanged), rejected (file error)',
        labelNames: ['result'],
        registers: [registry],
      }),
      importDuration: new Histogram({
        name: 'prizewheel_import_duration_seconds',
        help: 'Time to read and validate an uploaded participant list',
        buckets: IMPORT_DURATION_BUCKETS_SECONDS,
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
