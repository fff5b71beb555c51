// One real `prizewheel serve` process on a fresh data folder, one Chromium and a wheel harness with
// a first version published: the setup the real-server browser specs share.
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { startServer, type RunningServer } from './server.ts';
import { createWheelHarness, type WheelHarness } from './wheel-harness.ts';

export interface RealServerSuite {
  /** The running server; replaced by restart(). */
  readonly server: RunningServer;
  readonly browser: Browser;
  readonly harness: WheelHarness;
  /** SIGKILL: no graceful shutdown, no retry hint on the event streams. */
  kill(): Promise<void>;
  /** A new server process on the same port and data folder. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function openRealServerSuite(dataDirPrefix: string): Promise<RealServerSuite> {
  const dataDir = mkdtempSync(join(tmpdir(), dataDirPrefix));
  const [firstServer, browser] = await Promise.all([startServer({ DATA_DIR: dataDir }), launchBrowser()]);
  let server = firstServer;
  const harness = await createWheelHarness(browser, () => server.url, server.adminPassword);
  await harness.publishNext();
  return {
    get server() {
      return server;
    },
    browser,
    harness,
    async kill() {
      const exited = once(server.process, 'exit');
      server.process.kill('SIGKILL');
      await exited;
    },
    async restart() {
      server = await startServer({ DATA_DIR: dataDir, PORT: String(server.port) });
    },
    async close() {
      await browser.close();
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
