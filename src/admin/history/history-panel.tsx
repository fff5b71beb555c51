// Published versions: who published what and when; download any version or the draft as CSV;
// restore a version's entries into the draft.
import { useCallback, useEffect, useState } from 'react';
import { buildEntriesCsv } from '../../core/index.ts';
import type { ApiClient, ApiErrorBody, SnapshotSummary } from '../api/client.ts';
import { ErrorNotice, Loading, Notice, formatCount, formatDateTime } from '../shared/ui.tsx';
import { downloadText } from '../shared/csv-export.ts';
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
  const [confirmingVersion, setConfirmingVersion] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  const load = useCallback(async () => {
    const result = await api.listSnapshots(slug);
    if (result.ok) setSnapshots([...result.data.snapshots].sort((a, b) => b.version - a.version));
    else setError(result.error);
  }, [api, slug]);

  useEffect(() => {
    void load();
  }, [load]);

  async function downloadDraft() {
    setError(null);
    const result = await api.getDraft(slug);
    if (!result.ok) return setError(result.error);
    downloadText(`${slug}-draft.csv`, buildEntriesCsv(result.data.entries));
  }

  async function downloadVersion(version: number) {
    setError(null);
    const result = await api.getSnapshot(slug, version);
    if (!result.ok) return setError(result.error);
    downloadText(`${slug}-v${version}.csv`, buildEntriesCsv(result.data.entries));
  }

  /** An .xlsx made by the server (tickets stay text: 00042 opens as 00042). */
  async function downloadXlsx(version: number | null) {
    setError(null);
    const result =
      version === null
        ? await api.downloadDraft(slug, 'xlsx')
        : await api.downloadSnapshot(slug, version, 'xlsx');
    if (result.ok) saveDownloadedFile(result.data);
    else setError(result.error);
  }

  async function restore(version: number) {
    setBusy(true);
    setError(null);
    setMessage(null);
    const snapshot = await api.getSnapshot(slug, version);
    const saved = snapshot.ok ? await api.saveDraftEntries(slug, snapshot.data.entries) : snapshot;
    setBusy(false);
    setConfirmingVersion(null);
    if (!saved.ok) return setError(saved.error);
    setMessage(`Version ${version} is now in the draft. Review it, then publish it as a new version.`);
  }

  return (
    <section aria-labelledby="history-title">
      <div className="section-head">
        <h2 id="history-title">History</h2>
        <button type="button" onClick={() => void downloadDraft()}>
          Download the draft (.csv)
        </button>
        <button type="button" onClick={() => void downloadXlsx(null)}>
          Download the draft (.xlsx)
        </button>
      </div>
      <ErrorNotice error={error} />
      {message ? (
        <Notice kind="success">
          {message}{' '}
          <button type="button" className="button-link-inline" onClick={onShowDraft}>
            Review the draft
          </button>
        </Notice>
      ) : null}
      {snapshots === null && !error ? <Loading what="the versions" /> : null}
      {snapshots !== null && snapshots.length === 0 ? <p className="muted">Nothing published yet.</p> : null}
      {snapshots !== null && snapshots.length > 0 ? (
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
                <td>{snapshot.publishedBy ?? '—'}</td>
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
                    onClick={() => void downloadVersion(snapshot.version)}
                  >
                    Download .csv
                  </button>
                  <button
                    type="button"
                    className="button-small"
                    onClick={() => void downloadXlsx(snapshot.version)}
                  >
                    Download .xlsx
                  </button>
                  {confirmingVersion === snapshot.version ? (
                    <>
                      <button
                        type="button"
                        className="button-small button-danger"
                        disabled={busy}
                        onClick={() => void restore(snapshot.version)}
                      >
                        Replace the draft with v{snapshot.version}
                      </button>
                      <button
                        type="button"
                        className="button-small"
                        onClick={() => setConfirmingVersion(null)}
                      >
                        Cancel
                      </button>
                    </>
                  ) : (
                    <button
                      type="button"
                      className="button-small"
                      onClick={() => setConfirmingVersion(snapshot.version)}
                    >
                      Restore into draft
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
