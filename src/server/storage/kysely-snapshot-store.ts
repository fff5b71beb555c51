// SnapshotStore over Kysely: a publish inserts the next version with its checksum in the same
// transaction as its audit event; rows are never updated. The draws part publishes through
// insertSnapshot too when a draw removes its winner.
import { randomBytes } from 'node:crypto';
import {
  bodyWithFullNames,
  computeSnapshotChecksum,
  type Snapshot,
  type SnapshotBody,
} from '../../core/index.ts';
import { guardPublishDuringEpoch } from './kysely-verification-store.ts';
import { requireDraft } from './kysely-wheel-store.ts';
import type { Executor, KyselyPartContext } from './kysely-shared.ts';
import type { PrivateNames, SnapshotRow, SnapshotStore } from './snapshot-store.ts';

const PERSON_KEY_BYTES = 32;

export function createKyselySnapshotStore({
  db,
  transaction,
  appendAudit,
}: KyselyPartContext): SnapshotStore {
  return {
    async latestVersion(slug) {
      return readLatestVersion(db, slug);
    },

    async getSnapshotRow(slug, version) {
      return readSnapshotRow(db, slug, version);
    },

    async listSnapshots(slug) {
      const rows = await db
        .selectFrom('snapshots')
        .select(['version', 'published_at', 'entry_count', 'checksum', 'published_by'])
        .where('wheel', '=', slug)
        .orderBy('version', 'desc')
        .execute();
      return rows.map((row) => ({
        version: Number(row.version),
        publishedAt: row.published_at,
        entries: Number(row.entry_count),
        checksum: row.checksum,
        publishedBy: row.published_by,
      }));
    },

    async listSnapshotKeys() {
      const rows = await db
        .selectFrom('snapshots')
        .select(['wheel', 'version'])
        .orderBy('wheel')
        .orderBy('version')
        .execute();
      return rows.map((row) => ({ wheel: row.wheel, version: Number(row.version) }));
    },

    async publishDraft(slug, request) {
      return transaction(async (trx) => {
        const draft = await requireDraft(trx, slug);
        const latest = await readLatestVersion(trx, slug);
        const previousRow = latest === null ? null : await readSnapshotRow(trx, slug, latest);
        const previous = previousRow ? (JSON.parse(previousRow.body) as SnapshotBody) : null;
        const freezeEpoch = await guardPublishDuringEpoch(trx, slug);
        const personKey = await ensurePersonKey(
          trx,
          slug,
          draft.entries.some((entry) => entry.person),
        );
        const decision = request.prepare(draft, previous, personKey);
        const version = (latest ?? 0) + 1;
        const body: SnapshotBody = {
          wheel: slug,
          version,
          publishedAt: request.publishedAt,
          entries: decision.entries,
          settings: decision.settings,
        };
        if (decision.prizes && decision.prizes.length > 0) body.prizes = decision.prizes;
        const { privateChecksum, ...snapshot } = await insertSnapshot(
          trx,
          body,
          request.publishedBy,
          decision.fullNames ?? null,
        );
        await freezeEpoch?.({ version, checksum: snapshot.checksum });
        await trx
          .updateTable('drafts')
          .set({ based_on_version: version })
          .where('wheel', '=', slug)
          .execute();
        await appendAudit(trx, {
          actor: decision.audit.actor,
          action: 'publish',
          wheel: slug,
          details: {
            ...decision.audit.details,
            version,
            checksum: snapshot.checksum,
            ...(privateChecksum === undefined
              ? {}
              : { publicNames: body.settings.publicNames, privateChecksum }),
            entries: decision.entries.length,
            ...(body.prizes ? { prizes: body.prizes.length } : {}),
          },
        });
        return snapshot;
      });
    },

    async readPrivateNames(slug, version) {
      return readPrivateNames(db, slug, version);
    },

    async readPersonKey(slug) {
      const row = await db
        .selectFrom('wheels')
        .select('person_key')
        .where('slug', '=', slug)
        .executeTakeFirst();
      return row?.person_key ?? null;
    },
  };
}

/** The wheel's person key; made (32 random bytes, hex) when `needed` and there is none yet. */
async function ensurePersonKey(executor: Executor, slug: string, needed: boolean): Promise<string | null> {
  const row = await executor
    .selectFrom('wheels')
    .select('person_key')
    .where('slug', '=', slug)
    .executeTakeFirst();
  if (row?.person_key) return row.person_key;
  if (!needed) return null;
  const personKey = randomBytes(PERSON_KEY_BYTES).toString('hex');
  await executor.updateTable('wheels').set({ person_key: personKey }).where('slug', '=', slug).execute();
  return personKey;
}

export async function readLatestVersion(executor: Executor, slug: string): Promise<number | null> {
  const row = await executor
    .selectFrom('snapshots')
    .select((eb) => eb.fn.max('version').as('latest'))
    .where('wheel', '=', slug)
    .executeTakeFirst();
  return row?.latest === null || row?.latest === undefined ? null : Number(row.latest);
}

export async function readSnapshotRow(
  executor: Executor,
  slug: string,
  version: number,
): Promise<SnapshotRow | null> {
  const row = await executor
    .selectFrom('snapshots')
    .select(['wheel', 'version', 'published_at', 'body', 'checksum'])
    .where('wheel', '=', slug)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!row) return null;
  return {
    wheel: row.wheel,
    version: Number(row.version),
    publishedAt: row.published_at,
    body: row.body,
    checksum: row.checksum,
  };
}

/**
 * Inserts a snapshot. With `fullNames` (a version published with settings.publicNames other than
 * `full`: the body holds the public names), the full names are kept beside it with the private
 * checksum, the checksum of the body with the full names in place (answered for the audit event).
 */
export async function insertSnapshot(
  executor: Executor,
  body: SnapshotBody,
  publishedBy: string,
  fullNames: readonly string[] | null = null,
): Promise<Snapshot & { privateChecksum?: string }> {
  const checksum = computeSnapshotChecksum(body);
  await executor
    .insertInto('snapshots')
    .values({
      wheel: body.wheel,
      version: body.version,
      published_at: body.publishedAt,
      body: JSON.stringify(body),
      checksum,
      entry_count: body.entries.length,
      published_by: publishedBy,
    })
    .execute();
  if (fullNames === null) return { ...body, checksum };
  const privateChecksum = computeSnapshotChecksum(bodyWithFullNames(body, fullNames));
  await executor
    .insertInto('snapshot_private_names')
    .values({
      wheel: body.wheel,
      version: body.version,
      names: JSON.stringify(fullNames),
      private_checksum: privateChecksum,
    })
    .execute();
  return { ...body, checksum, privateChecksum };
}

/** A version's full names (server-side only), or null when it was published with `full`. */
export async function readPrivateNames(
  executor: Executor,
  slug: string,
  version: number,
): Promise<PrivateNames | null> {
  const row = await executor
    .selectFrom('snapshot_private_names')
    .select(['names', 'private_checksum'])
    .where('wheel', '=', slug)
    .where('version', '=', version)
    .executeTakeFirst();
  return row ? { names: JSON.parse(row.names) as string[], privateChecksum: row.private_checksum } : null;
}
