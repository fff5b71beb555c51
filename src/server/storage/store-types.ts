// The types every part of the Store shares: the audit event a state change brings along. Kept
// apart from store.ts so the parts can use them without importing the Store they make up.

/** Who did it and what: the store adds id, time and the hash chain. */
export interface AuditInput {
  actor: string;
  action: string;
  wheel: string | null;
  details: Record<string, unknown>;
}

/** Only who did it: the store names the action, the wheel and the details itself. */
export type AuditActor = Pick<AuditInput, 'actor'>;
