import { describe, expect, it } from 'vitest';
import {
  createLoginThrottle,
  createUserLoginDelay,
  FAILED_SIGN_IN_WINDOW_MS,
  FAILED_SIGN_INS_MAX,
  FREE_FAILURES_PER_USER,
  USER_DELAY_BASE_MS,
  USER_DELAY_MAX_MS,
} from './login-throttle.ts';

describe('createLoginThrottle', () => {
  it('blocks an address after too many failures until the window has passed', () => {
    let now = 1_000_000;
    const throttle = createLoginThrottle(() => new Date(now));
    for (let i = 0; i < FAILED_SIGN_INS_MAX; i++) throttle.recordFailure('10.0.0.1');
    expect(throttle.retryAfterMs('10.0.0.1')).toBe(FAILED_SIGN_IN_WINDOW_MS);
    expect(throttle.retryAfterMs('10.0.0.2')).toBe(0);
    now += FAILED_SIGN_IN_WINDOW_MS;
    expect(throttle.retryAfterMs('10.0.0.1')).toBe(0);
  });
});

describe('createUserLoginDelay', () => {
  it('lets a few failures pass, then doubles the wait per failure, and forgets on success', () => {
    let now = 1_000_000;
    const delay = createUserLoginDelay(() => new Date(now));
    for (let i = 0; i < FREE_FAILURES_PER_USER - 1; i++) delay.recordFailure('admin');
    expect(delay.retryAfterMs('admin')).toBe(0);
    delay.recordFailure('admin');
    expect(delay.retryAfterMs('admin')).toBe(USER_DELAY_BASE_MS);
    delay.recordFailure('admin');
    expect(delay.retryAfterMs('admin')).toBe(2 * USER_DELAY_BASE_MS);
    delay.recordFailure('admin');
    expect(delay.retryAfterMs('admin')).toBe(4 * USER_DELAY_BASE_MS);
    expect(delay.retryAfterMs('someone-else')).toBe(0);
    now += 4 * USER_DELAY_BASE_MS;
    expect(delay.retryAfterMs('admin')).toBe(0);
    for (let i = 0; i < 40; i++) delay.recordFailure('admin');
    expect(delay.retryAfterMs('admin')).toBe(USER_DELAY_MAX_MS);
    delay.recordSuccess('admin');
    expect(delay.retryAfterMs('admin')).toBe(0);
  });
});
