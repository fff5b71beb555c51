// The header: wheel picker, "new wheel", the current published version, open-wheel link, sign out.
import { useState, type FormEvent } from 'react';
import type { AdminUser, ApiClient, ApiErrorBody, WheelSummary } from '../api/client.ts';
import { ErrorNotice, formatDateTime } from '../shared/ui.tsx';

const SLUG_PATTERN = '[a-z0-9][a-z0-9-]{0,62}';

interface WheelBarProps {
  api: ApiClient;
  user: AdminUser;
  wheels: WheelSummary[];
  slug: string;
  onSelect: (slug: string) => void;
  onCreated: (slug: string) => void;
  onLoggedOut: () => void;
}

export function WheelBar({ api, user, wheels, slug, onSelect, onCreated, onLoggedOut }: WheelBarProps) {
  const selected = wheels.find((wheel) => wheel.slug === slug);
  const [creating, setCreating] = useState(false);

  async function logOut() {
    await api.logOut();
    onLoggedOut();
  }

  return (
    <header className="wheel-bar">
      <div className="wheel-bar-row">
        <h1 className="brand">Prize wheel</h1>
        <label className="field field-inline">
          <span>Wheel</span>
          <select value={slug} onChange={(event) => onSelect(event.target.value)}>
            {wheels.map((wheel) => (
              <option key={wheel.slug} value={wheel.slug}>
                {wheel.title ? `${wheel.title} (${wheel.slug})` : wheel.slug}
              </option>
            ))}
            {selected ? null : <option value={slug}>{slug}</option>}
          </select>
        </label>
        <button type="button" onClick={() => setCreating((open) => !open)} aria-expanded={creating}>
          New wheel
        </button>
        <span className="spacer" />
        <span className="muted">Signed in as {user.username}</span>
        <button type="button" onClick={logOut}>
          Sign out
        </button>
      </div>
      <div className="wheel-bar-row wheel-status">
        <span>
          Published version <strong data-testid="current-version">{selected?.latestVersion ?? 'none'}</strong>
          {selected?.publishedAt ? (
            <span className="muted">
              {' '}
              · {formatDateTime(selected.publishedAt)} · {selected.entries.toLocaleString()} entries
            </span>
          ) : null}
        </span>
        <a
          className="button-link-inline"
          href={`/wheel/${encodeURIComponent(slug)}`}
          target="_blank"
          rel="noopener noreferrer"
        >
          Open the wheel in a new tab ↗
        </a>
      </div>
      {creating ? (
        <CreateWheelForm
          api={api}
          onCreated={(newSlug) => {
            setCreating(false);
            onCreated(newSlug);
          }}
        />
      ) : null}
    </header>
  );
}

function CreateWheelForm({ api, onCreated }: { api: ApiClient; onCreated: (slug: string) => void }) {
  const [slug, setSlug] = useState('');
  const [title, setTitle] = useState('');
  const [error, setError] = useState<ApiErrorBody | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const result = await api.createWheel(slug, title || slug);
    setBusy(false);
    if (result.ok) onCreated(slug);
    else setError(result.error);
  }

  return (
    <form className="create-wheel" onSubmit={submit}>
      <label className="field field-inline">
        <span>Slug</span>
        <input
          value={slug}
          onChange={(event) => setSlug(event.target.value.toLowerCase())}
          pattern={SLUG_PATTERN}
          title="Lowercase letters, digits and dashes"
          required
          autoFocus
        />
      </label>
      <label className="field field-inline">
        <span>Title</span>
        <input value={title} onChange={(event) => setTitle(event.target.value)} />
      </label>
      <button className="button-primary" type="submit" disabled={busy}>
        Create
      </button>
      <ErrorNotice error={error} />
    </form>
  );
}
