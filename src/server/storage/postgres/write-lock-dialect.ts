// The dialect seam that gives PostgreSQL SQLite's write behaviour: one writer at a time.
//
// NOTE: the shared Kysely store computes "next = max + 1" inside its transactions (snapshot
// versions, draw seq, and the audit log's id and hash chain, which is global across wheels).
// SQLite runs one write transaction at a time, so that is race-free there. On PostgreSQL every
// transaction first takes one transaction-scoped advisory lock, so write transactions run one
// after another across every connection and every server instance; the lock is released by
// COMMIT or ROLLBACK, also when a connection dies. Under READ COMMITTED each later statement
// sees what the previous lock holder committed. Reads outside transactions are not blocked.
import {
  CompiledQuery,
  PostgresDialect,
  PostgresDriver,
  type DatabaseConnection,
  type Driver,
  type TransactionSettings,
} from 'kysely';
import type { PostgresDialectConfig } from 'kysely';

/** Arbitrary, fixed: every prizewheel instance on one database must use the same key. */
export const WRITE_LOCK_KEY = 7_424_715_001;

class WriteLockPostgresDriver extends PostgresDriver {
  override async beginTransaction(
    connection: DatabaseConnection,
    settings: TransactionSettings,
  ): Promise<void> {
    if (settings.isolationLevel !== undefined && settings.isolationLevel !== 'read committed') {
      // Under REPEATABLE READ or SERIALIZABLE the snapshot would be taken before the lock is granted.
      throw new Error(
        `prizewheel's PostgreSQL store runs write transactions READ COMMITTED, not ${settings.isolationLevel}`,
      );
    }
    await super.beginTransaction(connection, settings);
    await connection.executeQuery(CompiledQuery.raw('select pg_advisory_xact_lock($1)', [WRITE_LOCK_KEY]));
  }
}

export class WriteLockPostgresDialect extends PostgresDialect {
  readonly #config: PostgresDialectConfig;

  constructor(config: PostgresDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new WriteLockPostgresDriver(this.#config);
  }
}
