/**
 * The update queue: one pending slot for a snapshot version that arrives while the wheel spins.
 * Newest wins; the slot is applied after the landing, at the latest PENDING_APPLY_DELAY_MS later,
 * so the winner's reveal is still on screen when the wheel changes under it.
 */

/** How long after the landing a pending version waits before it replaces the wheel. */
export const PENDING_APPLY_DELAY_MS = 2_000;

export interface PendingSlot<T extends { version: number }> {
  readonly update: T | null;
  /** When the update may be applied (clock ms), or null while the wheel still spins. */
  readonly dueAtMs: number | null;
}

export const EMPTY_SLOT: PendingSlot<never> = Object.freeze({ update: null, dueAtMs: null });

/** Offers a version to the slot: kept only when newer than what the slot holds (newest wins). */
export function offerUpdate<T extends { version: number }>(slot: PendingSlot<T>, update: T): PendingSlot<T> {
  if (slot.update !== null && slot.update.version >= update.version) return slot;
  return { update, dueAtMs: slot.dueAtMs };
}

/** Starts the countdown at the landing: the pending update is due PENDING_APPLY_DELAY_MS later. */
export function scheduleAfterLanding<T extends { version: number }>(
  slot: PendingSlot<T>,
  landedAtMs: number,
): PendingSlot<T> {
  if (slot.update === null) return slot;
  return { update: slot.update, dueAtMs: landedAtMs + PENDING_APPLY_DELAY_MS };
}

/** True when the slot holds an update whose time has come. */
export function isDue<T extends { version: number }>(slot: PendingSlot<T>, nowMs: number): boolean {
  return slot.update !== null && slot.dueAtMs !== null && nowMs >= slot.dueAtMs;
}
