import {
  prizeRemaining,
  type Prize,
  type ProgramState,
  type PublicProgramDraw,
  type StageScene,
  type StageState,
} from '../../core/index.ts';
import type { LastBatch } from '../machine/display-machine.ts';
import type { ScreenLayout } from '../render/layout.ts';

// What the big screen shows of the event program, as plain data (program-view.ts writes it to the
// page): the prize card, the batch grid, the winners scene, substitutions, and where a clicker's
// "advance" and "back" go. Pure functions of the program and the snapshot's prizes.

/** One cell of a grid: a winner or reserve, or a prize's heading in the winners scene. */
export type GridItem =
  | { kind: 'place'; name: string; ticket: string; role: 'winner' | 'reserve'; rank: number }
  | { kind: 'heading'; text: string };

/** A paged grid: every item, how many fit on a page, and the columns. */
export interface GridPages {
  items: GridItem[];
  columns: number;
  rows: number;
}

/** The prize card: its text and image, and what is left. */
export interface PrizeCard {
  prize: Prize;
  remaining: number;
  /** "3 of 10 left" */
  remainingText: string;
  imageUrl: string | null;
}

/** The program's draws the screens count: live ones, and rehearsal ones only while in rehearsal. */
function shownDraws(program: ProgramState): PublicProgramDraw[] {
  return program.draws.filter((draw) => !draw.voided && (program.rehearsal || !draw.rehearsal));
}

/** What is left of a prize (core rules: rehearsal draws count for nothing, so nothing is used up). */
export function remainingOnScreen(prize: Prize, program: ProgramState): number {
  return prizeRemaining(prize, program.draws);
}

export function prizeCardOf(slug: string, prize: Prize, program: ProgramState): PrizeCard {
  const remaining = remainingOnScreen(prize, program);
  const imageUrl =
    prize.image === undefined
      ? null
      : `/api/wheels/${encodeURIComponent(slug)}/prize-images/${encodeURIComponent(prize.image)}`;
  return { prize, remaining, remainingText: `${remaining} of ${prize.quantity} left`, imageUrl };
}

/** A prize's winners that hold it (not declined, not voided), in running order. */
function winnersOf(draws: readonly PublicProgramDraw[], prizeId: string): PublicProgramDraw[] {
  return draws.filter((draw) => draw.prizeId === prizeId && draw.role === 'winner' && !draw.declined);
}

/**
 * The batch the batch scene shows: the latest press of the stage's prize (winners, then reserves),
 * with declines replaced by who took the place. The landed plan's batch stands in while the
 * program does not list it yet.
 */
export function batchItems(program: ProgramState, prizeId: string, lastBatch: LastBatch | null): GridItem[] {
  const draws = shownDraws(program).filter((draw) => draw.prizeId === prizeId && draw.batchId !== null);
  const latest = draws.at(-1);
  const planBatch = lastBatch !== null && lastBatch.prizeId === prizeId ? lastBatch : null;
  const planListed =
    planBatch === null || planBatch.places.every((place) => draws.some((draw) => draw.seq === place.seq));
  if (planBatch !== null && !planListed)
    return planBatch.places.map((place) => ({
      kind: 'place',
      name: place.name,
      ticket: place.ticket,
      role: place.role,
      rank: place.rank,
    }));
  if (latest === undefined) return [];
  const batch = draws.filter((draw) => draw.batchId === latest.batchId || draw.substitutes !== null);
  const batchSeqs = new Set(draws.filter((draw) => draw.batchId === latest.batchId).map((draw) => draw.seq));
  const places = batch.filter(
    (draw) => !draw.declined && (draw.batchId === latest.batchId || batchSeqs.has(draw.substitutes ?? -1)),
  );
  const winners = places.filter((draw) => draw.role === 'winner');
  const promoted = new Set(winners.map((draw) => draw.promotedFrom).filter((seq) => seq !== null));
  const reserves = places.filter((draw) => draw.role === 'reserve' && !promoted.has(draw.seq));
  return [...winners, ...reserves].map((draw) => ({
    kind: 'place',
    name: draw.name,
    ticket: draw.ticket,
    role: draw.role === 'reserve' ? 'reserve' : 'winner',
    rank: draw.rank ?? 0,
  }));
}

/** The winners scene: every prize with winners, in running order (by its first draw), its winners under it. */
export function winnersItems(program: ProgramState, prizes: readonly Prize[]): GridItem[] {
  const draws = shownDraws(program);
  const order: string[] = [];
  for (const draw of draws)
    if (draw.prizeId !== null && !order.includes(draw.prizeId) && winnersOf(draws, draw.prizeId).length > 0)
      order.push(draw.prizeId);
  const items: GridItem[] = [];
  for (const prizeId of order) {
    const prize = prizes.find((candidate) => candidate.id === prizeId);
    items.push({ kind: 'heading', text: prize?.name ?? prizeId });
    for (const draw of winnersOf(draws, prizeId))
      items.push({
        kind: 'place',
        name: draw.name,
        ticket: draw.ticket,
        role: 'winner',
        rank: draw.rank ?? 0,
      });
  }
  return items;
}

/** Cells 8 em wide (about 14 characters of the grid's font), two lines and a gap high. */
export function gridShape(layout: Pick<ScreenLayout, 'stage' | 'gridFontPx'>): {
  columns: number;
  rows: number;
} {
  const cellWidth = layout.gridFontPx * 8;
  const cellHeight = layout.gridFontPx * 2.5 + 12;
  // The page indicator takes one row's worth at the bottom.
  const columns = Math.max(1, Math.floor(layout.stage.width / cellWidth));
  const rows = Math.max(1, Math.floor((layout.stage.height - layout.gridFontPx * 1.6) / cellHeight));
  return { columns, rows };
}

