// The checklist the admin opens on for an empty or demo wheel (checklist.ts decides what is done).
import { useEffect, useState } from 'react';
import type { ApiClient, WheelSummary } from '../api/client.ts';
import type { Tab } from '../shared/route.ts';
import { checklistSteps, showsChecklist, type ChecklistFacts } from './checklist.ts';

const SAMPLE_LIST_URL = '/samples/participants.csv';

export function FirstDrawChecklist({
  api,
  wheel,
  showTab,
}: {
  api: ApiClient;
  wheel: WheelSummary;
  showTab: (tab: Tab) => void;
}) {
  const [counts, setCounts] = useState<{ presenterLinks: number; draws: number } | null>(null);

  useEffect(() => {
    let current = true;
    void Promise.all([api.listPresenterKeys(wheel.slug), api.listDraws(wheel.slug)]).then(([keys, draws]) => {
      if (!current) return;
      // A count that cannot be read counts as none: the step stays open, nothing is hidden.
      setCounts({
        presenterLinks: keys.ok ? keys.data.keys.length : 0,
        draws: draws.ok ? draws.data.draws.length : 0,
      });
    });
    return () => {
      current = false;
    };
  }, [api, wheel.slug]);

  if (counts === null) return null;
  const facts: ChecklistFacts = { wheel, ...counts };
  // Said in the page (hidden) once decided, so a test can wait for the decision, not for time.
  if (!showsChecklist(facts)) return <div hidden data-testid="first-draw-checklist" data-shown="false" />;
  const steps = checklistSteps(facts);
  const wheelPage = `/wheel/${encodeURIComponent(wheel.slug)}`;
  return (
    <section
      className="card checklist"
      aria-labelledby="checklist-title"
      data-testid="first-draw-checklist"
      data-shown="true"
    >
      <h2 id="checklist-title">Your first draw in five steps</h2>
      {wheel.demo ? (
        <p className="muted">
          This wheel holds a demo list of 50 sample names. Replace it with your own list to begin.
        </p>
      ) : null}
      <ol className="checklist-steps">
        {steps.map((step) => (
          <li key={step.id} data-step={step.id} data-done={step.done ? 'true' : 'false'}>
            <span className="checklist-mark" aria-hidden="true">
              {step.done ? '✓' : '○'}
            </span>
            <span className="checklist-text">
              {'tab' in step.target ? (
                <a
                  href={`/admin/wheels/${encodeURIComponent(wheel.slug)}/${step.target.tab}`}
                  onClick={(event) => {
                    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
                    event.preventDefault();
                    if ('tab' in step.target) showTab(step.target.tab);
                  }}
                >
                  {step.title}
                </a>
              ) : (
                <a href={wheelPage} target="_blank" rel="noopener">
                  {step.title}
                </a>
              )}
              {step.done ? <span className="visually-hidden"> (done)</span> : null}
              <span className="muted"> — {step.hint}</span>
              {step.id === 'upload' ? (
                <>
                  {' '}
                  <a href={SAMPLE_LIST_URL} download>
                    Download the sample list
                  </a>
                </>
              ) : null}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
