// prizewheel validate FILE [--json] [--entries] — reads and validates a list, changes nothing.
import { readConfigFromProcess } from '../../server/config.ts';
import { closeImportWorker, readParticipantList } from '../../server/import/index.ts';
import {
  EXIT_FILE_REJECTED,
  exitCodeOf,
  formatReport,
  parseCommandArgs,
  readListFile,
  UsageError,
} from './shared.ts';
import { toTerminalJson, toTerminalText } from '../terminal-text.ts';

export async function validateCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    json: { type: 'boolean' },
    entries: { type: 'boolean' },
  });
  const [path, ...rest] = positionals;
  if (!path || rest.length > 0) throw new UsageError('validate takes exactly one FILE');
  const file = await readListFile(path);
  if ('problem' in file) {
    process.stderr.write(`${toTerminalText(file.problem)}\n`);
    return EXIT_FILE_REJECTED;
  }
  try {
    const report = await readParticipantList(file.bytes, {
      fileName: file.fileName,
      limits: readConfigFromProcess().importLimits,
      includeAccepted: values.entries === true,
    });
    if (values.entries === true && report.accepted) {
      // The contract's accepted rows: { row, ticket, name, weight }, and the row's person and group.
      report.accepted = report.accepted.map(({ row, ticket, name, weight, person, group }) => ({
        row,
        ticket,
        name,
        weight,
        ...(person === undefined ? {} : { person }),
        ...(group === undefined ? {} : { group }),
      }));
    }
    process.stdout.write(values.json ? `${toTerminalJson(report)}\n` : toTerminalText(formatReport(report)));
    return exitCodeOf(report);
  } finally {
    await closeImportWorker();
  }
}
