// The audit log is a hash chain: each event's hash covers its own fields and the previous hash,
// so a deleted, inserted or edited event is found by re-walking the chain (`prizewheel verify`).
import { canonicalJson, sha256Hex } from '../../core/index.ts';
import type { AuditEvent } from './audit-store.ts';

export const GENESIS_HASH = '0'.repeat(64);

export function computeAuditHash(event: Omit<AuditEvent, 'hash'>): string {
  const { id, at, actor, action, wheel, details, prevHash } = event;
  return sha256Hex(canonicalJson({ id, at, actor, action, wheel, details, prevHash }));
}

export interface AuditChainProblem {
  id: number;
  problem: 'hash_mismatch' | 'broken_link' | 'id_gap';
  message: string;
}

/** Re-walks the chain from the genesis hash; lists every event that does not fit. */
export function verifyAuditChain(events: readonly AuditEvent[]): AuditChainProblem[] {
  const problems: AuditChainProblem[] = [];
  let expectedPrev = GENESIS_HASH;
  let expectedId = 1;
  for (const event of events) {
    if (event.id !== expectedId) {
      problems.push({
        id: event.id,
        problem: 'id_gap',
        message: `audit event ${event.id}: expected id ${expectedId}`,
      });
    }
    if (event.prevHash !== expectedPrev) {
      problems.push({
        id: event.id,
        problem: 'broken_link',
        message: `audit event ${event.id}: previous hash does not match`,
      });
    }
    if (computeAuditHash(event) !== event.hash) {
      problems.push({
        id: event.id,
        problem: 'hash_mismatch',
        message: `audit event ${event.id}: content does not match its hash`,
      });
    }
    expectedPrev = event.hash;
    expectedId = event.id + 1;
  }
  return problems;
}
