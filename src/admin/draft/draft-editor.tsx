// The draft's entries: a virtualized table (fast at 100,000 rows), search, add, edit, remove,
// then "Save draft" sends them all (PUT draft/entries). Edits stay local until saved.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import {
  GROUP_MAX_CHARACTERS,
  PERSON_MAX_CHARACTERS,
  collectExtraColumns,
  type DraftEntry,
  type EntryError,
} from '../../core/index.ts';
import {
  readEntryErrors,
  type ApiClient,
  type ApiErrorBody,
  type Draft,
  type ExportFormat,
} from '../api/client.ts';
import { saveDownloadedFile } from '../shared/download.ts';
import { DiscardAndSave, UnsavedNotice } from '../shared/save-controls.tsx';
import { useUnsavedChangesGuard } from '../shared/unsaved-changes.ts';
import { ErrorNotice, Loading, Notice, formatCount, formatDateTime, plural } from '../shared/ui.tsx';
import { findTicketRow } from './ticket-check.ts';

/** Must match `.draft-table tbody tr` height in styles.css: the virtualizer places rows by it. */
const ROW_HEIGHT_PX = 36;
const OVERSCAN_ROWS = 12;
/** More other-columns than this would make the table unreadable; the rest stay in the data. */
const MAX_EXTRA_COLUMNS = 6;
const MAX_LISTED_ERRORS = 50;

/** A draft entry with a key that survives edits and removals (the array index does not). */
interface DraftRow {
  key: number;
  entry: DraftEntry;
}

type Editing = { mode: 'add' } | { mode: 'edit'; key: number } | null;

let nextRowKey = 1;
function toRows(entries: readonly DraftEntry[]): DraftRow[] {
  return entries.map((entry) => ({ key: nextRowKey++, entry }));
}

