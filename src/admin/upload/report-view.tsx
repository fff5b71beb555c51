// The validation report: summary, file error, row errors grouped by kind (filterable).
import { useDeferredValue, useMemo, useState } from 'react';
import { ERRORS_WITH_VALUES_MAX, type RowError, type ValidationReport } from '../../core/index.ts';
import { WideTable, formatCount, plural } from '../shared/ui.tsx';
import { ERROR_KIND_LABELS, groupErrors } from './group-errors.ts';

/** Rows rendered per kind before "show more": a 100,000-error report stays responsive. */
const ROWS_PER_GROUP_STEP = 200;

/** Shown groups of a participant list's report; the rest are counted. */
const GROUPS_LISTED = 12;

/** The participant list's report may count persons and rows per group; a prize sheet's counts prizes. */
export interface ReportCounts {
  persons?: number;
  groups?: Array<{ name: string; entries: number }>;
}

export function ReportView({
  report,
  itemLabel = 'Valid entries',
}: {
  report: ValidationReport & ReportCounts;
  /** What the valid rows are: `Valid entries` (participants) or `Valid prizes`. */
  itemLabel?: string;
}) {
  const [filterText, setFilterText] = useState('');
  const deferredFilter = useDeferredValue(filterText);
  const groups = useMemo(() => groupErrors(report.errors, deferredFilter), [report.errors, deferredFilter]);
  const { file } = report;

  return (
    <section className="report card" data-testid="report" aria-labelledby="report-title">
      <h3 id="report-title">Report for {file.name}</h3>
      <dl className="summary">
        <div>
          <dt>Format</dt>
          <dd>{file.format ?? '—'}</dd>
        </div>
        {file.sheet ? (
          <div>
            <dt>Sheet</dt>
            <dd>{file.sheet}</dd>
          </div>
        ) : null}
        {file.headerRow !== null ? (
          <div>
            <dt>Header row</dt>
            <dd>{file.headerRow}</dd>
          </div>
        ) : null}
        <div>
          <dt>Rows read</dt>
          <dd>{formatCount(report.rows)}</dd>
        </div>
        <div>
          <dt>{itemLabel}</dt>
          <dd>{formatCount(report.entries)}</dd>
        </div>
        {report.persons !== undefined ? (
          <div>
            <dt>Persons</dt>
            <dd data-testid="report-persons">{formatCount(report.persons)}</dd>
          </div>
        ) : null}
        {report.groups !== undefined ? (
          <div>
            <dt>Groups</dt>
            <dd data-testid="report-groups">
              {formatCount(report.groups.length)}
              {report.groups.length > 0 ? ': ' : ''}
              {report.groups
                .slice(0, GROUPS_LISTED)
                .map((group) => `${group.name} (${formatCount(group.entries)})`)
                .join(', ')}
              {report.groups.length > GROUPS_LISTED
                ? `, and ${formatCount(report.groups.length - GROUPS_LISTED)} more`
                : ''}
            </dd>
          </div>
        ) : null}
        <div>
          <dt>Rows with errors</dt>
          <dd>{formatCount(report.errors.length)}</dd>
        </div>
      </dl>

      {report.fileError ? (
        <div className="notice notice-error" role="alert" data-file-error-code={report.fileError.code}>
          <strong>The file was rejected:</strong> {report.fileError.message}
        </div>
      ) : null}

      {report.warnings.length > 0 ? (
        <ul className="warnings">
          {report.warnings.map((warning, index) => (
            <li key={index}>
              {warning.row !== undefined ? `Row ${warning.row}: ` : ''}
              {warning.message}
            </li>
          ))}
        </ul>
      ) : null}

      {!report.fileError && report.errors.length === 0 ? (
        <p className="notice notice-success" data-testid="report-ok">
          No errors: all {plural(report.entries, 'row is', 'rows are')} valid.
        </p>
      ) : null}

      {report.errors.length > 0 ? (
        <div data-testid="report-errors">
          <label className="field field-inline">
            <span>Filter errors</span>
            <input
              type="search"
              value={filterText}
              placeholder="row number, ticket or text"
              onChange={(event) => setFilterText(event.target.value)}
            />
          </label>
          {report.errors.length > ERRORS_WITH_VALUES_MAX ? (
            <p className="muted" data-testid="report-values-capped">
              The row&apos;s values are shown for the first {formatCount(ERRORS_WITH_VALUES_MAX)} errors.
            </p>
          ) : null}
          {groups.length === 0 ? <p className="muted">No error matches the filter.</p> : null}
          {groups.map((group) => (
            <ErrorGroupTable
              key={`${group.code}/${deferredFilter}`}
              label={ERROR_KIND_LABELS[group.code] ?? group.code}
              code={group.code}
              errors={group.errors}
            />
          ))}
        </div>
      ) : null}
    </section>
  );
}

