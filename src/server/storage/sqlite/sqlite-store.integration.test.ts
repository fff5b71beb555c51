// The storage contract against the SQLite adapter, each case on a fresh file in a temporary folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { describeIntegrityStoreContract } from '../test-support/store-integrity.contract.ts';
import { describeOfflineVoucherStoreContract } from '../test-support/offline-voucher-store.contract.ts';
import { describeStoreContract } from '../test-support/store.contract.ts';
import { openSqliteStore } from './open-sqlite-store.ts';

const root = mkdtempSync(join(tmpdir(), 'prizewheel-sqlite-contract-'));
let storeCount = 0;

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describeStoreContract('SQLite', () => {
  storeCount += 1;
  return openSqliteStore(join(root, `store-${storeCount}`));
});

describeIntegrityStoreContract('SQLite', () => {
  storeCount += 1;
  return openSqliteStore(join(root, `store-${storeCount}`));
});

describeOfflineVoucherStoreContract('SQLite', () => {
  storeCount += 1;
  return openSqliteStore(join(root, `store-${storeCount}`));
});