export function DraftEditor({ api, slug }: { api: ApiClient; slug: string }) {
  const [draft, setDraft] = useState<Draft | null>(null);
  const [rows, setRows] = useState<DraftRow[]>([]);
  const [loadError, setLoadError] = useState<ApiErrorBody | null>(null);
  const [dirty, setDirty] = useState(false);
  const [search, setSearch] = useState('');
  const deferredSearch = useDeferredValue(search);
  const [editing, setEditing] = useState<Editing>(null);
  const [saveError, setSaveError] = useState<ApiErrorBody | null>(null);
  const [rowErrors, setRowErrors] = useState<Map<number, EntryError[]>>(new Map());
  const [saving, setSaving] = useState(false);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);

  const applyDraft = useCallback((loaded: Draft) => {
    setDraft(loaded);
    setRows(toRows(loaded.entries));
    setDirty(false);
    setRowErrors(new Map());
  }, []);

  const load = useCallback(async () => {
    const result = await api.getDraft(slug);
    if (result.ok) {
      applyDraft(result.data);
      setLoadError(null);
    } else setLoadError(result.error);
  }, [api, slug, applyDraft]);

  useEffect(() => {
    void load();
  }, [load]);

  useUnsavedChangesGuard(dirty);

  const extraColumns = useMemo(
    () => collectExtraColumns(rows.map((row) => row.entry)).slice(0, MAX_EXTRA_COLUMNS),
    [rows],
  );
  // Person and Group columns only when the list has them (they feed the prizes' rules).
  const hasPerson = useMemo(() => rows.some((row) => (row.entry.person ?? '') !== ''), [rows]);
  const hasGroup = useMemo(() => rows.some((row) => (row.entry.group ?? '') !== ''), [rows]);
  const searchKeys = useMemo(
    () =>
      rows.map((row) =>
        `${row.entry.ticket}\u0000${row.entry.name}\u0000${row.entry.person ?? ''}\u0000${row.entry.group ?? ''}`.toLowerCase(),
      ),
    [rows],
  );
  const visibleIndices = useMemo(() => {
    const needle = deferredSearch.trim().toLowerCase();
    const indices: number[] = [];
    for (let index = 0; index < rows.length; index++) {
      if (needle === '' || searchKeys[index]?.includes(needle)) indices.push(index);
    }
    return indices;
  }, [rows, searchKeys, deferredSearch]);

  // Where each listed error's row is now (rows may have moved since the save was refused).
  const listedErrors = useMemo(() => {
    if (rowErrors.size === 0) return [];
    const indexByKey = new Map(rows.map((row, index) => [row.key, index]));
    return [...rowErrors.entries()]
      .slice(0, MAX_LISTED_ERRORS)
      .map(([key, errors]) => ({ key, index: indexByKey.get(key) ?? -1, errors }));
  }, [rows, rowErrors]);

  const virtualizer = useVirtualizer({
    count: visibleIndices.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT_PX,
    overscan: OVERSCAN_ROWS,
  });

  function changeRows(next: DraftRow[]) {
    setRows(next);
    setDirty(true);
    setSavedAt(null);
  }

  function applyEdit(entry: DraftEntry) {
    if (editing?.mode === 'edit') {
      changeRows(rows.map((row) => (row.key === editing.key ? { key: row.key, entry } : row)));
    } else {
      const added = { key: nextRowKey++, entry };
      changeRows([...rows, added]);
      setSearch('');
      // Show the new entry: it is last once the search is cleared.
      requestAnimationFrame(() => virtualizer.scrollToIndex(rows.length, { align: 'end' }));
    }
    setEditing(null);
  }

  function removeRow(key: number) {
    changeRows(rows.filter((row) => row.key !== key));
    if (editing?.mode === 'edit' && editing.key === key) setEditing(null);
  }

  /** Clears the search and scrolls the row at `index` (of all rows) into view. */
  function showRow(index: number) {
    setSearch('');
    requestAnimationFrame(() => virtualizer.scrollToIndex(index, { align: 'center' }));
  }

  /** The saved draft as the server exports it (.xlsx keeps tickets as text). */
  async function download(format: ExportFormat) {
    setSaveError(null);
    const result = await api.downloadDraft(slug, format);
    if (result.ok) saveDownloadedFile(result.data);
    else setSaveError(result.error);
  }

  async function save() {
    setSaving(true);
    setSaveError(null);
    const sentRows = rows;
    const result = await api.saveDraftEntries(
      slug,
      sentRows.map((row) => row.entry),
    );
    setSaving(false);
    if (result.ok) {
      if (result.data && Array.isArray(result.data.entries)) applyDraft(result.data);
      else setDirty(false);
      setRowErrors(new Map());
      setSavedAt(new Date().toISOString());
      return;
    }
    setSaveError(result.error);
    const byKey = new Map<number, EntryError[]>();
    for (const error of readEntryErrors(result.body)) {
      const row = sentRows[error.index];
      if (!row) continue;
      byKey.set(row.key, [...(byKey.get(row.key) ?? []), error]);
    }
    setRowErrors(byKey);
  }

  if (loadError) return <ErrorNotice error={loadError} />;
  if (!draft) return <Loading what="the draft" />;

  const editedEntry =
    editing?.mode === 'edit' ? rows.find((row) => row.key === editing.key)?.entry : undefined;

  const virtualRows = virtualizer.getVirtualItems();
  const paddingTop = virtualRows[0]?.start ?? 0;
  const paddingBottom = virtualizer.getTotalSize() - (virtualRows.at(-1)?.end ?? 0);
  const columnCount = 5 + extraColumns.length + (hasPerson ? 1 : 0) + (hasGroup ? 1 : 0);

  return (
    <section aria-labelledby="draft-title">
      <div className="section-head">
        <h2 id="draft-title">Draft</h2>
        <p className="muted">
          {plural(rows.length, 'entry', 'entries')}
          {draft.basedOnVersion !== null ? ` · based on version ${draft.basedOnVersion}` : ''}
          {draft.updatedAt ? ` · last saved ${formatDateTime(draft.updatedAt)}` : ''}
        </p>
      </div>

      <div className="toolbar">
        <label className="field field-inline">
          <span>Search</span>
          <input
            type="search"
            value={search}
            placeholder="ticket, name, person or group"
            onChange={(event) => setSearch(event.target.value)}
          />
        </label>
        {deferredSearch.trim() !== '' ? (
          <span className="muted" role="status">
            {formatCount(visibleIndices.length)} of {formatCount(rows.length)} shown
          </span>
        ) : null}
        <span className="spacer" />
        <button
          type="button"
          onClick={() => void download('csv')}
          title={dirty ? 'Downloads the saved draft, without unsaved changes' : undefined}
        >
          Download .csv
        </button>
        <button
          type="button"
          onClick={() => void download('xlsx')}
          title={dirty ? 'Downloads the saved draft, without unsaved changes' : undefined}
        >
          Download .xlsx
        </button>
        <button type="button" onClick={() => setEditing({ mode: 'add' })}>
          Add entry
        </button>
        <DiscardAndSave
          dirty={dirty}
          saving={saving}
          saveLabel="Save draft"
          onDiscard={() => void load()}
          onSave={() => void save()}
        />
      </div>

      <UnsavedNotice dirty={dirty} saveLabel="Save draft" />
      {savedAt ? <Notice kind="success">Draft saved.</Notice> : null}
      <ErrorNotice error={saveError}>
        {listedErrors.length > 0 ? (
          <ul className="entry-errors">
            {listedErrors.map(({ key, index, errors }) =>
              index < 0 ? null : (
                <li key={key}>
                  <button type="button" className="button-link-inline" onClick={() => showRow(index)}>
                    Entry {index + 1}
                  </button>
                  : {errors.map((error) => error.message).join('; ')}
                </li>
              ),
            )}
            {rowErrors.size > MAX_LISTED_ERRORS ? (
              <li>…and {formatCount(rowErrors.size - MAX_LISTED_ERRORS)} more entries with errors</li>
            ) : null}
          </ul>
        ) : null}
      </ErrorNotice>

      {editing ? (
        <EntryForm
          key={editing.mode === 'edit' ? editing.key : 'add'}
          initial={editedEntry}
          extraColumns={extraColumns}
          findTicket={(ticket) => findTicketRow(rows, ticket, editing.mode === 'edit' ? editing.key : null)}
          onApply={applyEdit}
          onCancel={() => setEditing(null)}
        />
      ) : null}

      <div className="table-scroll" ref={scrollRef}>
        <table
          className="table draft-table"
          data-testid="draft-table"
          aria-rowcount={visibleIndices.length + 1}
        >
          <thead>
            <tr>
              <th scope="col" className="numeric col-index">
                #
              </th>
              <th scope="col">Ticket</th>
              <th scope="col">Name</th>
              <th scope="col" className="numeric col-weight">
                Weight
              </th>
              {hasPerson ? <th scope="col">Person</th> : null}
              {hasGroup ? <th scope="col">Group</th> : null}
              {extraColumns.map((column) => (
                <th scope="col" key={column}>
                  {column}
                </th>
              ))}
              <th scope="col" className="col-actions">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {paddingTop > 0 ? (
              <tr aria-hidden="true" className="spacer-row" style={{ height: paddingTop }}>
                <td colSpan={columnCount} />
              </tr>
            ) : null}
            {virtualRows.map((virtualRow) => {
              const rowIndex = visibleIndices[virtualRow.index] ?? 0;
              const row = rows[rowIndex];
              if (!row) return null;
              const errors = rowErrors.get(row.key);
              return (
                <tr
                  key={row.key}
                  className={errors ? 'row-error' : undefined}
                  aria-rowindex={virtualRow.index + 2}
                  data-ticket={row.entry.ticket}
                >
                  <td className="numeric col-index">{rowIndex + 1}</td>
                  <td className="cell-ticket">{row.entry.ticket}</td>
                  <td title={errors ? errors.map((error) => error.message).join('; ') : undefined}>
                    {row.entry.name}
                    {errors ? <span className="row-error-text"> — {errors[0]?.message}</span> : null}
                  </td>
                  <td className="numeric col-weight">{row.entry.weight}</td>
                  {hasPerson ? <td className="cell-person">{row.entry.person ?? ''}</td> : null}
                  {hasGroup ? <td className="cell-group">{row.entry.group ?? ''}</td> : null}
                  {extraColumns.map((column) => (
                    <td key={column}>{row.entry.extra?.[column] ?? ''}</td>
                  ))}
                  <td className="col-actions">
                    <button
                      type="button"
                      className="button-small"
                      onClick={() => setEditing({ mode: 'edit', key: row.key })}
                      aria-label={`Edit ${row.entry.ticket}`}
                    >
                      Edit
                    </button>
                    <button
                      type="button"
                      className="button-small"
                      onClick={() => removeRow(row.key)}
                      aria-label={`Remove ${row.entry.ticket}`}
                    >
                      Remove
                    </button>
                  </td>
                </tr>
              );
            })}
            {paddingBottom > 0 ? (
              <tr aria-hidden="true" className="spacer-row" style={{ height: paddingBottom }}>
                <td colSpan={columnCount} />
              </tr>
            ) : null}
          </tbody>
        </table>
        {rows.length === 0 ? (
          <p className="muted empty">The draft is empty: upload a list or add entries.</p>
        ) : null}
      </div>
    </section>
  );
}

