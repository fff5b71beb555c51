// AccountStore over Kysely (users, sessions, API tokens, presenter keys): portable SQL only, so
// SQLite and PostgreSQL behave alike. Every change writes its audit event in the same transaction.
import type { InsertObject } from 'kysely';
import { AppError } from '../errors.ts';
import type { AccountStore, PresenterKey, Role } from './account-store.ts';
import { compareText, requireWheel, type Executor, type KyselyPartContext } from './kysely-shared.ts';
import type { Database, PresenterKeysTable } from './schema.ts';
import type { AuditInput } from './store-types.ts';

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

export function createKyselyAccountStore(ctx: KyselyPartContext): AccountStore {
  return {
    ...createSignInMethods(ctx),
    ...createUserAdminMethods(ctx),
    ...createPresenterKeyMethods(ctx),
    ...createPresenterGrantMethods(ctx),
  };
}

type SignInMethods = Pick<
  AccountStore,
  | 'countUsers'
  | 'createUser'
  | 'findUser'
  | 'createSession'
  | 'findSessionUser'
  | 'deleteSession'
  | 'createApiToken'
  | 'findApiTokenUser'
>;

type UserAdminMethods = Pick<
  AccountStore,
  'listUsers' | 'setUserPassword' | 'setUserRole' | 'deleteUser' | 'deleteUserSessions' | 'deleteApiTokens'
>;

type PresenterKeyMethods = Pick<
  AccountStore,
  'createPresenterKey' | 'listPresenterKeys' | 'revokePresenterKey' | 'findPresenterKey'
>;

/** Signing in: creating and finding users, sessions and API tokens. */
function createSignInMethods({ db, isoNow, transaction, appendAudit }: KyselyPartContext): SignInMethods {
  /** Inserts one row, created now, with its audit event in the same transaction. */
  async function insertCreated<T extends 'users' | 'sessions' | 'api_tokens'>(
    table: T,
    row: Omit<InsertObject<Database, T>, 'created_at'>,
    audit: AuditInput,
  ): Promise<void> {
    await transaction(async (trx) => {
      const values = { ...row, created_at: isoNow() } as InsertObject<Database, T>;
      await trx.insertInto(table).values(values).execute();
      await appendAudit(trx, audit);
    });
  }

  return {
    async countUsers() {
      const row = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll().as('count'))
        .executeTakeFirst();
      return Number(row?.count ?? 0);
    },

    async createUser(user, audit) {
      const row = { username: user.username, role: user.role, password_hash: user.passwordHash };
      await insertCreated('users', row, audit);
    },

    async findUser(username) {
      const row = await db
        .selectFrom('users')
        .selectAll()
        .where('username', '=', username)
        .executeTakeFirst();
      return row ? { username: row.username, role: row.role as Role, passwordHash: row.password_hash } : null;
    },

    async createSession(session, audit) {
      const row = {
        token_hash: session.tokenHash,
        username: session.username,
        expires_at: session.expiresAt,
      };
      await insertCreated('sessions', row, audit);
    },

    async findSessionUser(tokenHash, at) {
      const row = await db
        .selectFrom('sessions')
        .innerJoin('users', 'users.username', 'sessions.username')
        .select(['users.username', 'users.role'])
        .where('sessions.token_hash', '=', tokenHash)
        .where('sessions.expires_at', '>', at)
        .executeTakeFirst();
      return row ? { username: row.username, role: row.role as Role } : null;
    },

    async deleteSession(tokenHash, audit) {
      return transaction(async (trx) => {
        const result = await trx
          .deleteFrom('sessions')
          .where('token_hash', '=', tokenHash)
          .executeTakeFirst();
        const deleted = Number(result.numDeletedRows) > 0;
        if (deleted) await appendAudit(trx, audit);
        return deleted;
      });
    },

    async createApiToken(token, audit) {
      const row = { token_hash: token.tokenHash, username: token.username, name: token.name };
      await insertCreated('api_tokens', row, audit);
    },

    async findApiTokenUser(tokenHash) {
      const row = await db
        .selectFrom('api_tokens')
        .innerJoin('users', 'users.username', 'api_tokens.username')
        .select(['users.username', 'users.role'])
        .where('api_tokens.token_hash', '=', tokenHash)
        .executeTakeFirst();
      return row ? { username: row.username, role: row.role as Role } : null;
    },
  };
}

