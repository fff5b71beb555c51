// Where the CLI's checks read a wheel's public data: a running server (--url), or the database it
// publishes from. verify-draws and verify-certificate both read it here, then check it with core.
import type { PublicVerification } from '../../core/index.ts';
import { toPublicVerification } from '../../server/services/verification.ts';
import type { Store } from '../../server/storage/store.ts';
import { fetchLimitedJson } from './fetch-limited.ts';

export interface PublishedSource {
  /** GET …/verification, or what it would answer. */
  verification(): Promise<PublicVerification>;
  /** GET …/snapshots/:version as sent, or null when it cannot be had (checked by the caller). */
  snapshot(version: number): Promise<unknown>;
}

/** The public data of `slug` from the server at `baseUrl`. */
export function httpSource(baseUrl: string | URL, slug: string): PublishedSource {
  const wheelUrl = new URL(`/api/wheels/${encodeURIComponent(slug)}/`, baseUrl);
  const getJson = (path: string): Promise<unknown> => fetchLimitedJson(new URL(path, wheelUrl));
  return {
    verification: async () => (await getJson('verification')) as PublicVerification,
    snapshot: (version) => getJson(`snapshots/${version}`).catch(() => null),
  };
}

/** The same data from the store, as the server would publish it. */
export function storeSource(store: Store, slug: string): PublishedSource {
  return {
    async verification() {
      const [verification, draws] = await Promise.all([store.getVerification(slug), store.listDraws(slug)]);
      return toPublicVerification(slug, verification, draws);
    },
    // NOTE: read raw, not through the reader's verification, so a damaged row is reported as such.
    async snapshot(version) {
      const row = await store.getSnapshotRow(slug, version);
      if (!row) return null;
      try {
        return { ...(JSON.parse(row.body) as object), checksum: row.checksum };
      } catch {
        return null;
      }
    },
  };
}

/** The snapshots of `versions`, fetched together, by version. */
export async function readSnapshots(
  source: PublishedSource,
  versions: readonly number[],
): Promise<Map<number, unknown>> {
  return new Map(
    await Promise.all(versions.map(async (version) => [version, await source.snapshot(version)] as const)),
  );
}
