// Caps on open Server-Sent Events streams. The endpoint is public, and each stream holds a socket,
// a listener and a timer for as long as the client likes: without a cap, one client could hold
// them all. A stream takes a slot before anything else is set up and gives it back when it ends.
import { AppError } from '../errors.ts';
import type { EventStreamLimits } from '../config.ts';

/** How long a refused client should wait before asking again (a display's backoff starts near it). */
export const STREAM_SLOT_RETRY_AFTER_MS = 5_000;

export interface EventStreamSlots {
  /** Takes a slot for a stream from `address`; returns the function that gives it back. Throws 429 too_many_streams. */
  take(address: string): () => void;
}

export function createEventStreamSlots(limits: EventStreamLimits): EventStreamSlots {
  const openByAddress = new Map<string, number>();
  let openTotal = 0;
  const refuse = (message: string, limit: number): never => {
    throw new AppError('too_many_streams', message, { limit, retryAfterMs: STREAM_SLOT_RETRY_AFTER_MS });
  };
  return {
    take(address) {
      const fromAddress = openByAddress.get(address) ?? 0;
      if (openTotal >= limits.totalMax)
        refuse(`The server holds its maximum of ${limits.totalMax} event streams`, limits.totalMax);
      if (fromAddress >= limits.perAddressMax)
        refuse(`At most ${limits.perAddressMax} event streams per client address`, limits.perAddressMax);
      openTotal += 1;
      openByAddress.set(address, fromAddress + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        openTotal -= 1;
        const left = (openByAddress.get(address) ?? 1) - 1;
        if (left === 0) openByAddress.delete(address);
        else openByAddress.set(address, left);
      };
    },
  };
}
