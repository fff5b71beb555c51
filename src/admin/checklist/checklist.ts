// The first-draw checklist the admin opens on for an empty or demo wheel: five steps from a list
// to a test spin, each marked done from what the server says (wheel summary, links, draw log).
import type { WheelSummary } from '../../core/index.ts';
import type { Tab } from '../shared/route.ts';

export type ChecklistStepId = 'upload' | 'check' | 'publish' | 'presenter' | 'test-spin';

export interface ChecklistStep {
  id: ChecklistStepId;
  title: string;
  hint: string;
  done: boolean;
  /** Where the step is done: an admin tab, or the wheel page (opened in a new tab). */
  target: { tab: Tab } | { wheelPage: true };
}

export interface ChecklistFacts {
  wheel: Pick<WheelSummary, 'latestVersion' | 'entries' | 'draftEntries' | 'demo'>;
  presenterLinks: number;
  draws: number;
}

/** Shown while the wheel holds the demo or nothing, or until its first draw on the organizer's own list. */
export function showsChecklist(facts: ChecklistFacts): boolean {
  const { wheel } = facts;
  if (wheel.demo === true) return true;
  if (wheel.entries === 0 && wheel.draftEntries === 0) return true;
  return wheel.latestVersion === null || facts.draws === 0;
}

export function checklistSteps(facts: ChecklistFacts): ChecklistStep[] {
  const { wheel } = facts;
  const ownList = wheel.demo !== true && wheel.draftEntries > 0;
  const ownPublished = wheel.demo !== true && wheel.latestVersion !== null && wheel.entries > 0;
  return [
    {
      id: 'upload',
      title: 'Upload your participant list',
      hint: 'CSV or spreadsheet with a ticket and a name column; try the sample list first.',
      done: ownList,
      target: { tab: 'upload' },
    },
    {
      id: 'check',
      title: 'Check the entries',
      hint: 'Look over the draft: names, tickets, weights; fix a row in place.',
      done: ownPublished,
      target: { tab: 'draft' },
    },
    {
      id: 'publish',
      title: 'Publish',
      hint: 'Screens show the published list only; the preview says what changes.',
      done: ownPublished,
      target: { tab: 'publish' },
    },
    {
      id: 'presenter',
      title: 'Create a presenter link',
      hint: 'A link (and QR code) for the laptop or phone that runs the draw.',
      done: facts.presenterLinks > 0,
      target: { tab: 'presenter' },
    },
    {
      id: 'test-spin',
      title: 'Do a test spin',
      hint: 'Open the wheel and press Space; in rehearsal (Settings) it counts for nothing.',
      done: facts.draws > 0,
      target: { wheelPage: true },
    },
  ];
}
