// The wheel's presentation: the title and logo every screen shows and what a presenter screen does
// when a spin cannot reach the server. Live settings: saved at once, pushed to open screens (not
// part of the draft or of any published version).
import { useEffect, useState, type ChangeEvent, type FormEvent } from 'react';
import {
  APPEARANCE_TITLE_MAX_CHARACTERS,
  LOGO_MAX_BYTES,
  type AdminAppearance,
  type OfflineSpinPolicy,
} from '../../core/index.ts';
import type { ApiClient, ApiErrorBody, AppearanceChange } from '../api/client.ts';
import { AppliesWhen, ErrorNotice, Loading, Notice } from '../shared/ui.tsx';
import { checkLogoBytes } from './logo-file.ts';
import './appearance.css';

/** A logo chosen but not saved yet: its preview and bytes, or its removal. */
type PendingLogo = { kind: 'new'; base64: string; previewUrl: string; name: string } | { kind: 'remove' };

/** The offline-spin policies, in the order the form offers them. */
const OFFLINE_SPIN_CHOICES: ReadonlyArray<{ value: OfflineSpinPolicy; label: string }> = [
  { value: 'allow', label: 'Draw on the presenter screen and record it when the server is back (default)' },
  { value: 'refuse', label: 'Refuse: the screen says spins are paused until the server is back' },
];

export function AppearanceForm({ api, slug }: { api: ApiClient; slug: string }) {
  const [saved, setSaved] = useState<AdminAppearance | null>(null);
  const [title, setTitle] = useState('');
  const [offlineSpins, setOfflineSpins] = useState<OfflineSpinPolicy>('allow');
  const [pendingLogo, setPendingLogo] = useState<PendingLogo | null>(null);
  const [error, setError] = useState<ApiErrorBody | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  /** After a save: whether a logo refused since the last save was left out of it. */
  const [done, setDone] = useState<{ logoRefused: boolean } | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    let current = true;
    void api.getAppearance(slug).then((result) => {
      if (!current) return;
      if (result.ok) {
        setSaved(result.data);
        setTitle(result.data.title);
        setOfflineSpins(result.data.offlineSpins);
      } else setError(result.error);
    });
    return () => {
      current = false;
    };
  }, [api, slug]);

  // The preview's object URL lives as long as the pending logo.
  useEffect(
    () => () => {
      if (pendingLogo?.kind === 'new') URL.revokeObjectURL(pendingLogo.previewUrl);
    },
    [pendingLogo],
  );

  if (!saved) return error ? <ErrorNotice error={error} /> : <Loading what="the presentation settings" />;

  async function chooseLogo(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = ''; // choosing the same file again still fires
    if (!file) return;
    setDone(null);
    const checked = checkLogoBytes(new Uint8Array(await file.arrayBuffer()));
    if (!checked.ok) {
      setProblem(`${file.name}: ${checked.message}`);
      // An earlier pick is dropped too: after a refusal, saving never changes the logo.
      setPendingLogo((pending) => (pending?.kind === 'new' ? null : pending));
      return;
    }
    setProblem(null);
    setPendingLogo({
      kind: 'new',
      base64: checked.base64,
      previewUrl: URL.createObjectURL(file),
      name: file.name,
    });
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setError(null);
    setDone(null);
    const change: AppearanceChange = { title: title.trim(), offlineSpins };
    if (pendingLogo?.kind === 'new') change.logo = pendingLogo.base64;
    if (pendingLogo?.kind === 'remove') change.logo = null;
    const result = await api.saveAppearance(slug, change);
    setSaving(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setSaved(result.data);
    setTitle(result.data.title);
    setPendingLogo(null);
    // NOTE: a refused logo was never sent; the notice must not let "saved" read as "logo saved".
    setDone({ logoRefused: problem !== null });
    setProblem(null);
  }

  const previewUrl =
    pendingLogo?.kind === 'new'
      ? pendingLogo.previewUrl
      : pendingLogo?.kind === 'remove'
        ? null
        : saved.logoUrl;

  return (
    <section aria-labelledby="appearance-title">
      <h2 id="appearance-title">Presentation</h2>
      <AppliesWhen when="now" />
      <p className="muted">
        What every screen of this wheel shows, and what a presenter screen does without the server. Saved at
        once and pushed to open screens (not part of the draft).
      </p>
      <form className="card settings-form" onSubmit={submit} data-testid="appearance-form">
        <label className="field">
          <span>Title on the screen (empty: none)</span>
          <input
            type="text"
            name="title"
            maxLength={APPEARANCE_TITLE_MAX_CHARACTERS}
            value={title}
            onChange={(event) => {
              setTitle(event.target.value);
              setDone(null);
            }}
          />
        </label>
        <div className="field">
          <span>Logo (PNG, JPEG or WebP, at most {LOGO_MAX_BYTES / 1024} KB)</span>
          <div className="logo-preview" data-testid="logo-preview">
            {previewUrl ? (
              <img src={previewUrl} alt="Logo preview" />
            ) : (
              <span className="muted">
                {pendingLogo?.kind === 'remove' ? 'Removed when saved' : 'No logo'}
              </span>
            )}
          </div>
          <input
            type="file"
            name="logo"
            accept="image/png,image/jpeg,image/webp"
            aria-label="Choose a logo"
            onChange={(event) => void chooseLogo(event)}
          />
          {pendingLogo?.kind === 'new' ? (
            <span className="muted">{pendingLogo.name}, saved with the form</span>
          ) : null}
          {saved.logo !== null && pendingLogo?.kind !== 'remove' ? (
            <button type="button" onClick={() => setPendingLogo({ kind: 'remove' })}>
              Remove logo
            </button>
          ) : null}
        </div>
        <fieldset className="field">
          <legend>When a spin cannot reach the server</legend>
          {OFFLINE_SPIN_CHOICES.map(({ value, label }) => (
            <label className="field-checkbox" key={value}>
              <input
                type="radio"
                name="offlineSpins"
                value={value}
                checked={offlineSpins === value}
                onChange={() => setOfflineSpins(value)}
              />
              <span>{label}</span>
            </label>
          ))}
        </fieldset>
        <ErrorNotice error={error} />
        {problem ? <ErrorNotice>{problem}</ErrorNotice> : null}
        {done?.logoRefused ? (
          <Notice kind="warning">
            Title and offline setting saved; the refused logo was not saved (the screens keep{' '}
            {saved.logo === null ? 'no logo' : 'the previous logo'}).
          </Notice>
        ) : null}
        {done && !done.logoRefused ? (
          <Notice kind="success">Presentation saved; open screens show it now.</Notice>
        ) : null}
        <div>
          <button type="submit" className="button-primary" disabled={saving}>
            {saving ? 'Saving…' : 'Save presentation'}
          </button>
        </div>
      </form>
    </section>
  );
}
