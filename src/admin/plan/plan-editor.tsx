// The pre-drawn plan: tickets drawn elsewhere (e.g. by a notary) that the next spins must present.
import { useEffect, useMemo, useState } from 'react';
import type { ApiClient, ApiErrorBody } from '../api/client.ts';
import { ErrorNotice, Loading, Notice, plural } from '../shared/ui.tsx';
import { findDuplicateTickets, findUnknownTickets, formatPlanText, parsePlanText } from './plan-text.ts';

export function PlanEditor({ api, slug }: { api: ApiClient; slug: string }) {
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState<ApiErrorBody | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [published, setPublished] = useState<{ version: number; tickets: string[] } | null>(null);
  const [verifiable, setVerifiable] = useState(false);

  useEffect(() => {
    let current = true;
    void api.getPlan(slug).then((result) => {
      if (!current) return;
      if (result.ok) setText(formatPlanText(result.data.tickets));
      else setError(result.error);
    });
    void api.getVerification(slug).then((result) => {
      if (current && result.ok) setVerifiable(result.data.mode === 'verifiable');
    });
    void api.getLatestSnapshot(slug).then((result) => {
      if (current && result.ok && result.data) {
        setPublished({
          version: result.data.version,
          tickets: result.data.entries.map((entry) => entry.ticket),
        });
      }
    });
    return () => {
      current = false;
    };
  }, [api, slug]);

  const tickets = useMemo(() => parsePlanText(text ?? ''), [text]);
  const duplicates = useMemo(() => findDuplicateTickets(tickets), [tickets]);
  const unknown = useMemo(
    () => (published ? findUnknownTickets(tickets, published.tickets) : []),
    [tickets, published],
  );

  if (text === null) return error ? <ErrorNotice error={error} /> : <Loading what="the plan" />;

  async function save() {
    setSaving(true);
    setError(null);
    setSaved(false);
    const result = await api.savePlan(slug, tickets);
    setSaving(false);
    if (result.ok) {
      setText(formatPlanText(result.data?.tickets ?? tickets));
      setSaved(true);
    } else setError(result.error);
  }

  return (
    <section aria-labelledby="plan-title">
      <h2 id="plan-title">Pre-drawn winners</h2>
      {verifiable ? (
        <div data-testid="plan-disabled">
          <Notice kind="warning">
            <strong>Pre-drawn plans are disabled:</strong> this wheel is in verifiable mode, where every
            winner comes from the committed seed. Turn verifiable mode off in Settings to use a plan.
          </Notice>
        </div>
      ) : null}
      <Notice kind="warning">
        Pre-drawn results are always recorded as <strong>pre-drawn</strong> in the draw log. The wheel
        presents them exactly like random draws, in this order, one per spin; when the list is used up, draws
        are random again.
      </Notice>
      <label className="field">
        <span>Tickets, one per line, in draw order</span>
        <textarea
          data-testid="plan-tickets"
          rows={12}
          value={text}
          disabled={verifiable}
          spellCheck={false}
          onChange={(event) => {
            setText(event.target.value);
            setSaved(false);
          }}
        />
      </label>
      <p className="muted">{plural(tickets.length, 'ticket')} in the plan.</p>
      {duplicates.length > 0 ? (
        <Notice kind="warning">Listed more than once: {duplicates.join(', ')}</Notice>
      ) : null}
      {unknown.length > 0 && published ? (
        <Notice kind="warning">
          Not in the published version {published.version}: {unknown.join(', ')}. A pre-drawn ticket must be
          on the wheel when its turn comes.
        </Notice>
      ) : null}
      <ErrorNotice error={error} />
      {saved ? <Notice kind="success">Plan saved.</Notice> : null}
      <button
        type="button"
        className="button-primary"
        data-testid="plan-save"
        disabled={saving || verifiable}
        onClick={() => void save()}
      >
        {saving ? 'Saving…' : 'Save plan'}
      </button>
    </section>
  );
}
