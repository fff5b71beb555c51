// The numbered migrations, listed statically (no directory scan, so tsx and bundlers see them).
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as initial from './0001-initial.ts';
import * as presenterKeys from './0002-presenter-keys.ts';
import * as drawIntegrity from './0003-draw-integrity.ts';
import * as wheelAppearance from './0004-wheel-appearance.ts';
import * as draftChunks from './0005-draft-chunks.ts';
import * as offlineVouchers from './0006-offline-vouchers.ts';
import * as verifiableEpochs from './0007-verifiable-epochs.ts';
import * as presenterGrants from './0008-presenter-grants.ts';
import * as relayEvents from './0009-relay-events.ts';
import * as eventProgram from './0010-event-program.ts';
import * as publicNames from './0011-public-names.ts';

const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-presenter-keys': presenterKeys,
  '0003-draw-integrity': drawIntegrity,
  '0004-wheel-appearance': wheelAppearance,
  '0005-draft-chunks': draftChunks,
  '0006-offline-vouchers': offlineVouchers,
  '0007-verifiable-epochs': verifiableEpochs,
  '0008-presenter-grants': presenterGrants,
  '0009-relay-events': relayEvents,
  '0010-event-program': eventProgram,
  '0011-public-names': publicNames,
};

/** The migrations this code knows, oldest first (what a current database has applied). */
export const MIGRATION_NAMES: readonly string[] = Object.keys(MIGRATIONS);

/**
 * Every table the migrations create (besides Kysely's own), kept by hand: the PostgreSQL storage
 * tests compare it with a migrated database. A restore of an older backup drops those of them the
 * backup does not have (postgres/pg-backup.ts).
 */
export const MIGRATED_TABLES: readonly string[] = [
  'users',
  'sessions',
  'api_tokens',
  'wheels',
  'drafts',
  'snapshots',
  'draws',
  'plans',
  'audit_events',
  'presenter_keys',
  'verification_epochs',
  'wheel_appearance',
  'draft_chunks',
  'offline_vouchers',
  'presenter_grants',
  'relay_events',
  'prize_images',
  'snapshot_private_names',
];

export interface MigrationState {
  current: boolean;
  /** Known to this code but not applied to the database. */
  missing: string[];
  /** Applied to the database but unknown to this code (a newer release migrated it). */
  unknown: string[];
}

/** Compares a database's applied migrations with this code's list. */
export function compareMigrations(applied: readonly string[]): MigrationState {
  const appliedSet = new Set(applied);
  const known = new Set(MIGRATION_NAMES);
  const missing = MIGRATION_NAMES.filter((name) => !appliedSet.has(name));
  const unknown = applied.filter((name) => !known.has(name));
  return { current: missing.length === 0 && unknown.length === 0, missing, unknown };
}

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(MIGRATIONS),
};

/**
 * Brings the database to the latest migration. On PostgreSQL the Migrator takes its own lock, so
 * instances starting together migrate once.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema: migrations predate today's types
export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error || failed) {
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${String(error)}`, {
      cause: error,
    });
  }
}
