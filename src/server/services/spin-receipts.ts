// Which displays received which spin (its event on their stream, or the current-spin answer), in
// memory per server instance: a display that received a spin may report where it landed.
// NOTE: with several instances each knows the displays it served; a display reports landings to the
// instance it follows in practice (sticky balancer, or the one SQLite instance).

/** Spins remembered per wheel (the latest ones; a landing report comes within seconds). */
export const RECEIPT_SPINS_PER_WHEEL = 16;
/** Displays remembered per spin (the endpoint that records them is public). */
export const RECEIPT_DISPLAYS_PER_SPIN = 5_000;

export interface SpinReceipts {
  recordReceived(wheel: string, spinId: string, displayId: string): void;
  wasReceived(wheel: string, spinId: string, displayId: string): boolean;
}

export function createSpinReceipts(): SpinReceipts {
  /** Per wheel: spin id → display ids, oldest spin first. */
  const byWheel = new Map<string, Map<string, Set<string>>>();
  return {
    recordReceived(wheel, spinId, displayId) {
      let spins = byWheel.get(wheel);
      if (!spins) byWheel.set(wheel, (spins = new Map()));
      let displays = spins.get(spinId);
      if (!displays) {
        spins.set(spinId, (displays = new Set()));
        if (spins.size > RECEIPT_SPINS_PER_WHEEL) spins.delete(spins.keys().next().value as string);
      }
      if (displays.size < RECEIPT_DISPLAYS_PER_SPIN) displays.add(displayId);
    },
    wasReceived(wheel, spinId, displayId) {
      return byWheel.get(wheel)?.get(spinId)?.has(displayId) ?? false;
    },
  };
}
