// Reads published snapshots and verifies each against its checksum before it is served.
// A damaged row is never served: the newest intact version is, and the damage is logged once.
import { snapshotWireJson, type Snapshot } from '../../core/index.ts';
import type { WheelEventBus } from '../events.ts';
import type { SnapshotRow, Store } from '../storage/store.ts';

export interface VerifiedSnapshot {
  snapshot: Snapshot;
  /** The snapshot as JSON text, ready to send: RFC 8785 with the checksum first (snapshotWireJson). */
  json: string;
}

export interface SnapshotReaderLog {
  error(details: object, message: string): void;
}

/** The newest intact snapshot, and the latest stored version (higher when every newer row is damaged). */
export interface LatestSnapshot extends VerifiedSnapshot {
  latestStoredVersion: number;
}

export interface SnapshotReader {
  /** The newest intact snapshot, or null when nothing intact is published. */
  readLatest(wheel: string): Promise<LatestSnapshot | null>;
  /** That version when it is intact, else null. */
  readVersion(wheel: string, version: number): Promise<VerifiedSnapshot | null>;
  /**
   * The latest version and its checksum when that version was already verified, without reading
   * its body (the cheap answer to a display's poll); null when it must be read in full.
   */
  peekLatest(wheel: string): Promise<LatestPeek | null>;
  /**
   * peekLatest's answer when it is known without asking the database (the latest version was read
   * within LATEST_VERSION_TTL_MS and no publish came since, and that version is verified); else null.
   */
  peekLatestCached(wheel: string): LatestPeek | null;
}

export interface LatestPeek {
  version: number;
  checksum: string;
}

const CACHED_SNAPSHOTS = 16;
/** Damaged rows remembered (by their exact stored text); one forgotten is verified and logged again. */
const REMEMBERED_DAMAGED_SNAPSHOTS = 64;

/**
 * How long a wheel's latest version number is trusted without asking the database. Publishes
 * through this process (or another instance, via the PostgreSQL relay) reach the event bus and
 * clear it at once; the expiry only bounds how late a publish made outside the bus (the CLI's
 * `import --publish`) is noticed.
 */
export const LATEST_VERSION_TTL_MS = 1_000;

export interface SnapshotReaderOptions {
  /** Publishes on the bus make the reader forget that wheel's cached latest version. */
  events?: WheelEventBus;
  now?: () => number;
}

export function createSnapshotReader(
  store: Store,
  log: SnapshotReaderLog,
  options: SnapshotReaderOptions = {},
): SnapshotReader {
  const now = options.now ?? Date.now;
  // NOTE: every display polls every few seconds; at thousands of displays the version lookup itself (query
  // build + prepare + round trip) was the poll's main cost, so the latest version is kept in memory.
  const latestVersions = new Map<string, { version: number | null; readAtMs: number }>();
  /** Snapshot events seen per wheel: a lookup that one overtook is not kept. */
  const publishesSeen = new Map<string, number>();
  options.events?.subscribeAll((wheel, event) => {
    if (event.type !== 'snapshot') return;
    latestVersions.delete(wheel);
    publishesSeen.set(wheel, (publishesSeen.get(wheel) ?? 0) + 1);
  });

  function freshLatestVersion(wheel: string, at: number): { version: number | null } | undefined {
    const known = latestVersions.get(wheel);
    return known && at - known.readAtMs < LATEST_VERSION_TTL_MS ? known : undefined;
  }

  function peekVerified(wheel: string, latest: number | null): LatestPeek | null {
    if (latest === null) return null;
    const cached = cache.get(`${wheel}\u0000${latest}`);
    return cached ? { version: latest, checksum: cached.checksum } : null;
  }

  async function latestVersion(wheel: string): Promise<number | null> {
    const at = now();
    const fresh = freshLatestVersion(wheel, at);
    if (fresh) return fresh.version;
    const seenBefore = publishesSeen.get(wheel) ?? 0;
    const version = await store.latestVersion(wheel);
    // NOTE: on PostgreSQL the lookup is a round trip; a publish heard meanwhile may be missing from
    // its answer, and keeping that answer would hide the publish from polls until the expiry.
    if ((publishesSeen.get(wheel) ?? 0) === seenBefore) latestVersions.set(wheel, { version, readAtMs: at });
    return version;
  }

  // NOTE: verifying a 1,000,000-entry snapshot costs a canonical JSON and a SHA-256 of ~50 MB, so
  // verified bodies are cached by their exact stored text: a row changed in place no longer
  // matches its cache entry and is verified (and refused) again.
  const cache = new Map<string, { body: string; checksum: string; verified: VerifiedSnapshot }>();

  // NOTE: a damaged row is polled by every display every few seconds; it is verified, logged and
  // counted once, then recognised by its exact stored text (a repaired row is verified again).
  const damaged = new Map<string, { body: string; checksum: string }>();

  function rememberDamaged(key: string, row: SnapshotRow): void {
    damaged.set(key, { body: row.body, checksum: row.checksum });
    if (damaged.size > REMEMBERED_DAMAGED_SNAPSHOTS) damaged.delete(damaged.keys().next().value as string);
    log.error(
      { wheel: row.wheel, version: row.version },
      'snapshot does not match its checksum; not serving it',
    );
  }

  function verifyRow(row: SnapshotRow): VerifiedSnapshot | null {
    const key = `${row.wheel}\u0000${row.version}`;
    const cached = cache.get(key);
    if (cached && cached.body === row.body && cached.checksum === row.checksum) return cached.verified;
    const known = damaged.get(key);
    if (known && known.body === row.body && known.checksum === row.checksum) return null;
    let candidate: unknown;
    try {
      candidate = { ...(JSON.parse(row.body) as object), checksum: row.checksum };
    } catch {
      candidate = null;
    }
    const snapshot = candidate as Snapshot | null;
    // The served text is the verified canonical JSON itself (checksum first): displays check it as is.
    const json = snapshotWireJson(snapshot);
    if (
      json === null ||
      snapshot === null ||
      snapshot.wheel !== row.wheel ||
      snapshot.version !== row.version ||
      snapshot.publishedAt !== row.publishedAt
    ) {
      rememberDamaged(key, row);
      return null;
    }
    damaged.delete(key);
    const verified = { snapshot, json };
    cache.set(key, { body: row.body, checksum: row.checksum, verified });
    if (cache.size > CACHED_SNAPSHOTS) cache.delete(cache.keys().next().value as string);
    return verified;
  }

  return {
    async readLatest(wheel) {
      const latest = await latestVersion(wheel);
      for (let version = latest ?? 0; version >= 1; version--) {
        const row = await store.getSnapshotRow(wheel, version);
        const verified = row ? verifyRow(row) : null;
        if (verified) return { ...verified, latestStoredVersion: latest ?? version };
      }
      return null;
    },
    async peekLatest(wheel) {
      return peekVerified(wheel, await latestVersion(wheel));
    },
    peekLatestCached(wheel) {
      const fresh = freshLatestVersion(wheel, now());
      return fresh ? peekVerified(wheel, fresh.version) : null;
    },
    async readVersion(wheel, version) {
      const row = await store.getSnapshotRow(wheel, version);
      return row ? verifyRow(row) : null;
    },
  };
}
