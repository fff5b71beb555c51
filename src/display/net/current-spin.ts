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
  /** A display reported its landing (asked with include=landed): it is over, whatever the time. */
  landingReported: boolean;
}

export interface CurrentSpinOptions {
  fetch: FetchFunction;
  clock: Clock;
  slug: string;
  serverClock: ServerClock;
  /** Named to the server, which then accepts this display's landing report of the spin it answers. */
  displayId?: string;
}

/**
 * The newest recorded spin, landed or not (`spins/current?include=landed`): `none` when the server
 * answered that there is none (204), `failed` when it did not answer usably.
 */
export type LatestSpinResult = { kind: 'spin'; spin: CurrentSpin } | { kind: 'none' } | { kind: 'failed' };

async function askCurrentSpin(
  options: CurrentSpinOptions,
  includeLanded: boolean,
): Promise<LatestSpinResult> {
  const query = new URLSearchParams();
  if (options.displayId !== undefined) query.set('displayId', options.displayId);
  if (includeLanded) query.set('include', 'landed');
  const search = query.toString() === '' ? '' : `?${query.toString()}`;
  const sentAtMs = options.clock.now();
  const response = await requestJson(
    options.fetch,
    options.clock,
    `/api/wheels/${encodeURIComponent(options.slug)}/spins/current${search}`,
    { headers: { accept: 'application/json' }, cache: 'no-store' },
  );
  const receivedAtMs = options.clock.now();
  if (response.ok && response.status === 204) return { kind: 'none' };
  if (!response.ok || response.status !== 200 || response.body === null) return { kind: 'failed' };
  // Untrusted: CurrentSpinAnswer's fields, each checked below.
  const body = response.body as { [K in keyof CurrentSpinAnswer]?: unknown };
  const serverNowMs = typeof body.now === 'string' ? Date.parse(body.now) : NaN;
  options.serverClock.record(sentAtMs, receivedAtMs, serverNowMs);
  const plan = parseSpinPlan(body.plan);
  const startedAtMs = typeof body.startedAt === 'string' ? Date.parse(body.startedAt) : NaN;
  if (plan === null || !Number.isFinite(startedAtMs) || !Number.isFinite(serverNowMs))
    return { kind: 'failed' };
  const landingReported = typeof body.landedAt === 'string';
  return { kind: 'spin', spin: { plan, startedAtMs, serverNowMs, landingReported } };
}

/**
 * Asks the server for the spin turning now (`GET …/spins/current`: the plan, its start and the
 * server's time); the round trip is also a measurement for `serverClock`. Null when none turns or the
 * answer is unusable. Never rejects.
 */
export async function fetchCurrentSpin(options: CurrentSpinOptions): Promise<CurrentSpin | null> {
  const result = await askCurrentSpin(options, false);
  return result.kind === 'spin' ? result.spin : null;
}

/**
 * Asks the server for its newest recorded spin even after it landed: what a display whose event
 * stream is down or silent polls. Never rejects.
 */
export function fetchLatestSpin(options: CurrentSpinOptions): Promise<LatestSpinResult> {
  return askCurrentSpin(options, true);
}