/** Managing users: listing, password and role changes, deletion, revoking sessions and tokens. */
function createUserAdminMethods({ db, transaction, appendAudit }: KyselyPartContext): UserAdminMethods {
  return {
    async listUsers() {
      const rows = await db.selectFrom('users').select(['username', 'role', 'created_at']).execute();
      return rows
        .map((row) => ({ username: row.username, role: row.role as Role, createdAt: row.created_at }))
        .sort((a, b) => compareText(a.username, b.username));
    },

    async setUserPassword(username, passwordHash, audit) {
      return transaction(async (trx) => {
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
      return transaction(async (trx) => {
        if (!(await userExists(trx, username))) return false;
        await trx.updateTable('users').set({ role }).where('username', '=', username).execute();
        const revokedSessions = await deleteSessionsOf(trx, username);
        await appendAudit(trx, { ...audit, details: { ...audit.details, revokedSessions } });
        return true;
      });
    },

    async deleteUser(username, audit) {
      return transaction(async (trx) => {
        if (!(await userExists(trx, username))) return false;
        // Explicit deletes, not only the foreign keys' cascade: the result must not depend on pragmas.
        const revokedSessions = await deleteSessionsOf(trx, username);
        const tokens = await trx.deleteFrom('api_tokens').where('username', '=', username).executeTakeFirst();
        await trx.deleteFrom('presenter_grants').where('username', '=', username).execute();
        await trx.deleteFrom('users').where('username', '=', username).execute();
        await appendAudit(trx, {
          ...audit,
          details: { ...audit.details, revokedSessions, revokedTokens: Number(tokens.numDeletedRows) },
        });
        return true;
      });
    },

    async deleteUserSessions(username, audit) {
      return transaction(async (trx) => {
        const revoked = await deleteSessionsOf(trx, username);
        if (revoked > 0)
          await appendAudit(trx, { ...audit, details: { ...audit.details, revokedSessions: revoked } });
        return revoked;
      });
    },

    async deleteApiTokens(name, audit) {
      return transaction(async (trx) => {
        const result = await trx.deleteFrom('api_tokens').where('name', '=', name).executeTakeFirst();
        const deleted = Number(result.numDeletedRows);
        if (deleted > 0)
          await appendAudit(trx, { ...audit, details: { ...audit.details, revoked: deleted } });
        return deleted;
      });
    },
  };
}

/** Presenter links: per-wheel keys (stored hashed) that let one page spin one wheel. */
function createPresenterKeyMethods({
  db,
  isoNow,
  transaction,
  appendAudit,
}: KyselyPartContext): PresenterKeyMethods {
  return {
    async createPresenterKey(key, audit) {
      return transaction(async (trx) => {
        await requireWheel(trx, key.wheel);
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

    async listPresenterKeys(wheel, options = {}) {
      let query = db
        .selectFrom('presenter_keys')
        .select(['id', 'wheel', 'label', 'created_at', 'created_by'])
        .where('wheel', '=', wheel);
      if (!options.includeRevoked) query = query.where('revoked_at', 'is', null);
      const rows = await query.execute();
      return rows
        .map(toPresenterKey)
        .sort((a, b) =>
          a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1,
        );
    },

    async revokePresenterKey(wheel, id, audit) {
      return transaction(async (trx) => {
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

type PresenterGrantMethods = Pick<
  AccountStore,
  'listPresenterWheels' | 'isPresenterGranted' | 'setPresenterWheels'
>;

/** Presenter accounts: the wheels each may spin (admins need no grant). */
function createPresenterGrantMethods({
  db,
  isoNow,
  transaction,
  appendAudit,
}: KyselyPartContext): PresenterGrantMethods {
  const grantedWheels = async (executor: Executor, username: string): Promise<string[]> =>
    (await executor.selectFrom('presenter_grants').select('wheel').where('username', '=', username).execute())
      .map((row) => row.wheel)
      .sort(compareText);
  return {
    async listPresenterWheels(username) {
      return grantedWheels(db, username);
    },

    async isPresenterGranted(username, wheel) {
      const user = await db
        .selectFrom('users')
        .select('role')
        .where('username', '=', username)
        .executeTakeFirst();
      if (user?.role === 'admin') return true;
      if (user?.role !== 'presenter') return false;
      const grant = await db
        .selectFrom('presenter_grants')
        .select('wheel')
        .where('username', '=', username)
        .where('wheel', '=', wheel)
        .executeTakeFirst();
      return grant !== undefined;
    },

    async setPresenterWheels(username, wheels, audit) {
      return transaction(async (trx) => {
        const user = await trx
          .selectFrom('users')
          .select('role')
          .where('username', '=', username)
          .executeTakeFirst();
        if (!user) throw new AppError('not_found', `No user named ${username}`);
        if (user.role !== 'presenter')
          throw new AppError('invalid_request', `${username} is an admin: admins present every wheel`);
        const wanted = [...new Set(wheels)].sort(compareText);
        for (const wheel of wanted) await requireWheel(trx, wheel);
        const before = await grantedWheels(trx, username);
        await trx.deleteFrom('presenter_grants').where('username', '=', username).execute();
        const createdAt = isoNow();
        if (wanted.length > 0)
          await trx
            .insertInto('presenter_grants')
            .values(wanted.map((wheel) => ({ username, wheel, created_at: createdAt })))
            .execute();
        await appendAudit(trx, { ...audit, details: { ...audit.details, username, before, wheels: wanted } });
        return wanted;
      });
    },
  };
}

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
