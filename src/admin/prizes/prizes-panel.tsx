// The event's prizes in running order: add, edit, reorder, remove, or import them from a sheet,
// then "Save prizes" sends them all (PUT draft/prizes). Like the draft's entries, they reach the
// screens only when the draft is published.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Prize } from '../../core/index.ts';
import {
  readPrizeErrors,
  type ApiClient,
  type ApiErrorBody,
  type PrizeFieldError,
  type PrizeImportResult,
  type UploadProgress,
} from '../api/client.ts';
import { DiscardAndSave, UnsavedNotice } from '../shared/save-controls.tsx';
import { useUnsavedChangesGuard } from '../shared/unsaved-changes.ts';
import { ErrorNotice, Loading, Notice, plural } from '../shared/ui.tsx';
import { UploadProgressView } from '../upload/upload-progress.tsx';
import { ReportView } from '../upload/report-view.tsx';
import { PrizeForm, prizeImageUrl } from './prize-form.tsx';
import { draftGroups, errorsByPrize, moveItem, toPrizeInput } from './prize-fields.ts';

const ACCEPTED_SHEETS = '.xlsx,.xls,.ods,.csv';

/** A prize with a key that survives edits and moves (a new prize has no id until it is saved). */
interface PrizeRow {
  key: number;
  prize: Prize;
}

type Editing = { mode: 'add' } | { mode: 'edit'; key: number } | null;

type ImportState =
  | { status: 'idle' }
  | { status: 'sending'; file: File; progress: UploadProgress }
  | { status: 'done'; result: PrizeImportResult }
  | { status: 'failed'; file: File; error: ApiErrorBody };

let nextRowKey = 1;
function toRows(prizes: readonly Prize[]): PrizeRow[] {
  return prizes.map((prize) => ({ key: nextRowKey++, prize }));
}

