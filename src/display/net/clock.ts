/** Time as the network code sees it: injected so tests control every timer. */
export interface Clock {
  now(): number;
  /** The wall clock in ms since the epoch, for the times the page sends to the server. */
  wallNow(): number;
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

export type FetchFunction = (input: string, init?: RequestInit) => Promise<Response>;

/** The page's clock: performance.now(), Date.now() and the window's timers. */
export function createBrowserClock(): Clock {
  return {
    now: () => performance.now(),
    wallNow: () => Date.now(),
    setTimeout: (callback, delayMs) => window.setTimeout(callback, delayMs),
    clearTimeout: (handle) => window.clearTimeout(handle as number),
  };
}
