// The accounts part of the storage contract (users and roles, sessions, API tokens, presenter
// keys): run by describeStoreContract against every adapter, so SQLite and PostgreSQL agree.
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../core/index.ts';
import { AppError } from '../../errors.ts';
import { verifyAuditChain } from '../audit-chain.ts';
import type { Store } from '../store.ts';
import { audit } from './contract-fixtures.ts';

const FUTURE = '2999-01-01T00:00:00.000Z';
const NOW = '2026-11-28T12:00:00.000Z';

export function describeAccountStoreContract(openStore: () => Promise<Store>): void {
  describe('accounts: roles, revocation, presenter keys', () => {
    const opened: Store[] = [];
    async function freshStore(): Promise<Store> {
      const store = await openStore();
      opened.push(store);
      await store.createUser({ username: 'admin', role: 'admin', passwordHash: 'h0' }, audit('create_user'));
      await store.createUser(
        { username: 'stage', role: 'presenter', passwordHash: 'h1' },
        audit('create_user'),
      );
      return store;
    }
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
    });

    it('keeps the presenter role and lists users by name', async () => {
      const store = await freshStore();
      expect(await store.findUser('stage')).toMatchObject({ role: 'presenter' });
      expect((await store.listUsers()).map(({ username, role }) => ({ username, role }))).toEqual([
        { username: 'admin', role: 'admin' },
        { username: 'stage', role: 'presenter' },
      ]);
    });

    it('revokes the sessions of a user whose password or role changes, or who is removed', async () => {
      const store = await freshStore();
      const session = (tokenHash: string) =>
        store.createSession({ tokenHash, username: 'stage', expiresAt: FUTURE }, audit('login'));
      await session('s1');
      await store.createApiToken({ tokenHash: 't1', username: 'stage', name: 'ci' }, audit('token'));
      expect(await store.findSessionUser('s1', NOW)).toEqual({ username: 'stage', role: 'presenter' });

      expect(await store.setUserPassword('stage', 'h2', audit('passwd'))).toBe(true);
      expect(await store.findSessionUser('s1', NOW)).toBeNull();
      expect((await store.findUser('stage'))?.passwordHash).toBe('h2');

      await session('s2');
      expect(await store.setUserRole('stage', 'admin', audit('role'))).toBe(true);
      expect(await store.findSessionUser('s2', NOW)).toBeNull();

      await session('s3');
      expect(await store.deleteUser('stage', audit('remove_user'))).toBe(true);
      expect(await store.findSessionUser('s3', NOW)).toBeNull();
      expect(await store.findApiTokenUser('t1')).toBeNull();
      expect(await store.findUser('stage')).toBeNull();
      expect(await store.deleteUser('stage', audit('remove_user'))).toBe(false);
      expect(await store.setUserPassword('nobody', 'h', audit('passwd'))).toBe(false);
      expect(verifyAuditChain(await store.listAuditEvents())).toEqual([]);
    });

    it('revokes API tokens by name', async () => {
      const store = await freshStore();
      await store.createApiToken({ tokenHash: 't1', username: 'admin', name: 'ci' }, audit('token'));
      await store.createApiToken({ tokenHash: 't2', username: 'admin', name: 'other' }, audit('token'));
      expect(await store.deleteApiTokens('ci', audit('revoke_token'))).toBe(1);
      expect(await store.findApiTokenUser('t1')).toBeNull();
      expect(await store.findApiTokenUser('t2')).toEqual({ username: 'admin', role: 'admin' });
      expect(await store.deleteApiTokens('ci', audit('revoke_token'))).toBe(0);
    });

    it('creates, lists, finds and revokes presenter keys per wheel', async () => {
      const store = await freshStore();
      await store.createWheel({ slug: 'gala', title: 'Gala', settings: DEFAULT_SETTINGS }, audit('w'));
      const key = await store.createPresenterKey(
        { id: 'k1', wheel: 'gala', label: 'Stage left', keyHash: 'kh1', createdBy: 'admin' },
        audit('create_presenter_key', 'gala'),
      );
      expect(key).toMatchObject({ id: 'k1', wheel: 'gala', label: 'Stage left', createdBy: 'admin' });
      expect(await store.listPresenterKeys('gala')).toEqual([key]);
      expect(await store.listPresenterKeys('other')).toEqual([]);
      expect(await store.findPresenterKey('kh1')).toEqual(key);
      expect(await store.revokePresenterKey('other', 'k1', audit('revoke'))).toBe(false);
      expect(await store.revokePresenterKey('gala', 'k1', audit('revoke'))).toBe(true);
      expect(await store.revokePresenterKey('gala', 'k1', audit('revoke'))).toBe(false);
      expect(await store.findPresenterKey('kh1')).toBeNull();
      expect(await store.listPresenterKeys('gala')).toEqual([]);
      expect(await store.listPresenterKeys('gala', { includeRevoked: true })).toEqual([key]);
      let code = '';
      try {
        await store.createPresenterKey(
          { id: 'k2', wheel: 'nope', label: 'x', keyHash: 'kh2', createdBy: 'admin' },
          audit('create_presenter_key'),
        );
      } catch (error) {
        code = error instanceof AppError ? error.code : String(error);
      }
      expect(code).toBe('wheel_not_found');
    });
  });
}
