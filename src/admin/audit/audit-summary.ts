// Plain-text helpers for the audit log table: a one-line summary of an event's details, short
// hashes, and whether adjacent events are linked by their hashes.
import type { AuditEvent } from '../api/client.ts';

const SUMMARY_MAX_CHARACTERS = 160;
const VALUE_MAX_CHARACTERS = 40;
export const SHORT_HASH_CHARACTERS = 10;

function summarizeValue(value: unknown): string {
  if (Array.isArray(value)) return `[${value.length}]`;
  if (value !== null && typeof value === 'object') return `{${Object.keys(value).join(', ')}}`;
  const text = String(value);
  return text.length > VALUE_MAX_CHARACTERS ? `${text.slice(0, VALUE_MAX_CHARACTERS - 1)}…` : text;
}

/** `key=value` pairs, arrays by their length, long text cut: `fileName=list.csv entries=120`. */
export function summarizeDetails(details: Record<string, unknown>): string {
  const text = Object.entries(details)
    .map(([key, value]) => `${key}=${summarizeValue(value)}`)
    .join(' ');
  return text.length > SUMMARY_MAX_CHARACTERS ? `${text.slice(0, SUMMARY_MAX_CHARACTERS - 1)}…` : text;
}

export function shortHash(hash: string): string {
  return hash.replace(/^sha256:/, '').slice(0, SHORT_HASH_CHARACTERS);
}

/**
 * For events listed newest first: 'linked' when the event's prevHash is the hash of the next
 * (older) listed event, 'gap' when it is not (a filter or a page left events out), and 'last' for
 * the oldest listed event.
 */
export function chainLinks(events: readonly AuditEvent[]): Array<'linked' | 'gap' | 'last'> {
  return events.map((event, index) => {
    const older = events[index + 1];
    if (!older) return 'last';
    return older.hash === event.prevHash ? 'linked' : 'gap';
  });
}
