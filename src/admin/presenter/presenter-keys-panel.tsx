// Presenter links: a URL with a key that lets one kiosk page spin this wheel, and nothing else.
// The server keeps only the key's hash, so the full link is shown once, right after it is made.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { isLoopbackHost, PRESENTER_KEY_LABEL_MAX_CHARACTERS } from '../../core/index.ts';
import type { ApiClient, ApiErrorBody, CreatedPresenterKey, PresenterKeySummary } from '../api/client.ts';
import { ErrorNotice, Loading, Notice, formatDateTime, WideTable } from '../shared/ui.tsx';
import { QrCode } from './qr-code.tsx';

const COPIED_NOTICE_MS = 2_000;

/**
 * The link as the presenter opens it. The server makes it absolute on PUBLIC_URL or the LAN address
 * (never loopback for another machine); an older server's relative link is completed here.
 */
function toAbsoluteUrl(url: string): string {
  return new URL(url, window.location.origin).toString();
}

/** A link only this machine can open (the server listens on loopback and PUBLIC_URL is unset). */
function isLoopbackLink(url: string): boolean {
  return isLoopbackHost(new URL(url).hostname);
}

export function PresenterKeysPanel({ api, slug }: { api: ApiClient; slug: string }) {
  const [keys, setKeys] = useState<PresenterKeySummary[] | null>(null);
  const [error, setError] = useState<ApiErrorBody | null>(null);
  const [label, setLabel] = useState('');
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedPresenterKey | null>(null);
  const [confirmingId, setConfirmingId] = useState<string | null>(null);
  const [revoking, setRevoking] = useState(false);

  const load = useCallback(async () => {
    const result = await api.listPresenterKeys(slug);
    if (result.ok) setKeys(result.data.keys);
    else setError(result.error);
  }, [api, slug]);

  useEffect(() => {
    void load();
  }, [load]);

  async function create(event: FormEvent) {
    event.preventDefault();
    setCreating(true);
    setError(null);
    const result = await api.createPresenterKey(slug, label.trim());
    setCreating(false);
    if (!result.ok) return setError(result.error);
    setCreated(result.data);
    setLabel('');
    void load();
  }

  async function revoke(id: string) {
    setRevoking(true);
    setError(null);
    const result = await api.revokePresenterKey(slug, id);
    setRevoking(false);
    setConfirmingId(null);
    if (!result.ok) return setError(result.error);
    if (created?.id === id) setCreated(null);
    void load();
  }

  return (
    <section aria-labelledby="presenter-title">
      <h2 id="presenter-title">Presenter links</h2>
      <p className="muted">
        A presenter link opens this wheel with the right to spin it (Space or the Spin button), without an
        admin account. Give one to each screen that runs the draw; revoke it when the event is over.
      </p>
      <form className="card toolbar" onSubmit={create}>
        <label className="field field-inline">
          <span>Label</span>
          <input
            value={label}
            maxLength={PRESENTER_KEY_LABEL_MAX_CHARACTERS}
            placeholder="e.g. Main stage laptop"
            onChange={(event) => setLabel(event.target.value)}
            required
          />
        </label>
        <button
          type="submit"
          className="button-primary"
          data-testid="presenter-key-create"
          disabled={creating || label.trim() === ''}
        >
          {creating ? 'Creating…' : 'Create link'}
        </button>
      </form>
      {created ? <CreatedLink created={created} onDone={() => setCreated(null)} /> : null}
      <ErrorNotice error={error} />
      {keys === null && !error ? <Loading what="the presenter links" /> : null}
      {keys !== null ? (
        <WideTable label="Table of presenter links">
          <table className="table" data-testid="presenter-keys">
            <thead>
              <tr>
                <th scope="col">Label</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.length === 0 ? (
                <tr>
                  <td colSpan={4} className="muted">
                    No presenter links.
                  </td>
                </tr>
              ) : null}
              {keys.map((key) => (
                <tr key={key.id} data-key-id={key.id}>
                  <td>{key.label}</td>
                  <td>
                    {formatDateTime(key.createdAt)}
                    {key.createdBy ? <span className="muted"> by {key.createdBy}</span> : null}
                  </td>
                  <td>
                    {/* Servers that do not track use leave the field out: unknown, not "never". */}
                    {key.lastUsedAt === undefined
                      ? '—'
                      : key.lastUsedAt
                        ? formatDateTime(key.lastUsedAt)
                        : 'never'}
                  </td>
                  <td className="actions">
                    {confirmingId === key.id ? (
                      <>
                        <button
                          type="button"
                          className="button-small button-danger"
                          disabled={revoking}
                          onClick={() => void revoke(key.id)}
                        >
                          Revoke “{key.label}” now
                        </button>
                        <button type="button" className="button-small" onClick={() => setConfirmingId(null)}>
                          Cancel
                        </button>
                      </>
                    ) : (
                      <button type="button" className="button-small" onClick={() => setConfirmingId(key.id)}>
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </WideTable>
      ) : null}
    </section>
  );
}

function CreatedLink({ created, onDone }: { created: CreatedPresenterKey; onDone: () => void }) {
  const url = toAbsoluteUrl(created.url);
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);

  useEffect(() => {
    if (copied === null) return;
    const timer = setTimeout(() => setCopied(null), COPIED_NOTICE_MS);
    return () => clearTimeout(timer);
  }, [copied]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
      setCopied('yes');
    } catch {
      // NOTE: the clipboard API needs a secure context; on plain-HTTP LAN pages the text is selected instead.
      const field = document.getElementById('presenter-key-url-field');
      if (field instanceof HTMLInputElement) field.select();
      setCopied('failed');
    }
  }

  return (
    <Notice kind="warning">
      <p>
        <strong>Link “{created.label}” created.</strong> Copy it now: it will not be shown again (only its
        fingerprint is stored). Anyone with this link can spin the wheel.
      </p>
      <div className="toolbar">
        <input
          id="presenter-key-url-field"
          className="input-wide"
          data-testid="presenter-key-url"
          value={url}
          readOnly
          aria-label="Presenter link"
          onFocus={(event) => event.target.select()}
        />
        <button type="button" onClick={() => void copy()}>
          Copy
        </button>
        <button type="button" onClick={onDone}>
          Done
        </button>
        {copied === 'yes' ? <span role="status">Copied.</span> : null}
        {copied === 'failed' ? <span role="status">Selected: press Ctrl+C to copy.</span> : null}
      </div>
      {isLoopbackLink(url) ? (
        <p data-testid="presenter-key-local-only">
          This link opens on this computer only. For a screen or phone on another machine, start the server
          with <code>HOST=0.0.0.0</code> (or set <code>PUBLIC_URL</code>) and create a new link.
        </p>
      ) : null}
      <figure className="qr-figure">
        <QrCode text={url} label={`QR code of the presenter link “${created.label}”`} />
        <figcaption className="muted">Scan it with the phone or tablet that will run the draw.</figcaption>
      </figure>
    </Notice>
  );
}
