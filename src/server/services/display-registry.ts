// What every wheel display reported in its last heartbeat, in memory per server instance.
// NOTE: with several instances behind a load balancer each one knows the displays that reached
// it; the admin page lists the instance it asks. A display reports to whichever instance
// answers, so a sticky balancer (or one instance, the SQLite case) gives a full list.

import type { DisplayHeartbeat } from '../../core/index.ts';

/** A display silent for this long is flagged stale. */
export const DISPLAY_STALE_AFTER_MS = 45_000;
/** Displays silent for this long are forgotten. */
export const DISPLAY_FORGET_AFTER_MS = 24 * 60 * 60_000;
/** One heartbeat per display id per this interval; more is answered 429. */
export const HEARTBEAT_MIN_INTERVAL_MS = 2_000;
/** At most this many displays are remembered (the endpoint is public). */
export const MAX_DISPLAYS = 5_000;

export interface DisplayRecord extends DisplayHeartbeat {
  wheel: string;
  lastSeenAt: string;
  lastSeenAtMs: number;
}

export interface DisplayRegistry {
  /** False when the same id reported less than HEARTBEAT_MIN_INTERVAL_MS ago. */
  record(wheel: string, heartbeat: DisplayHeartbeat, now: Date): boolean;
  list(now: Date): DisplayRecord[];
}

export function createDisplayRegistry(): DisplayRegistry {
  const displays = new Map<string, DisplayRecord>();
  const forgetOld = (nowMs: number): void => {
    for (const [key, display] of displays)
      if (nowMs - display.lastSeenAtMs > DISPLAY_FORGET_AFTER_MS) displays.delete(key);
  };
  return {
    record(wheel, heartbeat, now) {
      const nowMs = now.getTime();
      const key = `${wheel}\n${heartbeat.id}`;
      const previous = displays.get(key);
      if (previous && nowMs - previous.lastSeenAtMs < HEARTBEAT_MIN_INTERVAL_MS) return false;
      if (!previous && displays.size >= MAX_DISPLAYS) {
        forgetOld(nowMs);
        if (displays.size >= MAX_DISPLAYS) return false;
      }
      displays.set(key, { ...heartbeat, wheel, lastSeenAt: now.toISOString(), lastSeenAtMs: nowMs });
      return true;
    },
    list(now) {
      forgetOld(now.getTime());
      return [...displays.values()];
    },
  };
}

/**
 * Stale: silent for more than DISPLAY_STALE_AFTER_MS. Outdated: showing an older version than the
 * latest published one (`latestVersion`, null when nothing is published).
 */
export function classifyDisplay(
  record: DisplayRecord,
  latestVersion: number | null,
  nowMs: number,
): { stale: boolean; outdated: boolean } {
  return {
    stale: nowMs - record.lastSeenAtMs > DISPLAY_STALE_AFTER_MS,
    outdated: latestVersion !== null && (record.version ?? 0) < latestVersion,
  };
}

// One registry per store (the store is shared by every plugin context of one app).
const registries = new WeakMap<object, DisplayRegistry>();
export function displayRegistryFor(owner: object): DisplayRegistry {
  let registry = registries.get(owner);
  if (!registry) {
    registry = createDisplayRegistry();
    registries.set(owner, registry);
  }
  return registry;
}
