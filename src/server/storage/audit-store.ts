// The audit part of the Store: the hash-chained log every state change writes into (the other
// parts append their event inside their own transaction), its listing and its filtered query.
import type { AuditInput } from './store-types.ts';

export interface AuditEvent extends AuditInput {
  id: number;
  at: string;
  prevHash: string;
  hash: string;
}

/** Filters of the audit log listing; every one optional. Newest first. */
export interface AuditQuery {
  wheel?: string;
  action?: string;
  actor?: string;
  /** ISO time: only events at or after it. */
  since?: string;
  /** Only events with a smaller id (the cursor of the next page). */
  before?: number;
  limit: number;
}

export interface AuditStore {
  appendAudit(audit: AuditInput): Promise<AuditEvent>;
  listAuditEvents(): Promise<AuditEvent[]>;
  /** The audit log filtered, newest first, at most `limit` events. */
  queryAuditEvents(query: AuditQuery): Promise<AuditEvent[]>;
}
