import type { Clock } from './clock.ts';

/** How long one measurement of the server's clock is trusted (clocks drift; a sleeping laptop's jumps). */
export const CLOCK_SAMPLE_MAX_AGE_MS = 10 * 60_000;
/** The measurements kept; the one with the shortest round trip among the fresh ones is used. */
const MAX_SAMPLES = 8;

interface ClockSample {
  /** Server time minus page time at the middle of the round trip (ms). */
  offsetMs: number;
  roundTripMs: number;
  receivedAtMs: number;
}

export interface ServerClock {
  /**
   * One round trip: sent and received on the page's clock, and the server's time in its answer (ms
   * since the epoch). The server's time is assumed to be the middle of the round trip: the error is at
   * most half the round trip, so the shortest one wins.
   */
  record(sentAtMs: number, receivedAtMs: number, serverTimeMs: number): void;
  /** The page-clock time of a server instant, or null without a fresh measurement. */
  toLocalMs(serverTimeMs: number): number | null;
  /** The shortest round trip among the fresh measurements (twice the worst error), or null. */
  bestRoundTripMs(): number | null;
  /** Drops every measurement (one turned out implausible). */
  forget(): void;
}

/** The offset between the server's clock and the page's, NTP-style from request round trips. */
export function createServerClock(clock: Clock): ServerClock {
  let samples: ClockSample[] = [];
  const bestFreshSample = (): ClockSample | null => {
    const nowMs = clock.now();
    samples = samples.filter((sample) => nowMs - sample.receivedAtMs <= CLOCK_SAMPLE_MAX_AGE_MS);
    return samples.reduce<ClockSample | null>(
      (chosen, sample) => (chosen === null || sample.roundTripMs < chosen.roundTripMs ? sample : chosen),
      null,
    );
  };
  return {
    record(sentAtMs, receivedAtMs, serverTimeMs) {
      const roundTripMs = receivedAtMs - sentAtMs;
      if (!Number.isFinite(serverTimeMs) || !(roundTripMs >= 0)) return;
      samples.push({ offsetMs: serverTimeMs - (sentAtMs + receivedAtMs) / 2, roundTripMs, receivedAtMs });
      if (samples.length > MAX_SAMPLES) samples.shift();
    },
    toLocalMs(serverTimeMs) {
      const best = bestFreshSample();
      return best === null ? null : serverTimeMs - best.offsetMs;
    },
    bestRoundTripMs() {
      return bestFreshSample()?.roundTripMs ?? null;
    },
    forget() {
      samples = [];
    },
  };
}
