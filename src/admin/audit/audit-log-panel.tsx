// The audit log: every state change, newest first, filterable, one page at a time. Each event
// holds the SHA-256 of the one before it, so the short hashes show the chain (`prizewheel verify`
// re-checks it in full).
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { ApiClient, ApiErrorBody, AuditEvent, AuditFilters } from '../api/client.ts';
import { ErrorNotice, Loading, formatDateTime, WideTable } from '../shared/ui.tsx';
import { chainLinks, shortHash, summarizeDetails } from './audit-summary.ts';

const AUDIT_PAGE_SIZE = 50;

interface FilterFields {
  action: string;
  actor: string;
  wheel: string;
  /** A datetime-local value (the organizer's time zone), or ''. */
  since: string;
}

function toFilters(fields: FilterFields): AuditFilters {
  const since = fields.since === '' ? undefined : new Date(fields.since);
  return {
    action: fields.action.trim() || undefined,
    actor: fields.actor.trim() || undefined,
    wheel: fields.wheel.trim() || undefined,
    since: since && !Number.isNaN(since.getTime()) ? since.toISOString() : undefined,
    limit: AUDIT_PAGE_SIZE,
  };
}

const LINK_LABELS = {
  linked: { symbol: '✓', title: 'Its previous hash is the hash of the event below' },
  gap: { symbol: '…', title: 'Events between these two are not listed (filters or paging)' },
  last: { symbol: '', title: '' },
} as const;

export function AuditLogPanel({ api, slug }: { api: ApiClient; slug: string }) {
  const [fields, setFields] = useState<FilterFields>({ action: '', actor: '', wheel: slug, since: '' });
  const [applied, setApplied] = useState<AuditFilters>(() => toFilters(fields));
  const [events, setEvents] = useState<AuditEvent[] | null>(null);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [error, setError] = useState<ApiErrorBody | null>(null);
  const [loading, setLoading] = useState(false);

  const loadPage = useCallback(
    async (filters: AuditFilters, before: number | null) => {
      setLoading(true);
      setError(null);
      const result = await api.queryAudit(before === null ? filters : { ...filters, before });
      setLoading(false);
      if (!result.ok) return setError(result.error);
      const page = result.data.events;
      setEvents((current) => (before === null || current === null ? page : [...current, ...page]));
      // Older servers answer without nextBefore: a full page means there may be more.
      const next =
        result.data.nextBefore !== undefined
          ? result.data.nextBefore
          : page.length === (filters.limit ?? AUDIT_PAGE_SIZE)
            ? (page.at(-1)?.id ?? null)
            : null;
      setNextBefore(next);
    },
    [api],
  );

  useEffect(() => {
    void loadPage(applied, null);
  }, [applied, loadPage]);

  function submit(event: FormEvent) {
    event.preventDefault();
    setEvents(null);
    setApplied(toFilters(fields));
  }

  const links = events ? chainLinks(events) : [];

  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">Audit log</h2>
      <p className="muted">
        Every change, newest first. Each event stores the SHA-256 hash of the event before it, so the log is a
        chain: changing or removing an old event breaks every hash after it (<code>prizewheel verify</code>{' '}
        checks the whole chain).
      </p>
      <form className="card toolbar" onSubmit={submit} aria-label="Filters">
        <label className="field field-inline">
          <span>Action</span>
          <input
            value={fields.action}
            placeholder="e.g. publish"
            onChange={(event) => setFields({ ...fields, action: event.target.value })}
          />
        </label>
        <label className="field field-inline">
          <span>Actor</span>
          <input
            value={fields.actor}
            placeholder="e.g. admin"
            onChange={(event) => setFields({ ...fields, actor: event.target.value })}
          />
        </label>
        <label className="field field-inline">
          <span>Wheel</span>
          <input
            value={fields.wheel}
            placeholder="all wheels"
            onChange={(event) => setFields({ ...fields, wheel: event.target.value })}
          />
        </label>
        <label className="field field-inline">
          <span>Since</span>
          <input
            type="datetime-local"
            step={1}
            value={fields.since}
            onChange={(event) => setFields({ ...fields, since: event.target.value })}
          />
        </label>
        <button type="submit" className="button-primary">
          Apply filters
        </button>
      </form>
      <ErrorNotice error={error} />
      {events === null && !error ? <Loading what="the audit log" /> : null}
      {events !== null ? (
        <WideTable label="Table of audit events">
          <table className="table" data-testid="audit-table">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Actor</th>
                <th scope="col">Action</th>
                <th scope="col">Wheel</th>
                <th scope="col">Details</th>
                <th scope="col">Hash</th>
                <th scope="col">Previous hash</th>
              </tr>
            </thead>
            <tbody>
              {events.length === 0 ? (
                <tr>
                  <td colSpan={7} className="muted">
                    No events match.
                  </td>
                </tr>
              ) : null}
              {events.map((event, index) => {
                const link = links[index] ?? 'last';
                return (
                  <tr key={event.id} data-event-id={event.id} data-action={event.action} data-chain={link}>
                    <td>{formatDateTime(event.at)}</td>
                    <td title={event.actor}>{event.actorLabel ?? event.actor}</td>
                    <td>
                      <code>{event.action}</code>
                    </td>
                    <td>{event.wheel ?? '—'}</td>
                    <td className="audit-details" title={JSON.stringify(event.details, null, 2)}>
                      {summarizeDetails(event.details)}
                    </td>
                    <td>
                      <code className="checksum-short" title={event.hash}>
                        {shortHash(event.hash)}
                      </code>
                    </td>
                    <td>
                      <code className="checksum-short" title={event.prevHash}>
                        {shortHash(event.prevHash)}
                      </code>{' '}
                      <span className="chain-link" title={LINK_LABELS[link].title}>
                        {LINK_LABELS[link].symbol}
                      </span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </WideTable>
      ) : null}
      {nextBefore !== null ? (
        <button type="button" disabled={loading} onClick={() => void loadPage(applied, nextBefore)}>
          {loading ? 'Loading…' : 'Load more'}
        </button>
      ) : null}
    </section>
  );
}
