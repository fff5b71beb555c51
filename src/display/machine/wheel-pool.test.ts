import { describe, expect, it } from 'vitest';
import { eligiblePool, spinEndRotation } from '../../core/index.ts';
import {
  testPlan,
  testProgram,
  testProgramDraw,
  testProgramWheel,
  testWheel,
} from '../test-support/fakes.ts';
import { INITIAL_STATE, reduceDisplay, type DisplayState } from './display-machine.ts';
import { PENDING_APPLY_DELAY_MS } from './update-queue.ts';
import {
  screenEntries,
  screenPositionOf,
  snapshotIndexAt,
  snapshotIndexOf,
  wheelForPlan,
  withStagePool,
} from './wheel-pool.ts';

const tickets = (wheel: Parameters<typeof screenEntries>[0]): string[] =>
  screenEntries(wheel).map((entry) => entry.ticket);

describe('the prize pool on the wheel', () => {
  it('shows exactly core eligiblePool of the stage prize, and maps slice positions to snapshot indexes', () => {
    const wheel = testProgramWheel();
    // T1 (person p1) won the gift card: p1's tickets T1 and T6 leave the gift card's pool.
    const program = testProgram({ draws: [testProgramDraw(1, 1)] });
    const pooled = withStagePool(wheel, program);
    const core = eligiblePool(wheel.snapshot.entries, wheel.snapshot.prizes![0]!, program.draws);
    expect(Array.from(pooled.pool!.indexes)).toEqual(Array.from(core));
    expect(tickets(pooled)).toEqual(['T0', 'T2', 'T3', 'T4', 'T5', 'T7', 'T8', 'T9']);
    expect(snapshotIndexOf(pooled, 2)).toBe(3);
    expect(screenPositionOf(pooled, 3)).toBe(2);
    expect(screenPositionOf(pooled, 6)).toBe(-1);
    // The staff prize's groups: T0…T2, and p1 (a holder of another prize) is out.
    const staff = withStagePool(wheel, {
      ...program,
      stage: { prizeId: 'staff', scene: 'wheel', blank: false },
    });
    expect(tickets(staff)).toEqual(['T0', 'T2']);
    // No prize on stage, or one the snapshot does not have: the whole list.
    expect(
      withStagePool(pooled, testProgram({ stage: { prizeId: null, scene: 'wheel', blank: false } })).pool,
    ).toBeNull();
    expect(
      withStagePool(wheel, testProgram({ stage: { prizeId: 'nope', scene: 'wheel', blank: false } })).pool,
    ).toBeFalsy();
    // Rehearsal draws count for nothing.
    const rehearsed = withStagePool(
      wheel,
      testProgram({ draws: [testProgramDraw(1, 1, { rehearsal: true })] }),
    );
    expect(rehearsed.pool!.indexes.length).toBe(10);
  });

  it('spins a prize plan on the pool as it was before the batch, even when the program already lists it', () => {
    const wheel = testProgramWheel();
    const plan = testPlan(1, {
      prizeId: 'gift',
      targetIndex: 6,
      ticket: 'T6',
      name: 'Name 6',
      batch: [
        { seq: 1, ticket: 'T6', name: 'Name 6', targetIndex: 6, role: 'winner', rank: 1 },
        { seq: 2, ticket: 'T3', name: 'Name 3', targetIndex: 3, role: 'winner', rank: 2 },
      ],
    });
    const listed = testProgram({ draws: [testProgramDraw(1, 6), testProgramDraw(2, 3, { rank: 2 })] });
    const spun = wheelForPlan(wheel, listed, plan)!;
    expect(spun.pool!.indexes.length).toBe(10);
    const position = screenPositionOf(spun, 6);
    const end = spinEndRotation(spun.pool!.arcs, { ...plan, targetIndex: position }, 0);
    expect(snapshotIndexAt(spun, end)).toBe(6);
    // A winner outside the pool the page holds (its program is behind): no pool, the whole wheel.
    const behind = testProgram({ draws: [testProgramDraw(9, 1, { batchId: 'b0' })] });
    expect(wheelForPlan(wheel, behind, { ...plan, targetIndex: 1, ticket: 'T1' })).toBeNull();
    // An ordinary plan: no pool.
    expect(wheelForPlan(withStagePool(wheel, listed), listed, testPlan(1))!.pool).toBeNull();
  });

  it('keeps the spun pool through the landing and the reveal, then applies the program; reports snapshot indexes', () => {
    const wheel = testProgramWheel();
    let state: DisplayState = reduceDisplay(INITIAL_STATE, {
      type: 'program-received',
      program: testProgram(),
    });
    state = reduceDisplay(state, { type: 'snapshot-verified', wheel, atMs: 0 });
    expect(state.wheel!.pool!.indexes.length).toBe(10);
    const plan = testPlan(1, { prizeId: 'gift', targetIndex: 6, ticket: 'T6', name: 'Name 6' });
    const spun = wheelForPlan(state.wheel!, state.program, plan)!;
    const endRotation = spinEndRotation(
      spun.pool!.arcs,
      { ...plan, targetIndex: screenPositionOf(spun, 6) },
      0,
    );
    state = reduceDisplay(state, {
      type: 'spin-started',
      spin: { plan, startRotation: 0, endRotation, startedAtMs: 0 },
      wheel: spun,
    });
    const after = testProgram({ revision: 'r2', draws: [testProgramDraw(1, 6)] });
    state = reduceDisplay(state, { type: 'program-received', program: after });
    expect(state.wheel!.pool!.indexes.length).toBe(10); // frozen while it spins
    state = reduceDisplay(state, { type: 'spin-landed', atMs: 11_000 });
    expect(state.landings.pending?.index).toBe(6);
    expect(state.wheel!.pool!.indexes.length).toBe(10); // the winner still under the pointer
    state = reduceDisplay(state, { type: 'clock-tick', atMs: 11_000 + PENDING_APPLY_DELAY_MS });
    expect(tickets(state.wheel!)).toEqual(['T0', 'T2', 'T3', 'T4', 'T5', 'T7', 'T8', 'T9']);
    expect(state.programDueAtMs).toBeNull();
  });

  it('leaves a wheel without prizes as it was', () => {
    const state = reduceDisplay(
      reduceDisplay(INITIAL_STATE, { type: 'snapshot-verified', wheel: testWheel(1), atMs: 0 }),
      { type: 'program-received', program: testProgram() },
    );
    expect(state.wheel!.pool ?? null).toBeNull();
  });
});
