// Upload a participant list: drop or pick a file, watch it upload and parse, read the report. A
// draft edited by hand and not published since is not replaced without asking first.
import { useEffect, useRef, useState, type DragEvent } from 'react';
import type {
  ApiClient,
  ApiErrorBody,
  AuditEvent,
  ImportResult,
  UploadHandle,
  UploadProgress,
} from '../api/client.ts';
import { ErrorNotice, Notice, formatCount, formatDateTime, plural } from '../shared/ui.tsx';
import { findUnpublishedHandEdit } from './hand-edits.ts';
import { ReportView } from './report-view.tsx';
import { UploadProgressView } from './upload-progress.tsx';

const ACCEPTED_EXTENSIONS = '.xlsx,.xls,.ods,.csv';

/** How far back the audit log is read for a hand edit of the draft. */
const HAND_EDIT_LOOKBACK_EVENTS = 50;

type UploadState =
  | { status: 'idle' }
  | { status: 'confirming'; file: File; handEdit: AuditEvent }
  | { status: 'sending'; file: File; acceptValidRows: boolean; progress: UploadProgress }
  | { status: 'done'; file: File; append: boolean; result: ImportResult }
  | { status: 'failed'; file: File; error: ApiErrorBody };

interface UploadPanelProps {
  api: ApiClient;
  slug: string;
  onDraftReplaced: () => void;
  onShowDraft: () => void;
}

