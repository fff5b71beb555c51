import { describe, expect, it } from 'vitest';
import { spinEndRotation } from '../../core/index.ts';
import type { PrizewheelDiagnostics } from '../diagnostics-api.ts';
import { rotationAtTime } from '../machine/display-machine.ts';
import { createFrameStats } from '../render/frame-stats.ts';
import { computeLayout } from '../render/layout.ts';
import type { FrameInput } from '../render/wheel-renderer.ts';
import { createManualClock } from '../test-support/manual-clock.ts';
import { idleStore, testPlan } from '../test-support/fakes.ts';
import { createFrameTasks } from './frame-tasks.ts';
import { createWheelFrame } from './wheel-frame.ts';

function setUp() {
  const manual = createManualClock();
  const store = idleStore();
  const seen = { drawn: [] as FrameInput[], revealed: [] as string[], effects: [] as string[], landed: 0 };
  const diagnostics: Pick<PrizewheelDiagnostics, 'firstWheelPaintMs' | 'lastLanding'> = {
    firstWheelPaintMs: null,
    lastLanding: null,
  };
  const tasks = createFrameTasks({ clock: manual.clock });
  const onFrame = createWheelFrame({
    getState: store.getState,
    dispatch: store.dispatch,
    clock: manual.clock,
    renderer: {
      draw: (frame) => {
        seen.drawn.push(frame);
        return frame.content !== null;
      },
      layout: computeLayout(800, 600),
    },
    frames: createFrameStats(),
    effects: {
      rotationAt: rotationAtTime,
      frame: () => undefined,
      landed: () => void seen.effects.push('landed'),
      celebrate: () => void seen.effects.push('celebrate'),
    },
    view: {
      setAttribute: () => undefined,
      updateCallout: () => undefined,
      updateLayout: () => undefined,
      updateSpinWait: () => undefined,
      revealWinner: (plan) => void seen.revealed.push(plan.id),
    },
    tasks,
    diagnostics,
    onLanded: () => void (seen.landed += 1),
    afterFrame: () => undefined,
  });
  const startSpin = (atMs: number): void => {
    const state = store.getState();
    const plan = testPlan(1);
    const endRotation = spinEndRotation(state.wheel!.arcs!, plan, state.rotation);
    store.dispatch({
      type: 'spin-started',
      spin: { plan, startRotation: state.rotation, endRotation, startedAtMs: atMs },
    });
  };
  return { manual, store, onFrame, seen, diagnostics, tasks, startSpin };
}

describe('createWheelFrame', () => {
  it('draws the wheel and counts its first paint', async () => {
    const { manual, onFrame, seen, diagnostics, tasks } = setUp();
    await manual.advance(40);
    onFrame(40);
    expect(seen.drawn[0]?.content?.entries).toHaveLength(10);
    expect(diagnostics.firstWheelPaintMs).toBe(40);
    expect(tasks.painted).toBe(true);
    onFrame(56);
    expect(seen.drawn[1]?.content).toBe(seen.drawn[0]?.content); // the same bitmap content
  });

  it('lands the spin at its end and spreads the reveal and the confetti over the next frames', async () => {
    const { manual, store, onFrame, seen, diagnostics, startSpin } = setUp();
    startSpin(0);
    await manual.advance(10_990);
    onFrame(10_990);
    expect(store.getState().phase).toBe('spinning');
    await manual.advance(20);
    onFrame(11_010);
    expect(store.getState().phase).toBe('idle');
    expect(store.getState().landings.pending).toMatchObject({ id: 'spin-1', index: 3, durationMs: 11_010 });
    expect(diagnostics.lastLanding).toEqual({ spinId: 'spin-1', scheduledAtMs: 11_000, landedAtMs: 11_010 });
    expect(seen.landed).toBe(1);
    expect(seen.effects).toEqual(['landed']);
    expect(seen.revealed).toEqual([]);
    onFrame(11_026);
    expect(seen.revealed).toEqual(['spin-1']);
    expect(seen.effects).toEqual(['landed']);
    onFrame(11_042);
    expect(seen.effects).toEqual(['landed', 'celebrate']);
    expect(seen.drawn.at(-1)?.highlightIndex).toBe(3);
  });

  it('reveals at once when the landing timer of a hidden tab runs the frame', async () => {
    const { manual, store, onFrame, seen, startSpin } = setUp();
    startSpin(0);
    await manual.advance(11_500);
    onFrame();
    expect(store.getState().phase).toBe('idle');
    expect(seen.revealed).toEqual(['spin-1']);
  });
});
