// The numbered migrations, listed statically (no directory scan, so tsx and bundlers see them).
import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './0001-initial.ts';

const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': initial,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(MIGRATIONS),
};
