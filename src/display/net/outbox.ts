import type { OfflineDrawUpload } from '../../core/index.ts';
import type { DisplayEvent, DisplayState } from '../machine/display-machine.ts';
import type { Clock, FetchFunction } from './clock.ts';
import type { LocalStore } from './local-store.ts';
import { requestJson } from './request.ts';

/** The local draws this display made, kept in IndexedDB until the server has recorded them. */
export interface DrawOutbox {
  add(draw: OfflineDrawUpload): Promise<void>;
  /** Uploads the outbox (idempotent by draw id); a draw leaves it once the server answered it. */
  flush(): Promise<void>;
}

export interface DrawOutboxDeps {
  getState(): DisplayState;
  dispatch(event: DisplayEvent): void;
  clock: Clock;
  fetch: FetchFunction;
  slug: string;
  presenterKey: string | null;
  localStore: LocalStore;
}

export function createDrawOutbox(deps: DrawOutboxDeps): DrawOutbox {
  const { localStore } = deps;
  const presenterQuery = deps.presenterKey === null ? '' : `?key=${encodeURIComponent(deps.presenterKey)}`;
  const url = `/api/wheels/${encodeURIComponent(deps.slug)}/offline-draws${presenterQuery}`;
  const count = async (): Promise<void> =>
    deps.dispatch({ type: 'outbox-counted', size: (await localStore.outbox<OfflineDrawUpload>()).length });

  /** Answers whether the next draw may be tried (false: the server is unreachable again). */
  const upload = async (draw: OfflineDrawUpload): Promise<boolean> => {
    const response = await requestJson(deps.fetch, deps.clock, url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify(draw),
    });
    if (response.ok) {
      await localStore.removeFromOutbox(draw.id);
      return true;
    }
    if (response.code === 'http_status' && response.status !== null && response.status < 500) {
      // The server will never take it (e.g. a newer version was published meanwhile): logged, dropped.
      console.error(`prizewheel: local draw ${draw.id} refused`, response.status, response.detail);
      await localStore.removeFromOutbox(draw.id);
      return true;
    }
    return false;
  };

  return {
    async add(draw) {
      await localStore.addToOutbox(draw);
      await count();
    },
    async flush() {
      const state = deps.getState();
      if (state.outbox.flushing || state.canSpin !== true) return;
      deps.dispatch({ type: 'outbox-flush-started' });
      try {
        for (const draw of await localStore.outbox<OfflineDrawUpload>()) {
          if (!(await upload(draw))) break;
        }
        await count();
      } finally {
        deps.dispatch({ type: 'outbox-flush-ended' });
      }
    },
  };
}
