import { describe, expect, it } from 'vitest';
import type { StageState } from '../../core/index.ts';
import { createDisplayStore } from '../machine/display-store.ts';
import { testProgram, testProgramWheel } from '../test-support/fakes.ts';
import { createClicker } from './clicker.ts';

function setUp(options: { canSpin: boolean }) {
  const store = createDisplayStore();
  store.dispatch({ type: 'snapshot-verified', wheel: testProgramWheel(), atMs: 0 });
  store.dispatch({ type: 'rights-known', canSpin: options.canSpin });
  store.dispatch({ type: 'program-received', program: testProgram() });
  const calls: string[] = [];
  const stages: Array<Partial<StageState>> = [];
  let paging = { page: 0, pageCount: 1 };
  const clicker = createClicker({
    getState: store.getState,
    presenter: {
      setStage: async (change) => {
        stages.push(change);
        return { ...store.getState().program!.stage, ...change };
      },
    },
    view: { paging: () => paging, showPage: (page) => void calls.push(`page ${page}`) },
    requestDraw: async () => void calls.push('spin'),
    onStageChanged: (stage) =>
      store.dispatch({ type: 'program-received', program: { ...store.getState().program!, stage } }),
  });
  return { store, clicker, calls, stages, setPaging: (next: typeof paging) => (paging = next) };
}

describe('createClicker', () => {
  it('spins, pages, moves the stage on the server and toggles the blank screen', async () => {
    const { store, clicker, calls, stages, setPaging } = setUp({ canSpin: true });
    await clicker.press('advance');
    expect(calls).toEqual(['spin']);
    await clicker.press('back'); // the first prize: nothing before it
    expect(stages).toEqual([]);
    await clicker.press('blank');
    expect(stages).toEqual([{ blank: true }]);
    expect(store.getState().program!.stage.blank).toBe(true);
    await clicker.press('blank');
    expect(stages.at(-1)).toEqual({ blank: false });
    store.dispatch({
      type: 'program-received',
      program: testProgram({ revision: 'r2', stage: { prizeId: 'gift', scene: 'batch', blank: false } }),
    });
    setPaging({ page: 0, pageCount: 2 });
    await clicker.press('advance');
    expect(calls.at(-1)).toBe('page 1');
    setPaging({ page: 1, pageCount: 2 });
    await clicker.press('advance');
    expect(stages.at(-1)).toEqual({ prizeId: 'gift', scene: 'wheel' });
  });

  it('does nothing on a view-only screen', async () => {
    const { clicker, calls, stages } = setUp({ canSpin: false });
    for (const key of ['advance', 'back', 'blank'] as const) await clicker.press(key);
    expect(calls).toEqual([]);
    expect(stages).toEqual([]);
  });
});
