// Small building blocks shared by the feature panels.
import type { ReactNode } from 'react';
import type { ApiErrorBody } from '../api/client.ts';

/**
 * An error shown plainly, announced to screen readers. The machine code stays out of the text (an
 * organizer cannot act on "(invalid_credentials)"); it is kept as data-code for tests and
 * support.
 */
export function ErrorNotice({ error, children }: { error?: ApiErrorBody | null; children?: ReactNode }) {
  if (!error && !children) return null;
  return (
    <div className="notice notice-error" role="alert" data-code={error?.code}>
      {error ? error.message : null}
      {children}
    </div>
  );
}

export function Notice({
  kind = 'info',
  children,
}: {
  kind?: 'info' | 'success' | 'warning';
  children: ReactNode;
}) {
  return (
    <div className={`notice notice-${kind}`} role="status">
      {children}
    </div>
  );
}

/** A determinate bar when `fraction` is known, an indeterminate one otherwise. */
export function ProgressBar({ label, fraction }: { label: string; fraction: number | null }) {
  return (
    <div className="progress">
      <div className="progress-label">{label}</div>
      <div
        className={fraction === null ? 'progress-track progress-indeterminate' : 'progress-track'}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={fraction === null ? undefined : Math.round(fraction * 100)}
      >
        <div
          className="progress-fill"
          style={fraction === null ? undefined : { width: `${fraction * 100}%` }}
        />
      </div>
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="muted" role="status">
      Loading {what}…
    </p>
  );
}

const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTimeFormat.format(date);
}

export function formatCount(count: number): string {
  return count.toLocaleString();
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

/**
 * When a settings section takes effect, said the same way on each: with the next published version
 * (saved into the draft) or at once (pushed to open screens).
 */
export function AppliesWhen({ when }: { when: 'publish' | 'now' }) {
  return (
    <p className={`applies applies-${when}`} data-applies={when}>
      {when === 'publish' ? 'Applies with the next publish' : 'Applies at once'}
    </p>
  );
}

/**
 * A table that may be wider than a phone: it scrolls sideways inside this box, never the page. The
 * box is a named region that takes keyboard focus, so the columns out of view can be reached with
 * the arrow keys as well as by touch (axe: scrollable-region-focusable).
 */
export function WideTable({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-wide" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
