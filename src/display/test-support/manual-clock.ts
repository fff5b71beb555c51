import type { Clock } from '../net/clock.ts';

/** A clock whose time moves only when a test says so. For unit tests of the page's controllers. */
export interface ManualClock {
  readonly clock: Clock;
  /** Moves time forward, running each due timer in order and letting promises settle between them. */
  advance(ms: number): Promise<void>;
  /** Lets pending promise callbacks run without moving time. */
  settle(): Promise<void>;
  /** Delays (from now) of the timers still waiting, soonest first. */
  pendingDelays(): number[];
}

/** The wall time a manual clock shows at its start (its now() is 0 then, like a fresh page's). */
export const MANUAL_CLOCK_WALL_START_MS = Date.UTC(2026, 10, 28, 12, 0, 0);

export function createManualClock(startMs = 0): ManualClock {
  let now = startMs;
  let nextId = 1;
  const timers = new Map<number, { at: number; callback: () => void }>();
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setTimeout(resolve, 0));
  };
  return {
    clock: {
      now: () => now,
      wallNow: () => MANUAL_CLOCK_WALL_START_MS + now,
      setTimeout(callback, delayMs) {
        const id = nextId++;
        timers.set(id, { at: now + Math.max(0, delayMs), callback });
        return id;
      },
      clearTimeout(handle) {
        timers.delete(handle as number);
      },
    },
    async advance(ms) {
      const target = now + ms;
      await settle();
      for (;;) {
        let due: [number, { at: number; callback: () => void }] | null = null;
        for (const timer of timers)
          if (timer[1].at <= target && (due === null || timer[1].at < due[1].at)) due = timer;
        if (due === null) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].callback();
        await settle();
      }
      now = target;
      await settle();
    },
    settle,
    pendingDelays() {
      return [...timers.values()].map((t) => t.at - now).sort((a, b) => a - b);
    },
  };
}
