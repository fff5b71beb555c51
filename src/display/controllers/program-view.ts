import type { Prize, ProgramState, StageState } from '../../core/index.ts';
import type { DisplayState } from '../machine/display-machine.ts';
import { stagePrize } from '../machine/wheel-pool.ts';
import type { Clock } from '../net/clock.ts';
import type { ScreenLayout } from '../render/layout.ts';
import {
  batchAnnouncement,
  batchItems,
  gridShape,
  newSubstitutions,
  paginate,
  prizeCardOf,
  sceneOnScreen,
  winnersItems,
  type GridItem,
} from './program-scenes.ts';

/** A grid that does not fit turns its page by itself this often. */
export const GRID_PAGE_MS = 6_000;
/** How long a substitution notice stays before the grid shows the new winner. */
export const SUBSTITUTION_VISIBLE_MS = 5_000;

/** The page's event-program elements (index.html). */
export interface ProgramElements {
  card: HTMLElement;
  cardImage: HTMLImageElement;
  cardName: HTMLElement;
  cardSponsor: HTMLElement;
  cardRemaining: HTMLElement;
  grid: HTMLElement;
  gridTitle: HTMLElement;
  gridCells: HTMLElement;
  gridPage: HTMLElement;
  rehearsal: HTMLElement;
  substitution: HTMLElement;
  blank: HTMLElement;
  announcer: HTMLElement;
}

function element<T extends HTMLElement>(root: ParentNode, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (found === null) throw new Error(`missing element ${selector}`);
  return found;
}

export function findProgramElements(root: ParentNode): ProgramElements {
  return {
    card: element(root, '#prize-card'),
    cardImage: element(root, '#prize-image'),
    cardName: element(root, '#prize-name'),
    cardSponsor: element(root, '#prize-sponsor'),
    cardRemaining: element(root, '#prize-remaining'),
    grid: element(root, '#stage-grid'),
    gridTitle: element(root, '#stage-grid-title'),
    gridCells: element(root, '#stage-grid-cells'),
    gridPage: element(root, '#stage-grid-page'),
    rehearsal: element(root, '#rehearsal-banner'),
    substitution: element(root, '#substitution'),
    blank: element(root, '#blank-screen'),
    announcer: element(root, '#program-announcer'),
  };
}

export interface ProgramView {
  /** Writes the program's part of the state to the page (card, scene, grid, banner, attributes). */
  render(state: DisplayState): void;
  /** The renderer's layout (every frame; acts only when it changed). */
  updateLayout(layout: ScreenLayout): void;
  /** Whether a prize card is on screen (the wheel leaves it room). */
  hasCard(): boolean;
  /** The grid page on screen and how many there are (1 on the wheel scene). */
  paging(): { page: number; pageCount: number };
  /** Shows grid page `page` (a clicker), restarting the automatic paging. */
  showPage(page: number): void;
  dispose(): void;
}

function setText(target: { textContent: string | null }, text: string): void {
  if (target.textContent !== text) target.textContent = text;
}

function setHidden(target: { hidden: boolean }, hidden: boolean): void {
  if (target.hidden !== hidden) target.hidden = hidden;
}

function cellOf(item: GridItem): HTMLElement {
  const cell = document.createElement('div');
  if (item.kind === 'heading') {
    cell.className = 'grid-heading';
    cell.textContent = item.text;
    return cell;
  }
  cell.className = item.role === 'reserve' ? 'grid-place grid-reserve' : 'grid-place';
  const name = document.createElement('div');
  name.className = 'grid-name';
  name.textContent = item.name;
  const ticket = document.createElement('div');
  ticket.className = 'grid-ticket';
  ticket.textContent = item.role === 'reserve' ? `${item.ticket} · reserve ${item.rank}` : item.ticket;
  cell.append(name, ticket);
  return cell;
}

/**
 * The event program on the big screen: the stage prize's card beside the wheel, the batch grid and
 * the winners scene (paged by themselves), substitution notices, REHEARSAL and the blank screen.
 */
