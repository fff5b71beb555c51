import { describe, expect, it } from 'vitest';
import { computeSnapshotChecksum, sliceStart, sliceWidth, spinEndRotation } from '../../core/index.ts';
import { prepareWheel } from '../machine/display-machine.ts';
import { createDisplayStore } from '../machine/display-store.ts';
import { createManualClock } from '../test-support/manual-clock.ts';
import { idleStore, testPlan, testSnapshot } from '../test-support/fakes.ts';
import { createPageView, NOTICE_VISIBLE_MS, participantCountText, type PageElements } from './page-view.ts';

function fakeElements() {
  const attributes = new Map<string, string>();
  const writes: string[] = [];
  const style = new Map<string, string>();
  const text = () => ({ textContent: '' as string | null });
  const elements: PageElements = {
    root: {
      setAttribute: (name, value) => {
        writes.push(name);
        attributes.set(name, value);
      },
      style: { setProperty: (name, value) => void style.set(name, value) },
    },
    calloutName: text(),
    calloutTicket: text(),
    status: text(),
    reveal: { hidden: true },
    revealName: text(),
    revealTicket: text(),
    announcer: text(),
    connectionBadge: { hidden: true },
    spinButton: { hidden: true, disabled: false, textContent: 'Spin' },
  };
  return { elements, attributes, writes, style };
}

function setUp(store = idleStore(), clock = createManualClock().clock) {
  const page = fakeElements();
  const view = createPageView({ elements: page.elements, getState: store.getState, clock, slug: 'gala' });
  return { page, store, view };
}

