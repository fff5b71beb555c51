// Spins per presenter: at most SPIN_REQUESTS_PER_MINUTE_MAX spin requests per credential (a presenter
// key, or a signed-in user) within a sliding minute. The wheel's own lock (spin_in_progress) already
// keeps spins apart; this stops a leaked key or a stuck script from hammering the draw transaction.
// NOTE: in-process (per server instance) and on the app's clock, unlike @fastify/rate-limit, whose
// hook runs before the presenter is known and whose clock tests cannot move. The key is the actor
// (`presenter-key:<id>` or a username), never the presenter key itself, and it is never logged.
import { AppError } from '../errors.ts';
import { createSlidingWindowCounter } from './sliding-window.ts';

/** Generous for a live night (one spin every 3 s); a spin itself takes longer than that. */
export const SPIN_REQUESTS_PER_MINUTE_MAX = 20;
export const SPIN_RATE_WINDOW_MS = 60 * 1000;
const TRACKED_PRESENTERS_MAX = 10_000;

export interface SpinRateLimit {
  /** Counts one spin request of `actor`; throws AppError rate_limited (with retryAfterMs) beyond the limit. */
  take(actor: string): void;
}

export function createSpinRateLimit(
  clock: () => Date,
  requestsPerMinute = SPIN_REQUESTS_PER_MINUTE_MAX,
): SpinRateLimit {
  const requests = createSlidingWindowCounter({
    clock,
    windowMs: SPIN_RATE_WINDOW_MS,
    max: requestsPerMinute,
    keysMax: TRACKED_PRESENTERS_MAX,
  });
  return {
    take(actor) {
      const retryAfterMs = requests.retryAfterMs(actor);
      if (retryAfterMs > 0) {
        throw new AppError(
          'rate_limited',
          `At most ${requestsPerMinute} spin requests per minute; try again in ${Math.ceil(retryAfterMs / 1000)} s`,
          { retryAfterMs },
        );
      }
      requests.record(actor);
    },
  };
}
