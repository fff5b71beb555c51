// What `prizewheel verify` checks (and `prizewheel restore` after restoring): every stored
// snapshot against its checksum, and the audit log's hash chain.
import { verifyAuditChain } from '../storage/audit-chain.ts';
import type { Store } from '../storage/store.ts';
import { createSnapshotReader } from './snapshot-reader.ts';

export interface StoreIntegrity {
  snapshots: number;
  auditEvents: number;
  /** One line per problem; empty when intact. */
  damage: string[];
  /** The first broken audit link: everything after it is unproven, even where its own hashes fit. */
  firstBrokenLink: { id: number; problem: string } | null;
}

export async function checkStoreIntegrity(store: Store): Promise<StoreIntegrity> {
  const damage: string[] = [];
  const reader = createSnapshotReader(store, { error: () => undefined });
  const keys = await store.listSnapshotKeys();
  for (const { wheel, version } of keys) {
    if (!(await reader.readVersion(wheel, version)))
      damage.push(`snapshot ${wheel} v${version}: content does not match its checksum`);
  }
  const events = await store.listAuditEvents();
  const chainProblems = verifyAuditChain(events);
  for (const problem of chainProblems) damage.push(problem.message);
  const [firstBroken] = chainProblems;
  return {
    snapshots: keys.length,
    auditEvents: events.length,
    damage,
    firstBrokenLink: firstBroken ? { id: firstBroken.id, problem: firstBroken.problem } : null,
  };
}

/** The report `prizewheel verify` prints. */
export function formatStoreIntegrity(integrity: StoreIntegrity): string {
  const lines = [`Checked ${integrity.snapshots} snapshot(s) and ${integrity.auditEvents} audit event(s).`];
  if (integrity.damage.length === 0) {
    lines.push('Intact: every checksum and the audit chain match.');
  } else {
    lines.push(`Damage found (${integrity.damage.length}):`, ...integrity.damage.map((line) => `  ${line}`));
    if (integrity.firstBrokenLink)
      lines.push(
        `First broken link: audit event ${integrity.firstBrokenLink.id} (${integrity.firstBrokenLink.problem})`,
      );
  }
  return `${lines.join('\n')}\n`;
}
