// What the Kysely parts of the Store share: the executor type, the one transaction runner, audit
// appending (every part writes its event inside its own transaction), and the few reads that more
// than one aggregate makes inside its transactions (the wheel, the pre-drawn plan).
import type { Kysely, Transaction } from 'kysely';
import type { WheelSettings } from '../../core/index.ts';
import { AppError } from '../errors.ts';
import { computeAuditHash, GENESIS_HASH } from './audit-chain.ts';
import type { AuditEvent } from './audit-store.ts';
import type { Database } from './schema.ts';
import type { AuditActor, AuditInput } from './store-types.ts';
import type { Wheel } from './wheel-store.ts';

/** The database outside a transaction, or one transaction: reads and writes run on either. */
export type Executor = Kysely<Database> | Transaction<Database>;

/** What every Kysely part of the Store is built from. */
export interface KyselyPartContext {
  db: Kysely<Database>;
  isoNow: () => string;
  /**
   * Runs `work` in one write transaction. NOTE: the parts compute "next = max + 1" inside it; that
   * is race-free because SQLite has one writer and the PostgreSQL dialect takes a write lock
   * (postgres/write-lock-dialect.ts).
   */
  transaction<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T>;
  /** Appends the next event of the hash-chained audit log, inside the caller's transaction. */
  appendAudit(executor: Executor, audit: AuditInput): Promise<AuditEvent>;
}

export function createKyselyPartContext(db: Kysely<Database>, now: () => Date): KyselyPartContext {
  const isoNow = (): string => now().toISOString();
  return {
    db,
    isoNow,
    transaction: (work) => db.transaction().execute(work),
    appendAudit: (executor, audit) => appendAuditEvent(executor, audit, isoNow),
  };
}

async function appendAuditEvent(
  executor: Executor,
  audit: AuditInput,
  isoNow: () => string,
): Promise<AuditEvent> {
  const last = await executor
    .selectFrom('audit_events')
    .select(['id', 'hash'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const unhashed = {
    id: (last ? Number(last.id) : 0) + 1,
    at: isoNow(),
    actor: audit.actor,
    action: audit.action,
    wheel: audit.wheel,
    details: audit.details,
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  const event: AuditEvent = { ...unhashed, hash: computeAuditHash(unhashed) };
  await executor
    .insertInto('audit_events')
    .values({
      id: event.id,
      at: event.at,
      actor: event.actor,
      action: event.action,
      wheel: event.wheel,
      details: JSON.stringify(event.details),
      prev_hash: event.prevHash,
      hash: event.hash,
    })
    .execute();
  return event;
}

/** The audit event of `action` on one wheel, by the actor the caller named. */
export function wheelAudit(
  by: AuditActor,
  action: string,
  wheel: string,
  details: Record<string, unknown>,
): AuditInput {
  return { actor: by.actor, action, wheel, details };
}

/** Byte order, the same on every database: PostgreSQL's collation and SQLite's byte order disagree. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Throws AppError wheel_not_found. */
export async function requireWheel(executor: Executor, slug: string): Promise<Wheel> {
  const row = await executor.selectFrom('wheels').selectAll().where('slug', '=', slug).executeTakeFirst();
  if (!row) throw new AppError('wheel_not_found', `No wheel named ${slug}`);
  return {
    slug: row.slug,
    title: row.title,
    settings: JSON.parse(row.settings) as WheelSettings,
    createdAt: row.created_at,
  };
}

/** The wheel's pre-drawn tickets, in drawing order (empty when it has no plan). */
export async function readPlan(executor: Executor, slug: string): Promise<string[]> {
  const row = await executor
    .selectFrom('plans')
    .select('tickets')
    .where('wheel', '=', slug)
    .executeTakeFirst();
  return row ? (JSON.parse(row.tickets) as string[]) : [];
}

export async function writePlan(
  executor: Executor,
  slug: string,
  tickets: string[],
  updatedAt: string,
): Promise<void> {
  const values = { wheel: slug, tickets: JSON.stringify(tickets), updated_at: updatedAt };
  await executor
    .insertInto('plans')
    .values(values)
    .onConflict((oc) =>
      oc.column('wheel').doUpdateSet({ tickets: values.tickets, updated_at: values.updated_at }),
    )
    .execute();
}
