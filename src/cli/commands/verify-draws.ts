// prizewheel verify-draws --wheel SLUG [--url http://…] — recomputes every verifiable draw of a
// wheel from the published snapshots, commitments and revealed seeds (core's verifyPublishedDraws,
// the same code the /verify page runs). From a running server with --url, else from the local
// database. Exit 0 when every draw is verified, 3 while some only wait for their seed's reveal
// (pending, none failed), 1 when any failed or there is nothing to verify. The words come from
// core's verify-wording, as on the /verify page.
import {
  VERDICT_LABEL,
  verificationOutcome,
  verificationSummary,
  verifyPublishedDraws,
  versionsToVerify,
  type DrawVerdict,
} from '../../core/index.ts';
import { readConfigFromProcess } from '../../server/config.ts';
import { openStore } from '../../server/storage/open-store.ts';
import { toTerminalText } from '../terminal-text.ts';
import { httpSource, readSnapshots, storeSource, type PublishedSource } from './published-source.ts';
import { EXIT_DAMAGE_FOUND, EXIT_OK, EXIT_PENDING, parseCommandArgs, UsageError } from './shared.ts';

interface Source extends PublishedSource {
  close(): Promise<void>;
}

async function databaseSource(slug: string): Promise<Source> {
  const store = await openStore(readConfigFromProcess());
  return { ...storeSource(store, slug), close: () => store.close() };
}

export async function verifyDrawsCommand(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(args, { wheel: { type: 'string' }, url: { type: 'string' } });
  if (!values.wheel) throw new UsageError('verify-draws needs --wheel SLUG');
  const source: Source = values.url
    ? { ...httpSource(values.url, values.wheel), close: () => Promise.resolve() }
    : await databaseSource(values.wheel);
  try {
    const published = await source.verification();
    const snapshots = await readSnapshots(source, versionsToVerify(published));
    const verdicts = verifyPublishedDraws(published, snapshots);
    // NOTE: tickets and messages come from a server or a database: no terminal controls from them.
    for (const verdict of verdicts) process.stdout.write(`${toTerminalText(verdictLine(verdict))}\n`);
    const outcome = verificationOutcome(verdicts);
    const summary = verificationSummary(verdicts, published.mode);
    process.stdout.write(
      `${toTerminalText(outcome === 'none' ? `Wheel ${values.wheel}: ${summary}` : summary)}\n`,
    );
    return outcome === 'verified' ? EXIT_OK : outcome === 'pending' ? EXIT_PENDING : EXIT_DAMAGE_FOUND;
  } finally {
    await source.close();
  }
}

const LABEL_WIDTH = Math.max(...Object.values(VERDICT_LABEL).map((label) => label.length));

/** One draw: its status, what it is (voided, a redraw, without witness), and why not verified. */
function verdictLine(verdict: DrawVerdict): string {
  const marks = [
    verdict.voided ? 'VOIDED' : null,
    verdict.redrawOf === null ? null : `redraw of #${verdict.redrawOf}`,
    verdict.withoutWitness ? 'no witness' : null,
  ].filter((mark) => mark !== null);
  return (
    `${VERDICT_LABEL[verdict.status].padEnd(LABEL_WIDTH)} draw ${verdict.seq} (epoch ${verdict.epoch}, v${verdict.version}) ticket ${verdict.ticket}` +
    (marks.length > 0 ? ` [${marks.join(', ')}]` : '') +
    (verdict.problem ? `: ${verdict.problem}` : '')
  );
}
