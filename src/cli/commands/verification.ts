// prizewheel verification witness --wheel SLUG TEXT — records the witness entropy of a wheel's open
// verifiable epoch from the shell (the same rule as PUT …/verification/witness: once, before the
// epoch's first draw, 1–200 characters), audited as the CLI.
import { setEpochWitness } from '../../server/services/verification.ts';
import { toTerminalText } from '../terminal-text.ts';
import { EXIT_OK, parseCommandArgs, UsageError } from './shared.ts';
import { CLI_ACTOR, withStore } from './user.ts';

export async function verificationCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { wheel: { type: 'string' } });
  const [action, ...words] = positionals;
  if (action !== 'witness') throw new UsageError('verification witness --wheel SLUG TEXT');
  if (!values.wheel) throw new UsageError('verification witness needs --wheel SLUG');
  if (words.length === 0) throw new UsageError('verification witness needs the TEXT the witness typed');
  const slug = values.wheel;
  return withStore(async (store) => {
    const verification = await setEpochWitness({ store }, slug, words.join(' '), CLI_ACTOR);
    const epoch = verification.epochs.at(-1);
    process.stdout.write(
      toTerminalText(
        `Epoch ${epoch?.epoch} of wheel ${slug} has its witness: "${epoch?.witness}" (published with the commitment).\n`,
      ),
    );
    return EXIT_OK;
  });
}
