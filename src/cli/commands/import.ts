// prizewheel import FILE [--wheel SLUG] [--publish] [--json] — replaces the draft when valid.
import { closeImportWorker, readParticipantList } from '../../server/import/index.ts';
import { readConfigFromProcess } from '../../server/config.ts';
import { openStore } from '../../server/storage/open-store.ts';
import { DEFAULT_WHEEL_SLUG, ensureDefaultWheel } from '../../server/services/bootstrap.ts';
import { publishDraft } from '../../server/services/publishing.ts';
import { importDraftFromFile } from '../../server/services/draft-import.ts';
import {
  EXIT_FILE_REJECTED,
  EXIT_OK,
  exitCodeOf,
  formatReport,
  parseCommandArgs,
  readListFile,
  UsageError,
} from './shared.ts';
import { toTerminalJson, toTerminalText } from '../terminal-text.ts';

const CLI_ACTOR = 'cli';

export async function importCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    wheel: { type: 'string' },
    publish: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  const [path, ...rest] = positionals;
  if (!path || rest.length > 0) throw new UsageError('import takes exactly one FILE');
  const slug = values.wheel ?? DEFAULT_WHEEL_SLUG;
  const file = await readListFile(path);
  if ('problem' in file) {
    process.stderr.write(`${toTerminalText(file.problem)}\n`);
    return EXIT_FILE_REJECTED;
  }

  const config = readConfigFromProcess();
  const say = (line: string) => {
    // With --json, stdout holds exactly one JSON document; progress goes to stderr.
    (values.json ? process.stderr : process.stdout).write(`${line}\n`);
  };
  const store = await openStore(config);
  try {
    if (slug === DEFAULT_WHEEL_SLUG) await ensureDefaultWheel(store, false, new Date());
    if (!(await store.getWheel(slug))) {
      process.stderr.write(`No wheel named ${toTerminalText(slug)}; create it in the admin UI first.\n`);
      return EXIT_FILE_REJECTED;
    }
    // The server's import path: streamed into a staged draft, switched over only when the list is valid.
    let imported;
    try {
      imported = await importDraftFromFile(store, readParticipantList, {
        slug,
        bytes: file.bytes,
        fileName: file.fileName,
        acceptValidRows: false,
        actor: CLI_ACTOR,
        limits: config.importLimits,
        auditDetails: { source: 'cli' },
      });
    } finally {
      await closeImportWorker();
    }
    const { report, draftReplaced } = imported;
    if (values.json) process.stdout.write(`${toTerminalJson(report)}\n`);
    else process.stdout.write(toTerminalText(formatReport(report)));
    if (!draftReplaced) {
      say(`The draft of wheel ${slug} was not changed.`);
      return exitCodeOf(report);
    }
    say(`Draft of wheel ${slug} replaced with ${report.entries} entries.`);
    if (values.publish) {
      const { snapshot, diff } = await publishDraft(store, slug, CLI_ACTOR, new Date());
      say(
        `Published version ${snapshot.version} (${snapshot.checksum}): ${diff.added} added, ${diff.removed} removed, ${diff.changed} changed.`,
      );
    }
    return EXIT_OK;
  } finally {
    await store.close();
  }
}