export function PrizesPanel({ api, slug }: { api: ApiClient; slug: string }) {
  const [rows, setRows] = useState<PrizeRow[] | null>(null);
  const [groups, setGroups] = useState<string[]>([]);
  const [loadError, setLoadError] = useState<ApiErrorBody | null>(null);
  const [dirty, setDirty] = useState(false);
  const [editing, setEditing] = useState<Editing>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [saveError, setSaveError] = useState<ApiErrorBody | null>(null);
  const [rowErrors, setRowErrors] = useState<Map<number, PrizeFieldError[]>>(new Map());
  /** Read out after a move: where the prize is now. */
  const [announcement, setAnnouncement] = useState('');
  const [importState, setImportState] = useState<ImportState>({ status: 'idle' });
  const importAbort = useRef<(() => void) | null>(null);
  const sheetInput = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLOListElement>(null);

  const applyPrizes = useCallback((prizes: readonly Prize[]) => {
    setRows(toRows(prizes));
    setDirty(false);
    setRowErrors(new Map());
    setEditing(null);
  }, []);

  const load = useCallback(async () => {
    const [prizes, draft] = await Promise.all([api.getDraftPrizes(slug), api.getDraft(slug)]);
    if (prizes.ok) {
      applyPrizes(prizes.data.prizes);
      setLoadError(null);
    } else setLoadError(prizes.error);
    if (draft.ok) setGroups(draftGroups(draft.data.entries));
  }, [api, slug, applyPrizes]);

  useEffect(() => {
    void load();
  }, [load]);

  // Leaving the tab cancels a sheet upload in flight.
  useEffect(() => () => importAbort.current?.(), []);

  useUnsavedChangesGuard(dirty);

  if (loadError) return <ErrorNotice error={loadError} />;
  if (!rows) return <Loading what="the prizes" />;
  const current = rows;

  function changeRows(next: PrizeRow[]) {
    setRows(next);
    setDirty(true);
    setSaved(false);
  }

  function applyEdit(prize: Prize) {
    if (editing?.mode === 'edit') {
      changeRows(current.map((row) => (row.key === editing.key ? { key: row.key, prize } : row)));
    } else {
      changeRows([...current, { key: nextRowKey++, prize }]);
    }
    setEditing(null);
  }

  function move(index: number, delta: number) {
    const row = current[index];
    if (!row) return;
    const moved = moveItem(current, index, delta);
    changeRows(moved);
    const position = moved.findIndex((candidate) => candidate.key === row.key) + 1;
    setAnnouncement(`${row.prize.name}: position ${position} of ${moved.length}`);
    // Keep the keyboard on the moved prize's same button (or the other one at an end of the list).
    requestAnimationFrame(() => {
      const item = listRef.current?.querySelector<HTMLElement>(`[data-prize-key="${row.key}"]`);
      const wanted = item?.querySelector<HTMLButtonElement>(`[data-move="${delta < 0 ? 'up' : 'down'}"]`);
      const fallback = item?.querySelector<HTMLButtonElement>(`[data-move="${delta < 0 ? 'down' : 'up'}"]`);
      (wanted && !wanted.disabled ? wanted : fallback)?.focus();
    });
  }

  function remove(key: number) {
    changeRows(current.filter((row) => row.key !== key));
    if (editing?.mode === 'edit' && editing.key === key) setEditing(null);
  }

  async function save() {
    setSaving(true);
    setSaveError(null);
    const sent = current;
    const result = await api.saveDraftPrizes(
      slug,
      sent.map((row) => toPrizeInput(row.prize)),
    );
    setSaving(false);
    if (result.ok) {
      applyPrizes(result.data.prizes);
      setSaved(true);
      return;
    }
    setSaveError(result.error);
    const byKey = new Map<number, PrizeFieldError[]>();
    for (const [index, errors] of errorsByPrize(readPrizeErrors(result.body))) {
      const row = sent[index];
      if (row) byKey.set(row.key, errors);
    }
    setRowErrors(byKey);
  }

  async function importSheet(file: File) {
    if (sheetInput.current) sheetInput.current.value = '';
    if (
      dirty &&
      !window.confirm('Importing a sheet replaces the prizes, and your unsaved changes are lost. Import it?')
    )
      return;
    importAbort.current?.();
    setImportState({ status: 'sending', file, progress: { phase: 'uploading', fraction: 0 } });
    const handle = api.uploadPrizeSheet(slug, file, (progress) =>
      setImportState((state) => (state.status === 'sending' ? { ...state, progress } : state)),
    );
    importAbort.current = handle.abort;
    const result = await handle.result;
    if (importAbort.current !== handle.abort) return; // a newer import replaced this one
    importAbort.current = null;
    if (result.ok) {
      setImportState({ status: 'done', result: result.data });
      if (result.data.ok || result.data.draftReplaced) await load();
    } else if (result.error.code !== 'aborted') {
      setImportState({ status: 'failed', file, error: result.error });
    }
  }

  const editedPrize =
    editing?.mode === 'edit' ? current.find((row) => row.key === editing.key)?.prize : undefined;

  return (
    <section aria-labelledby="prizes-title" data-testid="prizes-panel">
      <div className="section-head">
        <h2 id="prizes-title">Prizes</h2>
        <p className="muted">{plural(current.length, 'prize')} in running order (drawn from top to bottom)</p>
      </div>
      <Notice>
        Prizes are published with the list: publish to put changes on the screens. On a wheel with prizes,
        each prize&apos;s rules decide who may win it: only its groups (everyone when none), nobody who
        already won it, and, unless it allows previous winners, nobody who has won any prize yet (one person
        holding several tickets is one person).
      </Notice>

      <div className="toolbar">
        <button type="button" onClick={() => setEditing({ mode: 'add' })}>
          Add prize
        </button>
        <label className="button-like">
          Import from a sheet…
          <input
            ref={sheetInput}
            data-testid="prize-sheet-input"
            className="visually-hidden"
            type="file"
            accept={ACCEPTED_SHEETS}
            disabled={importState.status === 'sending'}
            onChange={(event) => {
              const file = event.target.files?.[0];
              if (file) void importSheet(file);
            }}
          />
        </label>
        <a href="/samples/prizes.csv" download data-testid="sample-prizes">
          Download a sample prize sheet
        </a>
        <span className="spacer" />
        <DiscardAndSave
          dirty={dirty}
          saving={saving}
          saveLabel="Save prizes"
          onDiscard={() => void load()}
          onSave={() => void save()}
        />
      </div>
      <p className="muted">
        A sheet (.xlsx, .xls, .ods or .csv) needs columns <code>name</code> and <code>quantity</code>;
        optional: <code>description</code>, <code>sponsor</code>, <code>groups</code> (separated by commas or
        semicolons), <code>allow previous winners</code>, <code>batch size</code>, <code>reserves</code>,{' '}
        <code>id</code>. A sheet with errors changes nothing.
      </p>

      <UnsavedNotice dirty={dirty} saveLabel="Save prizes" />
      {saved ? <Notice kind="success">Prizes saved into the draft. Publish to show them.</Notice> : null}
      <ErrorNotice error={saveError}>
        {rowErrors.size > 0 ? (
          <ul className="entry-errors">
            {current.map((row) =>
              rowErrors.has(row.key) ? (
                <li key={row.key}>
                  <strong>{row.prize.name}</strong> —{' '}
                  {rowErrors
                    .get(row.key)
                    ?.map((error) => error.message)
                    .join('; ')}
                </li>
              ) : null,
            )}
          </ul>
        ) : null}
      </ErrorNotice>

      {importState.status === 'sending' ? (
        <UploadProgressView
          file={importState.file}
          progress={importState.progress}
          onCancel={() => importAbort.current?.()}
        />
      ) : null}
      {importState.status === 'failed' ? (
        <ErrorNotice
          error={{ ...importState.error, message: `${importState.file.name}: ${importState.error.message}` }}
        />
      ) : null}
      {importState.status === 'done' ? (
        <>
          {importState.result.ok ? (
            <Notice kind="success">
              The draft now holds {plural(importState.result.entries, 'prize')} from{' '}
              {importState.result.file.name}.
            </Notice>
          ) : importState.result.fileError ? null : (
            <Notice kind="warning">
              {plural(importState.result.errors.length, 'row has', 'rows have')} errors, so the prizes were
              not changed. Fix the sheet and import it again.
            </Notice>
          )}
          <ReportView report={importState.result} itemLabel="Valid prizes" />
        </>
      ) : null}

      {editing ? (
        <PrizeForm
          key={editing.mode === 'edit' ? editing.key : 'add'}
          api={api}
          slug={slug}
          initial={editedPrize}
          knownGroups={groups}
          onApply={applyEdit}
          onCancel={() => setEditing(null)}
        />
      ) : null}

      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {current.length === 0 ? (
        <p className="muted empty">
          No prizes: the wheel draws one winner per spin as before. Add a prize or import a sheet.
        </p>
      ) : (
        <ol
          className="prize-list"
          ref={listRef}
          data-testid="prize-list"
          aria-label="Prizes in running order"
        >
          {current.map((row, index) => (
            <PrizeItem
              key={row.key}
              row={row}
              slug={slug}
              position={index}
              count={current.length}
              errors={rowErrors.get(row.key)}
              onMove={(delta) => move(index, delta)}
              onEdit={() => setEditing({ mode: 'edit', key: row.key })}
              onRemove={() => remove(row.key)}
            />
          ))}
        </ol>
      )}
    </section>
  );
}

