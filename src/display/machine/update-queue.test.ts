import { describe, expect, it } from 'vitest';
import {
  EMPTY_SLOT,
  isDue,
  offerUpdate,
  PENDING_APPLY_DELAY_MS,
  scheduleAfterLanding,
} from './update-queue.ts';

describe('the pending slot', () => {
  it('keeps only the newest version offered', () => {
    let slot = offerUpdate(EMPTY_SLOT, { version: 2 });
    slot = offerUpdate(slot, { version: 4 });
    slot = offerUpdate(slot, { version: 3 });
    expect(slot.update?.version).toBe(4);
  });

  it('is due only after the landing plus the reveal delay', () => {
    const slot = offerUpdate(EMPTY_SLOT, { version: 2 });
    expect(isDue(slot, Number.MAX_SAFE_INTEGER)).toBe(false); // still spinning: no due time
    const scheduled = scheduleAfterLanding(slot, 1_000);
    expect(isDue(scheduled, 1_000 + PENDING_APPLY_DELAY_MS - 1)).toBe(false);
    expect(isDue(scheduled, 1_000 + PENDING_APPLY_DELAY_MS)).toBe(true);
    expect(scheduleAfterLanding(EMPTY_SLOT, 5)).toBe(EMPTY_SLOT);
  });
});
