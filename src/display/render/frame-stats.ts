/** Frame timing kept for the diagnostics overlay and the benchmark (window.__prizewheel). */
export const FRAME_SAMPLES_MAX = 20_000;

export interface FrameStats {
  /** Time between consecutive frames, ms. */
  readonly intervalsMs: number[];
  /** Main-thread time spent inside the frame callback, ms. */
  readonly workMs: number[];
  record(intervalMs: number, workMs: number): void;
  /**
   * Records the interval since the previous frame from the frames' own times (requestAnimationFrame's
   * timestamp, as the browser's FPS meter counts): when a frame callback starts varies with the main
   * thread's other tasks and says nothing about frames reaching the screen. The first frame after a
   * reset only starts the count.
   */
  frameAt(frameTimeMs: number): void;
  reset(): void;
}

export function createFrameStats(): FrameStats {
  const intervalsMs: number[] = [];
  const workMs: number[] = [];
  let lastFrameTimeMs: number | null = null;
  return {
    intervalsMs,
    workMs,
    frameAt(frameTimeMs) {
      if (lastFrameTimeMs !== null) this.record(frameTimeMs - lastFrameTimeMs, 0);
      lastFrameTimeMs = frameTimeMs;
    },
    record(interval, work) {
      if (intervalsMs.length >= FRAME_SAMPLES_MAX) {
        intervalsMs.splice(0, FRAME_SAMPLES_MAX / 2);
        workMs.splice(0, FRAME_SAMPLES_MAX / 2);
      }
      intervalsMs.push(interval);
      workMs.push(work);
    },
    reset() {
      intervalsMs.length = 0;
      workMs.length = 0;
      lastFrameTimeMs = null;
    },
  };
}

/** The p-th percentile (0..100) of the last `window` samples, nearest rank; null when empty. */
export function percentile(samples: readonly number[], p: number, window = samples.length): number | null {
  const slice = samples.slice(Math.max(0, samples.length - window));
  if (slice.length === 0) return null;
  const sorted = slice.sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}
