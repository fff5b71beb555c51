import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../src/server/app.ts';
import { readConfig } from '../../src/server/config.ts';

export interface AppServer {
  url: string;
  dataDir: string;
  close(): Promise<void>;
}

/**
 * The real app in this process (no demo wheel) on a fresh data folder, listening on a free
 * 127.0.0.1 port — for browser tests that need no process-level faults (those use server.ts).
 */
export async function startAppServer(
  adminPassword: string,
  dataDirPrefix: string,
  /** More settings, as environment variables (e.g. EVENT_STREAM_LIFETIME_MS). */
  environment: Record<string, string> = {},
  /** Where the built pages are served from (default dist/web). */
  webRoot?: string,
): Promise<AppServer> {
  const dataDir = await mkdtemp(join(tmpdir(), dataDirPrefix));
  const config = readConfig({
    ADMIN_PASSWORD: adminPassword,
    DATA_DIR: dataDir,
    PORT: '0',
    LOG_LEVEL: 'warn',
    ...environment,
  });
  const app = await buildApp(config, { demo: false, logger: false, ...(webRoot ? { webRoot } : {}) });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
    dataDir,
    async close() {
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
