import type { Snapshot } from '../../core/index.ts';
import type { Clock, FetchFunction } from './clock.ts';
import { requestJson, type RequestFailureCode } from './request.ts';
import { markTiming } from '../timing-marks.ts';
import { verifySnapshotBytes } from './verify-snapshot.ts';

export type SnapshotFailureCode = RequestFailureCode | 'bad_checksum' | 'wrong_wheel';

export type SnapshotFetchResult =
  | { kind: 'snapshot'; snapshot: Snapshot; etag: string | null }
  /** `etag`: the server's tag of the version it serves (its checksum), to compare with the one held. */
  | { kind: 'unchanged'; etag: string | null }
  | { kind: 'not-published' }
  | {
      kind: 'failed';
      code: SnapshotFailureCode;
      detail: string;
      /** With bad_checksum: the version the damaged body claims, when it says one (to count down from). */
      claimedVersion?: number;
    };

function claimedVersionOf(body: unknown): number | undefined {
  const version = (body as { version?: unknown } | null)?.version;
  return typeof version === 'number' && Number.isInteger(version) && version > 0 ? version : undefined;
}

export function snapshotUrl(slug: string, currentVersion: number | null): string {
  const base = `/api/wheels/${encodeURIComponent(slug)}/snapshot`;
  return currentVersion === null ? base : `${base}?currentVersion=${currentVersion}`;
}

/**
 * Fetches the latest snapshot newer than `currentVersion` and verifies its checksum. A snapshot that
 * cannot be verified is a failure, never shown. Never rejects.
 */
export async function fetchSnapshot(options: {
  fetch: FetchFunction;
  clock: Clock;
  slug: string;
  currentVersion: number | null;
  etag: string | null;
  signal?: AbortSignal;
}): Promise<SnapshotFetchResult> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.etag !== null && options.currentVersion !== null) headers['if-none-match'] = options.etag;
  const init: RequestInit & { signal?: AbortSignal } = { headers, cache: 'no-store' };
  if (options.signal) init.signal = options.signal;
  const response = await requestJson(
    options.fetch,
    options.clock,
    snapshotUrl(options.slug, options.currentVersion),
    init,
  );
  if (!response.ok) {
    if (response.code === 'http_status' && response.status === 404) return { kind: 'not-published' };
    return { kind: 'failed', code: response.code, detail: response.detail };
  }
  if (response.status === 204 || response.status === 304)
    return { kind: 'unchanged', etag: response.headers.get('etag') };
  markTiming('snapshot-received');
  if (!(await verifySnapshotBytes(response.bytes, response.body))) {
    const claimedVersion = claimedVersionOf(response.body);
    return {
      kind: 'failed',
      code: 'bad_checksum',
      detail: 'the snapshot does not match its checksum',
      ...(claimedVersion === undefined ? {} : { claimedVersion }),
    };
  }
  markTiming('snapshot-verified');
  const snapshot = response.body as Snapshot;
  if (snapshot.wheel !== options.slug) {
    return { kind: 'failed', code: 'wrong_wheel', detail: `snapshot of wheel ${snapshot.wheel}` };
  }
  return { kind: 'snapshot', snapshot, etag: response.headers.get('etag') };
}

/**
 * Asks whether the server answers the snapshot endpoint again, without a body (HEAD of the poll's own
 * URL): true for any answer but a 5xx. Cheap enough to send every poll interval while backing off.
 */
export async function probeSnapshot(options: {
  fetch: FetchFunction;
  clock: Clock;
  slug: string;
  currentVersion: number | null;
}): Promise<boolean> {
  const response = await requestJson(
    options.fetch,
    options.clock,
    snapshotUrl(options.slug, options.currentVersion),
    { method: 'HEAD', cache: 'no-store' },
  );
  return response.ok || (response.code === 'http_status' && (response.status ?? 500) < 500);
}

/**
 * Fetches one immutable version (to animate a spin planned on a version older than the one on
 * screen). Verified like any snapshot. Never rejects.
 */
export async function fetchSnapshotVersion(options: {
  fetch: FetchFunction;
  clock: Clock;
  slug: string;
  version: number;
}): Promise<SnapshotFetchResult> {
  const url = `/api/wheels/${encodeURIComponent(options.slug)}/snapshots/${options.version}`;
  const response = await requestJson(options.fetch, options.clock, url, {
    headers: { accept: 'application/json' },
  });
  if (!response.ok) {
    if (response.code === 'http_status' && response.status === 404) return { kind: 'not-published' };
    return { kind: 'failed', code: response.code, detail: response.detail };
  }
  if (!(await verifySnapshotBytes(response.bytes, response.body))) {
    return { kind: 'failed', code: 'bad_checksum', detail: 'the snapshot does not match its checksum' };
  }
  const snapshot = response.body as Snapshot;
  if (snapshot.wheel !== options.slug || snapshot.version !== options.version) {
    return { kind: 'failed', code: 'wrong_wheel', detail: 'not the version asked for' };
  }
  return { kind: 'snapshot', snapshot, etag: null };
}
