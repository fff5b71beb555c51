// The storage contract against the SQLite adapter, each case on a fresh file in a temporary folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkStoreIntegrity } from '../../services/store-integrity.ts';
import { seedMaskedWheel } from '../test-support/private-names-store.contract.ts';
import { describeIntegrityStoreContract } from '../test-support/store-integrity.contract.ts';
import { describeOfflineVoucherStoreContract } from '../test-support/offline-voucher-store.contract.ts';
import { describeStoreContract } from '../test-support/store.contract.ts';
import { openSqliteStore } from './open-sqlite-store.ts';
import { restoreSqliteBackup } from './sqlite-backup.ts';

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

describe('SQLite store: full names of public-name versions (snapshot_private_names)', () => {
  it('keeps them through backup and restore, checked by the integrity check of prizewheel verify', async () => {
    storeCount += 1;
    const dataDir = join(root, `store-${storeCount}`);
    const store = await openSqliteStore(dataDir);
    const fullNames = await seedMaskedWheel(store);
    const before = await Promise.all([1, 2].map((version) => store.readPrivateNames('gala', version)));
    const backupFile = join(root, `backup-${storeCount}.sqlite`);
    await store.backup(backupFile);
    await store.close();

    const checked: string[][] = [];
    await restoreSqliteBackup(backupFile, join(root, `restored-${storeCount}`), async (staged) => {
      checked.push((await checkStoreIntegrity(staged)).damage);
    });
    expect(checked).toEqual([[]]);
    const restored = await openSqliteStore(join(root, `restored-${storeCount}`));
    try {
      const after = await Promise.all([1, 2].map((version) => restored.readPrivateNames('gala', version)));
      expect(after).toEqual(before);
      expect(after.map((found) => found?.names)).toEqual([fullNames.get(1), fullNames.get(2)]);
    } finally {
      await restored.close();
    }
  });
});
