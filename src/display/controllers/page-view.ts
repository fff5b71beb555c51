import { indexAt, type SpinPlan } from '../../core/index.ts';
import type { DisplayState } from '../machine/display-machine.ts';
import type { Clock } from '../net/clock.ts';
import { screenArcs, snapshotIndexOf } from '../machine/wheel-pool.ts';
import type { ScreenLayout } from '../render/layout.ts';

/** The Spin button's label when a press may ask the server (index.html has the same). */
export const SPIN_BUTTON_LABEL = 'Spin';

/** How long a "spins are paused" message stays on screen. */
export const NOTICE_VISIBLE_MS = 8_000;
const CALLOUT_MIN_INTERVAL_MS = 50;

interface TextElement {
  textContent: string | null;
}

/** The parts of the page the view writes (plain objects in unit tests). */
export interface PageElements {
  root: {
    setAttribute(name: string, value: string): void;
    style: { setProperty(name: string, value: string): void };
  };
  calloutName: TextElement;
  calloutTicket: TextElement;
  status: TextElement;
  reveal: { hidden: boolean };
  revealName: TextElement;
  revealTicket: TextElement;
  announcer: TextElement;
  connectionBadge: { hidden: boolean };
  spinButton: { hidden: boolean; disabled: boolean; textContent: string | null };
  /** The participant count on the hub of a wheel too crowded to label (absent in some unit tests). */
  wheelCount?: { hidden: boolean; textContent: string | null };
}

export interface PageView {
  /** Writes the state to the page's data-* attributes, status line and spin button. */
  render(state: DisplayState): void;
  /** Sets a data attribute on the wheel element (written only when its value changes). */
  setAttribute(name: string, value: string): void;
  /** Shows a message in the status line for NOTICE_VISIBLE_MS while the wheel is idle. */
  showNotice(text: string): void;
  revealWinner(plan: SpinPlan): void;
  hideReveal(): void;
  /**
   * The name and ticket under the pointer at `rotation`, and `data-callout`: `idle` before any spin
   * (shown small and quiet: it is not a winner), `spinning`, `winner` at rest after a spin.
   */
  updateCallout(state: DisplayState, rotation: number, nowMs: number): void;
  /**
   * "N participants" on the hub while the wheel holds entries it could not label (`labelCount`
   * fewer than its slices), so a crowded wheel is not a bare rainbow; `data-wheel-count` is N then,
   * empty otherwise.
   */
  updateWheelCount(state: DisplayState, labelCount: number): void;
  updateLayout(layout: ScreenLayout): void;
  /**
   * While a Spin press must wait: "Wait N s" on the button and `data-spin-wait` (whole seconds
   * left) on the wheel element; the label and an empty attribute otherwise. Called every frame.
   */
  updateSpinWait(state: DisplayState, nowMs: number): void;
}

function element<T extends HTMLElement>(root: ParentNode, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (found === null) throw new Error(`missing element ${selector}`);
  return found;
}

/** The wheel page's elements (index.html); throws when one is missing. */
export function findPageElements(root: HTMLElement): PageElements & {
  canvas: HTMLCanvasElement;
  spinButton: HTMLButtonElement;
  muteButton: HTMLButtonElement;
  diagnosticsPanel: HTMLElement;
} {
  return {
    root,
    canvas: element(root, '#wheel-canvas'),
    calloutName: element(root, '#callout-name'),
    calloutTicket: element(root, '#callout-ticket'),
    status: element(root, '#status'),
    reveal: element(root, '#reveal'),
    revealName: element(root, '#reveal-name'),
    revealTicket: element(root, '#reveal-ticket'),
    announcer: element(root, '#announcer'),
    connectionBadge: element(root, '#connection-badge'),
    spinButton: element(root, '#spin-button'),
    wheelCount: element(root, '#wheel-count'),
    muteButton: element(root, '#mute-button'),
    diagnosticsPanel: element(root, '#diagnostics'),
  };
}

/** Sets a data attribute only when its value changes (attributes are written every frame otherwise). */
function createAttributeWriter(target: PageElements['root']): (name: string, value: string) => void {
  const written = new Map<string, string>();
  return (name, value) => {
    if (written.get(name) === value) return;
    written.set(name, value);
    target.setAttribute(name, value);
  };
}

function statusText(state: DisplayState, notice: string): string {
  switch (state.phase) {
    case 'loading':
      return 'Loading…';
    case 'empty':
      return 'Waiting for the list…';
    case 'idle':
      return notice;
    case 'spinning':
      return '';
  }
}

function renderState(
  elements: PageElements,
  setAttribute: (name: string, value: string) => void,
  state: DisplayState,
  options: { slug: string; notice: string },
): void {
  const wheel = state.wheel;
  setAttribute('data-state', state.phase);
  setAttribute('data-version', wheel === null ? '' : String(wheel.version));
  setAttribute('data-entry-count', String(wheel?.snapshot.entries.length ?? 0));
  setAttribute(
    'data-pending-version',
    state.pending.update === null ? '' : String(state.pending.update.version),
  );
  setAttribute('data-last-spin-id', state.lastSpin?.id ?? '');
  setAttribute('data-last-winner', state.lastSpin?.ticket ?? '');
  setAttribute('data-connection', state.connection);
  setAttribute('data-title', wheel?.snapshot.wheel ?? options.slug);
  if (state.canSpin !== null) {
    elements.spinButton.hidden = !state.canSpin;
    setAttribute('data-can-spin', String(state.canSpin));
  }
  elements.connectionBadge.hidden = state.connection === 'online';
  const text = statusText(state, options.notice);
  if (elements.status.textContent !== text) elements.status.textContent = text;
  elements.spinButton.disabled =
    state.phase !== 'idle' || state.drawRequest.inFlight || state.spinWait !== null;
}

