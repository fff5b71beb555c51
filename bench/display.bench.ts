// The wheel page in real Chromium at 1280×800 for growing wheels: first paint, bitmap build, frame
// intervals during a full spin and the second after its landing (reveal, confetti), main-thread time
// per frame, heap after GC, heap growth per spin.
// Run with `npm run bench:display` (builds first; BENCH_SIZES=3000,10000 picks sizes, BENCH_WEB_ROOT
// another build of the pages, for A/B runs). Figures come from window.__prizewheel (what the
// diagnostics overlay shows) and the Chrome DevTools Protocol; no bench-only code paths in the page.
// "main thread/frame" is task wall time (it grows when other processes hold the cores); "main
// CPU/frame" is the main thread's CPU time, the figure to compare between runs on a loaded machine.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import type {} from '../src/display/diagnostics-api.ts';
import { launchBrowser } from '../e2e/support/browser.ts';
import { makeEntries, makeSnapshot, startDisplayTestServer } from '../e2e/support/display-test-server.ts';

const SIZES = (process.env.BENCH_SIZES ?? '100,1000,3000,10000,100000').split(',').map(Number);
const VIEWPORT = { width: 1280, height: 800 };
const SPIN_TIMEOUT_MS = 30_000;
const SLOW_FRAME_MS = 33;
/** One second of frames after each landing is measured with the spin. */
const FRAMES_AFTER_LANDING = 60;

interface Row {
  entries: number;
  firstPaintMs: number;
  verifyMs: number;
  bitmapMs: number;
  p50: number;
  p95: number;
  p99: number;
  over33: number;
  frames: number;
  jsPerFrameMs: number;
  taskPerFrameMs: number;
  cpuPerFrameMs: number;
  heapMb: number;
  heapGrowthKbPerSpin: number;
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics: list } = (await cdp.send('Performance.getMetrics')) as {
    metrics: { name: string; value: number }[];
  };
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

async function heapAfterGc(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  return (await metrics(cdp)).JSHeapUsedSize as number;
}

/**
 * Waits for the first painted wheel with plain DevTools evaluations. NOTE: not page.waitForFunction:
 * Playwright first injects its utility script into the page (~40 ms of the page's main thread on
 * this machine), which would be counted in the very first paint it measures.
 */
async function waitForFirstPaint(cdp: CDPSession): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const { result } = (await cdp.send('Runtime.evaluate', {
      expression: 'window.__prizewheel?.firstWheelPaintMs != null',
      returnByValue: true,
    })) as { result: { value?: unknown } };
    if (result.value === true) return;
    await new Promise((wake) => setTimeout(wake, 20));
  }
  throw new Error('no wheel painted within 60 s');
}

async function spinOnce(page: Page): Promise<void> {
  const wheel = page.locator('[data-testid="wheel"]');
  const before = await wheel.getAttribute('data-last-spin-id');
  await page.evaluate(() => window.__prizewheel?.spin());
  await page.locator('[data-testid="wheel"][data-state="spinning"]').waitFor({ state: 'attached' });
  await page
    .locator(`[data-testid="wheel"][data-state="idle"]:not([data-last-spin-id="${before ?? ''}"])`)
    .waitFor({ state: 'attached', timeout: SPIN_TIMEOUT_MS });
  // The frames after the landing count too: the winner's reveal and the confetti are drawn in them.
  await page.evaluate(
    `new Promise((done) => { let frames = 0; const next = () => (++frames >= ${FRAMES_AFTER_LANDING} ? done(null) : requestAnimationFrame(next)); requestAnimationFrame(next); })`,
  );
}

