// Events per key within a sliding window, in process memory and bounded: the one mechanism under
// the sign-in throttle (failures per address or device) and the spin rate limit (requests per
// presenter). A flood of new keys forgets the least recently active ones, never grows memory.

export interface SlidingWindowCounter {
  /** Milliseconds until `key` is under its limit again, or 0 when it is now. */
  retryAfterMs(key: string): number;
  record(key: string): void;
  /** Takes back the last event recorded for `key` (one counted up front that never happened). */
  cancel(key: string): void;
  clear(key: string): void;
}

export function createSlidingWindowCounter(options: {
  clock: () => Date;
  windowMs: number;
  /** Events a key may have within the window. */
  max: number;
  /** Keys remembered at most. */
  keysMax: number;
}): SlidingWindowCounter {
  const { clock, windowMs, max, keysMax } = options;
  const timesByKey = new Map<string, number[]>();

  function recent(key: string): number[] {
    const cutoff = clock().getTime() - windowMs;
    const times = (timesByKey.get(key) ?? []).filter((time) => time > cutoff);
    if (times.length === 0) timesByKey.delete(key);
    else timesByKey.set(key, times);
    return times;
  }

  return {
    retryAfterMs(key) {
      const times = recent(key);
      if (times.length < max) return 0;
      return Math.max(1, (times[times.length - max] as number) + windowMs - clock().getTime());
    },
    record(key) {
      const times = recent(key);
      times.push(clock().getTime());
      // Most recently active last, so the key forgotten when the map is full is the oldest one.
      timesByKey.delete(key);
      timesByKey.set(key, times);
      if (timesByKey.size > keysMax) timesByKey.delete(timesByKey.keys().next().value as string);
    },
    cancel(key) {
      timesByKey.get(key)?.pop();
    },
    clear(key) {
      timesByKey.delete(key);
    },
  };
}
