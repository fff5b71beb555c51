// `kill -9` in the middle of an import's staged draft: the draft is the previous one after the
// restart, and the next replacement removes what the dead import left behind.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../core/index.ts';
import { makeTempDir } from '../../test-support/test-app.ts';
import { openSqliteStore, sqliteFileIn } from './open-sqlite-store.ts';

const SLUG = 'gala';
const CHUNKS_BEFORE_KILL = 3;
const CHILD_TIMEOUT_MS = 60_000;

function entriesOf(count: number, prefix: string) {
  return Array.from({ length: count }, (_, i) => ({
    ticket: `${prefix}${i + 1}`,
    name: `P ${i + 1}`,
    weight: 1,
  }));
}

const audit = (action: string) => ({ actor: 'admin', action, wheel: SLUG, details: {} });

/** A separate process stages a few chunks of a new draft, then kills itself with SIGKILL. */
async function stageThenKill(dataDir: string): Promise<NodeJS.Signals | null> {
  const storeModule = pathToFileURL(`${import.meta.dirname}/open-sqlite-store.ts`).href;
  const script = `
    const { openSqliteStore } = await import(${JSON.stringify(storeModule)});
    const store = await openSqliteStore(${JSON.stringify(dataDir)});
    const staging = await store.stageDraftEntries(${JSON.stringify(SLUG)});
    for (let chunk = 0; chunk < ${CHUNKS_BEFORE_KILL}; chunk++) {
      const entries = Array.from({ length: 1000 }, (_, i) => ({ ticket: 'K' + chunk + '-' + i, name: 'Killed', weight: 1 }));
      await staging.append(JSON.stringify(entries), entries.length);
    }
    process.kill(process.pid, 'SIGKILL');
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  clearTimeout(timer);
  if (code !== null) throw new Error(`the staging process exited with ${code}: ${stderr}`);
  return signal;
}

let dataDir: string;
beforeEach(() => {
  dataDir = makeTempDir('prizewheel-staging-crash-');
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a draft import killed midway (SQLite)', () => {
  it('leaves the previous draft, and the next replacement clears the dead batch', async () => {
    const before = await openSqliteStore(dataDir);
    await before.createWheel(
      { slug: SLUG, title: 'Gala', settings: DEFAULT_SETTINGS },
      audit('create_wheel'),
    );
    await before.replaceDraftEntries(SLUG, entriesOf(5, 'OLD'), audit('replace_draft'));
    await before.close();

    expect(await stageThenKill(dataDir)).toBe('SIGKILL');

    const raw = new SqliteDatabase(sqliteFileIn(dataDir), { readonly: true });
    const deadChunks = () => (raw.prepare('SELECT count(*) AS n FROM draft_chunks').get() as { n: number }).n;
    try {
      expect(deadChunks()).toBe(CHUNKS_BEFORE_KILL);
      const after = await openSqliteStore(dataDir);
      try {
        expect((await after.getDraft(SLUG))?.entries).toEqual(entriesOf(5, 'OLD'));
        expect((await after.listWheels())[0]?.draftEntries).toBe(5);

        const staging = await after.stageDraftEntries(SLUG);
        await staging.append(JSON.stringify(entriesOf(2, 'NEW')), 2);
        await staging.commit(audit('import'));
        expect((await after.getDraft(SLUG))?.entries).toEqual(entriesOf(2, 'NEW'));
        expect(deadChunks()).toBe(1);
      } finally {
        await after.close();
      }
    } finally {
      raw.close();
    }
  });
});