export function UploadPanel({ api, slug, onDraftReplaced, onShowDraft }: UploadPanelProps) {
  const [state, setState] = useState<UploadState>({ status: 'idle' });
  const [dragging, setDragging] = useState(false);
  /** Late registrations: the next upload adds the file's new tickets to the draft. */
  const [append, setAppend] = useState(false);
  const uploadRef = useRef<UploadHandle | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  // Leaving the tab cancels an upload in flight: its answer would land on an unmounted panel.
  useEffect(() => () => uploadRef.current?.abort(), []);

  async function send(file: File, acceptValidRows: boolean, appendRows = append) {
    uploadRef.current?.abort();
    setState({ status: 'sending', file, acceptValidRows, progress: { phase: 'uploading', fraction: 0 } });
    const handle = api.uploadDraftFile(
      slug,
      file,
      acceptValidRows,
      (progress) =>
        setState((current) =>
          current.status === 'sending' && current.file === file ? { ...current, progress } : current,
        ),
      appendRows,
    );
    uploadRef.current = handle;
    const result = await handle.result;
    if (uploadRef.current !== handle) return; // a newer upload replaced this one
    uploadRef.current = null;
    if (result.ok) {
      setState({ status: 'done', file, append: appendRows, result: result.data });
      if (result.data.draftReplaced) onDraftReplaced();
    } else if (result.error.code !== 'aborted') {
      setState({ status: 'failed', file, error: result.error });
    }
    // The same file may be picked again after a fix in the spreadsheet.
    if (inputRef.current) inputRef.current.value = '';
  }

  /** A picked or dropped file: asks first when the upload would replace hand edits. */
  async function choose(file: File) {
    // Adding to the draft loses nothing: no question.
    if (append) return send(file, false, true);
    const audit = await api.queryAudit({ wheel: slug, limit: HAND_EDIT_LOOKBACK_EVENTS });
    // NOTE: an audit log that cannot be read (e.g. a user without that right) does not block uploads.
    const handEdit = audit.ok ? findUnpublishedHandEdit(audit.data.events) : null;
    if (handEdit) setState({ status: 'confirming', file, handEdit });
    else void send(file, false);
  }

  function onDrop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) void choose(file);
  }

  const sending = state.status === 'sending';

  return (
    <section aria-labelledby="upload-title">
      <h2 id="upload-title">Upload the participant list</h2>
      <p className="muted">
        Excel (.xlsx, .xls), OpenDocument (.ods) or CSV. Columns <code>ticket</code> and <code>name</code> are
        required, <code>weight</code> is optional; <code>person</code> (who holds the ticket, e.g. an email:
        one person may hold several tickets) and <code>group</code> (e.g. department) are optional too and are
        used by the prizes&apos; rules; <code>label</code> (or public name) is what the public sees when the
        settings say so; other columns are kept. A file with errors changes nothing until you choose to import
        its valid rows.{' '}
        <a href="/samples/participants.csv" download data-testid="sample-participants">
          Download a sample list
        </a>
        .
      </p>
      <div
        className={dragging ? 'drop-zone drop-zone-active' : 'drop-zone'}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <label className="field-checkbox append-choice">
          <input
            type="checkbox"
            data-testid="upload-append"
            checked={append}
            disabled={sending}
            onChange={(event) => setAppend(event.target.checked)}
          />
          <span>Late registrations: keep the draft and add the file&apos;s new tickets</span>
        </label>
        <p>Drop a file here, or</p>
        <label className="button-like button-primary">
          Choose a file…
          <input
            ref={inputRef}
            data-testid="upload-input"
            className="visually-hidden"
            type="file"
            accept={ACCEPTED_EXTENSIONS}
            disabled={sending}
            onChange={(event) => {
              const file = event.target.files?.[0];
              if (file) void choose(file);
            }}
          />
        </label>
      </div>

      {state.status === 'confirming' ? (
        <div
          className="notice notice-warning"
          role="alertdialog"
          aria-labelledby="replace-edits-title"
          data-testid="confirm-replace"
        >
          <p id="replace-edits-title">
            The draft was edited by hand ({state.handEdit.actor}, {formatDateTime(state.handEdit.at)}) and not
            published since. Uploading {state.file.name} replaces the whole draft, those edits included.
          </p>
          <div className="toolbar">
            <button
              type="button"
              className="button-danger"
              onClick={() => void send(state.file, false, false)}
            >
              Replace the draft with {state.file.name}
            </button>
            <button type="button" onClick={() => void send(state.file, false, true)}>
              Add its new tickets to the draft instead
            </button>
            <button
              type="button"
              onClick={() => {
                setState({ status: 'idle' });
                if (inputRef.current) inputRef.current.value = '';
              }}
            >
              Keep the draft
            </button>
          </div>
        </div>
      ) : null}

      {state.status === 'sending' ? (
        <UploadProgressView
          file={state.file}
          progress={state.progress}
          onCancel={() => uploadRef.current?.abort()}
        />
      ) : null}

      {state.status === 'failed' ? (
        <ErrorNotice error={{ ...state.error, message: `${state.file.name}: ${state.error.message}` }} />
      ) : null}

      {state.status === 'done' ? (
        <>
          <ImportOutcome
            result={state.result}
            onImportValidRows={() => void send(state.file, true, state.append)}
            onShowDraft={onShowDraft}
          />
          <ReportView report={state.result} />
        </>
      ) : null}
    </section>
  );
}

function ImportOutcome({
  result,
  onImportValidRows,
  onShowDraft,
}: {
  result: ImportResult;
  onImportValidRows: () => void;
  onShowDraft: () => void;
}) {
  if (result.fileError) return null; // the report says it plainly
  if (result.draftReplaced && result.appended !== undefined) {
    return (
      <Notice kind="success">
        {plural(result.appended, 'entry', 'entries')} from {result.file.name} added to the draft.{' '}
        <button type="button" className="button-link-inline" onClick={onShowDraft}>
          Review the draft
        </button>
      </Notice>
    );
  }
  if (result.draftReplaced) {
    return (
      <Notice kind="success">
        The draft now holds {plural(result.entries, 'entry', 'entries')} from {result.file.name}.{' '}
        <button type="button" className="button-link-inline" onClick={onShowDraft}>
          Review the draft
        </button>
      </Notice>
    );
  }
  return (
    <Notice kind="warning">
      <p>
        {plural(result.errors.length, 'row has', 'rows have')} errors, so the draft was not changed. Fix the
        file and upload it again, or import only the valid rows.
      </p>
      {result.entries > 0 ? (
        <button
          type="button"
          className="button-primary"
          data-testid="import-valid-rows"
          onClick={onImportValidRows}
        >
          Import the {formatCount(result.entries)} valid rows
        </button>
      ) : null}
    </Notice>
  );
}
