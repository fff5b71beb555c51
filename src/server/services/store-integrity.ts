// What `prizewheel verify` checks (and `prizewheel restore` after restoring): every stored
// snapshot against its checksum (and its full names against their private checksum when it was
// published with public names), and the audit log's hash chain.
import { verifyAuditChain } from '../storage/audit-chain.ts';
import { bodyWithFullNames, computeSnapshotChecksum, type Snapshot } from '../../core/index.ts';
import type { PrivateNames, Store } from '../storage/store.ts';
import { createSnapshotReader } from './snapshot-reader.ts';

export interface StoreIntegrity {
  snapshots: number;
  auditEvents: number;
  /** One line per problem; empty when intact. */
  damage: string[];
  /** The first broken audit link: everything after it is unproven, even where its own hashes fit. */
  firstBrokenLink: { id: number; problem: string } | null;
}

function fullNamesMatch(snapshot: Snapshot, { names, privateChecksum }: PrivateNames): boolean {
  try {
    return computeSnapshotChecksum(bodyWithFullNames(snapshot, names)) === privateChecksum;
  } catch {
    return false;
  }
}

export async function checkStoreIntegrity(store: Store): Promise<StoreIntegrity> {
  const damage: string[] = [];
  const reader = createSnapshotReader(store, { error: () => undefined });
  const keys = await store.listSnapshotKeys();
  for (const { wheel, version } of keys) {
    const verified = await reader.readVersion(wheel, version);
    if (!verified) {
      damage.push(`snapshot ${wheel} v${version}: content does not match its checksum`);
      continue;
    }
    // A version published with public names: its full names against their private checksum.
    const privateNames = await store.readPrivateNames(wheel, version);
    if (privateNames && !fullNamesMatch(verified.snapshot, privateNames))
      damage.push(`snapshot ${wheel} v${version}: its full names do not match their private checksum`);
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