function PrizeItem({
  row,
  slug,
  position,
  count,
  errors,
  onMove,
  onEdit,
  onRemove,
}: {
  row: PrizeRow;
  slug: string;
  position: number;
  count: number;
  errors: PrizeFieldError[] | undefined;
  onMove: (delta: number) => void;
  onEdit: () => void;
  onRemove: () => void;
}) {
  const { prize } = row;
  const rules = [
    prize.groups === null ? 'everyone' : `only ${prize.groups.join(', ')}`,
    prize.allowPreviousWinners ? 'previous winners may win' : 'one prize per person',
    `${plural(prize.batchSize, 'winner')} per draw`,
    prize.reserves > 0 ? plural(prize.reserves, 'reserve') : 'no reserves',
  ];
  return (
    <li
      className={errors ? 'prize-item card row-error' : 'prize-item card'}
      data-prize-key={row.key}
      data-prize-id={prize.id}
      data-prize-name={prize.name}
      data-testid="prize-item"
    >
      {prize.image ? (
        <img className="prize-thumb" src={prizeImageUrl(slug, prize.image)} alt="" />
      ) : (
        <span className="prize-thumb prize-thumb-empty" aria-hidden="true" />
      )}
      <div className="prize-text">
        <strong className="prize-name">
          {position + 1}. {prize.name}
        </strong>{' '}
        <span className="badge">× {prize.quantity}</span>
        {prize.sponsor ? <span className="muted"> · sponsored by {prize.sponsor}</span> : null}
        <div className="muted">{rules.join(' · ')}</div>
        {prize.description ? <div className="prize-description">{prize.description}</div> : null}
        {errors ? (
          <div className="row-error-text" role="alert">
            {errors.map((error) => error.message).join('; ')}
          </div>
        ) : null}
      </div>
      <div className="actions">
        <button
          type="button"
          className="button-small"
          data-move="up"
          disabled={position === 0}
          aria-label={`Move ${prize.name} up`}
          onClick={() => onMove(-1)}
        >
          ↑
        </button>
        <button
          type="button"
          className="button-small"
          data-move="down"
          disabled={position === count - 1}
          aria-label={`Move ${prize.name} down`}
          onClick={() => onMove(1)}
        >
          ↓
        </button>
        <button type="button" className="button-small" aria-label={`Edit ${prize.name}`} onClick={onEdit}>
          Edit
        </button>
        <button type="button" className="button-small" aria-label={`Remove ${prize.name}`} onClick={onRemove}>
          Remove
        </button>
      </div>
    </li>
  );
}
