// Import benchmark: a 100,000-row .xlsx and CSVs of 250,000, 500,000 and 1,000,000 rows, each
// imported into a wheel's draft the way the server does it (worker read, entries streamed in chunks
// into a staged draft on SQLite, switched at the end). Every import runs in its own child process,
// so its peak RSS (main thread + import worker) is its own: a streaming import's peak should not
// grow with the rows beyond the file, its text and the set of tickets kept for duplicates.
// Run: npm run bench:import
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as XLSX from '@e965/xlsx';
import { DEFAULT_SETTINGS } from '../src/core/index.ts';
import { closeImportWorker, readParticipantList } from '../src/server/import/index.ts';
import { DEFAULT_IMPORT_LIMITS } from '../src/server/import/index.ts';
import { importDraftFromFile } from '../src/server/services/draft-import.ts';
import { openSqliteStore } from '../src/server/storage/sqlite/open-sqlite-store.ts';

// NOTE: one run per file by default (a 1,000,000-row import takes a while on a busy machine).
const RUNS_PER_FILE = Number(process.env.BENCH_RUNS ?? 1);
const XLSX_ROWS = 100_000;
const CSV_ROW_COUNTS = [250_000, 500_000, 1_000_000];
const SLUG = 'bench';
const TARGET_XLSX_SECONDS = 4;
const TARGET_XLSX_PEAK_MB = 400;

interface RunResult {
  seconds: number;
  /** CPU time of the whole process (all threads) during the read: wall time on a busy machine says less. */
  cpuSeconds: number;
  rows: number;
  entries: number;
  peakRssMb: number;
  /** RSS (MB) when a quarter, half, three quarters and all of the import's time had passed. */
  rssByQuarterMb: number[];
  fileError: string | null;
}

const RSS_SAMPLE_MS = 50;

/** Child mode: import one file into a fresh SQLite draft, print the result as JSON. */
async function runChild(path: string, dataDir: string): Promise<void> {
  const bytes = readFileSync(path);
  const store = await openSqliteStore(dataDir);
  const audit = { actor: 'bench', action: 'create_wheel', wheel: SLUG, details: {} };
  await store.createWheel({ slug: SLUG, title: 'Bench', settings: DEFAULT_SETTINGS }, audit);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  // RSS over the import (all threads): streaming shows as a level line once the file is read.
  const rssSamples: Array<{ atMs: number; mb: number }> = [];
  const sampler = setInterval(() => {
    rssSamples.push({ atMs: performance.now() - started, mb: process.memoryUsage.rss() / 1024 / 1024 });
  }, RSS_SAMPLE_MS);
  // The limits an organizer sets with IMPORT_MAX_ROWS=1000000 IMPORT_MAX_BYTES=104857600.
  const limits = { ...DEFAULT_IMPORT_LIMITS, maxRows: 1_000_000, maxBytes: 100 * 1024 * 1024 };
  const { report, draftReplaced } = await importDraftFromFile(store, readParticipantList, {
    slug: SLUG,
    bytes,
    fileName: path,
    acceptValidRows: false,
    actor: 'bench',
    limits,
    // As the upload route does: the gathered upload moves to the worker instead of being copied.
    handOverBytes: true,
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  clearInterval(sampler);
  const rssAt = (fraction: number): number =>
    rssSamples.filter((sample) => sample.atMs <= fraction * seconds * 1000).at(-1)?.mb ?? NaN;
  await closeImportWorker();
  const stored = (await store.listWheels()).find((wheel) => wheel.slug === SLUG)?.draftEntries ?? 0;
  await store.close();
  const result: RunResult = {
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    rows: report.rows,
    entries: draftReplaced ? stored : 0,
    // maxRSS is in kilobytes and covers every thread of the process.
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    rssByQuarterMb: [0.25, 0.5, 0.75, 1].map(rssAt),
    fileError: report.fileError ? `${report.fileError.code}: ${report.fileError.message}` : null,
  };
  process.stdout.write(JSON.stringify(result));
}

function writeXlsx(path: string): void {
  const rows: (string | number)[][] = [['Ticket', 'Name', 'Weight', 'Email']];
  for (let index = 1; index <= XLSX_ROWS; index++) {
    rows.push([index, `Participant ${index}`, (index % 3) + 1, `p${index}@example.org`]);
  }
  const sheet = XLSX.utils.aoa_to_sheet(rows);
  const workbook = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(workbook, sheet, 'List');
  writeFileSync(
    path,
    XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer,
  );
}

function writeCsv(path: string, rows: number): void {
  const lines = ['ticket,name,weight'];
  for (let index = 1; index <= rows; index++) lines.push(`T${index},Participant ${index},${(index % 3) + 1}`);
  writeFileSync(path, lines.join('\n') + '\n');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function runParent(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'prizewheel-bench-'));
  const self = fileURLToPath(import.meta.url);
  try {
    const files = [
      {
        label: `${XLSX_ROWS.toLocaleString('en-US')}-row .xlsx`,
        path: join(dir, 'list.xlsx'),
        write: writeXlsx,
      },
      ...CSV_ROW_COUNTS.map((rows) => ({
        label: `${rows.toLocaleString('en-US')}-row .csv`,
        path: join(dir, `list-${rows}.csv`),
        write: (path: string) => writeCsv(path, rows),
      })),
    ];
    const table: Record<string, string | number>[] = [];
    for (const file of files) {
      file.write(file.path);
      const runs: RunResult[] = [];
      for (let run = 0; run < RUNS_PER_FILE; run++) {
        const dataDir = join(dir, `data-${table.length}-${run}`);
        const args = [...process.execArgv, self, '--child', file.path, dataDir];
        const output = execFileSync(process.execPath, args, {
          encoding: 'utf8',
          maxBuffer: 16 * 1024 * 1024,
        });
        const result = JSON.parse(output) as RunResult;
        if (result.fileError) throw new Error(`${file.label}: ${result.fileError}`);
        runs.push(result);
      }
      const seconds = median(runs.map((run) => run.seconds));
      table.push({
        file: file.label,
        'size MB': Number((statSync(file.path).size / 1024 / 1024).toFixed(1)),
        runs: runs.length,
        entries: runs[0]?.entries ?? 0,
        'median s': Number(seconds.toFixed(2)),
        'best s': Number(Math.min(...runs.map((run) => run.seconds)).toFixed(2)),
        'median cpu s': Number(median(runs.map((run) => run.cpuSeconds)).toFixed(2)),
        'rows/s': Math.round((runs[0]?.rows ?? 0) / seconds),
        'peak RSS MB': Math.round(Math.max(...runs.map((run) => run.peakRssMb))),
        'RSS MB at 25/50/75/100 % of the time': (runs[0]?.rssByQuarterMb ?? [])
          .map((mb) => Math.round(mb))
          .join(' / '),
      });
    }
    console.table(table);
    const xlsxRow = table[0];
    if (xlsxRow) {
      const fast = Number(xlsxRow['median s']) < TARGET_XLSX_SECONDS;
      const small = Number(xlsxRow['peak RSS MB']) < TARGET_XLSX_PEAK_MB;
      console.log(
        `100k xlsx targets: < ${TARGET_XLSX_SECONDS} s ${fast ? 'met' : 'MISSED'}, ` +
          `< ${TARGET_XLSX_PEAK_MB} MB peak RSS ${small ? 'met' : 'MISSED'}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const childIndex = process.argv.indexOf('--child');
if (childIndex >= 0) await runChild(process.argv[childIndex + 1] ?? '', process.argv[childIndex + 2] ?? '');
else await runParent();
