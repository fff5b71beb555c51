// Slows password guessing: after too many failed sign-ins from one address within a window,
// further attempts are refused until the window has passed. Successful sign-ins never count.
// NOTE: the sign-in counts each attempt as a failure up front, synchronously with the check
// (countAttempt), and takes it back on success: parallel guesses cannot all pass the check
// while the first ones are still hashing.
import { createSlidingWindowCounter } from './sliding-window.ts';

export const FAILED_SIGN_INS_MAX = 10;
export const FAILED_SIGN_IN_WINDOW_MS = 5 * 60 * 1000;
const TRACKED_ADDRESSES_MAX = 10_000;

export interface LoginThrottle {
  /** Milliseconds until this address may try again, or 0 when it may try now. */
  retryAfterMs(address: string): number;
  recordFailure(address: string): void;
  /** Takes back the last failure counted (an attempt counted up front that was never tried). */
  cancelFailure(address: string): void;
  recordSuccess(address: string): void;
}

/** The part of a limiter that countAttempt needs: both kinds (per address, per account) have it. */
export interface AttemptLimiter {
  retryAfterMs(key: string): number;
  recordFailure(key: string): void;
  cancelFailure(key: string): void;
}

/**
 * Checks every limiter and, when all let the attempt through, counts it as a failure in each, in
 * one synchronous step. Returns 0 (counted) or the milliseconds to wait (nothing counted).
 */
export function countAttempt(checks: ReadonlyArray<readonly [AttemptLimiter, string]>): number {
  const waitMs = Math.max(0, ...checks.map(([limiter, key]) => limiter.retryAfterMs(key)));
  if (waitMs === 0) for (const [limiter, key] of checks) limiter.recordFailure(key);
  return waitMs;
}

export function createLoginThrottle(clock: () => Date): LoginThrottle {
  const failures = createSlidingWindowCounter({
    clock,
    windowMs: FAILED_SIGN_IN_WINDOW_MS,
    max: FAILED_SIGN_INS_MAX,
    keysMax: TRACKED_ADDRESSES_MAX,
  });
  return {
    retryAfterMs: failures.retryAfterMs,
    recordFailure: failures.record,
    cancelFailure: failures.cancel,
    recordSuccess: failures.clear,
  };
}

// Per account: the first few failures are free, then each further one doubles the wait before the
// next attempt on that account, from any address. A distributed guess at one password thus slows
// down exponentially, while a user who mistypes twice notices nothing.
export const FREE_FAILURES_PER_USER = 3;
export const USER_DELAY_BASE_MS = 1_000;
export const USER_DELAY_MAX_MS = 15 * 60 * 1000;
const TRACKED_USERS_MAX = 10_000;
const FORGET_USER_FAILURES_AFTER_MS = 24 * 60 * 60 * 1000;

export interface UserLoginDelay {
  /** Milliseconds until this account may be tried again, or 0. */
  retryAfterMs(username: string): number;
  recordFailure(username: string): void;
  /** Takes back the last failure counted. */
  cancelFailure(username: string): void;
  recordSuccess(username: string): void;
}

export function createUserLoginDelay(clock: () => Date): UserLoginDelay {
  const failures = new Map<string, { count: number; lastAt: number }>();

  function delayAfter(count: number): number {
    if (count < FREE_FAILURES_PER_USER) return 0;
    return Math.min(USER_DELAY_MAX_MS, USER_DELAY_BASE_MS * 2 ** (count - FREE_FAILURES_PER_USER));
  }

  return {
    retryAfterMs(username) {
      const entry = failures.get(username);
      if (!entry) return 0;
      const waitUntil = entry.lastAt + delayAfter(entry.count);
      const now = clock().getTime();
      // A quiet day forgets the account's failures.
      if (now - entry.lastAt > FORGET_USER_FAILURES_AFTER_MS) {
        failures.delete(username);
        return 0;
      }
      return Math.max(0, waitUntil - now);
    },
    recordFailure(username) {
      const entry = failures.get(username) ?? { count: 0, lastAt: 0 };
      failures.delete(username);
      failures.set(username, { count: entry.count + 1, lastAt: clock().getTime() });
      if (failures.size > TRACKED_USERS_MAX) failures.delete(failures.keys().next().value as string);
    },
    cancelFailure(username) {
      const entry = failures.get(username);
      if (entry) entry.count = Math.max(0, entry.count - 1);
    },
    recordSuccess(username) {
      failures.delete(username);
    },
  };
}
