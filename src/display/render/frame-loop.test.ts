import { describe, expect, it } from 'vitest';
import { createFrameLoop } from './frame-loop.ts';

function manualScheduler() {
  const queued = new Map<number, FrameRequestCallback>();
  let next = 1;
  return {
    scheduler: {
      request: (callback: FrameRequestCallback) => {
        queued.set(next, callback);
        return next++;
      },
      cancel: (handle: number) => void queued.delete(handle),
    },
    frame(nowMs: number) {
      const callbacks = [...queued.values()];
      queued.clear();
      for (const callback of callbacks) callback(nowMs);
    },
    get pending() {
      return queued.size;
    },
  };
}

describe('createFrameLoop', () => {
  it('runs every subscriber once per frame, survives a failing one, and disposes itself', () => {
    const manual = manualScheduler();
    const loop = createFrameLoop(manual.scheduler);
    const seen: number[] = [];
    loop.subscribe(() => {
      throw new Error('bad subscriber');
    });
    const unsubscribe = loop.subscribe((now) => seen.push(now));
    expect(manual.pending).toBe(1);
    manual.frame(16);
    manual.frame(33);
    expect(seen).toEqual([16, 33]);
    unsubscribe();
    loop.dispose();
    expect(manual.pending).toBe(0);
    manual.frame(50);
    expect(seen).toEqual([16, 33]);
  });
});
