// The processes under test: the real `prizewheel serve` and a bare node:http server, each in its
// own process so neither shares an event loop with the load generator.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

const PRIZEWHEEL_BIN = resolve(import.meta.dirname, '../../bin/prizewheel.js');
const START_TIMEOUT_MS = 120_000;
const START_POLL_INTERVAL_MS = 100;

export interface ServerProcess {
  url: string;
  pid: number;
  /** False once the process has exited (a crash, when the load test did not stop it). */
  isRunning(): boolean;
  stop(): Promise<void>;
}

/** A port the kernel says is free now (bound and released at once). */
export async function findFreePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function serverProcess(url: string, child: ChildProcess): ServerProcess {
  return {
    url,
    pid: child.pid as number,
    isRunning: () => child.exitCode === null && child.signalCode === null,
    stop: () => stopProcess(child),
  };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

/** Resolves once GET url answers, polling a bounded number of times. */
async function waitUntilAnswering(url: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${readFileSync(logFile, 'utf8')}`);
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((wake) => setTimeout(wake, START_POLL_INTERVAL_MS));
  }
  throw new Error(`server did not answer ${url} within ${START_TIMEOUT_MS} ms`);
}

/** The server's stream caps during a load test: above any --streams a run asks for. */
const LOADTEST_STREAMS_MAX = 1_000_000;

/** `node bin/prizewheel.js serve` on 127.0.0.1 with SQLite in dataDir; its log goes to dataDir/server.log. */
export async function startPrizewheelServer(
  dataDir: string,
  options: { adminPassword: string; logLevel: string; nodeArgs?: string[] },
): Promise<ServerProcess> {
  const port = await findFreePort();
  const logFile = join(dataDir, 'server.log');
  const logFd = openSync(logFile, 'a');
  // As the runbook's systemd unit runs it: node bin/prizewheel.js serve, NODE_ENV=production.
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), PRIZEWHEEL_BIN, 'serve'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      ADMIN_PASSWORD: options.adminPassword,
      LOG_LEVEL: options.logLevel,
      // Every stream of the load generator comes from 127.0.0.1, and --streams may exceed the default cap.
      SSE_STREAMS_MAX: String(LOADTEST_STREAMS_MAX),
      SSE_STREAMS_PER_ADDRESS_MAX: String(LOADTEST_STREAMS_MAX),
    },
    stdio: ['ignore', logFd, logFd],
  });
  closeSync(logFd);
  const url = `http://127.0.0.1:${port}`;
  await waitUntilAnswering(`${url}/readyz`, child, logFile);
  return serverProcess(url, child);
}

// The same status and header lines as the poll's answer (node adds Date, Connection and
// Keep-Alive itself, with Fastify's keep-alive timeout), so both put the same bytes on the wire.
const BARE_SERVER_SOURCE = `
const http = require('node:http');
const { status, headers, keepAliveTimeoutMs } = JSON.parse(process.env.BARE_ANSWER);
const server = http.createServer((request, response) => {
  response.writeHead(status, headers);
  response.end();
});
server.keepAliveTimeout = keepAliveTimeoutMs;
server.listen(Number(process.env.PORT), '127.0.0.1');
`;

export interface BareAnswer {
  status: number;
  headers: Record<string, string>;
  keepAliveTimeoutMs: number;
}

/** The reference: node:http giving one fixed answer to everything, in its own process. */
export async function startBareServer(logDir: string, answer: BareAnswer): Promise<ServerProcess> {
  const port = await findFreePort();
  const logFile = join(logDir, 'bare.log');
  const logFd = openSync(logFile, 'a');
  const child = spawn(process.execPath, ['-e', BARE_SERVER_SOURCE], {
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), BARE_ANSWER: JSON.stringify(answer) },
    stdio: ['ignore', logFd, logFd],
  });
  closeSync(logFd);
  const url = `http://127.0.0.1:${port}`;
  await waitUntilAnswering(url, child, logFile);
  return serverProcess(url, child);
}

/** Resident set size of a process in MB, from /proc (Linux). */
export function readRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!match) throw new Error(`no VmRSS for ${pid}`);
  return Number(match[1]) / 1024;
}

/** Samples RSS every intervalMs until stopped; returns the peak. */
export function sampleRssPeak(pid: number, intervalMs: number): { stop(): number } {
  let peakMb = readRssMb(pid);
  const timer = setInterval(() => {
    peakMb = Math.max(peakMb, readRssMb(pid));
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peakMb, readRssMb(pid));
    },
  };
}

const CLOCK_TICKS_PER_SECOND = 100;

/** CPU time (user + system) a process has used so far, in ms, from /proc/PID/stat (Linux). */
export function readCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at state; utime and stime are 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}
