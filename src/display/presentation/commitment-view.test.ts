import { describe, expect, it } from 'vitest';
import type { FetchFunction } from '../net/clock.ts';
import { createManualClock } from '../test-support/manual-clock.ts';
import { startCommitmentSync } from './commitment-view.ts';

const OPEN = 'ab'.repeat(32);
const NEXT = 'cd'.repeat(32);

/** The element's part the view writes, without a DOM. */
function fakeElement() {
  return { hidden: true, textContent: '', dataset: {} as Record<string, string> };
}

function verification(epochs: unknown[], mode = 'verifiable') {
  return { mode, epochs };
}

async function setUp(answer: () => unknown) {
  const manual = createManualClock();
  const element = fakeElement();
  const fetch: FetchFunction = async () => Response.json(answer());
  const sync = startCommitmentSync({
    slug: 'default',
    fetch,
    clock: manual.clock,
    element: element as unknown as HTMLElement,
  });
  await manual.settle();
  return { sync, element, settle: () => manual.settle() };
}

describe('startCommitmentSync', () => {
  it("shows the open epoch's commitment, short on screen and full in data-commitment", async () => {
    const { element } = await setUp(() =>
      verification([{ commitment: OPEN, revealedAt: null, closedAt: null }]),
    );
    expect(element).toMatchObject({
      hidden: false,
      textContent: `Commitment abababab…abababab`,
      dataset: { commitment: OPEN },
    });
  });

  it('hides it when no epoch is open: revealed, closed, or the mode off', async () => {
    for (const answer of [
      verification([{ commitment: OPEN, revealedAt: '2026-12-05T20:00:00.000Z', closedAt: null }]),
      verification([{ commitment: OPEN, revealedAt: null, closedAt: '2026-12-05T20:00:00.000Z' }]),
      verification([{ commitment: OPEN, revealedAt: null, closedAt: null }], 'standard'),
    ]) {
      const { element } = await setUp(() => answer);
      expect(element).toMatchObject({ hidden: true, textContent: '', dataset: { commitment: '' } });
    }
  });

  it('follows verification events and spins, and ignores a malformed commitment', async () => {
    const { sync, element } = await setUp(() =>
      verification([{ commitment: OPEN, revealedAt: null, closedAt: null }]),
    );
    sync.receive({ commitment: NEXT });
    expect(element.dataset.commitment).toBe(NEXT);
    sync.receive({ commitment: '<script>' });
    expect(element).toMatchObject({ hidden: true, dataset: { commitment: '' } });
    sync.receive({ commitment: null });
    expect(element.hidden).toBe(true);
    sync.receive({ other: 1 });
    expect(element.hidden).toBe(true);
  });

  it('lets an event win over a refresh that was asked before it and answers after it', async () => {
    let answer = verification([{ commitment: OPEN, revealedAt: null, closedAt: null }]);
    const { sync, element, settle } = await setUp(() => answer);
    const refreshing = sync.refresh();
    sync.receive({ commitment: NEXT });
    answer = verification([]);
    await refreshing;
    await settle();
    expect(element.dataset.commitment).toBe(NEXT);
  });
});
