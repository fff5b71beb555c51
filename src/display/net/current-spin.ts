import type { CurrentSpinAnswer, SpinPlan } from '../../core/index.ts';
import type { Clock, FetchFunction } from './clock.ts';
import { requestJson } from './request.ts';
import type { ServerClock } from './server-clock.ts';
import { parseSpinPlan } from './spin-plan.ts';

export interface CurrentSpin {
  plan: SpinPlan;
  /** When the server started it, on the server's clock (ms since the epoch). */
  startedAtMs: number;
  /** The server's time in the same answer (ms since the epoch). */
  serverNowMs: number;
}

/**
 * Asks the server for the spin turning now (`GET …/spins/current`: the plan, its start and the
 * server's time); the round trip is also a measurement for `serverClock`. Null when none turns or the
 * answer is unusable. Never rejects.
 */
export async function fetchCurrentSpin(options: {
  fetch: FetchFunction;
  clock: Clock;
  slug: string;
  serverClock: ServerClock;
  /** Named to the server, which then accepts this display's landing report of the spin it answers. */
  displayId?: string;
}): Promise<CurrentSpin | null> {
  const sentAtMs = options.clock.now();
  const response = await requestJson(
    options.fetch,
    options.clock,
    `/api/wheels/${encodeURIComponent(options.slug)}/spins/current${
      options.displayId === undefined ? '' : `?displayId=${encodeURIComponent(options.displayId)}`
    }`,
    { headers: { accept: 'application/json' }, cache: 'no-store' },
  );
  const receivedAtMs = options.clock.now();
  if (!response.ok || response.status !== 200 || response.body === null) return null;
  // Untrusted: CurrentSpinAnswer's fields, each checked below.
  const body = response.body as { [K in keyof CurrentSpinAnswer]?: unknown };
  const serverNowMs = typeof body.now === 'string' ? Date.parse(body.now) : NaN;
  options.serverClock.record(sentAtMs, receivedAtMs, serverNowMs);
  const plan = parseSpinPlan(body.plan);
  const startedAtMs = typeof body.startedAt === 'string' ? Date.parse(body.startedAt) : NaN;
  if (plan === null || !Number.isFinite(startedAtMs) || !Number.isFinite(serverNowMs)) return null;
  return { plan, startedAtMs, serverNowMs };
}
