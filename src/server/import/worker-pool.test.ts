import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_IMPORT_LIMITS } from './limits.ts';
import { ImportWorkerPool, WorkerFailure } from './worker-pool.ts';

const CRASHING_WORKER = new URL('./fixtures/crashing-worker.mjs', import.meta.url);
const BYTES = new TextEncoder().encode('ticket,name\n1,Ana\n');

function job(fileName: string) {
  return { fileName, limits: DEFAULT_IMPORT_LIMITS, includeAccepted: false };
}

let pool: ImportWorkerPool;
afterEach(async () => {
  await pool.close();
});

describe('ImportWorkerPool', () => {
  it('fails a read whose worker exits, and starts a new worker for the next read', async () => {
    pool = new ImportWorkerPool(CRASHING_WORKER);
    await expect(pool.read(BYTES, job('crash'))).rejects.toThrow(WorkerFailure);
    await expect(pool.read(BYTES, job('after'))).resolves.toMatchObject({ file: { name: 'after' } });
  });

  it('fails a read whose worker throws', async () => {
    pool = new ImportWorkerPool(CRASHING_WORKER);
    await expect(pool.read(BYTES, job('throw'))).rejects.toThrow(/reader bug/);
    await expect(pool.read(BYTES, job('again'))).resolves.toMatchObject({ file: { name: 'again' } });
  });

  it('reads queued files one after another', async () => {
    pool = new ImportWorkerPool(CRASHING_WORKER);
    const names = ['a', 'b', 'c', 'd'];
    const reports = await Promise.all(names.map((name) => pool.read(BYTES, job(name))));
    expect(reports.map((report) => report.file.name)).toEqual(names);
  });

  it('fails the running read when closed', async () => {
    pool = new ImportWorkerPool(CRASHING_WORKER);
    const reading = pool.read(BYTES, job('slow'));
    // Expect before closing: the rejection lands during close(), and must never go unhandled.
    const failed = expect(reading).rejects.toThrow(/closed/);
    await pool.close();
    await failed;
  });

  it('leaves the caller its bytes', async () => {
    pool = new ImportWorkerPool(CRASHING_WORKER);
    const bytes = Buffer.from(BYTES);
    await pool.read(bytes, job('keep'));
    expect(bytes.toString()).toBe('ticket,name\n1,Ana\n');
  });

  it('moves handed-over bytes to the worker without a copy, and copies a view even when handed over', async () => {
    pool = new ImportWorkerPool(CRASHING_WORKER);
    const whole = new Uint8Array(BYTES);
    await expect(pool.read(whole, job('moved'), undefined, undefined, true)).resolves.toMatchObject({
      file: { name: 'moved' },
    });
    expect(whole.byteLength).toBe(0); // transferred: detached here

    const view = Buffer.from(BYTES); // a slice of Node's Buffer pool: never detached
    await pool.read(view, job('view'), undefined, undefined, true);
    expect(view.toString()).toBe('ticket,name\n1,Ana\n');
  });
});
