// Published versions: who published what and when; download any version or the draft as CSV;
// restore a version's entries into the draft in one click (with an undo: the draft it replaced is kept
// until the next restore or until the tab closes).
import { useCallback, useEffect, useState } from 'react';
import type { DraftEntry } from '../../core/index.ts';
import type { ApiClient, ApiErrorBody, ExportFormat, SnapshotSummary } from '../api/client.ts';
import { ErrorNotice, Loading, Notice, formatCount, formatDateTime, WideTable } from '../shared/ui.tsx';
import { saveDownloadedFile } from '../shared/download.ts';

interface HistoryPanelProps {
  api: ApiClient;
  slug: string;
  /** Opens the draft (offered after a restore). */
  onShowDraft: () => void;
}

export function HistoryPanel({ api, slug, onShowDraft }: HistoryPanelProps) {
  const [snapshots, setSnapshots] = useState<SnapshotSummary[] | null>(null);
  const [error, setError] = useState<ApiErrorBody | null>(null);
  const [busy, setBusy] = useState(false);
  /** The last restore: which version, and the draft's entries it replaced (for Undo). */
  const [restored, setRestored] = useState<{
    version: number;
    entries: number;
    previous: DraftEntry[];
  } | null>(null);
  const [undone, setUndone] = useState(false);

  const load = useCallback(async () => {
    const result = await api.listSnapshots(slug);
    if (result.ok) setSnapshots([...result.data.snapshots].sort((a, b) => b.version - a.version));
    else setError(result.error);
  }, [api, slug]);

  useEffect(() => {
    void load();
  }, [load]);

  /** A version (or the draft, when null) as the server exports it (one builder for both formats;
   * the .xlsx keeps tickets as text: 00042 opens as 00042). */
  async function downloadEntries(version: number | null, format: ExportFormat) {
    setError(null);
    const result =
      version === null
        ? await api.downloadDraft(slug, format)
        : await api.downloadSnapshot(slug, version, format);
    if (result.ok) saveDownloadedFile(result.data);
    else setError(result.error);
  }

  async function restore(version: number) {
    setBusy(true);
    setError(null);
    setRestored(null);
    setUndone(false);
    const draft = await api.getDraft(slug);
    const restoredDraft = draft.ok ? await api.restoreSnapshot(slug, version) : draft;
    setBusy(false);
    if (!restoredDraft.ok) return setError(restoredDraft.error);
    if (draft.ok)
      setRestored({ version, entries: restoredDraft.data.entries.length, previous: draft.data.entries });
  }

  async function undoRestore() {
    if (!restored) return;
    setBusy(true);
    setError(null);
    const saved = await api.saveDraftEntries(slug, restored.previous);
    setBusy(false);
    if (!saved.ok) return setError(saved.error);
    setRestored(null);
    setUndone(true);
  }

  return (
    <section aria-labelledby="history-title">
      <div className="section-head">
        <h2 id="history-title">History</h2>
        <button type="button" onClick={() => void downloadEntries(null, 'csv')}>
          Download the draft (.csv)
        </button>
        <button type="button" onClick={() => void downloadEntries(null, 'xlsx')}>
          Download the draft (.xlsx)
        </button>
      </div>
      <ErrorNotice error={error} />
      {restored ? (
        <Notice kind="success">
          <span data-testid="restore-message">
            Restored from v{restored.version}: the draft now holds its {formatCount(restored.entries)}{' '}
            {restored.entries === 1 ? 'entry' : 'entries'}. Publish to put it on the wheel.
          </span>{' '}
          <button type="button" className="button-link-inline" onClick={onShowDraft}>
            Review the draft
          </button>{' '}
          <button
            type="button"
            className="button-link-inline"
            disabled={busy}
            onClick={() => void undoRestore()}
          >
            Undo
          </button>
        </Notice>
      ) : null}
      {undone ? <Notice kind="info">Restore undone: the draft is as it was.</Notice> : null}
      {snapshots === null && !error ? <Loading what="the versions" /> : null}
      {snapshots !== null && snapshots.length === 0 ? <p className="muted">Nothing published yet.</p> : null}
      {snapshots !== null && snapshots.length > 0 ? (
        <WideTable label="Table of published versions">
          <table className="table" data-testid="history">
            <thead>
              <tr>
                <th scope="col" className="numeric">
                  Version
                </th>
                <th scope="col">Published</th>
                <th scope="col">By</th>
                <th scope="col" className="numeric">
                  Entries
                </th>
                <th scope="col">Checksum</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {snapshots.map((snapshot) => (
                <tr key={snapshot.version} data-version={snapshot.version}>
                  <td className="numeric">{snapshot.version}</td>
                  <td>{formatDateTime(snapshot.publishedAt)}</td>
                  <td title={snapshot.publishedBy ?? undefined}>
                    {snapshot.publishedByLabel ?? snapshot.publishedBy ?? '—'}
                  </td>
                  <td className="numeric">{formatCount(snapshot.entries)}</td>
                  <td>
                    <code className="checksum-short" title={snapshot.checksum}>
                      {snapshot.checksum.replace(/^sha256:/, '').slice(0, 12)}…
                    </code>
                  </td>
                  <td className="actions">
                    <button
                      type="button"
                      className="button-small"
                      onClick={() => void downloadEntries(snapshot.version, 'csv')}
                    >
                      Download .csv
                    </button>
                    <button
                      type="button"
                      className="button-small"
                      onClick={() => void downloadEntries(snapshot.version, 'xlsx')}
                    >
                      Download .xlsx
                    </button>
                    <button
                      type="button"
                      className="button-small"
                      disabled={busy}
                      title="Replaces the draft with this version's entries (Undo offered)"
                      onClick={() => void restore(snapshot.version)}
                    >
                      Restore v{snapshot.version} into the draft
                    </button>
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
