// The display's IndexedDB: the last verified snapshots of each wheel (an offline start shows
// them), each wheel's last appearance (title, logo bytes, offline policy), the offline vouchers the
// server issued to this page and the outbox of draws made without the server. Every call resolves; a browser without
// IndexedDB (or one that refuses it, e.g. a private window) simply has no cache and no outbox.

const DATABASE_NAME = 'prizewheel-display';
const DATABASE_VERSION = 3;
const SNAPSHOTS = 'snapshots';
const OUTBOX = 'outbox';
const APPEARANCE = 'appearance';
const VOUCHERS = 'vouchers';
/** Verified snapshots kept per wheel. */
export const CACHED_VERSIONS_PER_WHEEL = 2;
/** A database that does not open in this long is treated as missing (the page must not wait). */
const OPEN_TIMEOUT_MS = 2_000;

interface CachedSnapshotRow {
  key: string;
  wheel: string;
  version: number;
  snapshot: unknown;
}

/** A wheel's last known appearance as the server sent it (unparsed: check before use), with the logo. */
export interface CachedAppearance {
  appearance: unknown;
  logo: Blob | null;
}

export interface LocalStore {
  /** The wheel's cached snapshots, newest first (unverified: verify before showing). */
  cachedSnapshots(wheel: string): Promise<unknown[]>;
  /** Keeps this verified snapshot and drops all but the newest CACHED_VERSIONS_PER_WHEEL. */
  cacheSnapshot(wheel: string, version: number, snapshot: unknown): Promise<void>;
  /** Keeps only this verified snapshot of the wheel: the server no longer serves the others (a restore). */
  replaceCachedSnapshots(wheel: string, version: number, snapshot: unknown): Promise<void>;
  cachedAppearance(wheel: string): Promise<CachedAppearance | null>;
  cacheAppearance(wheel: string, cached: CachedAppearance): Promise<void>;
  /** The wheel's unused offline vouchers as last stored (unparsed: check before use). */
  cachedVouchers(wheel: string): Promise<unknown[]>;
  /** Replaces the wheel's stored vouchers (a used one is removed before its draw is animated). */
  cacheVouchers(wheel: string, vouchers: readonly unknown[]): Promise<void>;
  outbox<T>(): Promise<T[]>;
  addToOutbox(item: { id: string }): Promise<void>;
  removeFromOutbox(id: string): Promise<void>;
}

function requestResult<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

function transactionDone(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
    transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB transaction failed'));
  });
}

function openDatabase(factory: IDBFactory | undefined): Promise<IDBDatabase | null> {
  if (factory === undefined) return Promise.resolve(null);
  return new Promise((resolve) => {
    let settled = false;
    const settle = (db: IDBDatabase | null): void => {
      if (settled) {
        db?.close();
        return;
      }
      settled = true;
      resolve(db);
    };
    // NOTE: a real timer on purpose: the page clock may be paused by tests and the database must
    // not hold the first paint hostage.
    setTimeout(() => settle(null), OPEN_TIMEOUT_MS);
    try {
      const request = factory.open(DATABASE_NAME, DATABASE_VERSION);
      request.onupgradeneeded = () => {
        const db = request.result;
        if (!db.objectStoreNames.contains(SNAPSHOTS)) db.createObjectStore(SNAPSHOTS, { keyPath: 'key' });
        if (!db.objectStoreNames.contains(OUTBOX)) db.createObjectStore(OUTBOX, { keyPath: 'id' });
        if (!db.objectStoreNames.contains(APPEARANCE)) db.createObjectStore(APPEARANCE, { keyPath: 'wheel' });
        if (!db.objectStoreNames.contains(VOUCHERS)) db.createObjectStore(VOUCHERS, { keyPath: 'wheel' });
      };
      request.onsuccess = () => settle(request.result);
      request.onerror = () => settle(null);
      request.onblocked = () => settle(null);
    } catch {
      settle(null);
    }
  });
}

