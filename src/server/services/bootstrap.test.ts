import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { openSqliteStore } from '../storage/sqlite/open-sqlite-store.ts';
import { makeTempDir, testConfig } from '../test-support/test-app.ts';
import { DEFAULT_WHEEL_SLUG, ensureAdminUser, ensureDefaultWheel } from './bootstrap.ts';

describe('first start', () => {
  it('generates an admin password printed exactly once and publishes the demo wheel', async () => {
    const dataDir = makeTempDir();
    const printed: string[] = [];
    const config = testConfig(dataDir, { adminPassword: undefined });
    try {
      for (let start = 0; start < 2; start++) {
        const app = await buildApp(config, {
          logger: false,
          announceAdminPassword: (password) => printed.push(password),
        });
        const snapshot = (await app.inject({ method: 'GET', url: '/api/wheels/default/snapshot' })).json();
        expect(snapshot.version).toBe(1);
        expect(snapshot.entries.length).toBeGreaterThanOrEqual(40);
        expect(snapshot.entries[0].ticket).toBe('0001');
        await app.close();
      }
      expect(printed).toHaveLength(1);
      const password = printed[0];
      expect(password).toMatch(/^\S{16,}$/);

      const app = await buildApp(config, {
        logger: false,
        announceAdminPassword: (password) => printed.push(password),
      });
      const signIn = await app.inject({
        method: 'POST',
        url: '/api/admin/session',
        payload: { username: 'admin', password },
      });
      expect(signIn.statusCode).toBe(200);
      await app.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('two instances starting on one empty database', () => {
  it('neither fails: one creates admin and the demo wheel, the other accepts what it finds', async () => {
    const dataDir = makeTempDir();
    const store = await openSqliteStore(dataDir);
    const now = new Date('2026-11-28T12:00:00.000Z');
    try {
      await Promise.all([
        ensureAdminUser(store, undefined, () => undefined),
        ensureAdminUser(store, undefined, () => undefined),
      ]);
      await Promise.all([ensureDefaultWheel(store, true, now), ensureDefaultWheel(store, true, now)]);
      expect(await store.countUsers()).toBe(1);
      expect(await store.latestVersion(DEFAULT_WHEEL_SLUG)).toBe(1);
    } finally {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
