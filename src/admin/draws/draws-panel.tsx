// The draw log: every spin the server decided, in order, with what the display showed. A draw
// that must not count (a mistake on stage) is voided with a reason: it stays in the log, struck
// through, and the void is audited. On a wheel with prizes each draw names its prize, role and
// rank; a winner who does not take the prize is declined with a reason (a reserve or a new draw
// takes the place), and rehearsal draws are marked: they count for nothing.
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import type { DrawLogEntry, DrawMode } from '../../core/index.ts';
import type { ApiClient, ApiErrorBody, ExportFormat } from '../api/client.ts';
import { saveDownloadedFile } from '../shared/download.ts';
import { ErrorNotice, Loading, formatDateTime, WideTable } from '../shared/ui.tsx';
import { canDecline, describePlace, prizeNames as namePrizes, usedReserves } from './program-draw.ts';

const MODE_LABELS: Record<DrawMode, string> = {
  random: 'Random',
  predrawn: 'Pre-drawn',
  fallback: 'Fallback',
  offline: 'Offline',
};

const COLUMN_COUNT = 10;

type RowAction = 'void' | 'decline';

export function DrawsPanel({ api, slug }: { api: ApiClient; slug: string }) {
  const [draws, setDraws] = useState<DrawLogEntry[] | null>(null);
  const [error, setError] = useState<ApiErrorBody | null>(null);
  const [acting, setActing] = useState<{ id: string; action: RowAction } | null>(null);
  const [prizeNames, setPrizeNames] = useState<Map<string, string>>(new Map());
  const usedBy = useMemo(() => usedReserves(draws ?? []), [draws]);

  const load = useCallback(async () => {
    const result = await api.listDraws(slug);
    if (result.ok) {
      setDraws([...result.data.draws].sort((a, b) => a.seq - b.seq));
      setError(null);
    } else setError(result.error);
  }, [api, slug]);

  // Prize names as published (the draft's for prizes not published yet).
  useEffect(() => {
    let current = true;
    void Promise.all([api.getLatestSnapshot(slug), api.getDraftPrizes(slug)]).then(([latest, draft]) => {
      if (!current) return;
      setPrizeNames(
        namePrizes(draft.ok ? draft.data.prizes : [], latest.ok ? (latest.data.prizes ?? []) : []),
      );
    });
    return () => {
      current = false;
    };
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
        <a
          href={`/present/${encodeURIComponent(slug)}`}
          target="_blank"
          rel="noreferrer"
          data-testid="presenter-console-link"
        >
          Open the presenter console
        </a>
      </div>
      <ErrorNotice error={error} />
      {draws === null && !error ? <Loading what="the draws" /> : null}
      {draws !== null ? (
        <WideTable label="Table of draws">
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
                <th scope="col">Prize</th>
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
                  prizeName={draw.prizeId ? (prizeNames.get(draw.prizeId) ?? draw.prizeId) : null}
                  usedBy={usedBy}
                  acting={acting?.id === draw.id ? acting.action : null}
                  onStart={(action) => setActing({ id: draw.id, action })}
                  onCancel={() => setActing(null)}
                  onSubmit={async (action, reason) => {
                    const result =
                      action === 'void'
                        ? await api.voidDraw(slug, draw.id, reason)
                        : await api.declineDraw(slug, draw.seq, reason);
                    if (!result.ok) return result.error;
                    setActing(null);
                    await load();
                    return null;
                  }}
                />
              ))}
            </tbody>
          </table>
        </WideTable>
      ) : null}
    </section>
  );
}

interface DrawRowProps {
  draw: DrawLogEntry;
  /** The prize's name (its id when unknown), null on an ordinary draw. */
  prizeName: string | null;
  /** Used reserves of the log (usedReserves). */
  usedBy: ReadonlyMap<number, number>;
  acting: RowAction | null;
  onStart: (action: RowAction) => void;
  onCancel: () => void;
  /** Resolves to null when done, else the error to show. */
  onSubmit: (action: RowAction, reason: string) => Promise<ApiErrorBody | null>;
}