/**
 * The items split into pages of columns × rows cells; a heading fills a row (it starts a new row
 * and the next item starts the row after it).
 */
export function paginate(items: readonly GridItem[], shape: { columns: number; rows: number }): GridItem[][] {
  const pages: GridItem[][] = [];
  let page: GridItem[] = [];
  let row = 0;
  let column = 0;
  const newPage = (): void => {
    pages.push(page);
    page = [];
    row = 0;
    column = 0;
  };
  for (const item of items) {
    if (item.kind === 'heading') {
      if (column > 0) {
        row += 1;
        column = 0;
      }
      // A heading never ends a page: it goes with at least one row under it.
      if (row + 2 > shape.rows && page.length > 0) newPage();
      page.push(item);
      row += 1;
      continue;
    }
    if (row >= shape.rows) newPage();
    page.push(item);
    column += 1;
    if (column === shape.columns) {
      column = 0;
      row += 1;
    }
  }
  if (page.length > 0 || pages.length === 0) pages.push(page);
  return pages;
}

/** "12 winners of Gift card: Ana Lima (00012), …" for screen readers. */
export function batchAnnouncement(prizeName: string, items: readonly GridItem[]): string {
  const winners = items.filter(
    (item): item is Extract<GridItem, { kind: 'place' }> => item.kind === 'place' && item.role === 'winner',
  );
  const noun = winners.length === 1 ? 'winner' : 'winners';
  return `${winners.length} ${noun} of ${prizeName}: ${winners.map((w) => `${w.name} (${w.ticket})`).join(', ')}`;
}

/** Substitutions in `next` that `previous` did not list: "Ana Lima declined — Bruno Costa (00077) takes the place". */
export function newSubstitutions(previous: ProgramState | null, next: ProgramState): string[] {
  if (previous === null) return [];
  const known = new Set(previous.draws.map((draw) => draw.seq));
  const notices: string[] = [];
  for (const draw of next.draws) {
    if (draw.substitutes === null || known.has(draw.seq)) continue;
    if (draw.rehearsal && !next.rehearsal) continue;
    const declined = next.draws.find((candidate) => candidate.seq === draw.substitutes);
    const who = declined?.name ?? `Ticket ${draw.substitutes}`;
    notices.push(`${who} declined — ${draw.name} (${draw.ticket}) takes the place`);
  }
  return notices;
}

/** Where a clicker's press goes. */
export type ClickerAction =
  | { kind: 'spin' }
  | { kind: 'page'; page: number }
  | { kind: 'stage'; stage: Pick<StageState, 'prizeId' | 'scene'> }
  | { kind: 'none' };

export interface ClickerContext {
  stage: StageState;
  prizes: readonly Prize[];
  program: ProgramState;
  /** The page shown of the current grid, and how many it has (1 on the wheel scene). */
  page: number;
  pageCount: number;
  /** The wheel is at rest and a spin may be asked for. */
  idle: boolean;
}

function remainingOf(prize: Prize, program: ProgramState): number {
  return remainingOnScreen(prize, program);
}

/** The next prize in the list after `prizeId` (or from the start) that has winners left to draw. */
function nextPrizeWithRemaining(
  prizes: readonly Prize[],
  program: ProgramState,
  prizeId: string | null,
  includeSelf: boolean,
): Prize | null {
  const from = prizes.findIndex((prize) => prize.id === prizeId);
  for (let i = includeSelf ? Math.max(0, from) : from + 1; i < prizes.length; i++) {
    const prize = prizes[i] as Prize;
    if (remainingOf(prize, program) > 0) return prize;
  }
  return null;
}

/** PageDown / ArrowRight / Enter: spin, next page, or the next scene or prize. */
export function advanceAction(context: ClickerContext): ClickerAction {
  const { stage, prizes, program } = context;
  const wheelOf = (prize: Prize | null): ClickerAction =>
    prize === null
      ? { kind: 'stage', stage: { prizeId: stage.prizeId, scene: 'winners' } }
      : { kind: 'stage', stage: { prizeId: prize.id, scene: 'wheel' } };
  if (stage.scene !== 'wheel') {
    if (context.page + 1 < context.pageCount) return { kind: 'page', page: context.page + 1 };
    if (stage.scene === 'winners') {
      const next = nextPrizeWithRemaining(prizes, program, null, true);
      return next === null ? { kind: 'none' } : wheelOf(next);
    }
    return wheelOf(nextPrizeWithRemaining(prizes, program, stage.prizeId, true));
  }
  const prize = prizes.find((candidate) => candidate.id === stage.prizeId) ?? null;
  if (prize !== null && remainingOf(prize, program) > 0)
    return context.idle ? { kind: 'spin' } : { kind: 'none' };
  return wheelOf(nextPrizeWithRemaining(prizes, program, stage.prizeId, prize === null));
}

/** PageUp / ArrowLeft: the previous page, else the previous scene, else the previous prize. */
export function backAction(context: ClickerContext): ClickerAction {
  const { stage, prizes } = context;
  if (stage.scene !== 'wheel' && context.page > 0) return { kind: 'page', page: context.page - 1 };
  if (stage.scene !== 'wheel') return { kind: 'stage', stage: { prizeId: stage.prizeId, scene: 'wheel' } };
  const index = prizes.findIndex((prize) => prize.id === stage.prizeId);
  if (index > 0)
    return { kind: 'stage', stage: { prizeId: (prizes[index - 1] as Prize).id, scene: 'wheel' } };
  return { kind: 'none' };
}

/** The scene on screen: the stage's, except that a spin always shows the wheel. */
export function sceneOnScreen(stage: StageState | null, spinning: boolean): StageScene {
  return spinning || stage === null ? 'wheel' : stage.scene;
}
