// The storage contract against the PostgreSQL adapter, on a throwaway PostgreSQL 15 server;
// each case gets a fresh database.
import { afterAll, beforeAll } from 'vitest';
import { describeStoreContract } from '../store.contract.ts';
import { openPostgresStore } from './open-postgres-store.ts';
import { startTestPostgres, type TestPostgresServer } from './test-server.ts';

let server: TestPostgresServer;

beforeAll(async () => {
  server = await startTestPostgres();
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describeStoreContract('PostgreSQL', async () => openPostgresStore(await server.createDatabase()));
