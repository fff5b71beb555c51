// prizewheel import FILE [--wheel SLUG] [--publish] [--json] — replaces the draft when valid.
import { closeImportWorker, readParticipantList } from '../../server/import/index.ts';
import { readConfigFromProcess } from '../../server/config.ts';
import { openStore } from '../../server/plugins/storage.ts';
import { DEFAULT_WHEEL_SLUG, ensureDefaultWheel } from '../../server/services/bootstrap.ts';
import { publishDraft } from '../../server/services/publishing.ts';
import type { DraftEntry } from '../../core/index.ts';
import {
  EXIT_FILE_REJECTED,
  EXIT_OK,
  exitCodeOf,
  formatReport,
  parseCommandArgs,
  readListFile,
  UsageError,
} from './shared.ts';

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
    process.stderr.write(`${file.problem}\n`);
    return EXIT_FILE_REJECTED;
  }

  let report;
  try {
    report = await readParticipantList(file.bytes, { fileName: file.fileName, includeAccepted: true });
  } finally {
    await closeImportWorker();
  }
  const { accepted = [], ...reportWithoutRows } = report;
  const say = (line: string) => {
    // With --json, stdout holds exactly one JSON document; progress goes to stderr.
    (values.json ? process.stderr : process.stdout).write(`${line}\n`);
  };
  if (values.json) process.stdout.write(`${JSON.stringify(reportWithoutRows, null, 2)}\n`);
  else process.stdout.write(formatReport(report));

  const exitCode = exitCodeOf(report);
  if (exitCode !== EXIT_OK) {
    say(`The draft of wheel ${slug} was not changed.`);
    return exitCode;
  }

  const store = await openStore(readConfigFromProcess());
  try {
    if (slug === DEFAULT_WHEEL_SLUG) await ensureDefaultWheel(store, false, new Date());
    if (!(await store.getWheel(slug))) {
      process.stderr.write(`No wheel named ${slug}; create it in the admin UI first.\n`);
      return EXIT_FILE_REJECTED;
    }
    const entries: DraftEntry[] = accepted.map(({ ticket, name, weight, extra }) =>
      extra ? { ticket, name, weight, extra } : { ticket, name, weight },
    );
    await store.replaceDraftEntries(slug, entries, {
      actor: CLI_ACTOR,
      action: 'import',
      wheel: slug,
      details: {
        fileName: report.file.name,
        format: report.file.format,
        rows: report.rows,
        entries: entries.length,
        rowErrors: 0,
        source: 'cli',
      },
    });
    say(`Draft of wheel ${slug} replaced with ${entries.length} entries.`);
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
