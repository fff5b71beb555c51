// Many SSE clients on GET /api/wheels/:slug/events, spread over several load-generator processes
// (event-stream-client.ts), and the time until every one of them has seen a `snapshot` version.
// NOTE: one process reading 5,000 sockets was itself the bottleneck (half the streams read the
// publish ~0.5 s after the server had written it to all of them); several processes read in
// parallel, as 5,000 separate screens do.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import type { ChildMessage, ParentMessage } from './event-stream-client.ts';

const CLIENT_MODULE = resolve(import.meta.dirname, 'event-stream-client.ts');
/** Streams being opened at once, over all processes (more and a starved server misses the open timeout). */
const OPENING_AT_ONCE = 250;

export interface EventStreams {
  count: number;
  /** Arrival times (ms after `sentAt`, a performance.now()) of `snapshot` {version} on every stream, or null for those that missed it. */
  waitForVersion(version: number, sentAt: number, timeoutMs: number): Promise<Array<number | null>>;
  close(): Promise<void>;
}

function nextMessage(child: ChildProcess): Promise<ChildMessage> {
  return new Promise((resolveMessage, reject) => {
    const onExit = (code: number | null) => reject(new Error(`stream client exited (${code})`));
    child.once('exit', onExit);
    child.once('message', (message: ChildMessage) => {
      child.off('exit', onExit);
      if (message.type === 'failed') reject(new Error(`stream client: ${message.message}`));
      else resolveMessage(message);
    });
  });
}

export async function openEventStreams(url: string, count: number, processes: number): Promise<EventStreams> {
  const children = Array.from({ length: processes }, (_, index) => {
    const share = Math.floor(count / processes) + (index < count % processes ? 1 : 0);
    const openBatchSize = Math.ceil(OPENING_AT_ONCE / processes);
    return fork(CLIENT_MODULE, [url, String(share), String(openBatchSize)], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
  });
  const close = async () => {
    await Promise.all(
      children.map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = once(child, 'exit');
        if (child.connected) child.send({ type: 'close' } satisfies ParentMessage);
        else child.kill();
        await exited;
      }),
    );
  };
  let opened = 0;
  try {
    for (const message of await Promise.all(children.map(nextMessage)))
      if (message.type === 'open') opened += message.count;
  } catch (error) {
    for (const child of children) child.kill();
    throw error;
  }
  return {
    count: opened,
    async waitForVersion(version, sentAt, timeoutMs) {
      const sentAtWallMs = performance.timeOrigin + sentAt;
      const replies = children.map(nextMessage);
      for (const child of children) child.send({ type: 'wait', version, timeoutMs } satisfies ParentMessage);
      const arrivals: Array<number | null> = [];
      for (const message of await Promise.all(replies)) {
        if (message.type !== 'arrivals') throw new Error(`unexpected ${message.type} from a stream client`);
        for (const at of message.at) arrivals.push(at === null ? null : at - sentAtWallMs);
      }
      return arrivals;
    },
    close,
  };
}