function ErrorGroupTable({
  label,
  code,
  errors,
}: {
  label: string;
  code: string;
  errors: ValidationReport['errors'];
}) {
  const [shown, setShown] = useState(ROWS_PER_GROUP_STEP);
  return (
    <details className="error-group" open data-error-code={code}>
      <summary>
        {label} <span className="badge">{formatCount(errors.length)}</span>
      </summary>
      {/* Fixed column widths: every group's table lines up with the others. */}
      <WideTable label={`Table of ${label.toLowerCase()} errors`}>
        <table className="table report-table">
          <colgroup>
            <col className="report-col-row" />
            <col className="report-col-ticket" />
            <col className="report-col-name" />
            <col className="report-col-weight" />
            <col />
          </colgroup>
          <thead>
            <tr>
              <th scope="col" className="numeric">
                Row
              </th>
              <th scope="col">Ticket</th>
              <th scope="col">Name</th>
              <th scope="col">Weight</th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            {errors.slice(0, shown).map((error) => (
              <tr key={`${error.row}/${error.column}/${error.code}`} data-column={error.column}>
                <td className="numeric">{error.row}</td>
                <RowValueCell error={error} column="ticket" />
                <RowValueCell error={error} column="name" />
                <RowValueCell error={error} column="weight" />
                <td>
                  {error.values && !isShownColumn(error.column) ? (
                    <div className="report-cell-offending" data-testid="report-offending-value">
                      {error.column}: <CellText text={error.values.value} />
                    </div>
                  ) : null}
                  {error.message}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </WideTable>
      {errors.length > shown ? (
        <button type="button" onClick={() => setShown((count) => count + ROWS_PER_GROUP_STEP * 5)}>
          Show more ({formatCount(errors.length - shown)} not shown)
        </button>
      ) : null}
    </details>
  );
}

/** The row's columns the report's tables show; an error in another column shows its cell by the message. */
const SHOWN_COLUMNS = ['ticket', 'name', 'weight'] as const;

function isShownColumn(column: RowError['column']): column is (typeof SHOWN_COLUMNS)[number] {
  return (SHOWN_COLUMNS as readonly string[]).includes(column);
}

/**
 * One of the failing row's cells (ticket, name or weight), marked when it is the one the error is
 * about; a dash when the report carries no values for this error (past ERRORS_WITH_VALUES_MAX).
 */
function RowValueCell({ error, column }: { error: RowError; column: (typeof SHOWN_COLUMNS)[number] }) {
  const offending = error.column === column;
  const text = error.values?.[column];
  return (
    <td
      className={offending ? 'report-cell-offending' : undefined}
      data-testid={`report-${column}`}
      data-offending={offending ? 'true' : undefined}
    >
      {text === undefined ? (
        <span className="muted">—</span>
      ) : text === null ? (
        <span className="muted">(no column)</span>
      ) : (
        <CellText text={text} />
      )}
    </td>
  );
}

/** A cell's text as written, or "(empty)" so an empty cell is not mistaken for a missing value. */
function CellText({ text }: { text: string }) {
  return text === '' ? <span className="muted">(empty)</span> : <>{text}</>;
}
