// The draw log: every spin the server decided, in order, with what the display showed. A draw
// that must not count (a mistake on stage) is voided with a reason: it stays in the log, struck
// through, and the void is audited.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { DrawLogEntry, DrawMode } from '../../core/index.ts';
import type { ApiClient, ApiErrorBody, ExportFormat } from '../api/client.ts';
import { saveDownloadedFile } from '../shared/download.ts';
import { ErrorNotice, Loading, formatDateTime } from '../shared/ui.tsx';

const MODE_LABELS: Record<DrawMode, string> = {
  random: 'Random',
  predrawn: 'Pre-drawn',
  fallback: 'Fallback',
  offline: 'Offline',
};

const COLUMN_COUNT = 9;

export function DrawsPanel({ api, slug }: { api: ApiClient; slug: string }) {
  const [draws, setDraws] = useState<DrawLogEntry[] | null>(null);
  const [error, setError] = useState<ApiErrorBody | null>(null);
  const [voidingId, setVoidingId] = useState<string | null>(null);

  const load = useCallback(async () => {
    const result = await api.listDraws(slug);
    if (result.ok) {
      setDraws([...result.data.draws].sort((a, b) => a.seq - b.seq));
      setError(null);
    } else setError(result.error);
  }, [api, slug]);

  useEffect(() => {
    void load();
  }, [load]);

  async function download(format: ExportFormat) {
    setError(null);
    const result = await api.downloadDraws(slug, format);
    if (result.ok) saveDownloadedFile(result.data);
    else setError(result.error);
  }

  return (
    <section aria-labelledby="draws-title">
      <div className="section-head">
        <h2 id="draws-title">Draws</h2>
        <button type="button" onClick={() => void load()}>
          Refresh
        </button>
        <button type="button" disabled={!draws || draws.length === 0} onClick={() => void download('csv')}>
          Download .csv
        </button>
        <button type="button" disabled={!draws || draws.length === 0} onClick={() => void download('xlsx')}>
          Download .xlsx
        </button>
      </div>
      <ErrorNotice error={error} />
      {draws === null && !error ? <Loading what="the draws" /> : null}
      {draws !== null ? (
        <table className="table" data-testid="draws-table">
          <thead>
            <tr>
              <th scope="col" className="numeric">
                #
              </th>
              <th scope="col">Time</th>
              <th scope="col" className="numeric">
                Version
              </th>
              <th scope="col">Ticket</th>
              <th scope="col">Name</th>
              <th scope="col">Mode</th>
              <th scope="col" className="numeric">
                Landed index
              </th>
              <th scope="col" className="numeric">
                Duration
              </th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {draws.length === 0 ? (
              <tr>
                <td colSpan={COLUMN_COUNT} className="muted">
                  No draws yet.
                </td>
              </tr>
            ) : null}
            {draws.map((draw) => (
              <DrawRow
                key={draw.id}
                draw={draw}
                voiding={voidingId === draw.id}
                onStartVoid={() => setVoidingId(draw.id)}
                onCancelVoid={() => setVoidingId(null)}
                onVoid={async (reason) => {
                  const result = await api.voidDraw(slug, draw.id, reason);
                  if (!result.ok) return result.error;
                  setVoidingId(null);
                  await load();
                  return null;
                }}
              />
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

interface DrawRowProps {
  draw: DrawLogEntry;
  voiding: boolean;
  onStartVoid: () => void;
  onCancelVoid: () => void;
  /** Resolves to null when done, else the error to show. */
  onVoid: (reason: string) => Promise<ApiErrorBody | null>;
}

function DrawRow({ draw, voiding, onStartVoid, onCancelVoid, onVoid }: DrawRowProps) {
  const landedElsewhere = draw.landedIndex !== null && draw.landedIndex !== draw.targetIndex;
  const voided = draw.voided === true;
  return (
    <>
      <tr
        data-draw-id={draw.id}
        data-mode={draw.mode}
        data-voided={voided ? 'true' : 'false'}
        className={voided ? 'draw-voided' : undefined}
      >
        <td className="numeric">{draw.seq}</td>
        <td>{formatDateTime(draw.createdAt)}</td>
        <td className="numeric">{draw.version}</td>
        <td>
          <span className="struck">{draw.ticket}</span>
        </td>
        <td>
          <span className="struck">{draw.name}</span>
          {voided ? (
            <div className="void-reason">
              Voided{draw.voidedBy ? ` by ${draw.voidedBy}` : ''}
              {draw.voidedAt ? `, ${formatDateTime(draw.voidedAt)}` : ''}:{' '}
              {draw.voidReason ?? 'no reason given'}
            </div>
          ) : null}
        </td>
        <td>
          <span className={`badge badge-${draw.mode}`}>{MODE_LABELS[draw.mode] ?? draw.mode}</span>
        </td>
        <td
          className={landedElsewhere ? 'numeric cell-alert' : 'numeric'}
          title={landedElsewhere ? `Target was ${draw.targetIndex}` : undefined}
        >
          {draw.landedIndex ?? 'not reported'}
        </td>
        <td className="numeric">
          {draw.durationMs === null ? '—' : `${(draw.durationMs / 1000).toFixed(1)} s`}
        </td>
        <td className="actions">
          {voided ? (
            <span className="badge badge-voided">Voided</span>
          ) : (
            <button
              type="button"
              className="button-small"
              data-testid="draw-void"
              aria-expanded={voiding}
              onClick={voiding ? onCancelVoid : onStartVoid}
            >
              Void
            </button>
          )}
        </td>
      </tr>
      {voiding && !voided ? (
        <tr className="void-form-row">
          <td colSpan={COLUMN_COUNT}>
            <VoidForm draw={draw} onCancel={onCancelVoid} onVoid={onVoid} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

function VoidForm({
  draw,
  onCancel,
  onVoid,
}: {
  draw: DrawLogEntry;
  onCancel: () => void;
  onVoid: (reason: string) => Promise<ApiErrorBody | null>;
}) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiErrorBody | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (reason.trim() === '') return;
    setBusy(true);
    const failure = await onVoid(reason.trim());
    setBusy(false);
    setError(failure);
  }

  return (
    <form className="toolbar" onSubmit={submit} aria-label={`Void draw ${draw.seq}`}>
      <label className="field field-inline">
        <span>Reason</span>
        <input
          className="input-wide"
          value={reason}
          required
          autoFocus
          placeholder="why this draw does not count"
          onChange={(event) => setReason(event.target.value)}
        />
      </label>
      <button type="submit" className="button-danger" disabled={busy || reason.trim() === ''}>
        Void draw #{draw.seq} ({draw.ticket})
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
      <span className="muted">
        The draw stays in the log, marked void; this is recorded in the audit log.
      </span>
      <ErrorNotice error={error} />
    </form>
  );
}
