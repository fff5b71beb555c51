import type { DisplayHeartbeat } from '../../core/index.ts';
import type { Clock, FetchFunction } from './clock.ts';
import { requestJson } from './request.ts';

/** How often each display tells the server what it shows (the admin's Displays page). */
export const HEARTBEAT_INTERVAL_MS = 15_000;

/** Sends a heartbeat at once and every HEARTBEAT_INTERVAL_MS; failures are quiet (the poller reports). */
export function startHeartbeat(options: {
  fetch: FetchFunction;
  clock: Clock;
  slug: string;
  body: () => DisplayHeartbeat;
}): () => void {
  let timer: unknown = null;
  let stopped = false;
  const url = `/api/wheels/${encodeURIComponent(options.slug)}/displays/heartbeat`;
  const beat = async (): Promise<void> => {
    timer = null;
    try {
      await requestJson(options.fetch, options.clock, url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        cache: 'no-store',
        body: JSON.stringify(options.body()),
      });
    } catch (error) {
      console.warn('prizewheel: heartbeat failed', error);
    }
    if (!stopped) timer = options.clock.setTimeout(() => void beat(), HEARTBEAT_INTERVAL_MS);
  };
  void beat();
  return () => {
    stopped = true;
    if (timer !== null) options.clock.clearTimeout(timer);
  };
}

const DISPLAY_ID_KEY = 'prizewheel.displayId';

/** A stable id per browser profile (localStorage), or a fresh one per page when storage is refused. */
export function displayIdentity(makeId: () => string): string {
  try {
    const known = localStorage.getItem(DISPLAY_ID_KEY);
    if (known !== null && known.length > 0 && known.length <= 100) return known;
    const id = makeId();
    localStorage.setItem(DISPLAY_ID_KEY, id);
    return id;
  } catch {
    return makeId();
  }
}
