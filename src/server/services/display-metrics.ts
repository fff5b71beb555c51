// Wheel displays in /metrics, counted from the heartbeat registry when Prometheus scrapes:
// displays by state, stale ones (silent too long) and outdated ones (not on the latest version).
// NOTE: only wheels that exist are labelled: the heartbeat endpoint is public, and a made-up slug
// must not add series.
import type { FastifyInstance } from 'fastify';
import { Gauge } from 'prom-client';
import { DISPLAY_STATES } from '../../core/index.ts';
import type { WheelSummary } from '../storage/store.ts';
import { classifyDisplay, type DisplayRegistry } from './display-registry.ts';

interface WheelCounts {
  /** Displays heard from recently, by state. */
  states: Record<string, number>;
  stale: number;
  outdated: number;
}

interface DisplayCounts {
  /** Per existing wheel. */
  byWheel: Map<string, WheelCounts>;
}

export function registerDisplayMetrics(fastify: FastifyInstance, registry: DisplayRegistry): void {
  const registers = [fastify.metrics.registry];
  // The three gauges are collected together in one scrape: count once for all three. While the
  // database does not answer (no wheel list), they keep their last counts.
  let pending: Promise<DisplayCounts | null> | null = null;
  const countOnce = (): Promise<DisplayCounts | null> => {
    pending ??= fastify.metrics
      .wheelsOfThisScrape()
      .then((wheels) => wheels && countDisplays(fastify, registry, wheels))
      .finally(() => {
        pending = null;
      });
    return pending;
  };

  new Gauge({
    name: 'prizewheel_displays',
    help: 'Wheel displays that sent a heartbeat in the last 45 s, by the state they reported',
    labelNames: ['wheel', 'state'],
    registers,
    async collect() {
      const counts = await countOnce();
      if (counts === null) return;
      this.reset();
      for (const [wheel, { states }] of counts.byWheel)
        for (const state of DISPLAY_STATES) this.set({ wheel, state }, states[state] ?? 0);
    },
  });
  const perWheelGauge = (name: string, help: string, count: (wheel: WheelCounts) => number): void => {
    new Gauge({
      name,
      help,
      labelNames: ['wheel'],
      registers,
      async collect() {
        const counts = await countOnce();
        if (counts === null) return;
        this.reset();
        for (const [wheel, wheelCounts] of counts.byWheel) this.set({ wheel }, count(wheelCounts));
      },
    });
  };
  perWheelGauge(
    'prizewheel_stale_displays',
    'Wheel displays silent for more than 45 s (remembered for 24 h)',
    (wheel) => wheel.stale,
  );
  perWheelGauge(
    'prizewheel_outdated_displays',
    'Wheel displays heard from in the last 45 s that show an older version than the latest published',
    (wheel) => wheel.outdated,
  );
}

function countDisplays(
  fastify: FastifyInstance,
  registry: DisplayRegistry,
  wheels: readonly WheelSummary[],
): DisplayCounts {
  const now = fastify.clock();
  const byWheel: DisplayCounts['byWheel'] = new Map(
    wheels.map((wheel) => [wheel.slug, { states: {}, stale: 0, outdated: 0 }]),
  );
  const latestByWheel = new Map(wheels.map((wheel) => [wheel.slug, wheel.latestVersion]));
  for (const record of registry.list(now)) {
    const counts = byWheel.get(record.wheel);
    if (!counts) continue;
    const { stale, outdated } = classifyDisplay(
      record,
      latestByWheel.get(record.wheel) ?? null,
      now.getTime(),
    );
    if (stale) {
      counts.stale += 1;
      continue;
    }
    counts.states[record.state] = (counts.states[record.state] ?? 0) + 1;
    if (outdated) counts.outdated += 1;
  }
  return { byWheel };
}