async function measure(size: number, baseUrl: string, page: Page, cdp: CDPSession): Promise<Row> {
  const slug = `bench-${size}`;
  await page.goto(`${baseUrl}/wheel/${slug}?key=bench`);
  await waitForFirstPaint(cdp);
  await page
    .locator('[data-testid="wheel"][data-can-spin="true"]')
    .waitFor({ state: 'attached', timeout: 60_000 }); // a loaded machine can take longer than 30 s
  const firstPaintMs = await page.evaluate(() => window.__prizewheel!.firstWheelPaintMs as number);
  const bitmapMs = await page.evaluate(() => window.__prizewheel!.renderer.bitmapBuildMs ?? NaN);
  // No helper functions inside evaluate: tsx would wrap them in a __name() the page lacks.
  const verifyMs = await page.evaluate(
    () =>
      (performance.getEntriesByName('prizewheel:snapshot-verified')[0]?.startTime ?? NaN) -
      (performance.getEntriesByName('prizewheel:snapshot-received')[0]?.startTime ?? NaN),
  );
  const heapBefore = await heapAfterGc(cdp);

  await page.evaluate(() => window.__prizewheel!.frames.reset());
  const before = await metrics(cdp);
  await spinOnce(page);
  const after = await metrics(cdp);
  const { intervals, work } = await page.evaluate(() => ({
    intervals: [...window.__prizewheel!.frames.intervalsMs],
    work: [...window.__prizewheel!.frames.workMs],
  }));
  const heapAfterFirst = await heapAfterGc(cdp);
  await spinOnce(page);
  const heapAfterSecond = await heapAfterGc(cdp);
  void heapBefore;
  return {
    entries: size,
    firstPaintMs,
    verifyMs,
    bitmapMs,
    p50: percentile(intervals, 50),
    p95: percentile(intervals, 95),
    p99: percentile(intervals, 99),
    over33: intervals.filter((ms) => ms > SLOW_FRAME_MS).length,
    frames: intervals.length,
    jsPerFrameMs: work.reduce((a, b) => a + b, 0) / Math.max(1, work.length),
    taskPerFrameMs:
      (((after.TaskDuration as number) - (before.TaskDuration as number)) * 1000) /
      Math.max(1, intervals.length),
    // CPU time, unlike task wall time, does not count the time other processes held the core.
    cpuPerFrameMs:
      (((after.ThreadTime as number) - (before.ThreadTime as number)) * 1000) / Math.max(1, intervals.length),
    heapMb: heapAfterFirst / 1048576,
    heapGrowthKbPerSpin: (heapAfterSecond - heapAfterFirst) / 1024,
  };
}

function printTable(rows: Row[]): void {
  const header = [
    'entries',
    'first paint ms',
    'verify ms',
    'bitmap ms',
    'frame p50',
    'p95',
    'p99',
    '>33ms',
    'frames',
    'JS/frame ms',
    'main thread/frame ms',
    'main CPU/frame ms',
    'heap MB',
    'heap Δ/spin KB',
  ];
  const lines = rows.map((r) => [
    r.entries.toLocaleString('en-US'),
    r.firstPaintMs.toFixed(0),
    r.verifyMs.toFixed(0),
    r.bitmapMs.toFixed(1),
    r.p50.toFixed(1),
    r.p95.toFixed(1),
    r.p99.toFixed(1),
    String(r.over33),
    String(r.frames),
    r.jsPerFrameMs.toFixed(2),
    r.taskPerFrameMs.toFixed(2),
    r.cpuPerFrameMs.toFixed(2),
    r.heapMb.toFixed(1),
    r.heapGrowthKbPerSpin.toFixed(0),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] as string).length)));
  const format = (cells: string[]): string =>
    `| ${cells.map((c, i) => c.padStart(widths[i] as number)).join(' | ')} |`;
  console.log(format(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const line of lines) console.log(format(line));
}

// A private copy of the built pages: a rebuild elsewhere (it empties dist/) cannot pull them away mid-run.
const webRoot = mkdtempSync(join(tmpdir(), 'prizewheel-bench-web-'));
cpSync(process.env.BENCH_WEB_ROOT ?? resolve(import.meta.dirname, '../dist/web'), webRoot, {
  recursive: true,
});
const server = await startDisplayTestServer({ seed: 7, webRoot });
const browser = await launchBrowser();
const rows: Row[] = [];
try {
  for (const size of SIZES) {
    server.publish(`bench-${size}`, makeSnapshot(`bench-${size}`, 1, makeEntries(size)));
    const context = await browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`page error (${size}):`, error));
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    rows.push(await measure(size, server.url, page, cdp));
    console.error(`measured ${size} entries`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
  rmSync(webRoot, { recursive: true, force: true });
}
console.log(
  `Load average at the end of the run: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(', ')}`,
);
console.log(
  `Wheel page, Chromium ${browser.version()} headless (--disable-gpu), ${VIEWPORT.width}×${VIEWPORT.height}, one 11 s spin and the second after its landing measured`,
);
printTable(rows);