function warn(what: string): (error: unknown) => void {
  return (error) => console.warn(`prizewheel: local ${what} failed`, error);
}

export function createLocalStore(factory: IDBFactory | undefined = globalThis.indexedDB): LocalStore {
  let opened: Promise<IDBDatabase | null> | null = null;
  const database = (): Promise<IDBDatabase | null> => (opened ??= openDatabase(factory));

  const withStore = async <T>(
    name: string,
    mode: IDBTransactionMode,
    fallback: T,
    work: (store: IDBObjectStore) => Promise<T>,
  ): Promise<T> => {
    try {
      const db = await database();
      if (db === null) return fallback;
      const transaction = db.transaction(name, mode);
      const done = transactionDone(transaction);
      const result = await work(transaction.objectStore(name));
      await done;
      return result;
    } catch (error) {
      warn(`${name} ${mode}`)(error);
      return fallback;
    }
  };

  const rowsOf = async (store: IDBObjectStore, wheel: string): Promise<CachedSnapshotRow[]> => {
    const rows = (await requestResult(store.getAll())) as CachedSnapshotRow[];
    return rows.filter((row) => row.wheel === wheel).sort((a, b) => b.version - a.version);
  };

  return {
    cachedSnapshots: (wheel) =>
      withStore(SNAPSHOTS, 'readonly', [] as unknown[], async (store) =>
        (await rowsOf(store, wheel)).map((row) => row.snapshot),
      ),
    cacheSnapshot: (wheel, version, snapshot) =>
      withStore(SNAPSHOTS, 'readwrite', undefined, async (store) => {
        const row: CachedSnapshotRow = { key: `${wheel}\n${version}`, wheel, version, snapshot };
        await requestResult(store.put(row));
        const rows = await rowsOf(store, wheel);
        for (const old of rows.slice(CACHED_VERSIONS_PER_WHEEL)) await requestResult(store.delete(old.key));
      }),
    replaceCachedSnapshots: (wheel, version, snapshot) =>
      withStore(SNAPSHOTS, 'readwrite', undefined, async (store) => {
        for (const old of await rowsOf(store, wheel)) await requestResult(store.delete(old.key));
        const row: CachedSnapshotRow = { key: `${wheel}\n${version}`, wheel, version, snapshot };
        await requestResult(store.put(row));
      }),
    cachedAppearance: (wheel) =>
      withStore(APPEARANCE, 'readonly', null as CachedAppearance | null, async (store) => {
        const row = (await requestResult(store.get(wheel))) as
          (CachedAppearance & { wheel: string }) | undefined;
        return row === undefined ? null : { appearance: row.appearance, logo: row.logo ?? null };
      }),
    cacheAppearance: (wheel, cached) =>
      withStore(APPEARANCE, 'readwrite', undefined, async (store) => {
        await requestResult(store.put({ wheel, appearance: cached.appearance, logo: cached.logo }));
      }),
    cachedVouchers: (wheel) =>
      withStore(VOUCHERS, 'readonly', [] as unknown[], async (store) => {
        const row = (await requestResult(store.get(wheel))) as { vouchers?: unknown } | undefined;
        return Array.isArray(row?.vouchers) ? (row.vouchers as unknown[]) : [];
      }),
    cacheVouchers: (wheel, vouchers) =>
      withStore(VOUCHERS, 'readwrite', undefined, async (store) => {
        await requestResult(store.put({ wheel, vouchers: [...vouchers] }));
      }),
    outbox: <T>() =>
      withStore(OUTBOX, 'readonly', [] as T[], async (store) => (await requestResult(store.getAll())) as T[]),
    addToOutbox: (item) =>
      withStore(OUTBOX, 'readwrite', undefined, async (store) => {
        await requestResult(store.put(item));
      }),
    removeFromOutbox: (id) =>
      withStore(OUTBOX, 'readwrite', undefined, async (store) => {
        await requestResult(store.delete(id));
      }),
  };
}
