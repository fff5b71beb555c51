import type { Clock } from '../net/clock.ts';

/** Work deferred until the first paint runs at the latest this long after it was asked for. */
export const PAINT_WAIT_MAX_MS = 1_000;

/** Work spread over time so that the frames the audience sees are not held up by it. */
export interface FrameTasks {
  /**
   * Runs `task` in a task of its own once the wheel is on screen (or after PAINT_WAIT_MAX_MS: a
   * hidden tab gets no frames), so work that is not needed for the first paint does not delay it.
   */
  afterWheelPainted(task: () => void): void;
  /** The wheel is on screen: deferred work may run. */
  wheelPainted(): void;
  readonly painted: boolean;
  /** Runs `task` at the start of the next frame. */
  nextFrame(task: () => void): void;
  /** Runs what the previous frame queued (called at the start of each frame). */
  runQueued(): void;
}

export function createFrameTasks(deps: { clock: Clock }): FrameTasks {
  let paintedTasks: Array<() => void> = [];
  const queued: Array<() => void> = [];
  let painted = false;
  const runPaintedTasks = (): void => {
    for (const task of paintedTasks) deps.clock.setTimeout(task, 0);
    paintedTasks = [];
  };
  return {
    afterWheelPainted(task) {
      paintedTasks.push(task);
      if (painted) runPaintedTasks();
      else deps.clock.setTimeout(runPaintedTasks, PAINT_WAIT_MAX_MS);
    },
    wheelPainted() {
      painted = true;
      runPaintedTasks();
    },
    get painted() {
      return painted;
    },
    nextFrame(task) {
      queued.push(task);
    },
    runQueued() {
      for (const task of queued.splice(0)) task();
    },
  };
}
