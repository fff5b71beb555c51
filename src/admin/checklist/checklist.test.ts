import { describe, expect, it } from 'vitest';
import { checklistSteps, showsChecklist, type ChecklistFacts } from './checklist.ts';

const demo: ChecklistFacts = {
  wheel: { latestVersion: 1, entries: 50, draftEntries: 50, demo: true },
  presenterLinks: 0,
  draws: 0,
};

describe('the first-draw checklist', () => {
  it('shows five steps, none done, on the demo wheel', () => {
    expect(showsChecklist(demo)).toBe(true);
    const steps = checklistSteps(demo);
    expect(steps.map((step) => step.id)).toEqual(['upload', 'check', 'publish', 'presenter', 'test-spin']);
    expect(steps.filter((step) => step.done)).toEqual([]);
  });

  it('shows on an empty wheel and marks steps done as the organizer goes', () => {
    const empty: ChecklistFacts = {
      wheel: { latestVersion: null, entries: 0, draftEntries: 0 },
      presenterLinks: 0,
      draws: 0,
    };
    expect(showsChecklist(empty)).toBe(true);
    const uploaded = { ...empty, wheel: { ...empty.wheel, draftEntries: 120 } };
    expect(checklistSteps(uploaded).map((step) => step.done)).toEqual([true, false, false, false, false]);
    const published = {
      ...uploaded,
      wheel: { latestVersion: 1, entries: 120, draftEntries: 120 },
      presenterLinks: 1,
    };
    expect(checklistSteps(published).map((step) => step.done)).toEqual([true, true, true, true, false]);
    expect(showsChecklist(published)).toBe(true);
  });

  it('is gone once the organizer’s own list has had a draw', () => {
    expect(
      showsChecklist({
        wheel: { latestVersion: 2, entries: 120, draftEntries: 120 },
        presenterLinks: 0,
        draws: 1,
      }),
    ).toBe(false);
  });
});
