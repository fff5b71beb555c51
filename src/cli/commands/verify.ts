// prizewheel verify — re-checks every stored snapshot's checksum and the audit hash chain.
import { readConfigFromProcess } from '../../server/config.ts';
import { openStore } from '../../server/plugins/storage.ts';
import { createSnapshotReader } from '../../server/services/snapshot-reader.ts';
import { verifyAuditChain } from '../../server/storage/audit-chain.ts';
import { EXIT_DAMAGE_FOUND, EXIT_OK, parseCommandArgs } from './shared.ts';

export async function verifyCommand(args: string[]): Promise<number> {
  parseCommandArgs(args, {});
  const store = await openStore(readConfigFromProcess());
  try {
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

    process.stdout.write(`Checked ${keys.length} snapshot(s) and ${events.length} audit event(s).\n`);
    if (damage.length === 0) {
      process.stdout.write('Intact: every checksum and the audit chain match.\n');
      return EXIT_OK;
    }
    process.stdout.write(`Damage found (${damage.length}):\n${damage.map((line) => `  ${line}\n`).join('')}`);
    // Everything after the first broken link is unproven, even where its own hashes fit.
    const [firstBroken] = chainProblems;
    if (firstBroken)
      process.stdout.write(`First broken link: audit event ${firstBroken.id} (${firstBroken.problem})\n`);
    return EXIT_DAMAGE_FOUND;
  } finally {
    await store.close();
  }
}
