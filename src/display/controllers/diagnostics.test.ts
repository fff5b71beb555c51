import { describe, expect, it } from 'vitest';
import type { EffectsStats } from '../effects/presentation-effects.ts';
import { createFrameStats } from '../render/frame-stats.ts';
import type { RendererStats } from '../render/wheel-renderer.ts';
import { createManualClock, MANUAL_CLOCK_WALL_START_MS } from '../test-support/manual-clock.ts';
import { idleStore, recordingFetch } from '../test-support/fakes.ts';
import { createDiagnostics, startHeartbeatAfterPaint } from './diagnostics.ts';

const RENDERER: RendererStats = {
  bitmapBuildMs: 12,
  bitmapBuilds: 1,
  bitmapSidePx: 1024,
  labelCount: 10,
  lastBitmapError: null,
};
const EFFECTS = { muted: false, audio: 'ready', ticks: 0 } as unknown as EffectsStats;

function setUp(showPanel = false, spinSource?: () => 'stream' | 'poll') {
  const manual = createManualClock();
  const store = idleStore();
  const panel = { hidden: true, textContent: '' as string | null };
  const frames = createFrameStats();
  let draws = 0;
  const diagnostics = createDiagnostics({
    getState: store.getState,
    clock: manual.clock,
    frames,
    renderer: RENDERER,
    effects: EFFECTS,
    panel,
    showPanel,
    requestDraw: async () => void (draws += 1),
    usedHeapBytes: () => 50 * 1048576,
    userAgent: 'TestBrowser/1.0',
    ...(spinSource === undefined ? {} : { spinSource }),
    build: () => 'abc123, offline start yes',
  });
  return { manual, store, panel, frames, diagnostics, draws: () => draws };
}

describe('createDiagnostics', () => {
  it('refreshes the overlay at most twice a second while it is shown', () => {
    const { panel, diagnostics } = setUp();
    expect(panel.hidden).toBe(true);
    diagnostics.render(0);
    expect(panel.textContent).toBe('');
    diagnostics.togglePanel();
    expect(panel.hidden).toBe(false);
    diagnostics.render(1_000);
    expect(panel.textContent).toMatch(/version {6}1\n/);
    expect(panel.textContent).toMatch(/state {8}idle \(presenter\)/);
    expect(panel.textContent).toMatch(/heap {9}50\.0 MB/);
    expect(panel.textContent).toMatch(/build {8}abc123, offline start yes/);
    panel.textContent = 'old';
    diagnostics.render(1_499);
    expect(panel.textContent).toBe('old');
    diagnostics.render(1_500);
    expect(panel.textContent).not.toBe('old');
  });

  it('exposes the state, the outbox size and the Space key on window.__prizewheel', async () => {
    const { store, diagnostics, draws } = setUp();
    store.dispatch({ type: 'outbox-counted', size: 2 });
    expect(diagnostics.api.outboxSize).toBe(2);
    expect(diagnostics.api.state()).toBe(store.getState());
    await diagnostics.api.spin();
    expect(draws()).toBe(1);
  });

  it("tells the heartbeat the last sync on the wall clock, and the page's frame rate", async () => {
    const { manual, store, frames, diagnostics } = setUp();
    await manual.advance(30_000);
    store.dispatch({ type: 'snapshot-unchanged', atMs: manual.clock.now() });
    await manual.advance(2_000);
    for (let i = 0; i < 10; i++) frames.frameAt(i * 20);
    const body = diagnostics.heartbeatBody('display-1');
    expect(body).toMatchObject({
      id: 'display-1',
      version: 1,
      state: 'idle',
      connection: 'online',
      fps: 50,
      heapMb: 50,
    });
    expect(body.lastSyncAt).toBe(new Date(MANUAL_CLOCK_WALL_START_MS + 30_000).toISOString());
  });

  it('says which path spins reach the page by, in the overlay and the heartbeat', () => {
    let source: 'stream' | 'poll' = 'poll';
    const { panel, diagnostics } = setUp(true, () => source);
    diagnostics.render(1_000);
    expect(panel.textContent).toMatch(/spins via {4}poll\n/);
    expect(diagnostics.heartbeatBody('display-1').spinSource).toBe('poll');
    source = 'stream';
    expect(diagnostics.heartbeatBody('display-1').spinSource).toBe('stream');
  });

  it('starts the heartbeat after the first paint, and not at all once stopped', async () => {
    const manual = createManualClock();
    const server = recordingFetch(() => new Response(null, { status: 204 }));
    const painted: Array<() => void> = [];
    const options = {
      fetch: server.fetch,
      clock: manual.clock,
      slug: 'gala',
      afterWheelPainted: (task: () => void) => void painted.push(task),
      body: () => setUp().diagnostics.heartbeatBody('display-1'),
    };
    startHeartbeatAfterPaint(options);
    expect(server.calls).toHaveLength(0);
    painted.forEach((task) => task());
    await manual.settle();
    expect(server.calls.map((call) => call.url)).toEqual(['/api/wheels/gala/displays/heartbeat']);
    const stop = startHeartbeatAfterPaint(options);
    stop();
    painted.at(-1)?.();
    await manual.settle();
    expect(server.calls).toHaveLength(1);
  });
});
