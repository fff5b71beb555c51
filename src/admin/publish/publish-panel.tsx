// Publish: preview what changes against the latest version, then publish an immutable snapshot.
import { useEffect, useState } from 'react';
import type { Entry, ValidationReport } from '../../core/index.ts';
import {
  readReport,
  type ApiClient,
  type ApiErrorBody,
  type DraftPreview,
  type PublishResult,
} from '../api/client.ts';
import { ErrorNotice, Loading, Notice, formatCount } from '../shared/ui.tsx';
import { ReportView } from '../upload/report-view.tsx';
import { describeSettingChange } from './setting-changes.ts';

/** Entries listed per kind of change; the counts are always complete. */
const MAX_LISTED_CHANGES = 100;

export function PublishPanel({
  api,
  slug,
  onPublished,
}: {
  api: ApiClient;
  slug: string;
  onPublished: () => void;
}) {
  const [preview, setPreview] = useState<DraftPreview | null>(null);
  const [previewError, setPreviewError] = useState<ApiErrorBody | null>(null);
  const [publishing, setPublishing] = useState(false);
  const [published, setPublished] = useState<PublishResult | null>(null);
  const [publishError, setPublishError] = useState<ApiErrorBody | null>(null);
  const [invalidReport, setInvalidReport] = useState<ValidationReport | null>(null);
  const [winnersReturnConfirmed, setWinnersReturnConfirmed] = useState(false);

  useEffect(() => {
    let current = true;
    void api.previewDraft(slug).then((result) => {
      if (!current) return;
      if (result.ok) setPreview(result.data);
      else setPreviewError(result.error);
    });
    return () => {
      current = false;
    };
  }, [api, slug]);

  async function publish() {
    setPublishing(true);
    setPublishError(null);
    setInvalidReport(null);
    const result = await api.publish(slug);
    setPublishing(false);
    if (result.ok) {
      setPublished(result.data);
      onPublished();
      return;
    }
    setPublishError(
      result.error.code === 'draft_empty'
        ? { ...result.error, message: 'The draft is empty: upload a list or add entries first.' }
        : result.error,
    );
    setInvalidReport(readReport(result.body));
  }

  if (published) {
    return (
      <section aria-labelledby="publish-title">
        <h2 id="publish-title">Published</h2>
        <Notice kind="success">
          <p>
            Version <strong data-testid="published-version">{published.version}</strong> is live: displays
            pick it up within seconds.
          </p>
          <p>
            {formatCount(published.diff.added)} added, {formatCount(published.diff.removed)} removed,{' '}
            {formatCount(published.diff.changed)} changed.
          </p>
          <p>
            Checksum <code className="checksum">{published.checksum}</code>
          </p>
        </Notice>
      </section>
    );
  }

  if (previewError) return <ErrorNotice error={previewError} />;
  if (!preview) return <Loading what="the preview" />;
  const { diff } = preview;
  const nothingChanges = diff.added === 0 && diff.removed === 0 && diff.changed === 0;

  return (
    <section aria-labelledby="publish-title">
      <h2 id="publish-title">Publish the draft</h2>
      <div className="card" data-testid="publish-preview">
        <p>
          {preview.latestVersion === null
            ? 'Nothing is published yet: this will be version 1.'
            : `Compared with the published version ${preview.latestVersion}, this will be version ${preview.latestVersion + 1}.`}
        </p>
        <dl className="summary">
          <div>
            <dt>Added</dt>
            <dd data-change="added">{formatCount(diff.added)}</dd>
          </div>
          <div>
            <dt>Removed</dt>
            <dd data-change="removed">{formatCount(diff.removed)}</dd>
          </div>
          <div>
            <dt>Changed</dt>
            <dd data-change="changed">{formatCount(diff.changed)}</dd>
          </div>
        </dl>
        {diff.prizes && (diff.prizes.added > 0 || diff.prizes.removed > 0 || diff.prizes.changed > 0) ? (
          <p data-testid="publish-prize-changes">
            Prizes: {formatCount(diff.prizes.added)} added, {formatCount(diff.prizes.removed)} removed,{' '}
            {formatCount(diff.prizes.changed)} changed.
          </p>
        ) : null}
        {preview.latestVersion !== null && diff.settings && diff.settings.length > 0 ? (
          <div data-testid="publish-setting-changes">
            <p>Settings that change:</p>
            <ul>
              {diff.settings.map((change) => (
                <li key={change.setting}>{describeSettingChange(change)}</li>
              ))}
            </ul>
          </div>
        ) : null}
        {preview.warnings && preview.warnings.length > 0 ? (
          <Notice kind="warning">
            <ul data-testid="publish-warnings">
              {preview.warnings.map((warning) => (
                <li key={`${warning.code}/${warning.prizeId}`}>{warning.message}</li>
              ))}
            </ul>
          </Notice>
        ) : null}
        {nothingChanges && preview.latestVersion !== null ? <p className="muted">No entry changes.</p> : null}
        <ChangeList title="Added" total={diff.added} entries={diff.addedEntries} />
        <ChangeList title="Removed" total={diff.removed} entries={diff.removedEntries} />
        {diff.changed > 0 ? (
          <details>
            <summary>
              Changed <span className="badge">{formatCount(diff.changed)}</span>
            </summary>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Ticket</th>
                  <th scope="col">Before</th>
                  <th scope="col">After</th>
                </tr>
              </thead>
              <tbody>
                {diff.changedEntries.slice(0, MAX_LISTED_CHANGES).map(({ before, after }) => (
                  <tr key={after.ticket}>
                    <td>{after.ticket}</td>
                    <td>
                      {before.name} · weight {before.weight}
                    </td>
                    <td>
                      {after.name} · weight {after.weight}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <MoreNote total={diff.changed} shown={Math.min(diff.changedEntries.length, MAX_LISTED_CHANGES)} />
          </details>
        ) : null}
      </div>
      <ReturningWinners
        winners={preview.returningWinners}
        confirmed={winnersReturnConfirmed}
        onConfirmedChange={setWinnersReturnConfirmed}
      />
      <ErrorNotice error={publishError} />
      {invalidReport ? <ReportView report={invalidReport} /> : null}
      <button
        type="button"
        className="button-primary button-large"
        data-testid="publish"
        onClick={() => void publish()}
        disabled={publishing || (preview.returningWinners.length > 0 && !winnersReturnConfirmed)}
      >
        {publishing ? 'Publishing…' : 'Publish'}
      </button>
    </section>
  );
}

/** Earlier winners this publish would put back on the wheel: named, and published only when confirmed. */
function ReturningWinners({
  winners,
  confirmed,
  onConfirmedChange,
}: {
  winners: DraftPreview['returningWinners'];
  confirmed: boolean;
  onConfirmedChange: (confirmed: boolean) => void;
}) {
  if (winners.length === 0) return null;
  return (
    <div data-testid="returning-winners">
      <Notice kind="warning">
        {formatCount(winners.length)} earlier winner(s) would be back on the wheel:{' '}
        {winners
          .slice(0, MAX_LISTED_CHANGES)
          .map((winner) => `${winner.name} (${winner.ticket}, draw ${winner.seq})`)
          .join(', ')}
        {winners.length > MAX_LISTED_CHANGES ? ', …' : ''}. Remove them from the draft, or confirm.
      </Notice>
      <label>
        <input
          type="checkbox"
          data-testid="confirm-returning-winners"
          checked={confirmed}
          onChange={(event) => onConfirmedChange(event.target.checked)}
        />{' '}
        Put these winners back on the wheel
      </label>
    </div>
  );
}

function ChangeList({ title, total, entries }: { title: string; total: number; entries: Entry[] }) {
  if (total === 0) return null;
  return (
    <details>
      <summary>
        {title} <span className="badge">{formatCount(total)}</span>
      </summary>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Ticket</th>
            <th scope="col">Name</th>
            <th scope="col" className="numeric">
              Weight
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.slice(0, MAX_LISTED_CHANGES).map((entry) => (
            <tr key={entry.ticket}>
              <td>{entry.ticket}</td>
              <td>{entry.name}</td>
              <td className="numeric">{entry.weight}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <MoreNote total={total} shown={Math.min(entries.length, MAX_LISTED_CHANGES)} />
    </details>
  );
}

function MoreNote({ total, shown }: { total: number; shown: number }) {
  return total > shown ? (
    <p className="muted">
      First {formatCount(shown)} of {formatCount(total)} shown.
    </p>
  ) : null;
}
