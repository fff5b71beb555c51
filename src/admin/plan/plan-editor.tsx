// The pre-drawn plan: tickets drawn elsewhere (e.g. by a notary) that the next spins must present.
// On a wheel with prizes each prize may have its own list (its batches take their places from it).
import { useEffect, useMemo, useState } from 'react';
import type { Prize } from '../../core/index.ts';
import type { ApiClient, ApiErrorBody } from '../api/client.ts';
import { ErrorNotice, Loading, Notice, plural } from '../shared/ui.tsx';
import {
  findDuplicateTickets,
  findUnknownTickets,
  formatPlanText,
  parsePlanText,
  parsePrizePlanTexts,
} from './plan-text.ts';

export function PlanEditor({ api, slug }: { api: ApiClient; slug: string }) {
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState<ApiErrorBody | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [published, setPublished] = useState<{ version: number; tickets: string[] } | null>(null);
  const [verifiable, setVerifiable] = useState(false);
  const [prizes, setPrizes] = useState<Prize[]>([]);
  const [prizeTexts, setPrizeTexts] = useState<Record<string, string>>({});

  useEffect(() => {
    let current = true;
    void api.getPlan(slug).then((result) => {
      if (!current) return;
      if (result.ok) {
        setText(formatPlanText(result.data.tickets));
        setPrizeTexts(toPrizeTexts(result.data.prizes));
      } else setError(result.error);
    });
    // The published prizes first (the plan applies to them), then the draft's new ones.
    void Promise.all([api.getLatestSnapshot(slug), api.getDraftPrizes(slug)]).then(([latest, draft]) => {
      if (!current) return;
      const listed = latest.ok ? [...(latest.data.prizes ?? [])] : [];
      for (const prize of draft.ok ? draft.data.prizes : []) {
        if (!listed.some((known) => known.id === prize.id)) listed.push(prize);
      }
      setPrizes(listed);
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
    const prizePlans = Object.keys(prizeTexts).length > 0 ? parsePrizePlanTexts(prizeTexts) : undefined;
    const result = await api.savePlan(slug, tickets, prizePlans);
    setSaving(false);
    if (result.ok) {
      setText(formatPlanText(result.data?.tickets ?? tickets));
      if (result.data?.prizes) setPrizeTexts(toPrizeTexts(result.data.prizes));
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
      {prizes.length > 0 ? (
        <fieldset className="card" data-testid="plan-prizes">
          <legend>Per prize (optional)</legend>
          <p className="muted">
            A prize&apos;s batches take their places from its own list, in order (winners, then reserves); a
            ticket must be eligible for the prize when its turn comes.
          </p>
          {prizes.map((prize) => (
            <label className="field" key={prize.id}>
              <span>
                {prize.name} ({plural(parsePlanText(prizeTexts[prize.id] ?? '').length, 'ticket')})
              </span>
              <textarea
                data-testid={`plan-prize-${prize.id}`}
                rows={4}
                value={prizeTexts[prize.id] ?? ''}
                disabled={verifiable}
                spellCheck={false}
                onChange={(event) => {
                  setPrizeTexts((texts) => ({ ...texts, [prize.id]: event.target.value }));
                  setSaved(false);
                }}
              />
            </label>
          ))}
        </fieldset>
      ) : null}
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

function toPrizeTexts(prizes: Record<string, string[]> | undefined): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const [prizeId, tickets] of Object.entries(prizes ?? {})) texts[prizeId] = formatPlanText(tickets);
  return texts;
}