describe('createPageView', () => {
  it("writes the state to the page's attributes, and only the ones that changed", () => {
    const { page, store, view } = setUp(createDisplayStore());
    view.render(store.getState());
    expect(page.attributes.get('data-state')).toBe('loading');
    expect(page.attributes.get('data-title')).toBe('gala');
    expect(page.attributes.has('data-can-spin')).toBe(false); // not known yet
    expect(page.elements.status.textContent).toBe('Loading…');
    const written = page.writes.length;
    view.render(store.getState());
    expect(page.writes).toHaveLength(written);

    store.dispatch({ type: 'snapshot-verified', wheel: idleStore(4).getState().wheel!, atMs: 0 });
    store.dispatch({ type: 'rights-known', canSpin: true });
    store.dispatch({ type: 'sync-failed', atMs: 1 });
    view.render(store.getState());
    expect(Object.fromEntries(page.attributes)).toMatchObject({
      'data-state': 'idle',
      'data-version': '4',
      'data-entry-count': '10',
      'data-connection': 'offline',
      'data-can-spin': 'true',
    });
    expect(page.elements.connectionBadge.hidden).toBe(false);
    expect(page.elements.spinButton).toEqual({ hidden: false, disabled: false, textContent: 'Spin' });
    store.dispatch({ type: 'draw-requested' });
    view.render(store.getState());
    expect(page.elements.spinButton.disabled).toBe(true);
  });

  it('keeps naming the winner after the landing, when a newer version puts another name under the pointer', () => {
    const { page, store, view } = setUp();
    const arcs = store.getState().wheel!.arcs!;
    const plan = testPlan(1);
    const endRotation = spinEndRotation(arcs, plan, 0);
    store.dispatch({ type: 'spin-started', spin: { plan, startRotation: 0, endRotation, startedAtMs: 0 } });
    store.dispatch({ type: 'spin-landed', atMs: plan.durationMs });
    view.updateCallout(store.getState(), endRotation, plan.durationMs);
    expect(page.elements.calloutName.textContent).toBe('Name 3');
    // The version without the winner: the slice under the pointer is now the next person's.
    store.dispatch({ type: 'apply-pending-now' });
    const { checksum: _, ...body } = testSnapshot(2);
    const withoutWinner = { ...body, entries: body.entries.filter((entry) => entry.ticket !== 'T3') };
    const prepared = prepareWheel({ ...withoutWinner, checksum: computeSnapshotChecksum(withoutWinner) });
    if (!prepared.ok) throw new Error('bad test wheel');
    store.dispatch({ type: 'snapshot-verified', wheel: prepared.wheel, atMs: plan.durationMs + 2_000 });
    expect(store.getState().wheel?.version).toBe(2);
    view.updateCallout(store.getState(), endRotation, plan.durationMs + 2_000);
    expect(page.attributes.get('data-pointer-index')).toBe('3');
    expect(page.elements.calloutName.textContent).toBe('Name 3');
    expect(page.elements.calloutTicket.textContent).toBe('T3');
  });

  it('marks the callout idle before the first spin, spinning while it turns, winner once landed', () => {
    const { page, store, view } = setUp();
    view.updateCallout(store.getState(), 0, 0);
    expect(page.attributes.get('data-callout')).toBe('idle');
    const arcs = store.getState().wheel!.arcs!;
    const plan = testPlan(1);
    const endRotation = spinEndRotation(arcs, plan, 0);
    store.dispatch({ type: 'spin-started', spin: { plan, startRotation: 0, endRotation, startedAtMs: 0 } });
    view.updateCallout(store.getState(), 10, 100);
    expect(page.attributes.get('data-callout')).toBe('spinning');
    store.dispatch({ type: 'spin-landed', atMs: plan.durationMs });
    view.updateCallout(store.getState(), endRotation, plan.durationMs);
    expect(page.attributes.get('data-callout')).toBe('winner');
  });

  it('says how many participants a wheel holds while some of its slices have no label', () => {
    const { page, store, view } = setUp();
    const wheelCount = { hidden: true, textContent: '' as string | null };
    const withCount = createPageView({
      elements: { ...page.elements, wheelCount },
      getState: store.getState,
      clock: createManualClock().clock,
      slug: 'gala',
    });
    withCount.updateWheelCount(store.getState(), 4);
    expect(wheelCount).toEqual({ hidden: false, textContent: '10 participants' });
    expect(page.attributes.get('data-wheel-count')).toBe('10');
    withCount.updateWheelCount(store.getState(), 10);
    expect(wheelCount.hidden).toBe(true);
    expect(page.attributes.get('data-wheel-count')).toBe('');
    view.updateWheelCount(store.getState(), 0); // a page without the element still sets the attribute
    expect(page.attributes.get('data-wheel-count')).toBe('10');
    expect(participantCountText(1)).toBe('1 participant');
    expect(participantCountText(1204)).toBe('1,204 participants');
  });

  it('shows a notice on the idle wheel for NOTICE_VISIBLE_MS', async () => {
    const manual = createManualClock();
    const { page, view } = setUp(idleStore(), manual.clock);
    view.showNotice('Spins are paused.');
    expect(page.elements.status.textContent).toBe('Spins are paused.');
    await manual.advance(NOTICE_VISIBLE_MS - 1);
    expect(page.elements.status.textContent).toBe('Spins are paused.');
    await manual.advance(1);
    expect(page.elements.status.textContent).toBe('');
  });

  it('names the entry under the pointer, and reveals the winner', () => {
    const { page, store, view } = setUp();
    const arcs = store.getState().wheel!.arcs!;
    view.updateCallout(store.getState(), 360 - (sliceStart(arcs, 2) + sliceWidth(arcs, 2) / 2), 0);
    expect(page.attributes.get('data-pointer-index')).toBe('2');
    expect(page.elements.calloutName.textContent).toBe('Name 2');
    expect(page.elements.calloutTicket.textContent).toBe('T2');
    view.revealWinner(testPlan(1));
    expect(page.elements.reveal.hidden).toBe(false);
    expect(page.elements.announcer.textContent).toBe('Winner: Name 3, ticket T3');
    view.hideReveal();
    expect(page.elements.reveal.hidden).toBe(true);
  });

  it('shows the wait on the Spin button and in data-spin-wait, and the label again once it is over', () => {
    const { page, store, view } = setUp();
    store.dispatch({ type: 'spin-wait-started', untilMs: 4_200 });
    view.render(store.getState());
    view.updateSpinWait(store.getState(), 0);
    expect(page.elements.spinButton).toMatchObject({ disabled: true, textContent: 'Wait 5 s' });
    expect(page.attributes.get('data-spin-wait')).toBe('5');
    view.updateSpinWait(store.getState(), 3_500);
    expect(page.elements.spinButton.textContent).toBe('Wait 1 s');
    expect(page.attributes.get('data-spin-wait')).toBe('1');
    store.dispatch({ type: 'spin-wait-ended', atMs: 4_200 });
    view.render(store.getState());
    view.updateSpinWait(store.getState(), 4_200);
    expect(page.elements.spinButton).toMatchObject({ disabled: false, textContent: 'Spin' });
    expect(page.attributes.get('data-spin-wait')).toBe('');
  });
});