export function createProgramView(deps: {
  elements: ProgramElements;
  root: { style: { setProperty(name: string, value: string): void } };
  setAttribute(name: string, value: string): void;
  getState(): DisplayState;
  clock: Clock;
  slug: string;
}): ProgramView {
  const { elements, clock, setAttribute } = deps;
  let layout: ScreenLayout | null = null;
  let layoutKey = '';
  let cardShown = false;
  /** The program the grids show: it lags behind while a substitution notice is up. */
  let gridProgram: ProgramState | null = null;
  let seenProgram: ProgramState | null = null;
  let substitutionTimer: unknown = null;
  let pageTimer: unknown = null;
  let page = 0;
  let pages: GridItem[][] = [[]];
  let gridKey = '';
  let announcedBatch = '';

  const restartPaging = (): void => {
    if (pageTimer !== null) clock.clearTimeout(pageTimer);
    pageTimer = null;
    if (pages.length <= 1) return;
    pageTimer = clock.setTimeout(() => {
      pageTimer = null;
      page = (page + 1) % pages.length;
      drawPage();
      restartPaging();
    }, GRID_PAGE_MS);
  };

  const drawPage = (): void => {
    const cells = (pages[page] ?? []).map(cellOf);
    elements.gridCells.replaceChildren(...cells);
    setText(elements.gridPage, pages.length > 1 ? `page ${page + 1} of ${pages.length}` : '');
    setAttribute('data-grid-page', String(page + 1));
    setAttribute('data-grid-pages', String(pages.length));
  };

  const showGrid = (title: string, items: GridItem[]): void => {
    const shape = layout === null ? { columns: 1, rows: 6 } : gridShape(layout);
    const key = `${title}|${shape.columns}x${shape.rows}|${JSON.stringify(items)}`;
    setHidden(elements.grid, false);
    if (key === gridKey) return;
    const sameGrid = gridKey.startsWith(`${title}|`);
    gridKey = key;
    setText(elements.gridTitle, title);
    elements.gridCells.style.setProperty('--grid-columns', String(shape.columns));
    pages = paginate(items, shape);
    if (!sameGrid || page >= pages.length) page = 0;
    drawPage();
    restartPaging();
  };

  const hideGrid = (): void => {
    setHidden(elements.grid, true);
    if (gridKey === '') return;
    gridKey = '';
    pages = [[]];
    page = 0;
    if (pageTimer !== null) clock.clearTimeout(pageTimer);
    pageTimer = null;
    setAttribute('data-grid-page', '');
    setAttribute('data-grid-pages', '');
  };

  const showCard = (prize: Prize | null, program: ProgramState | null): void => {
    cardShown = prize !== null && program !== null;
    setAttribute('data-card', cardShown ? 'shown' : 'none');
    if (prize === null || program === null) {
      setHidden(elements.card, true);
      setAttribute('data-prize', '');
      setAttribute('data-prize-remaining', '');
      return;
    }
    const card = prizeCardOf(deps.slug, prize, program);
    setHidden(elements.card, false);
    setText(elements.cardName, prize.name);
    setText(elements.cardSponsor, prize.sponsor === undefined ? '' : `Sponsored by ${prize.sponsor}`);
    setHidden(elements.cardSponsor, prize.sponsor === undefined);
    setText(elements.cardRemaining, card.remainingText);
    if (card.imageUrl === null) {
      setHidden(elements.cardImage, true);
      elements.cardImage.removeAttribute('src');
    } else {
      if (elements.cardImage.getAttribute('src') !== card.imageUrl) elements.cardImage.src = card.imageUrl;
      elements.cardImage.alt = prize.name;
      setHidden(elements.cardImage, false);
    }
    setAttribute('data-prize', prize.id);
    setAttribute('data-prize-remaining', String(card.remaining));
  };

  const noticeSubstitutions = (program: ProgramState): void => {
    const notices = newSubstitutions(seenProgram, program);
    seenProgram = program;
    if (notices.length === 0) {
      if (substitutionTimer === null) gridProgram = program;
      return;
    }
    setText(elements.substitution, notices.join(' · '));
    setHidden(elements.substitution, false);
    setText(elements.announcer, notices.join('. '));
    if (substitutionTimer !== null) clock.clearTimeout(substitutionTimer);
    substitutionTimer = clock.setTimeout(() => {
      substitutionTimer = null;
      setHidden(elements.substitution, true);
      gridProgram = seenProgram;
      render(deps.getState());
    }, SUBSTITUTION_VISIBLE_MS);
  };

  const render = (state: DisplayState): void => {
    const program = state.program;
    if (program !== null && program !== seenProgram) noticeSubstitutions(program);
    const stage: StageState | null = program?.stage ?? null;
    const snapshot = state.wheel?.snapshot ?? null;
    const prizes = snapshot?.prizes ?? [];
    const spinning = state.phase === 'spinning';
    // During a spin the plan's prize is on screen, whatever the stage says.
    const spinPrize = spinning ? (state.spin?.plan.prizeId ?? null) : null;
    const prize =
      snapshot === null
        ? null
        : spinPrize !== null
          ? (prizes.find((candidate) => candidate.id === spinPrize) ?? null)
          : stagePrize(snapshot, program);
    const scene = sceneOnScreen(stage, spinning);
    setAttribute('data-scene', scene);
    setAttribute('data-rehearsal', String(program?.rehearsal ?? false));
    setHidden(elements.rehearsal, program?.rehearsal !== true);
    const blank = stage?.blank === true && !spinning;
    setAttribute('data-blank', String(blank));
    setHidden(elements.blank, !blank);
    setAttribute(
      'data-pool-size',
      String(state.wheel?.pool?.indexes.length ?? state.wheel?.snapshot.entries.length ?? 0),
    );
    showCard(prize, program);
    const shown = gridProgram ?? program;
    const batchPrizeId = prize?.id ?? state.lastBatch?.prizeId ?? null;
    const batch =
      shown !== null && batchPrizeId !== null ? batchItems(shown, batchPrizeId, state.lastBatch) : [];
    setAttribute(
      'data-batch-count',
      String(batch.filter((item) => item.kind === 'place' && item.role === 'winner').length),
    );
    if (scene === 'batch' && shown !== null) {
      const prizeName = prize?.name ?? '';
      showGrid(prizeName, batch);
      const batchKey = `${batchPrizeId}|${batch.length}|${JSON.stringify(batch[0] ?? null)}`;
      if (batchKey !== announcedBatch && batch.length > 0) {
        announcedBatch = batchKey;
        setText(elements.announcer, batchAnnouncement(prizeName, batch));
      }
    } else if (scene === 'winners' && shown !== null) {
      showGrid('Winners', winnersItems(shown, prizes));
    } else {
      hideGrid();
    }
  };

  return {
    render,
    updateLayout(next) {
      const key = `${next.stage.left}|${next.stage.top}|${next.stage.width}|${next.stage.height}|${next.gridFontPx}`;
      layout = next;
      if (key === layoutKey) return;
      layoutKey = key;
      const px = (value: number): string => `${Math.round(value)}px`;
      deps.root.style.setProperty('--stage-left', px(next.stage.left));
      deps.root.style.setProperty('--stage-top', px(next.stage.top));
      deps.root.style.setProperty('--stage-width', px(next.stage.width));
      deps.root.style.setProperty('--stage-height', px(next.stage.height));
      deps.root.style.setProperty('--grid-font', px(next.gridFontPx));
      gridKey = gridKey === '' ? '' : 'relayout';
      render(deps.getState());
    },
    hasCard: () => cardShown,
    paging: () => ({ page, pageCount: gridKey === '' ? 1 : pages.length }),
    showPage(next) {
      if (next < 0 || next >= pages.length || next === page) return;
      page = next;
      drawPage();
      restartPaging();
    },
    dispose() {
      if (pageTimer !== null) clock.clearTimeout(pageTimer);
      if (substitutionTimer !== null) clock.clearTimeout(substitutionTimer);
    },
  };
}
