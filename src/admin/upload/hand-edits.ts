// Whether the draft holds changes made by hand (the Draft tab, a restore from History) that an
// upload would throw away: the wheel's newest entry-changing event in the audit log says so.
import type { AuditEvent } from '../api/client.ts';

/** Audit actions that set the draft's entries by hand (the Draft tab; a restore from History)… */
const HAND_EDIT_ACTIONS: ReadonlySet<string> = new Set(['edit_entries', 'restore']);
/** …and those after which the draft holds nothing an upload would lose unasked. */
const DRAFT_SETTLING_ACTIONS: ReadonlySet<string> = new Set(['import', 'publish', 'create_wheel']);

/**
 * The newest hand edit of the draft not followed by an upload or a publish, or null.
 * `events`: the wheel's audit events, newest first (as GET /api/admin/audit answers).
 */
export function findUnpublishedHandEdit(events: readonly AuditEvent[]): AuditEvent | null {
  for (const event of events) {
    if (HAND_EDIT_ACTIONS.has(event.action)) return event;
    if (DRAFT_SETTLING_ACTIONS.has(event.action)) return null;
  }
  return null;
}
