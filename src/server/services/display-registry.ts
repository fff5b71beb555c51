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
/**
 * At most this many displays are remembered per client address (a venue behind one NAT address
 * has far fewer screens); beyond it the address's own least recently heard display is forgotten.
 */
export const MAX_DISPLAYS_PER_ADDRESS = 200;

export interface DisplayRecord extends DisplayHeartbeat {
  wheel: string;
  lastSeenAt: string;
  lastSeenAtMs: number;
  /** The organizer's name for the screen; absent until named. */
  name?: string;
}

export interface DisplayRegistry {
  /**
   * False when the same id reported less than HEARTBEAT_MIN_INTERVAL_MS ago. Never false for want
   * of room: a new display makes room by forgetting a display of the address that holds the most.
   */
  record(wheel: string, heartbeat: DisplayHeartbeat, now: Date, address: string): boolean;
  list(now: Date): DisplayRecord[];
  /** Names a known display (an empty name removes it); false when the display is not known. */
  name(wheel: string, id: string, name: string): boolean;
  /**
   * Forgets a display and its name; false when it was not known. A screen still open reports in
   * again with its next heartbeat (a new row, unnamed).
   */
  forget(wheel: string, id: string): boolean;
}

// NOTE: a flood of made-up display ids must not lock real displays out. Each address holds at
// most MAX_DISPLAYS_PER_ADDRESS entries, and when the registry is full the address holding the
// most loses its least recently heard display: the flooder pays, and a real display, heard every
// 15 s, is always among the most recent of its own address.
export function createDisplayRegistry(): DisplayRegistry {
  /** In order of the last heartbeat, least recent first. */
  const displays = new Map<string, DisplayRecord & { address: string }>();
  /** Per address, its displays' keys, least recent first. */
  const keysByAddress = new Map<string, Set<string>>();

  const keyOf = (wheel: string, id: string): string => `${wheel}\n${id}`;

  const forget = (key: string): void => {
    const display = displays.get(key);
    if (!display) return;
    displays.delete(key);
    const keys = keysByAddress.get(display.address);
    keys?.delete(key);
    if (keys?.size === 0) keysByAddress.delete(display.address);
  };
  const forgetOld = (nowMs: number): void => {
    for (const [key, display] of displays)
      if (nowMs - display.lastSeenAtMs > DISPLAY_FORGET_AFTER_MS) forget(key);
  };
  const forgetLeastRecentOf = (keys: Set<string>): void => {
    const oldest = keys.values().next();
    if (!oldest.done) forget(oldest.value);
  };
  const busiestAddressKeys = (): Set<string> | undefined => {
    let busiest: Set<string> | undefined;
    for (const keys of keysByAddress.values()) if (!busiest || keys.size > busiest.size) busiest = keys;
    return busiest;
  };
  const makeRoom = (address: string, nowMs: number): void => {
    const own = keysByAddress.get(address);
    if (own && own.size >= MAX_DISPLAYS_PER_ADDRESS) forgetLeastRecentOf(own);
    if (displays.size < MAX_DISPLAYS) return;
    forgetOld(nowMs);
    const busiest = busiestAddressKeys();
    if (displays.size >= MAX_DISPLAYS && busiest) forgetLeastRecentOf(busiest);
  };

  return {
    record(wheel, heartbeat, now, address) {
      const nowMs = now.getTime();
      const key = keyOf(wheel, heartbeat.id);
      const previous = displays.get(key);
      if (previous && nowMs - previous.lastSeenAtMs < HEARTBEAT_MIN_INTERVAL_MS) return false;
      if (previous) forget(key);
      else makeRoom(address, nowMs);
      // A new heartbeat replaces the record; the organizer's name for the screen stays.
      displays.set(key, {
        ...heartbeat,
        wheel,
        lastSeenAt: now.toISOString(),
        lastSeenAtMs: nowMs,
        address,
        ...(previous?.name === undefined ? {} : { name: previous.name }),
      });
      const keys = keysByAddress.get(address) ?? new Set<string>();
      keys.add(key);
      keysByAddress.set(address, keys);
      return true;
    },
    list(now) {
      forgetOld(now.getTime());
      return [...displays.values()].map(({ address: _address, ...record }) => record);
    },
    name(wheel, id, name) {
      const display = displays.get(keyOf(wheel, id));
      if (!display) return false;
      if (name === '') delete display.name;
      else display.name = name;
      return true;
    },
    forget(wheel, id) {
      const key = keyOf(wheel, id);
      if (!displays.has(key)) return false;
      forget(key);
      return true;
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
