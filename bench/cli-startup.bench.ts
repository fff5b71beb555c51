// How long `prizewheel --help` and `prizewheel validate` of a 10-row CSV take, start to exit, run as
// users run them (`node bin/prizewheel.js …`): from the build (dist/node/, what production
// runs) and from the TypeScript sources through tsx (PRIZEWHEEL_FROM_SOURCE=1: how every command ran
// before the build existed). Runs alternate between the two so that load on the machine falls on
// both alike; one unmeasured run of each first warms tsx's transform cache and the file cache.
// Run: npm run bench:cli (builds first), or tsx bench/cli-startup.bench.ts after npm run build.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const RUNS = 10;
const LIST_ROWS = 10;
/** The target: the compiled command starts at least this many times faster. */
const TARGET_SPEEDUP = 3;
/** Linux's clock tick for /proc CPU times (`getconf CLK_TCK`). */
const CLOCK_TICKS_PER_S = 100;

const root = resolve(import.meta.dirname, '..');
const bin = join(root, 'bin/prizewheel.js');
if (!existsSync(join(root, 'dist/node/main.js'))) {
  console.error('bench:cli: no build in dist/node/; run npm run build first');
  process.exit(1);
}

const dir = mkdtempSync(join(tmpdir(), 'prizewheel-cli-bench-'));
const list = join(dir, 'list.csv');
const rows = Array.from({ length: LIST_ROWS }, (_, i) => `${i + 1},Participant ${i + 1}`);
writeFileSync(list, `ticket,name\n${rows.join('\n')}\n`);

type Way = 'tsx' | 'compiled';

/**
 * CPU time (user + system, ms) of this process's finished children so far, from /proc (Linux);
 * NaN elsewhere. Less sensitive than wall time to other work on a shared machine.
 */
function childrenCpuMs(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 of proc(5), cutime and cstime; `fields` starts at field 3.
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / CLOCK_TICKS_PER_S;
  } catch {
    return NaN;
  }
}

/** Wall and CPU time of one run in ms; throws unless the command exits 0. */
function timeRun(way: Way, args: string[]): { wallMs: number; cpuMs: number } {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'silent' };
  // NOTE: an extra CA bundle makes every Node process read and parse it before anything else (~40 ms
  // on the 2-core development machine, where it is set); the same for both ways, it is not start-up
  // that either controls, so neither run carries it.
  delete env.NODE_EXTRA_CA_CERTS;
  if (way === 'tsx') env.PRIZEWHEEL_FROM_SOURCE = '1';
  else delete env.PRIZEWHEEL_FROM_SOURCE;
  const cpuBefore = childrenCpuMs();
  const started = performance.now();
  const result = spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8' });
  const wallMs = performance.now() - started;
  if (result.status !== 0)
    throw new Error(`${way} prizewheel ${args.join(' ')}: exit ${result.status}\n${result.stderr}`);
  return { wallMs, cpuMs: childrenCpuMs() - cpuBefore };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

const commands: { label: string; args: string[] }[] = [
  { label: 'prizewheel --help', args: ['--help'] },
  { label: `prizewheel validate (${LIST_ROWS}-row CSV)`, args: ['validate', list] },
];

try {
  const loadBefore = loadavg()[0] ?? NaN;
  const table: Record<string, string>[] = [];
  let slowestSpeedup = Infinity;
  for (const command of commands) {
    timeRun('tsx', command.args);
    timeRun('compiled', command.args);
    const runs: Record<Way, { wallMs: number; cpuMs: number }[]> = { tsx: [], compiled: [] };
    for (let run = 0; run < RUNS; run++) {
      runs.tsx.push(timeRun('tsx', command.args));
      runs.compiled.push(timeRun('compiled', command.args));
    }
    const tsx = median(runs.tsx.map((r) => r.wallMs));
    const compiled = median(runs.compiled.map((r) => r.wallMs));
    slowestSpeedup = Math.min(slowestSpeedup, tsx / compiled);
    table.push({
      command: command.label,
      'tsx (ms)': tsx.toFixed(0),
      'compiled (ms)': compiled.toFixed(0),
      speedup: `${(tsx / compiled).toFixed(2)}x`,
      'tsx CPU (ms)': median(runs.tsx.map((r) => r.cpuMs)).toFixed(0),
      'compiled CPU (ms)': median(runs.compiled.map((r) => r.cpuMs)).toFixed(0),
    });
  }
  console.log(
    `\nCLI start-up, wall time start to exit (and the CPU time it took), median of ${RUNS} runs each ` +
      `(Node ${process.version}; load average ${loadBefore.toFixed(1)} -> ${(loadavg()[0] ?? NaN).toFixed(1)})`,
  );
  if (process.env.NODE_EXTRA_CA_CERTS) console.log('(NODE_EXTRA_CA_CERTS unset for both ways)');
  console.table(table);
  const verdict = slowestSpeedup >= TARGET_SPEEDUP ? 'met' : 'NOT met';
  console.log(`target: compiled at least ${TARGET_SPEEDUP}x faster (wall time) than tsx: ${verdict}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
