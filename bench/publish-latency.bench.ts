// npm run bench:latency — publish-to-screen latency with push (Server-Sent Events): the real
// server, a real Chromium wheel page, RUNS publishes; from the publish request to the new version
// on the page's wheel element. Prints each run, the median and p95. Then several screens: a
// presenter page and VIEWERS view-only pages (real time), SPINS spins; prints the spread of the
// frames that showed each landing (wall clock, performance.timeOrigin based) per spin.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser } from '../e2e/support/browser.ts';
import { startServer } from '../e2e/support/server.ts';

const RUNS = Number(process.env.RUNS ?? 20);
const ENTRIES = Number(process.env.ENTRIES ?? 1_000);
/** Between runs, so each publish meets an idle screen (not a poll in flight). */
const PAUSE_BETWEEN_RUNS_MS = 700;
const VIEWERS = Number(process.env.VIEWERS ?? 3);
const SPINS = Number(process.env.SPINS ?? 3);
/** The spin length for the multi-screen part (the wheel setting; the default 11 s makes it slow). */
const SPIN_DURATION_MS = 4_000;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'prizewheel-latency-'));
  const server = await startServer({ DATA_DIR: dataDir });
  const browser = await launchBrowser();
  try {
    const session = await fetch(`${server.url}/api/admin/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: server.adminPassword }),
    });
    const cookie = /prizewheel_session=[^;]+/.exec(session.headers.get('set-cookie') ?? '')?.[0];
    if (!cookie) throw new Error(`sign-in failed: ${session.status}`);
    const headers = { cookie, 'content-type': 'application/json' };
    const publish = async (run: number): Promise<number> => {
      const entries = Array.from({ length: ENTRIES }, (_, i) => ({
        ticket: `T-${i + 1}`,
        name: `Person ${i + 1} (${run})`,
        weight: 1,
      }));
      const put = await fetch(`${server.url}/api/admin/wheels/default/draft/entries`, {
        method: 'PUT',
        headers,
        body: JSON.stringify({ entries }),
      });
      if (put.status !== 200) throw new Error(`draft: ${put.status}`);
      const started = performance.now();
      const answer = await fetch(`${server.url}/api/admin/wheels/default/publish`, {
        method: 'POST',
        headers,
        body: '{}',
      });
      if (answer.status !== 201) throw new Error(`publish: ${answer.status}`);
      const { version } = (await answer.json()) as { version: number };
      publishStarts.set(version, started);
      return version;
    };
    const publishStarts = new Map<number, number>();

    const first = await publish(0);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${server.url}/wheel/default`);
    await page.locator(`[data-testid="wheel"][data-version="${first}"]`).waitFor();
    await page.waitForTimeout(1_000); // the event stream connects

    const latencies: number[] = [];
    for (let run = 1; run <= RUNS; run++) {
      const version = await publish(run);
      await page.locator(`[data-testid="wheel"][data-version="${version}"]`).waitFor({ timeout: 10_000 });
      const latency = performance.now() - publishStarts.get(version)!;
      latencies.push(latency);
      console.log(`run ${String(run).padStart(2)}  version ${version}  ${latency.toFixed(0)} ms`);
      await page.waitForTimeout(PAUSE_BETWEEN_RUNS_MS);
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    console.log(
      `\npublish-to-screen latency with push, ${ENTRIES} entries, ${RUNS} runs: ` +
        `median ${percentile(sorted, 50).toFixed(0)} ms, p95 ${percentile(sorted, 95).toFixed(0)} ms, ` +
        `min ${sorted[0]!.toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms`,
    );
    await page.close();

    // Several screens: the landing frames of one spin, compared across pages.
    const settings = await fetch(`${server.url}/api/admin/wheels/default/draft/settings`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({ spinDurationMs: SPIN_DURATION_MS }),
    });
    if (!settings.ok) throw new Error(`settings: ${settings.status} ${await settings.text()}`);
    await publish(RUNS + 1);
    const presenterContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await presenterContext.addCookies([
      { name: 'prizewheel_session', value: cookie.split('=')[1]!, url: server.url },
    ]);
    const screens = [await presenterContext.newPage()];
    for (let i = 0; i < VIEWERS; i++)
      screens.push(await browser.newPage({ viewport: { width: 1280, height: 800 } }));
    for (const screen of screens) await screen.goto(`${server.url}/wheel/default`);
    await screens[0]!.locator('[data-testid="wheel"][data-can-spin="true"]').waitFor();
    const spreads: number[] = [];
    for (let spin = 1; spin <= SPINS; spin++) {
      for (const screen of screens)
        await screen.locator('[data-testid="wheel"][data-state="idle"]').waitFor();
      await screens[0]!.waitForTimeout(1_000); // the event streams connect, the reveal settles
      await screens[0]!.evaluate(() => window.__prizewheel?.spin());
      const spinId = await screens[0]!.evaluate(async () => {
        for (;;) {
          const id = window.__prizewheel?.state().spin?.plan.id;
          if (id) return id;
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      });
      const landedAt: number[] = [];
      for (const screen of screens) {
        await screen
          .locator(`[data-testid="wheel"][data-last-spin-id="${spinId}"]`)
          .waitFor({ timeout: 30_000 });
        landedAt.push(
          await screen.evaluate(
            () => performance.timeOrigin + (window.__prizewheel?.lastLanding?.landedAtMs ?? NaN),
          ),
        );
      }
      const spreadMs = Math.max(...landedAt) - Math.min(...landedAt);
      spreads.push(spreadMs);
      console.log(`spin ${spin}  ${screens.length} screens  landing frames spread ${spreadMs.toFixed(0)} ms`);
    }
    const sortedSpreads = [...spreads].sort((a, b) => a - b);
    console.log(
      `\nmulti-screen landing spread (measured frames), 1 presenter + ${VIEWERS} view-only, ` +
        `${SPINS} spins: median ${percentile(sortedSpreads, 50).toFixed(0)} ms, ` +
        `max ${sortedSpreads.at(-1)!.toFixed(0)} ms`,
    );
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
