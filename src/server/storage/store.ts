// The one storage interface of the server, made of one part per aggregate (accounts, wheels and
// drafts, snapshots, draws, verification, appearance, audit), each declared in its own file. Every
// method is async so the SQLite and PostgreSQL adapters meet exactly the same contract. State
// changes take the audit event they belong to and write it in the same transaction.
import type { AccountStore } from './account-store.ts';
import type { AppearanceStore } from './appearance-store.ts';
import type { AuditStore } from './audit-store.ts';
import type { DrawStore } from './draw-store.ts';
import type { OfflineVoucherStore } from './offline-voucher-store.ts';
import type { SnapshotStore } from './snapshot-store.ts';
import type { VerificationStore } from './verification-store.ts';
import type { WheelStore } from './wheel-store.ts';

// Callers import every storage type from here; the part files are where they are declared.
export type * from './account-store.ts';
export type * from './appearance-store.ts';
export type * from './audit-store.ts';
export type * from './draw-store.ts';
export type * from './offline-voucher-store.ts';
export type * from './snapshot-store.ts';
export type * from './store-types.ts';
export type * from './verification-store.ts';
export type * from './wheel-store.ts';

export interface Store
  extends
    AccountStore,
    WheelStore,
    SnapshotStore,
    DrawStore,
    OfflineVoucherStore,
    VerificationStore,
    AppearanceStore,
    AuditStore {
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  /** Names of the migrations applied to the database, oldest first (for readiness). */
  listAppliedMigrations(): Promise<string[]>;
  close(): Promise<void>;
}
