// prizewheel verify — re-checks every stored snapshot's checksum and the audit hash chain.
import { readConfigFromProcess, type Config } from '../../server/config.ts';
import { openStore } from '../../server/storage/open-store.ts';
import { checkStoreIntegrity, formatStoreIntegrity } from '../../server/services/store-integrity.ts';
import { EXIT_DAMAGE_FOUND, EXIT_OK, parseCommandArgs } from './shared.ts';
import { toTerminalText } from '../terminal-text.ts';

export async function verifyCommand(args: string[]): Promise<number> {
  parseCommandArgs(args, {});
  return verifyConfiguredDatabase(readConfigFromProcess());
}

/** Checks the configured database, prints the report; the exit status of `prizewheel verify`. */
export async function verifyConfiguredDatabase(config: Config): Promise<number> {
  const store = await openStore(config);
  try {
    const integrity = await checkStoreIntegrity(store);
    process.stdout.write(toTerminalText(formatStoreIntegrity(integrity)));
    return integrity.damage.length === 0 ? EXIT_OK : EXIT_DAMAGE_FOUND;
  } finally {
    await store.close();
  }
}
