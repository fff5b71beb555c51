// npm run bench:program — the two figures of issue #18's "Scale" requirement, each the median of
// RUNS runs (default 7):
// (a) one press drawing a batch of 500 winners (+ reserves) from a 100,000-entry published list
//     with persons (some holding 5 tickets) and groups, drawn and recorded through the real app
//     (POST /api/wheels/:slug/spins by app.inject, real SQLite in a temp DATA_DIR);
// (b) core eligiblePool for a prize over 100,000 entries and ~1,000 program draws, in Node and in
//     Chromium (the same fixture and core bundled by esbuild into a blank page).
import { build } from 'esbuild';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from '../e2e/support/browser.ts';
import { createCryptoRandom } from '../src/server/services/crypto-random.ts';
import { createTestApp, keepWinners } from '../src/server/test-support/test-app.ts';
import {
  makeProgramEntries,
  describeRuns,
  timeEligiblePool,
  type PoolTimings,
} from './support/event-program-fixture.ts';

const RUNS = Math.max(5, Number(process.env.RUNS ?? 7));
const ENTRIES = Number(process.env.ENTRIES ?? 100_000);
const PROGRAM_DRAWS = Number(process.env.PROGRAM_DRAWS ?? 1_000);
const BATCH_WINNERS = Number(process.env.BATCH_WINNERS ?? 500);
const BATCH_RESERVES = 10;
/** Between presses: past the spin's landing and the spin rate window, on the app's own clock. */
const CLOCK_STEP_MS = 60 * 60 * 1000;
const FIXTURE = fileURLToPath(new URL('./support/event-program-fixture.ts', import.meta.url));

async function benchBatchDraw(): Promise<void> {
  let nowMs = Date.parse('2026-12-06T20:00:00.000Z');
  const t = await createTestApp({ random: createCryptoRandom(), clock: () => new Date(nowMs) });
  try {
    const cookie = await t.signIn();
    await keepWinners(t, cookie);
    const call = async (method: 'PUT' | 'POST', url: string, payload: object, expected: number) => {
      const response = await t.app.inject({ method, url, headers: { cookie }, payload });
      if (response.statusCode !== expected)
        throw new Error(`${method} ${url}: ${response.statusCode} ${response.body.slice(0, 500)}`);
      return response;
    };
    const entries = makeProgramEntries(ENTRIES).map((entry) => ({ ...entry }));
    await call('PUT', '/api/admin/wheels/default/draft/entries', { entries }, 200);
    const prize = {
      id: 'consolation',
      name: 'Consolation prize',
      quantity: BATCH_WINNERS * (RUNS + 1),
      groups: null,
      allowPreviousWinners: false,
      batchSize: BATCH_WINNERS,
      reserves: BATCH_RESERVES,
    };
    await call('PUT', '/api/admin/wheels/default/draft/prizes', { prizes: [prize] }, 200);
    const published = await call('POST', '/api/admin/wheels/default/publish', {}, 201);
    const { version } = published.json<{ version: number }>();

    const timings: number[] = [];
    // One press first, unmeasured: the first read of a 100,000-entry snapshot is the publish's cost.
    for (let run = 0; run <= RUNS; run++) {
      nowMs += CLOCK_STEP_MS;
      const started = performance.now();
      const response = await call(
        'POST',
        '/api/wheels/default/spins',
        { version, prizeId: prize.id, count: BATCH_WINNERS },
        201,
      );
      const elapsed = performance.now() - started;
      const places = response.json<{ batch?: unknown[] }>().batch?.length ?? 0;
      if (places !== BATCH_WINNERS + BATCH_RESERVES)
        throw new Error(`press ${run}: ${places} places, expected ${BATCH_WINNERS + BATCH_RESERVES}`);
      if (run > 0) timings.push(elapsed);
    }
    console.log(
      describeRuns(
        `(a) batch of ${BATCH_WINNERS} winners + ${BATCH_RESERVES} reserves from ${ENTRIES.toLocaleString('en')} entries, drawn and recorded (POST spins)`,
        timings,
      ),
    );
  } finally {
    await t.close();
  }
}

async function benchPoolInChromium(): Promise<PoolTimings> {
  const bundle = await build({
    entryPoints: [FIXTURE],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: 'programBench',
    target: 'es2022',
    platform: 'browser',
  });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><title>eligiblePool</title>');
    await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
    // A string, not a function: tsx would wrap a function in a __name() the page lacks.
    return (await page.evaluate(
      `programBench.timeEligiblePool(${ENTRIES}, ${PROGRAM_DRAWS}, ${RUNS})`,
    )) as PoolTimings;
  } finally {
    await browser.close();
  }
}

function printPool(runtime: string, timings: PoolTimings): void {
  const label = `(b) eligiblePool, ${ENTRIES.toLocaleString('en')} entries, ${PROGRAM_DRAWS} program draws, ${runtime}`;
  console.log(describeRuns(`${label}, new snapshot`, timings.coldMs, `; pool ${timings.poolSize}`));
  console.log(describeRuns(`${label}, same snapshot`, timings.warmMs));
  console.log(describeRuns(`${label}, of which person keys (once per snapshot)`, timings.personKeysMs));
}

async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY; // 'draw' or 'pool'
  // NOTE: on a shared machine the median moves with the load; the minimum is the unloaded figure.
  console.log(`load average ${loadavg()[0]!.toFixed(1)} on this machine`);
  if (only !== 'draw') {
    printPool('Node', timeEligiblePool(ENTRIES, PROGRAM_DRAWS, RUNS));
    printPool('Chromium', await benchPoolInChromium());
  }
  if (only !== 'pool') await benchBatchDraw();
}

await main();
