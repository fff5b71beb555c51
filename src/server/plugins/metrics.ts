import fp from 'fastify-plugin';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DRAW_MODES } from '../../core/index.ts';
import { SPIN_DURATION_TOLERANCE_MS } from '../services/landings.ts';
import type { WheelSummary } from '../storage/store.ts';

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
  /**
   * The wheels that exist, read from the database once per scrape for every per-wheel series
   * (the zero series here, the display gauges); null while the database does not answer (logged),
   * and the scrape still answers.
   */
  wheelsOfThisScrape(): Promise<WheelSummary[] | null>;
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: ServerMetrics;
  }
}

const IMPORT_DURATION_BUCKETS_SECONDS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
const REQUEST_DURATION_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const IMPORT_RESULTS = ['replaced', 'kept', 'rejected'] as const;

/** Prometheus metrics in a registry of this app's own (several apps in one test process do not clash). */
export const metricsPlugin = fp(
  async (fastify) => {
    const registry = new Registry();
    const adminRegistry = new Registry();
    collectDefaultMetrics({ register: registry });
    // NOTE: Prometheus's increase() sees no rise in a series whose first sample is already 1, so a
    // labelled counter must be there at 0 before its first event: else the first damaged snapshot,
    // landing mismatch or offline draw of a wheel never fires its alert (seen with the runbook's
    // rules). Each scrape creates the series of every existing wheel at 0 (made-up slugs never).
    let pendingWheels: Promise<WheelSummary[] | null> | null = null;
    const wheelsOfThisScrape = (): Promise<WheelSummary[] | null> => {
      pendingWheels ??= fastify.store
        .listWheels()
        .catch((error: unknown) => {
          fastify.log.warn({ err: error }, 'metrics: the wheel list could not be read');
          return null;
        })
        .finally(() => {
          pendingWheels = null;
        });
      return pendingWheels;
    };
    const existingWheels = async (): Promise<string[]> =>
      ((await wheelsOfThisScrape()) ?? []).map((wheel) => wheel.slug);
    async function zeroForEachWheel(this: Counter<'wheel'>): Promise<void> {
      for (const wheel of await existingWheels()) this.inc({ wheel }, 0);
    }
    const metrics: ServerMetrics = {
      registry,
      adminRegistry,
      wheelsOfThisScrape,
      // NOTE: the product promise is that pre-drawn spins look exactly like random ones to the
      // audience, and /metrics is public: a mode label there would reveal them.
      draws: new Counter({
        name: 'prizewheel_draws_total',
        help: 'Draws recorded, by mode (random, predrawn, fallback, offline)',
        labelNames: ['wheel', 'mode'],
        registers: [adminRegistry],
        async collect() {
          for (const wheel of await existingWheels())
            for (const mode of DRAW_MODES) this.inc({ wheel, mode }, 0);
        },
      }),
      spins: new Counter({
        name: 'prizewheel_spins_total',
        help: 'Spins drawn and recorded',
        labelNames: ['wheel'],
        registers: [registry],
        collect: zeroForEachWheel,
      }),
      publishes: new Counter({
        name: 'prizewheel_publishes_total',
        help: 'Versions published from a draft',
        labelNames: ['wheel'],
        registers: [registry],
        collect: zeroForEachWheel,
      }),
      damagedSnapshots: new Counter({
        name: 'prizewheel_damaged_snapshots_total',
        help: 'Damaged snapshots found (content not matching its checksum), each counted once however often it is read',
        labelNames: ['wheel'],
        registers: [registry],
        collect: zeroForEachWheel,
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
        collect: zeroForEachWheel,
      }),
      durationWarnings: new Counter({
        name: 'prizewheel_spin_duration_warnings_total',
        help: `Landed reports whose measured duration is more than ${SPIN_DURATION_TOLERANCE_MS} ms off the plan`,
        labelNames: ['wheel'],
        registers: [registry],
        collect: zeroForEachWheel,
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
    for (const result of IMPORT_RESULTS) metrics.imports.inc({ result }, 0);
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
