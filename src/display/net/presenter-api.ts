import type { LandedReport, SpinPlan, StageState } from '../../core/index.ts';
import type { Clock, FetchFunction } from './clock.ts';
import { requestJson, type RequestFailureCode } from './request.ts';
import { parseStageState } from './program-client.ts';
import { parseSpinPlan } from './spin-plan.ts';

export type DrawRequestResult =
  | { kind: 'plan'; plan: SpinPlan }
  | { kind: 'stale'; latestVersion: number }
  /** 409 spin_in_progress (the wheel still turns) or 429 (too many requests): ask again after retryAfterMs. */
  | { kind: 'busy'; retryAfterMs: number }
  | { kind: 'forbidden'; status: number }
  | { kind: 'failed'; code: RequestFailureCode | 'bad_plan'; detail: string; status?: number };

export interface PresenterApi {
  /** True when this page may start spins (admin session cookie or presenter key). False on any failure. */
  fetchRights(): Promise<boolean>;
  /** Asks the server to draw a winner on `version` (POST …/spins); its plan is what every screen animates. */
  requestDraw(version: number): Promise<DrawRequestResult>;
  /**
   * Records what the display showed: `recorded`, `refused` (a 4xx: sending it again cannot help) or
   * `unreachable` (worth sending again later). Never rejects; a failure is logged.
   */
  reportLanded(spinId: string, landedIndex: number, durationMs: number): Promise<LandedReportOutcome>;
  /**
   * Sets what every big screen shows (PUT …/stage: scene, prize, blank); answers the stage the
   * server holds, or null when it refused or could not be reached (logged).
   */
  setStage(change: Partial<StageState>): Promise<StageState | null>;
}

export type LandedReportOutcome = 'recorded' | 'refused' | 'unreachable';

export function createPresenterApi(options: {
  fetch: FetchFunction;
  clock: Clock;
  slug: string;
  presenterKey: string | null;
  /** This display, named with its spins and landing reports (recorded with the draw). */
  displayId?: string;
}): PresenterApi {
  const wheelPath = `/api/wheels/${encodeURIComponent(options.slug)}`;
  const keyQuery = options.presenterKey === null ? '' : `?key=${encodeURIComponent(options.presenterKey)}`;
  const postJson = (path: string, body: unknown) =>
    requestJson(options.fetch, options.clock, `${wheelPath}${path}${keyQuery}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify(body),
    });

  return {
    async fetchRights() {
      const response = await requestJson(options.fetch, options.clock, `${wheelPath}/presenter${keyQuery}`, {
        credentials: 'same-origin',
        headers: { accept: 'application/json' },
      });
      if (!response.ok || typeof response.body !== 'object' || response.body === null) return false;
      return (response.body as { canSpin?: unknown }).canSpin === true;
    },

    async requestDraw(version) {
      const display = options.displayId === undefined ? {} : { displayId: options.displayId };
      const response = await postJson('/spins', { version, ...display });
      if (response.ok) {
        const plan = parseSpinPlan(response.body);
        if (plan === null)
          return { kind: 'failed', code: 'bad_plan', detail: 'the spin plan has the wrong shape' };
        return { kind: 'plan', plan };
      }
      if (response.code === 'http_status' && (response.status === 401 || response.status === 403)) {
        return { kind: 'forbidden', status: response.status };
      }
      if (response.code === 'http_status' && response.status === 409) {
        const latest = readLatestVersion(response.detail);
        if (latest !== null) return { kind: 'stale', latestVersion: latest };
      }
      if (response.code === 'http_status' && (response.status === 409 || response.status === 429)) {
        const retryAfterMs = readRetryAfterMs(response.detail);
        if (retryAfterMs !== null) return { kind: 'busy', retryAfterMs };
      }
      return response.status === null
        ? { kind: 'failed', code: response.code, detail: response.detail }
        : { kind: 'failed', code: response.code, detail: response.detail, status: response.status };
    },

    async setStage(change) {
      const response = await requestJson(options.fetch, options.clock, `${wheelPath}/stage${keyQuery}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        credentials: 'same-origin',
        body: JSON.stringify(change),
      });
      if (!response.ok) {
        console.warn('prizewheel: stage change failed', response.code, response.detail);
        return null;
      }
      return parseStageState(response.body);
    },

    async reportLanded(spinId, landedIndex, durationMs) {
      const report: LandedReport & { displayId?: string } = {
        landedIndex,
        durationMs: Math.round(durationMs),
        ...(options.displayId === undefined ? {} : { displayId: options.displayId }),
      };
      const response = await postJson(`/spins/${encodeURIComponent(spinId)}/landed`, report);
      if (response.ok) return 'recorded';
      console.warn('prizewheel: landed report failed', response.code, response.detail);
      const refused = response.code === 'http_status' && response.status !== null && response.status < 500;
      return refused ? 'refused' : 'unreachable';
    },
  };
}

function readLatestVersion(bodyText: string): number | null {
  const latest = readBodyField(bodyText, 'latestVersion');
  return typeof latest === 'number' && Number.isInteger(latest) ? latest : null;
}

function readRetryAfterMs(bodyText: string): number | null {
  const retryAfterMs = readBodyField(bodyText, 'retryAfterMs');
  return typeof retryAfterMs === 'number' && Number.isFinite(retryAfterMs) && retryAfterMs >= 0
    ? retryAfterMs
    : null;
}

function readBodyField(bodyText: string, field: string): unknown {
  try {
    const body = JSON.parse(bodyText) as Record<string, unknown> | null;
    return typeof body === 'object' && body !== null ? body[field] : undefined;
  } catch {
    return undefined;
  }
}
