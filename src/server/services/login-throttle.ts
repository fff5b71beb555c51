// Slows password guessing: after too many failed sign-ins from one address within a window,
// further attempts are refused until the window has passed. Successful sign-ins never count.

export const FAILED_SIGN_INS_MAX = 10;
export const FAILED_SIGN_IN_WINDOW_MS = 5 * 60 * 1000;
const TRACKED_ADDRESSES_MAX = 10_000;

export interface LoginThrottle {
  /** Milliseconds until this address may try again, or 0 when it may try now. */
  retryAfterMs(address: string): number;
  recordFailure(address: string): void;
  recordSuccess(address: string): void;
}

export function createLoginThrottle(clock: () => Date): LoginThrottle {
  const failuresByAddress = new Map<string, number[]>();

  function recent(address: string): number[] {
    const cutoff = clock().getTime() - FAILED_SIGN_IN_WINDOW_MS;
    const times = (failuresByAddress.get(address) ?? []).filter((time) => time > cutoff);
    if (times.length === 0) failuresByAddress.delete(address);
    else failuresByAddress.set(address, times);
    return times;
  }

  return {
    retryAfterMs(address) {
      const times = recent(address);
      if (times.length < FAILED_SIGN_INS_MAX) return 0;
      return Math.max(
        1,
        (times[times.length - FAILED_SIGN_INS_MAX] as number) + FAILED_SIGN_IN_WINDOW_MS - clock().getTime(),
      );
    },
    recordFailure(address) {
      const times = recent(address);
      times.push(clock().getTime());
      failuresByAddress.set(address, times);
      // A flood from many addresses must not grow memory without bound: forget the oldest.
      if (failuresByAddress.size > TRACKED_ADDRESSES_MAX)
        failuresByAddress.delete(failuresByAddress.keys().next().value as string);
    },
    recordSuccess(address) {
      failuresByAddress.delete(address);
    },
  };
}
