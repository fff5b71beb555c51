import { describe, expect, it } from 'vitest';
import { createLoginThrottle, FAILED_SIGN_IN_WINDOW_MS, FAILED_SIGN_INS_MAX } from './login-throttle.ts';

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
