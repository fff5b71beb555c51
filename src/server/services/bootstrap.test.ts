import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { makeTempDir, testConfig } from '../test-support.ts';

describe('first start', () => {
  it('generates an admin password printed exactly once and publishes the demo wheel', async () => {
    const dataDir = makeTempDir();
    const printed: string[] = [];
    const config = testConfig(dataDir, { adminPassword: undefined });
    try {
      for (let start = 0; start < 2; start++) {
        const app = await buildApp(config, {
          logger: false,
          printAdminPassword: (line) => printed.push(line),
        });
        const snapshot = (await app.inject({ method: 'GET', url: '/api/wheels/default/snapshot' })).json();
        expect(snapshot.version).toBe(1);
        expect(snapshot.entries.length).toBeGreaterThanOrEqual(40);
        expect(snapshot.entries[0].ticket).toBe('0001');
        await app.close();
      }
      expect(printed).toHaveLength(1);
      const password = /^Admin password \(shown once\): (\S{16,})$/.exec(printed[0]!)?.[1];
      expect(password).toBeDefined();

      const app = await buildApp(config, { logger: false, printAdminPassword: (line) => printed.push(line) });
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
