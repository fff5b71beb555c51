export type FrameCallback = (nowMs: number) => void;

export interface FrameScheduler {
  request(callback: FrameRequestCallback): number;
  cancel(handle: number): void;
}

export interface FrameLoop {
  /** Adds a per-frame callback; returns its unsubscribe function. */
  subscribe(callback: FrameCallback): () => void;
  dispose(): void;
}

/**
 * The one frame clock of the page: a single requestAnimationFrame loop that every per-frame task
 * subscribes to. A failing subscriber is logged and the frame goes on. Stops when disposed or when
 * the last subscriber leaves.
 */
export function createFrameLoop(
  scheduler: FrameScheduler = {
    request: (callback) => requestAnimationFrame(callback),
    cancel: (handle) => cancelAnimationFrame(handle),
  },
): FrameLoop {
  const subscribers = new Set<FrameCallback>();
  let handle: number | null = null;
  let disposed = false;

  const frame = (nowMs: number): void => {
    handle = null;
    for (const callback of subscribers) {
      try {
        callback(nowMs);
      } catch (error) {
        console.error('prizewheel: frame task failed', error);
      }
    }
    if (!disposed && subscribers.size > 0) handle = scheduler.request(frame);
  };

  return {
    subscribe(callback) {
      subscribers.add(callback);
      if (handle === null && !disposed) handle = scheduler.request(frame);
      return () => {
        subscribers.delete(callback);
        if (subscribers.size === 0 && handle !== null) {
          scheduler.cancel(handle);
          handle = null;
        }
      };
    },
    dispose() {
      disposed = true;
      subscribers.clear();
      if (handle !== null) scheduler.cancel(handle);
      handle = null;
    },
  };
}
