import { describe, expect, it } from 'vitest';
import { createFrameStats, percentile } from './frame-stats.ts';

describe('createFrameStats', () => {
  it('counts frame intervals from the frames’ own times, whenever the callbacks ran', () => {
    const frames = createFrameStats();
    // requestAnimationFrame timestamps of a 60 Hz display, one frame dropped (33.4 ms)
    for (const frameTimeMs of [1000, 1016.7, 1033.4, 1066.8, 1083.5]) frames.frameAt(frameTimeMs);
    expect(frames.intervalsMs.map((ms) => Math.round(ms * 10) / 10)).toEqual([16.7, 16.7, 33.4, 16.7]);
    expect(percentile(frames.intervalsMs, 50)).toBeCloseTo(16.7, 5);

    frames.reset(); // the next frame only starts the count again
    frames.frameAt(5000);
    frames.frameAt(5016.7);
    expect(frames.intervalsMs.map((ms) => Math.round(ms * 10) / 10)).toEqual([16.7]);
  });
});
