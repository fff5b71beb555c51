// The wheel's spin settings, saved into the draft (published with the next version).
import { useEffect, useState, type FormEvent } from 'react';
import type { ApiClient, ApiErrorBody } from '../api/client.ts';
import { AppliesWhen, ErrorNotice, Loading, Notice } from '../shared/ui.tsx';
import {
  MAX_SPIN_SECONDS,
  MIN_SPIN_SECONDS,
  PUBLIC_NAMES_CHOICES,
  readSettingsFields,
  toFields,
  type SettingsFields,
} from './settings-fields.ts';

export function SettingsForm({ api, slug }: { api: ApiClient; slug: string }) {
  const [fields, setFields] = useState<SettingsFields | null>(null);
  const [error, setError] = useState<ApiErrorBody | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [saving, setSaving] = useState(false);
  const [hasPrizes, setHasPrizes] = useState(false);

  // Which rule decides who may win again: the prizes' (draft or on screen), else Remove winners.
  useEffect(() => {
    let current = true;
    void Promise.all([api.getDraftPrizes(slug), api.getLatestSnapshot(slug)]).then(([draft, latest]) => {
      if (!current) return;
      const inDraft = draft.ok && draft.data.prizes.length > 0;
      const published = latest.ok && (latest.data.prizes?.length ?? 0) > 0;
      setHasPrizes(inDraft || published);
    });
    return () => {
      current = false;
    };
  }, [api, slug]);

  useEffect(() => {
    let current = true;
    void api.getDraft(slug).then((result) => {
      if (!current) return;
      if (result.ok) setFields(toFields(result.data.settings));
      else setError(result.error);
    });
    return () => {
      current = false;
    };
  }, [api, slug]);

  if (!fields) return error ? <ErrorNotice error={error} /> : <Loading what="the settings" />;

  function update(change: Partial<SettingsFields>) {
    setFields((current) => (current ? { ...current, ...change } : current));
    setSaved(false);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!fields) return;
    const settings = readSettingsFields(fields);
    if (typeof settings === 'string') {
      setProblem(settings);
      return;
    }
    setProblem(null);
    setSaving(true);
    setError(null);
    const result = await api.saveDraftSettings(slug, settings);
    setSaving(false);
    if (result.ok) setSaved(true);
    else setError(result.error);
  }

  return (
    <section aria-labelledby="settings-title">
      <h2 id="settings-title">Spin settings</h2>
      <AppliesWhen when="publish" />
      <p className="muted">Saved into the draft; the wheel uses them from the next published version.</p>
      <form className="card settings-form" onSubmit={submit}>
        <label className="field">
          <span>Spin duration (seconds)</span>
          <input
            type="number"
            min={MIN_SPIN_SECONDS}
            max={MAX_SPIN_SECONDS}
            step="0.5"
            value={fields.spinSeconds}
            onChange={(event) => update({ spinSeconds: event.target.value })}
            required
          />
        </label>
        <label className="field">
          <span>Minimum turns</span>
          <input
            type="number"
            min={1}
            step={1}
            value={fields.minRotations}
            onChange={(event) => update({ minRotations: event.target.value })}
            required
          />
        </label>
        <label className="field">
          <span>Maximum turns</span>
          <input
            type="number"
            min={1}
            step={1}
            value={fields.maxRotations}
            onChange={(event) => update({ maxRotations: event.target.value })}
            required
          />
        </label>
        <label className="field-checkbox">
          <input
            type="checkbox"
            checked={fields.removeWinners}
            onChange={(event) => update({ removeWinners: event.target.checked })}
          />
          <span>Remove winners (each draw publishes a new version without the winner)</span>
        </label>
        <label className="field">
          <span>Names the public sees</span>
          <select
            value={fields.publicNames}
            onChange={(event) => update({ publicNames: event.target.value as SettingsFields['publicNames'] })}
            aria-describedby="public-names-help"
          >
            {PUBLIC_NAMES_CHOICES.map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.label}
              </option>
            ))}
          </select>
          <small id="public-names-help" className="muted">
            Applies from the next publish to the wheel screens, the event stream, /verify, /results and the
            certificate; you and the presenter always see full names. Versions published before keep the names
            they were published with: choose this before the first publish.
          </small>
        </label>
        {hasPrizes ? (
          <Notice kind="info">
            <span data-testid="remove-winners-rule">
              This wheel has prizes: each prize&apos;s rules decide who may win again; Remove winners applies
              only to wheels without prizes.
            </span>
          </Notice>
        ) : null}
        <ErrorNotice error={error} />
        {problem ? <ErrorNotice>{problem}</ErrorNotice> : null}
        {saved ? (
          <Notice kind="success">Settings saved into the draft; publish to use them on the wheel.</Notice>
        ) : null}
        <div>
          <button type="submit" className="button-primary" disabled={saving}>
            {saving ? 'Saving…' : 'Save settings'}
          </button>
        </div>
      </form>
    </section>
  );
}
