// npm run bench:latency — publish-to-screen latency with push (Server-Sent Events): the real
// server, a real Chromium wheel page, RUNS publishes; from the publish request to the new version
// on the page's wheel element. Prints each run, the median and p95.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser } from '../e2e/support/browser.ts';
import { startServer } from '../e2e/support/server.ts';

const RUNS = Number(process.env.RUNS ?? 20);
const ENTRIES = Number(process.env.ENTRIES ?? 1_000);
/** Between runs, so each publish meets an idle screen (not a poll in flight). */
const PAUSE_BETWEEN_RUNS_MS = 700;

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
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
