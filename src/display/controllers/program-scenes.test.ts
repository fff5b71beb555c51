import { describe, expect, it } from 'vitest';
import { computeLayout } from '../render/layout.ts';
import { TEST_PRIZES, testProgram, testProgramDraw } from '../test-support/fakes.ts';
import {
  advanceAction,
  backAction,
  batchAnnouncement,
  batchItems,
  gridShape,
  newSubstitutions,
  paginate,
  prizeCardOf,
  winnersItems,
  type ClickerContext,
  type GridItem,
} from './program-scenes.ts';

const names = (items: GridItem[]): string[] =>
  items.map((item) =>
    item.kind === 'heading' ? `# ${item.text}` : `${item.name}${item.role === 'reserve' ? ' (R)' : ''}`,
  );

describe('program scenes', () => {
  it('the prize card says what is left, rehearsal draws counting for nothing', () => {
    const program = testProgram({
      draws: [
        testProgramDraw(1, 1),
        testProgramDraw(2, 3, { rehearsal: true }),
        testProgramDraw(3, 4, { declined: true }),
      ],
    });
    const card = prizeCardOf('gala night', { ...TEST_PRIZES[0]!, image: 'ab'.repeat(32) }, program);
    expect(card.remainingText).toBe('2 of 3 left');
    expect(card.imageUrl).toBe(`/api/wheels/gala%20night/prize-images/${'ab'.repeat(32)}`);
  });

  it('the batch grid lists the latest batch: winners, then unused reserves; a substitute takes the declined place', () => {
    const draws = [
      testProgramDraw(1, 1, { batchId: 'b0' }),
      testProgramDraw(2, 2, { batchId: 'b1' }),
      testProgramDraw(3, 3, { batchId: 'b1', rank: 2, declined: true }),
      testProgramDraw(4, 4, { batchId: 'b1', role: 'reserve', rank: 1 }),
      testProgramDraw(5, 0, { batchId: 'b1', role: 'reserve', rank: 2 }),
      testProgramDraw(6, 4, { batchId: 'b1', rank: 2, substitutes: 3, promotedFrom: 4 }),
    ];
    expect(names(batchItems(testProgram({ draws }), 'gift', null))).toEqual([
      'Name 2',
      'Name 4',
      'Name 0 (R)',
    ]);
    // The landed plan's batch stands in while the program does not list it yet.
    const lastBatch = {
      spinId: 's',
      prizeId: 'gift',
      places: [
        { seq: 7, ticket: 'T8', name: 'Name 8', targetIndex: 8, role: 'winner' as const, rank: 1 },
        { seq: 8, ticket: 'T9', name: 'Name 9', targetIndex: 9, role: 'reserve' as const, rank: 1 },
      ],
    };
    expect(names(batchItems(testProgram({ draws }), 'gift', lastBatch))).toEqual(['Name 8', 'Name 9 (R)']);
    expect(batchAnnouncement('Gift card', batchItems(testProgram({ draws }), 'gift', null))).toBe(
      '2 winners of Gift card: Name 2 (T2), Name 4 (T4)',
    );
  });

  it('the winners scene lists every counted winner by prize in running order; rehearsal ones only while rehearsing', () => {
    const draws = [
      testProgramDraw(1, 0, { prizeId: 'staff', batchId: 's1' }),
      testProgramDraw(2, 3),
      testProgramDraw(3, 4, { declined: true }),
      testProgramDraw(4, 8, { voided: true }),
      testProgramDraw(5, 9, { rehearsal: true }),
      testProgramDraw(6, 7, { role: 'reserve' }),
    ];
    expect(names(winnersItems(testProgram({ draws }), TEST_PRIZES))).toEqual([
      '# Staff prize',
      'Name 0',
      '# Gift card',
      'Name 3',
    ]);
    expect(names(winnersItems(testProgram({ draws, rehearsal: true }), TEST_PRIZES))).toEqual([
      '# Staff prize',
      'Name 0',
      '# Gift card',
      'Name 3',
      'Name 9',
    ]);
  });

  it('pages a grid that does not fit, legibly at 1280×720, a heading never alone at the bottom', () => {
    const layout = computeLayout(1280, 720, { card: true });
    expect(layout.gridFontPx).toBeGreaterThanOrEqual(28);
    const shape = gridShape(layout);
    expect(shape.columns).toBeGreaterThanOrEqual(1);
    const items: GridItem[] = Array.from({ length: 500 }, (_, i) => ({
      kind: 'place',
      name: `Winner ${i}`,
      ticket: String(i),
      role: 'winner',
      rank: i + 1,
    }));
    const pages = paginate(items, shape);
    expect(pages.length).toBe(Math.ceil(500 / (shape.columns * shape.rows)));
    expect(pages.flat()).toEqual(items);
    const headed = paginate(
      [
        { kind: 'place', name: 'a', ticket: '1', role: 'winner', rank: 1 },
        { kind: 'heading', text: 'Second prize' },
        { kind: 'place', name: 'b', ticket: '2', role: 'winner', rank: 1 },
      ],
      { columns: 2, rows: 2 },
    );
    expect(headed.map((page) => page.length)).toEqual([1, 2]);
  });

  it('announces a new substitution once', () => {
    const first = testProgram({
      draws: [testProgramDraw(1, 1, { declined: true }), testProgramDraw(2, 7, { role: 'reserve' })],
    });
    const second = testProgram({
      revision: 'r2',
      draws: [...first.draws, testProgramDraw(3, 7, { substitutes: 1, promotedFrom: 2 })],
    });
    expect(newSubstitutions(null, second)).toEqual([]);
    expect(newSubstitutions(first, second)).toEqual(['Name 1 declined — Name 7 (T7) takes the place']);
    expect(newSubstitutions(second, second)).toEqual([]);
  });

  it('a clicker spins, pages, and moves to the next prize, the winners scene, and back', () => {
    const base: ClickerContext = {
      stage: { prizeId: 'gift', scene: 'wheel', blank: false },
      prizes: TEST_PRIZES,
      program: testProgram(),
      page: 0,
      pageCount: 1,
      idle: true,
    };
    expect(advanceAction(base)).toEqual({ kind: 'spin' });
    const batch = { ...base, stage: { ...base.stage, scene: 'batch' as const }, pageCount: 3 };
    expect(advanceAction(batch)).toEqual({ kind: 'page', page: 1 });
    expect(advanceAction({ ...batch, page: 2 })).toEqual({
      kind: 'stage',
      stage: { prizeId: 'gift', scene: 'wheel' },
    });
    const giftGone = testProgram({ draws: [1, 3, 4].map((index, i) => testProgramDraw(i + 1, index)) });
    expect(advanceAction({ ...base, program: giftGone })).toEqual({
      kind: 'stage',
      stage: { prizeId: 'staff', scene: 'wheel' },
    });
    expect(advanceAction({ ...batch, page: 2, program: giftGone })).toEqual({
      kind: 'stage',
      stage: { prizeId: 'staff', scene: 'wheel' },
    });
    const allGone = testProgram({ draws: [...giftGone.draws, testProgramDraw(9, 0, { prizeId: 'staff' })] });
    expect(advanceAction({ ...base, stage: { ...base.stage, prizeId: 'staff' }, program: allGone })).toEqual({
      kind: 'stage',
      stage: { prizeId: 'staff', scene: 'winners' },
    });
    expect(advanceAction({ ...base, idle: false })).toEqual({ kind: 'none' });
    expect(backAction({ ...batch, page: 1 })).toEqual({ kind: 'page', page: 0 });
    expect(backAction(batch)).toEqual({ kind: 'stage', stage: { prizeId: 'gift', scene: 'wheel' } });
    expect(backAction({ ...base, stage: { ...base.stage, prizeId: 'staff' } })).toEqual({
      kind: 'stage',
      stage: { prizeId: 'gift', scene: 'wheel' },
    });
    expect(backAction(base)).toEqual({ kind: 'none' });
  });
});