function DrawRow({ draw, prizeName, usedBy, acting, onStart, onCancel, onSubmit }: DrawRowProps) {
  const landedElsewhere = draw.landedIndex !== null && draw.landedIndex !== draw.targetIndex;
  const voided = draw.voided === true;
  const declinable = canDecline(draw);
  const classes = [
    voided ? 'draw-voided' : '',
    draw.declined ? 'draw-declined' : '',
    draw.rehearsal ? 'draw-rehearsal' : '',
  ]
    .filter((name) => name !== '')
    .join(' ');
  return (
    <>
      <tr
        data-draw-id={draw.id}
        data-seq={draw.seq}
        data-mode={draw.mode}
        data-voided={voided ? 'true' : 'false'}
        data-prize={draw.prizeId ?? ''}
        data-role={draw.role ?? ''}
        data-declined={draw.declined ? 'true' : 'false'}
        data-rehearsal={draw.rehearsal ? 'true' : 'false'}
        className={classes === '' ? undefined : classes}
      >
        <td className="numeric">{draw.seq}</td>
        <td>
          {formatDateTime(draw.createdAt)}
          <div className="muted" data-testid="draw-started-by">
            by {draw.startedByLabel}
          </div>
        </td>
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
          {draw.declined ? (
            <div className="void-reason" data-testid="draw-declined">
              Declined, {formatDateTime(draw.declined.at)}: {draw.declined.reason}
            </div>
          ) : null}
        </td>
        <td>
          {prizeName !== null ? (
            <PrizeCell draw={draw} prizeName={prizeName} usedBy={usedBy} />
          ) : (
            <span className="muted">—</span>
          )}
        </td>
        <td>
          <span className={`badge badge-${draw.mode}`}>{MODE_LABELS[draw.mode] ?? draw.mode}</span>
          {draw.rehearsal ? (
            <>
              {' '}
              <span className="badge badge-rehearsal" title="Counts for nothing">
                Rehearsal
              </span>
            </>
          ) : null}
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
          {declinable ? (
            <ActionToggle action="decline" acting={acting} onStart={onStart} onCancel={onCancel}>
              Decline
            </ActionToggle>
          ) : null}{' '}
          {voided ? (
            <span className="badge badge-voided">Voided</span>
          ) : (
            <ActionToggle action="void" acting={acting} onStart={onStart} onCancel={onCancel}>
              Void
            </ActionToggle>
          )}
        </td>
      </tr>
      {acting === 'void' && !voided ? (
        <tr className="void-form-row">
          <td colSpan={COLUMN_COUNT}>
            <ReasonForm
              label={`Void draw ${draw.seq}`}
              placeholder="why this draw does not count"
              submitText={`Void draw #${draw.seq} (${draw.ticket})`}
              note="The draw stays in the log, marked void; this is recorded in the audit log."
              onCancel={onCancel}
              onSubmit={(reason) => onSubmit('void', reason)}
            />
          </td>
        </tr>
      ) : null}
      {acting === 'decline' && declinable ? (
        <tr className="void-form-row">
          <td colSpan={COLUMN_COUNT}>
            <ReasonForm
              label={`Decline draw ${draw.seq}`}
              placeholder="e.g. not present"
              submitText={`Decline #${draw.seq} (${draw.ticket})`}
              note="The first unused reserve of this batch takes the place, or a new draw is made; the screens show the substitution and the log keeps both."
              onCancel={onCancel}
              onSubmit={(reason) => onSubmit('decline', reason)}
            />
          </td>
        </tr>
      ) : null}
    </>
  );
}

/** A row's action button: opens its reason form, or closes it when open. */
function ActionToggle({
  action,
  acting,
  onStart,
  onCancel,
  children,
}: {
  action: RowAction;
  acting: RowAction | null;
  onStart: (action: RowAction) => void;
  onCancel: () => void;
  children: string;
}) {
  return (
    <button
      type="button"
      className="button-small"
      data-testid={`draw-${action}`}
      aria-expanded={acting === action}
      onClick={acting === action ? onCancel : () => onStart(action)}
    >
      {children}
    </button>
  );
}

function PrizeCell({
  draw,
  prizeName,
  usedBy,
}: {
  draw: DrawLogEntry;
  prizeName: string;
  usedBy: ReadonlyMap<number, number>;
}) {
  return (
    <>
      <span className="draw-prize">{prizeName}</span>
      <div className="muted">{describePlace(draw, usedBy)}</div>
    </>
  );
}

function ReasonForm({
  label,
  placeholder,
  submitText,
  note,
  onCancel,
  onSubmit,
}: {
  label: string;
  placeholder: string;
  submitText: string;
  note: string;
  onCancel: () => void;
  onSubmit: (reason: string) => Promise<ApiErrorBody | null>;
}) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiErrorBody | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (reason.trim() === '') return;
    setBusy(true);
    const failure = await onSubmit(reason.trim());
    setBusy(false);
    setError(failure);
  }

  return (
    <form className="toolbar" onSubmit={submit} aria-label={label}>
      <label className="field field-inline">
        <span>Reason</span>
        <input
          className="input-wide"
          value={reason}
          required
          autoFocus
          placeholder={placeholder}
          onChange={(event) => setReason(event.target.value)}
        />
      </label>
      <button type="submit" className="button-danger" disabled={busy || reason.trim() === ''}>
        {submitText}
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
      <span className="muted">{note}</span>
      <ErrorNotice error={error} />
    </form>
  );
}
