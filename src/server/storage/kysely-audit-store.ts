// AuditStore over Kysely: appending on its own (the other parts append inside their own
// transactions through the shared context), the whole log, and the filtered listing.
import type { AuditStore, AuditEvent } from './audit-store.ts';
import type { KyselyPartContext } from './kysely-shared.ts';
import type { Database } from './schema.ts';

export function createKyselyAuditStore({ db, transaction, appendAudit }: KyselyPartContext): AuditStore {
  return {
    async appendAudit(audit) {
      return transaction((trx) => appendAudit(trx, audit));
    },

    async listAuditEvents() {
      const rows = await db.selectFrom('audit_events').selectAll().orderBy('id').execute();
      return rows.map(toAuditEvent);
    },

    async queryAuditEvents(query) {
      let select = db.selectFrom('audit_events').selectAll();
      if (query.wheel !== undefined) select = select.where('wheel', '=', query.wheel);
      if (query.action !== undefined) select = select.where('action', '=', query.action);
      if (query.actor !== undefined) select = select.where('actor', '=', query.actor);
      if (query.since !== undefined) select = select.where('at', '>=', query.since);
      if (query.before !== undefined) select = select.where('id', '<', query.before);
      const rows = await select.orderBy('id', 'desc').limit(query.limit).execute();
      return rows.map(toAuditEvent);
    },
  };
}

function toAuditEvent(row: Database['audit_events']): AuditEvent {
  return {
    id: Number(row.id),
    at: row.at,
    actor: row.actor,
    action: row.action,
    wheel: row.wheel,
    details: JSON.parse(row.details) as Record<string, unknown>,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
