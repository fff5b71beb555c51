import { describe, expect, it } from 'vitest';
import { createManualClock } from '../test-support/manual-clock.ts';
import { createFrameTasks, PAINT_WAIT_MAX_MS } from './frame-tasks.ts';

describe('createFrameTasks', () => {
  it('runs work deferred to the first paint in a task of its own once the wheel is painted', async () => {
    const manual = createManualClock();
    const tasks = createFrameTasks({ clock: manual.clock });
    const ran: string[] = [];
    tasks.afterWheelPainted(() => ran.push('cache'));
    await manual.advance(10);
    expect(ran).toEqual([]);
    tasks.wheelPainted();
    expect(ran).toEqual([]); // not in the painting frame itself
    await manual.advance(0);
    expect(ran).toEqual(['cache']);
    tasks.afterWheelPainted(() => ran.push('heartbeat'));
    await manual.advance(0);
    expect(ran).toEqual(['cache', 'heartbeat']);
  });

  it('runs deferred work after PAINT_WAIT_MAX_MS when no frame paints (a hidden tab)', async () => {
    const manual = createManualClock();
    const tasks = createFrameTasks({ clock: manual.clock });
    const ran: string[] = [];
    tasks.afterWheelPainted(() => ran.push('heartbeat'));
    await manual.advance(PAINT_WAIT_MAX_MS - 1);
    expect(ran).toEqual([]);
    await manual.advance(1);
    expect(ran).toEqual(['heartbeat']);
    expect(tasks.painted).toBe(false);
  });

  it('runs what one frame queued at the start of the next, once', () => {
    const tasks = createFrameTasks({ clock: createManualClock().clock });
    const ran: string[] = [];
    tasks.nextFrame(() => {
      ran.push('reveal');
      tasks.nextFrame(() => ran.push('celebrate'));
    });
    tasks.runQueued();
    expect(ran).toEqual(['reveal']);
    tasks.runQueued();
    tasks.runQueued();
    expect(ran).toEqual(['reveal', 'celebrate']);
  });
});
