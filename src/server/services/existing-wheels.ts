// Whether a wheel exists, for public endpoints that every display calls often (heartbeats).
// NOTE: only "exists" is remembered: wheels are never deleted, so it stays true, while a made-up
// slug is asked of the database each time and never grows the memory.
import type { Store } from '../storage/store.ts';

export interface ExistingWheels {
  exists(slug: string): Promise<boolean>;
}

export function createExistingWheels(store: Pick<Store, 'getWheel'>): ExistingWheels {
  const known = new Set<string>();
  return {
    async exists(slug) {
      if (known.has(slug)) return true;
      if ((await store.getWheel(slug)) === null) return false;
      known.add(slug);
      return true;
    },
  };
}
