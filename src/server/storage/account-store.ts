// The accounts part of the Store: users and their roles, sessions, API tokens and per-wheel
// presenter keys. Implemented over Kysely in kysely-account-store.ts, for SQLite and PostgreSQL.
import type { AuditInput } from './store-types.ts';

export type Role = 'admin' | 'presenter';

export interface User {
  username: string;
  role: Role;
}

export interface UserWithPassword extends User {
  passwordHash: string;
}

export interface UserSummary extends User {
  createdAt: string;
}

export interface PresenterKey {
  id: string;
  wheel: string;
  label: string;
  createdAt: string;
  createdBy: string;
}

export interface AccountStore {
  countUsers(): Promise<number>;
  createUser(user: UserWithPassword, audit: AuditInput): Promise<void>;
  findUser(username: string): Promise<UserWithPassword | null>;
  listUsers(): Promise<UserSummary[]>;
  /** Replaces the password hash and revokes every session of the user; false when there is no such user. */
  setUserPassword(username: string, passwordHash: string, audit: AuditInput): Promise<boolean>;
  /** Changes the role and revokes every session of the user; false when there is no such user. */
  setUserRole(username: string, role: Role, audit: AuditInput): Promise<boolean>;
  /** Deletes the user with its sessions and API tokens; false when there is no such user. */
  deleteUser(username: string, audit: AuditInput): Promise<boolean>;
  /** Revokes every session of the user (sign out everywhere); the number revoked. */
  deleteUserSessions(username: string, audit: AuditInput): Promise<number>;
  /** Deletes the API tokens with this name; the number deleted (no audit when 0). */
  deleteApiTokens(name: string, audit: AuditInput): Promise<number>;

  createSession(
    session: { tokenHash: string; username: string; expiresAt: string },
    audit: AuditInput,
  ): Promise<void>;
  /** The user of an unexpired session, else null. */
  findSessionUser(tokenHash: string, now: string): Promise<User | null>;
  /** Revokes a session; false when there was none. */
  deleteSession(tokenHash: string, audit: AuditInput): Promise<boolean>;
  createApiToken(
    token: { tokenHash: string; username: string; name: string },
    audit: AuditInput,
  ): Promise<void>;
  findApiTokenUser(tokenHash: string): Promise<User | null>;

  /** Throws AppError wheel_not_found. */
  createPresenterKey(
    key: { id: string; wheel: string; label: string; keyHash: string; createdBy: string },
    audit: AuditInput,
  ): Promise<PresenterKey>;
  /** The wheel's keys that are not revoked (with includeRevoked, all it ever had: exports name them), oldest first. */
  listPresenterKeys(wheel: string, options?: { includeRevoked?: boolean }): Promise<PresenterKey[]>;
  /** False when the wheel has no such unrevoked key. */
  revokePresenterKey(wheel: string, id: string, audit: AuditInput): Promise<boolean>;
  /** The unrevoked key with this hash, else null. */
  findPresenterKey(keyHash: string): Promise<PresenterKey | null>;

  /** The wheels a presenter account is granted, sorted; [] for an unknown user. */
  listPresenterWheels(username: string): Promise<string[]>;
  /** Whether this user may present this wheel: admins always, presenters when granted. */
  isPresenterGranted(username: string, wheel: string): Promise<boolean>;
  /**
   * Replaces the wheels a presenter account is granted. Throws AppError user_not_found,
   * wheel_not_found (no change), or invalid_request when the user is not a presenter.
   */
  setPresenterWheels(username: string, wheels: string[], audit: AuditInput): Promise<string[]>;
}
