// Real `prizewheel serve` processes on one database, and an event stream reader: what the tests of
// several instances sharing PostgreSQL start and listen to.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import { signInOverHttp } from '../../../../e2e/support/server.ts';
import { startTestPostgres } from './postgres-test-server.ts';

const PRIZEWHEEL_BIN = resolve(import.meta.dirname, '../../../../bin/prizewheel.js');
export const INSTANCE_ADMIN_PASSWORD = 'two-instances-admin-password';

export interface Instance {
  url: string;
  process: ChildProcess;
  output(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

export async function startInstance(
  databaseUrl: string,
  dataDir: string,
  verificationKeyFile: string,
): Promise<Instance> {
  // PORT=0: the kernel picks a free port, and the server's "listening" log line names it.
  const child = spawn(process.execPath, [PRIZEWHEEL_BIN, 'serve'], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      // Instances sharing a database share the key that seals unrevealed seeds (RUNBOOK).
      VERIFICATION_KEY_FILE: verificationKeyFile,
      PORT: '0',
      HOST: '127.0.0.1',
      ADMIN_PASSWORD: INSTANCE_ADMIN_PASSWORD,
      LOG_LEVEL: 'info',
      // The presenters below retry as fast as they can; the per-presenter limit is not under test here.
      SPIN_REQUESTS_PER_MINUTE: '100000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listening = new Promise<number>((resolvePort, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) resolvePort(Number(match[1]));
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) =>
      reject(new Error(`instance exited with ${code} before listening:\n${output}`)),
    );
  });
  const port = await listening;
  return {
    url: `http://127.0.0.1:${port}`,
    process: child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const exited = once(child, 'exit') as Promise<[number | null]>;
      child.kill('SIGTERM');
      return (await exited)[0];
    },
  };
}

export interface ServerSentEvent {
  type: string;
  data: unknown;
}

/** An open event stream; `next(predicate)` resolves with the first event (seen or to come) that matches. */
export async function openEventStream(instance: Instance, slug: string) {
  const events: ServerSentEvent[] = [];
  const waiters: Array<{
    predicate: (event: ServerSentEvent) => boolean;
    resolve: (event: ServerSentEvent) => void;
  }> = [];
  const request = httpRequest(`${instance.url}/api/wheels/${slug}/events`);
  request.end();
  const [response] = (await once(request, 'response')) as [IncomingMessage];
  expect(response.statusCode).toBe(200);
  let buffer = '';
  response.setEncoding('utf8');
  response.on('data', (chunk: string) => {
    buffer += chunk;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const type = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (type === undefined || data === undefined) continue;
      const event = { type, data: JSON.parse(data) as unknown };
      events.push(event);
      for (const waiter of waiters.filter((w) => w.predicate(event))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(event);
      }
    }
  });
  return {
    next(predicate: (event: ServerSentEvent) => boolean): Promise<ServerSentEvent> {
      const seen = events.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolveEvent) => waiters.push({ predicate, resolve: resolveEvent }));
    },
    /** Every event received so far, in order. */
    received(): readonly ServerSentEvent[] {
      return events;
    },
    close() {
      request.destroy();
    },
  };
}

/** Two instances on one fresh PostgreSQL database, an admin signed in through A. */
export interface TwoInstances {
  databaseUrl: string;
  a: Instance;
  b: Instance;
  /** The admin's Cookie header value (sessions are shared). */
  cookie: string;
  stop(): Promise<void>;
}

/** Starts PostgreSQL and two instances on it (each with its own DATA_DIR under a temporary folder). */
export async function startTwoInstances(dataRootPrefix: string): Promise<TwoInstances> {
  const dataRoot = mkdtempSync(join(tmpdir(), dataRootPrefix));
  const postgres = await startTestPostgres();
  const databaseUrl = await postgres.createDatabase();
  // Instances sharing a database share the key that seals unrevealed seeds (RUNBOOK).
  const keyFile = join(dataRoot, 'verification.key');
  // NOTE: started one after the other: the first start creates the admin user.
  const a = await startInstance(databaseUrl, join(dataRoot, 'a'), keyFile);
  const b = await startInstance(databaseUrl, join(dataRoot, 'b'), keyFile);
  const cookie = await signInOverHttp(a.url, INSTANCE_ADMIN_PASSWORD);
  return {
    databaseUrl,
    a,
    b,
    cookie,
    async stop() {
      await Promise.all([a.stop(), b.stop()]);
      await postgres.stop();
      rmSync(dataRoot, { recursive: true, force: true });
    },
  };
}
