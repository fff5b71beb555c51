import { describe, expect, it } from 'vitest';
import { collectInSlices } from './upload-bytes.ts';

async function* chunksOf(sizes: number[]): AsyncGenerator<Uint8Array> {
  let value = 0;
  for (const size of sizes) {
    const chunk = new Uint8Array(size);
    for (let index = 0; index < size; index += 1) chunk[index] = value++ % 251;
    yield chunk;
  }
}

async function all(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const list: Uint8Array[] = [];
  for await (const chunk of chunks) list.push(chunk);
  return list;
}

describe('collectInSlices', () => {
  it('gathers every chunk, in order, into one buffer of its own', async () => {
    const sizes = [0, 1, 65_536, 700_000, 3, 262_144, 1_000_000];
    const bytes = await collectInSlices(chunksOf(sizes));
    const expected = Buffer.concat(await all(chunksOf(sizes)));
    expect(Buffer.from(bytes).equals(expected)).toBe(true);
    expect(bytes.byteOffset).toBe(0);
    expect(bytes.buffer.byteLength).toBe(bytes.byteLength); // whole: it can be handed to the worker
  });

  it('lets other work run while it copies a large upload (a poll is never held for the whole copy)', async () => {
    const sizes = Array.from({ length: 64 }, () => 65_536); // 4 MB, as busboy hands it over
    const chunks = await all(chunksOf(sizes));
    async function* already(): AsyncGenerator<Uint8Array> {
      yield* chunks;
    }
    // Counts turns of the event loop (a macrotask each) while the copy runs.
    let turns = 0;
    let copied = false;
    const tick = () => {
      if (copied) return;
      turns += 1;
      setImmediate(tick);
    };
    setImmediate(tick);
    const copying = collectInSlices(already());
    await copying;
    copied = true;
    expect(turns).toBeGreaterThanOrEqual(8); // 4 MB in 256 KB slices: a turn between slices
    expect(Buffer.from(await copying).equals(Buffer.concat(chunks))).toBe(true);
  });
});
