// AccountStore over Kysely (users, sessions, API tokens, presenter keys): portable SQL only, so
// SQLite and PostgreSQL behave alike. Every change writes its audit event in the same transaction.
import type { Kysely, Transaction } from 'kysely';
import { AppError } from '../errors.ts';
import type { AccountStore, PresenterKey } from './account-store.ts';
import type { Database, PresenterKeysTable } from './schema.ts';
import type { AuditInput, Role } from './store.ts';

type Executor = Kysely<Database> | Transaction<Database>;

export interface AccountStoreDependencies {
  isoNow: () => string;
  appendAudit: (executor: Executor, audit: AuditInput) => Promise<unknown>;
}

function toPresenterKey(
  row: Pick<PresenterKeysTable, 'id' | 'wheel' | 'label' | 'created_at' | 'created_by'>,
): PresenterKey {
  return {
    id: row.id,
    wheel: row.wheel,
    label: row.label,
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

export function createKyselyAccountStore(db: Kysely<Database>, deps: AccountStoreDependencies): AccountStore {
  const { isoNow, appendAudit } = deps;

  async function userExists(executor: Executor, username: string): Promise<boolean> {
    const row = await executor
      .selectFrom('users')
      .select('username')
      .where('username', '=', username)
      .executeTakeFirst();
    return row !== undefined;
  }

  async function deleteSessionsOf(executor: Executor, username: string): Promise<number> {
    const result = await executor.deleteFrom('sessions').where('username', '=', username).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  return {
    async listUsers() {
      const rows = await db.selectFrom('users').select(['username', 'role', 'created_at']).execute();
      return rows
        .map((row) => ({ username: row.username, role: row.role as Role, createdAt: row.created_at }))
        .sort((a, b) => (a.username < b.username ? -1 : a.username > b.username ? 1 : 0));
    },

    async setUserPassword(username, passwordHash, audit) {
      return db.transaction().execute(async (trx) => {
        if (!(await userExists(trx, username))) return false;
        await trx
          .updateTable('users')
          .set({ password_hash: passwordHash })
          .where('username', '=', username)
          .execute();
        const revokedSessions = await deleteSessionsOf(trx, username);
        await appendAudit(trx, { ...audit, details: { ...audit.details, revokedSessions } });
        return true;
      });
    },

    async setUserRole(username, role, audit) {
      return db.transaction().execute(async (trx) => {
        if (!(await userExists(trx, username))) return false;
        await trx.updateTable('users').set({ role }).where('username', '=', username).execute();
        const revokedSessions = await deleteSessionsOf(trx, username);
        await appendAudit(trx, { ...audit, details: { ...audit.details, revokedSessions } });
        return true;
      });
    },

    async deleteUser(username, audit) {
      return db.transaction().execute(async (trx) => {
        if (!(await userExists(trx, username))) return false;
        // Explicit deletes, not only the foreign keys' cascade: the result must not depend on pragmas.
        const revokedSessions = await deleteSessionsOf(trx, username);
        const tokens = await trx.deleteFrom('api_tokens').where('username', '=', username).executeTakeFirst();
        await trx.deleteFrom('users').where('username', '=', username).execute();
        await appendAudit(trx, {
          ...audit,
          details: { ...audit.details, revokedSessions, revokedTokens: Number(tokens.numDeletedRows) },
        });
        return true;
      });
    },

    async deleteUserSessions(username, audit) {
      return db.transaction().execute(async (trx) => {
        const revoked = await deleteSessionsOf(trx, username);
        if (revoked > 0)
          await appendAudit(trx, { ...audit, details: { ...audit.details, revokedSessions: revoked } });
        return revoked;
      });
    },

    async deleteApiTokens(name, audit) {
      return db.transaction().execute(async (trx) => {
        const result = await trx.deleteFrom('api_tokens').where('name', '=', name).executeTakeFirst();
        const deleted = Number(result.numDeletedRows);
        if (deleted > 0)
          await appendAudit(trx, { ...audit, details: { ...audit.details, revoked: deleted } });
        return deleted;
      });
    },

    async createPresenterKey(key, audit) {
      return db.transaction().execute(async (trx) => {
        const wheel = await trx
          .selectFrom('wheels')
          .select('slug')
          .where('slug', '=', key.wheel)
          .executeTakeFirst();
        if (!wheel) throw new AppError('wheel_not_found', `No wheel named ${key.wheel}`);
        const row = {
          id: key.id,
          wheel: key.wheel,
          label: key.label,
          key_hash: key.keyHash,
          created_at: isoNow(),
          created_by: key.createdBy,
          revoked_at: null,
        };
        await trx.insertInto('presenter_keys').values(row).execute();
        await appendAudit(trx, audit);
        return toPresenterKey(row);
      });
    },

    async listPresenterKeys(wheel) {
      const rows = await db
        .selectFrom('presenter_keys')
        .select(['id', 'wheel', 'label', 'created_at', 'created_by'])
        .where('wheel', '=', wheel)
        .where('revoked_at', 'is', null)
        .execute();
      return rows
        .map(toPresenterKey)
        .sort((a, b) =>
          a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1,
        );
    },

    async revokePresenterKey(wheel, id, audit) {
      return db.transaction().execute(async (trx) => {
        const result = await trx
          .updateTable('presenter_keys')
          .set({ revoked_at: isoNow() })
          .where('wheel', '=', wheel)
          .where('id', '=', id)
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        const revoked = Number(result.numUpdatedRows) > 0;
        if (revoked) await appendAudit(trx, audit);
        return revoked;
      });
    },

    async findPresenterKey(keyHash) {
      const row = await db
        .selectFrom('presenter_keys')
        .select(['id', 'wheel', 'label', 'created_at', 'created_by'])
        .where('key_hash', '=', keyHash)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return row ? toPresenterKey(row) : null;
    },
  };
}