/** The wait before a Spin press may ask the server, in whole seconds (at least 1), on the button and the wheel. */
function showSpinWait(
  elements: PageElements,
  setAttribute: (name: string, value: string) => void,
  state: DisplayState,
  nowMs: number,
): void {
  const seconds =
    state.spinWait === null ? null : Math.max(1, Math.ceil((state.spinWait.untilMs - nowMs) / 1000));
  setAttribute('data-spin-wait', seconds === null ? '' : String(seconds));
  setText(elements.spinButton, seconds === null ? SPIN_BUTTON_LABEL : `Wait ${seconds} s`);
}

const COUNT_FORMAT = new Intl.NumberFormat('en');

/** "1 participant", "1,204 participants". */
export function participantCountText(count: number): string {
  return `${COUNT_FORMAT.format(count)} participant${count === 1 ? '' : 's'}`;
}

function setText(element: TextElement, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}

/**
 * Keeps the callout (the name under the pointer) in step with the wheel, calmly while it races; at
 * rest after a spin it names that spin's winner.
 */
function createCallout(
  elements: PageElements,
  setAttribute: (name: string, value: string) => void,
): PageView['updateCallout'] {
  let shownIndex = -1;
  let shownChecksum = '';
  let updatedAtMs = -Infinity;
  return (state, rotation, nowMs) => {
    const wheel = state.wheel;
    const arcs = wheel === null ? null : screenArcs(wheel);
    if (wheel === null || arcs === null) {
      setAttribute('data-callout', 'idle');
      if (shownIndex !== -1) {
        elements.calloutName.textContent = '';
        elements.calloutTicket.textContent = '';
        shownIndex = -1;
      }
      setAttribute('data-pointer-index', '');
      return;
    }
    const position = indexAt(arcs, rotation);
    const index = snapshotIndexOf(wheel, position);
    setAttribute('data-pointer-index', String(index));
    const winner = state.phase === 'spinning' ? null : state.lastSpin;
    setAttribute(
      'data-callout',
      winner !== null ? 'winner' : state.phase === 'spinning' ? 'spinning' : 'idle',
    );
    if (winner !== null) {
      // NOTE: the winner stays the name on screen until the next spin, even when a newer version
      // (e.g. the one without the winner) puts another name under the pointer.
      shownIndex = -1;
      setText(elements.calloutName, winner.name);
      setText(elements.calloutTicket, winner.ticket);
      return;
    }
    if (index === shownIndex && shownChecksum === wheel.snapshot.checksum) return;
    // While the wheel races, names flash by faster than anyone reads: repaint the text at most
    // every CALLOUT_MIN_INTERVAL_MS (a repaint per frame is measurable on software-rendered screens).
    if (state.phase === 'spinning' && nowMs - updatedAtMs < CALLOUT_MIN_INTERVAL_MS) return;
    updatedAtMs = nowMs;
    shownIndex = index;
    shownChecksum = wheel.snapshot.checksum;
    const entry = wheel.snapshot.entries[index];
    elements.calloutName.textContent = entry?.name ?? '';
    elements.calloutTicket.textContent = entry === undefined ? '' : entry.ticket;
  };
}

export function createPageView(deps: {
  elements: PageElements;
  getState(): DisplayState;
  clock: Clock;
  slug: string;
}): PageView {
  const { elements, clock } = deps;
  const setAttribute = createAttributeWriter(elements.root);
  let notice = '';
  let noticeTimer: unknown = null;
  let layoutKey = '';
  const render = (state: DisplayState): void => {
    renderState(elements, setAttribute, state, { slug: deps.slug, notice });
    showSpinWait(elements, setAttribute, state, clock.now());
  };
  return {
    render,
    setAttribute,
    showNotice(text) {
      notice = text;
      if (noticeTimer !== null) clock.clearTimeout(noticeTimer);
      noticeTimer = clock.setTimeout(() => {
        noticeTimer = null;
        notice = '';
        render(deps.getState());
      }, NOTICE_VISIBLE_MS);
      render(deps.getState());
    },
    revealWinner(plan) {
      elements.revealName.textContent = plan.name;
      elements.revealTicket.textContent = `Ticket ${plan.ticket}`;
      elements.reveal.hidden = false;
      elements.announcer.textContent = `Winner: ${plan.name}, ticket ${plan.ticket}`;
    },
    hideReveal() {
      elements.reveal.hidden = true;
    },
    updateCallout: createCallout(elements, setAttribute),
    updateWheelCount(state, labelCount) {
      const arcs = state.wheel === null ? null : screenArcs(state.wheel);
      const count = arcs === null || labelCount >= arcs.count ? null : arcs.count;
      setAttribute('data-wheel-count', count === null ? '' : String(count));
      if (elements.wheelCount === undefined) return;
      elements.wheelCount.hidden = count === null;
      if (count !== null) setText(elements.wheelCount, participantCountText(count));
    },
    updateSpinWait: (state, nowMs) => showSpinWait(elements, setAttribute, state, nowMs),
    updateLayout(layout) {
      const key = `${layout.headerHeight}|${layout.calloutBandHeight}|${layout.centerY}|${layout.radius}`;
      if (key === layoutKey) return;
      layoutKey = key;
      elements.root.style.setProperty('--wheel-radius', `${layout.radius}px`);
      elements.root.style.setProperty('--header-band', `${layout.headerHeight}px`);
      elements.root.style.setProperty('--callout-band', `${layout.calloutBandHeight}px`);
      elements.root.style.setProperty('--wheel-center-y', `${layout.centerY}px`);
    },
  };
}