function EntryForm({
  initial,
  extraColumns,
  findTicket,
  onApply,
  onCancel,
}: {
  initial: DraftEntry | undefined;
  /** The list's other columns (as the table shows them): the form offers one field each. */
  extraColumns: readonly string[];
  /** Where another row already has this ticket (0-based), or null. */
  findTicket: (ticket: string) => number | null;
  onApply: (entry: DraftEntry) => void;
  onCancel: () => void;
}) {
  const [ticket, setTicket] = useState(initial?.ticket ?? '');
  const [extra, setExtra] = useState<Record<string, string>>(() => ({ ...initial?.extra }));
  const duplicateOf = findTicket(ticket);
  const [name, setName] = useState(initial?.name ?? '');
  const [weight, setWeight] = useState(String(initial?.weight ?? 1));
  const [person, setPerson] = useState(initial?.person ?? '');
  const [group, setGroup] = useState(initial?.group ?? '');

  function submit(event: FormEvent) {
    event.preventDefault();
    if (duplicateOf !== null) return;
    const entry: DraftEntry = { ticket: ticket.trim(), name: name.trim(), weight: Number(weight) };
    if (person.trim() !== '') entry.person = person.trim();
    if (group.trim() !== '') entry.group = group.trim();
    // NOTE: the label (settings.publicNames `label`) is not edited here yet; an edit keeps it.
    if (initial?.label) entry.label = initial.label;
    // Columns the form does not show (beyond the table's) are kept as they were.
    const filled = Object.fromEntries(Object.entries(extra).filter(([, value]) => value.trim() !== ''));
    if (Object.keys(filled).length > 0) entry.extra = filled;
    onApply(entry);
  }

  return (
    <form
      className="entry-form card"
      onSubmit={submit}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
      aria-label={initial ? 'Edit entry' : 'Add entry'}
    >
      <label className="field field-inline">
        <span>Ticket</span>
        <input
          value={ticket}
          onChange={(event) => setTicket(event.target.value)}
          required
          maxLength={100}
          autoFocus
          aria-invalid={duplicateOf !== null}
          aria-describedby="entry-ticket-problem"
        />
      </label>
      <span
        id="entry-ticket-problem"
        className="row-error-text"
        role="status"
        data-testid="entry-ticket-problem"
      >
        {duplicateOf !== null ? `Ticket already on the draft (entry ${duplicateOf + 1})` : ''}
      </span>
      <label className="field field-inline">
        <span>Name</span>
        <input value={name} onChange={(event) => setName(event.target.value)} required maxLength={1000} />
      </label>
      <label className="field field-inline">
        <span>Weight</span>
        <input
          type="number"
          min="0"
          step="any"
          value={weight}
          onChange={(event) => setWeight(event.target.value)}
          required
          className="input-narrow"
        />
      </label>
      <label className="field field-inline">
        <span>Person</span>
        <input
          value={person}
          onChange={(event) => setPerson(event.target.value)}
          maxLength={PERSON_MAX_CHARACTERS}
          placeholder="optional, e.g. email"
        />
      </label>
      <label className="field field-inline">
        <span>Group</span>
        <input
          value={group}
          onChange={(event) => setGroup(event.target.value)}
          maxLength={GROUP_MAX_CHARACTERS}
          placeholder="optional"
        />
      </label>
      {extraColumns.map((column) => (
        <label className="field field-inline" key={column}>
          <span>{column}</span>
          <input
            value={extra[column] ?? ''}
            onChange={(event) => setExtra((current) => ({ ...current, [column]: event.target.value }))}
            placeholder="optional"
          />
        </label>
      ))}
      <button type="submit" className="button-primary" disabled={duplicateOf !== null}>
        {initial ? 'Apply' : 'Add'}
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}
