import type { RandomSource } from '../core/index.ts';
import { createDiagnostics, startHeartbeatAfterPaint } from './controllers/diagnostics.ts';
import { logFailure } from './controllers/deps.ts';
import { createDrawRequests } from './controllers/draw-request.ts';
import { createFrameTasks } from './controllers/frame-tasks.ts';
import { createLandingReports } from './controllers/landing-reports.ts';
import { listenToPageInput, toggleFullscreen } from './controllers/page-input.ts';
import { createClicker } from './controllers/clicker.ts';
import { createPageView, findPageElements } from './controllers/page-view.ts';
import { createProgramView, findProgramElements } from './controllers/program-view.ts';
import { createSnapshotSync } from './controllers/snapshot-sync.ts';
import { createSpinAnimation } from './controllers/spin-animation.ts';
import { createSpinPoll } from './controllers/spin-poll.ts';
import { createWheelFrame } from './controllers/wheel-frame.ts';
import { createPresentationEffects } from './effects/presentation-effects.ts';
import { createCryptoRandom, randomId } from './local-draw.ts';
import { createDisplayStore } from './machine/display-store.ts';
import type { Clock, FetchFunction } from './net/clock.ts';
import { listenToWheelEvents, type EventSourceFactory } from './net/event-stream.ts';
import { displayIdentity } from './net/heartbeat.ts';
import { createLocalStore, type LocalStore } from './net/local-store.ts';
import { createOfflineVouchers } from './net/offline-vouchers.ts';
import { createDrawOutbox } from './net/outbox.ts';
import { createPresenterApi } from './net/presenter-api.ts';
import { createProgramClient } from './net/program-client.ts';
import { createServerClock } from './net/server-clock.ts';
import { startServiceWorker, type ServiceWorkerContainerLike } from './net/service-worker.ts';
import type { PageParams } from './page-params.ts';
import { startAppearanceSync } from './presentation/appearance-sync.ts';
import { createAppearanceView } from './presentation/appearance-view.ts';
import { startCommitmentSync } from './presentation/commitment-view.ts';
import { createFrameLoop } from './render/frame-loop.ts';
import { createFrameStats } from './render/frame-stats.ts';
import { DARK_THEME } from './render/theme.ts';
import { createWheelRenderer } from './render/wheel-renderer.ts';

export interface DisplayDependencies {
  fetch: FetchFunction;
  clock: Clock;
  random: () => number;
  createEventSource?: EventSourceFactory;
  /** IndexedDB cache and outbox; by default the page's own. */
  localStore?: LocalStore;
  /** The randomness of local draws; by default crypto.getRandomValues. */
  drawRandom?: RandomSource;
  /** navigator.serviceWorker (undefined outside a secure context): caches the page for offline starts. */
  serviceWorker?: ServiceWorkerContainerLike;
}

/** Builds the page's controllers around one display state; nothing is started yet. */
function wireControllers(params: PageParams, deps: DisplayDependencies) {
  const root = document.querySelector<HTMLElement>('[data-testid="wheel"]');
  if (root === null) throw new Error('missing element [data-testid="wheel"]');
  const elements = findPageElements(root);
  const { canvas, muteButton } = elements;
  const { clock, slug } = { clock: deps.clock, slug: params.slug };
  const store = createDisplayStore();
  const { getState, dispatch } = store;
  const base = { getState, dispatch, clock, fetch: deps.fetch };

  const frames = createFrameStats();
  const renderer = createWheelRenderer(canvas, DARK_THEME, { now: () => clock.now() });
  const localStore = deps.localStore ?? createLocalStore();
  const drawRandom = deps.drawRandom ?? createCryptoRandom();
  const displayId = displayIdentity(() => randomId(drawRandom));
  const serverClock = createServerClock(clock);
  const appearanceView = createAppearanceView(root, canvas);
  const appearance = startAppearanceSync({
    slug,
    fetch: deps.fetch,
    clock,
    localStore,
    view: appearanceView,
    offlineSpinsOverride: params.offlineSpins,
  });
  const commitmentElement = root.querySelector<HTMLElement>('[data-testid="commitment"]');
  if (commitmentElement === null) throw new Error('missing element [data-testid="commitment"]');
  const commitment = startCommitmentSync({ slug, fetch: deps.fetch, clock, element: commitmentElement });
  const effects = createPresentationEffects({ root, muteButton, clock, search: window.location.search });
  const view = createPageView({ elements, getState, clock, slug });
  store.subscribe(view.render);
  const programView = createProgramView({
    elements: findProgramElements(root),
    root,
    setAttribute: view.setAttribute,
    getState,
    clock,
    slug,
  });
  store.subscribe(programView.render);
  const program = createProgramClient({
    fetch: deps.fetch,
    clock,
    slug,
    onProgram: (received) => dispatch({ type: 'program-received', program: received }),
  });
  // Without the event stream the program comes with the snapshot polls (wheels with prizes only).
  let streamOpen = false;
  const pollProgram = (): void => {
    if (streamOpen || (getState().wheel?.snapshot.prizes?.length ?? 0) === 0) return;
    void program.refresh().catch(logFailure('program'));
  };
  const tasks = createFrameTasks({ clock });
  const presenter = createPresenterApi({
    fetch: deps.fetch,
    clock,
    slug,
    presenterKey: params.presenterKey,
    displayId,
  });
  const outbox = createDrawOutbox({ ...base, slug, presenterKey: params.presenterKey, localStore });
  const vouchers = createOfflineVouchers({
    ...base,
    slug,
    presenterKey: params.presenterKey,
    displayId,
    localStore,
  });
  // NOTE: the outbox first: its uploads may use vouchers that asking for a newer version retires.
  const uploadThenTopUp = (): void =>
    void outbox
      .flush()
      .then(() => vouchers.topUp())
      .catch(logFailure('outbox upload'));
  const landings = createLandingReports({ getState, dispatch, presenter });
  const diagnostics = createDiagnostics({
    getState,
    clock,
    frames,
    renderer: renderer.stats,
    effects: effects.stats,
    panel: elements.diagnosticsPanel,
    showPanel: params.diagnostics,
    requestDraw: () => draws.requestDraw(),
    spinSource: () => spinPoll.spinSource(),
    build: () => `${root.dataset.build ?? '–'}, offline start ${root.dataset.offlineReady ?? 'no'}`,
  });
  window.__prizewheel = diagnostics.api;
  const sync = createSnapshotSync({
    ...base,
    random: deps.random,
    slug,
    localStore,
    afterWheelPainted: tasks.afterWheelPainted,
    onServerAnswered: () => {
      pollProgram();
      uploadThenTopUp();
      void landings.sendUnsent().catch(logFailure('landed report'));
    },
    onDamagedCount: (count) => (diagnostics.api.damagedSnapshots = count),
  });
  const onFrame = createWheelFrame({
    ...base,
    renderer,
    frames,
    effects,
    view,
    tasks,
    diagnostics: diagnostics.api,
    onLanded: () => void landings.reportOwnLanding().catch(logFailure('landed report')),
    hasCard: programView.hasCard,
    hasHeader: appearanceView.hasHeader,
    afterFrame: (nowMs) => {
      programView.updateLayout(renderer.layout);
      view.updateWheelCount(getState(), renderer.stats.labelCount);
      diagnostics.render(nowMs);
    },
  });
  const animation = createSpinAnimation({
    ...base,
    slug,
    displayId,
    serverClock,
    view,
    effects,
    wheelOfVersion: sync.wheelOfVersion,
    landByTimer: () => onFrame(),
    onPlanProblem: (description) => (diagnostics.api.lastPlanProblem = description),
  });
  const spinPoll = createSpinPoll({
    ...base,
    slug,
    displayId,
    serverClock,
    view,
    subscribe: store.subscribe,
    animateSpin: animation.animateSpin,
  });
  const draws = createDrawRequests({
    ...base,
    slug,
    presenter,
    outbox,
    vouchers,
    landings,
    view,
    drawRandom,
    displayId,
    offlineSpins: () => appearance.offlineSpins(),
    pollNow: sync.pollNow,
    animateSpin: animation.animateSpin,
    onLocalDraw: () => (diagnostics.api.localDraws += 1),
  });
  const clicker = createClicker({
    getState,
    presenter,
    view: programView,
    requestDraw: () => draws.requestDraw(),
    onStageChanged: (stage) => {
      const held = getState().program;
      if (held !== null) dispatch({ type: 'program-received', program: { ...held, stage } });
    },
  });
  const setStreamOpen = (open: boolean): void => {
    streamOpen = open;
  };
  const controllers = { view, tasks, presenter, uploadThenTopUp, diagnostics, sync, spinPoll, draws };
  const programParts = { programView, program, clicker, setStreamOpen };
  return {
    elements,
    store,
    appearance,
    commitment,
    effects,
    onFrame,
    displayId,
    ...controllers,
    ...programParts,
  };
}

/** Starts the wheel page: its controllers, the network, the input and the frame loop. */
export function startDisplay(params: PageParams, deps: DisplayDependencies): { dispose(): void } {
  const { clock, slug } = { clock: deps.clock, slug: params.slug };
  const page = wireControllers(params, deps);
  const { elements, store, appearance, commitment, effects, onFrame, displayId } = page;
  const { view, tasks, presenter, uploadThenTopUp, diagnostics, sync, spinPoll, draws } = page;
  const { programView, program, clicker, setStreamOpen } = page;
  const stopInput = listenToPageInput({
    window,
    document,
    spinButton: elements.spinButton,
    requestDraw: draws.requestDraw,
    toggleFullscreen,
    toggleDiagnostics: diagnostics.togglePanel,
    retryNow: sync.retryNow,
    clicker: clicker.press,
  });
  const loop = createFrameLoop();
  const unsubscribeFrame = loop.subscribe(onFrame);
  view.render(store.getState());
  // The server is asked at once and the cache read alongside (opening IndexedDB can take hundreds of
  // ms, and is given up after a while): an offline start still shows the last good wheel, and a cached wheel
  // never replaces one the server already sent (the reducer takes the cache only on an empty screen).
  sync.start();
  void program.refresh().catch(logFailure('program'));
  void sync.showCachedSnapshot().catch(logFailure('cache'));
  const closeEvents = listenToWheelEvents(
    slug,
    {
      onReconnect: () => {
        sync.retryNow(); // events may have been missed while the stream was down
        void appearance.refresh();
        void commitment.refresh();
        void program.refresh().catch(logFailure('program'));
      },
      onProgram: program.hintRevision,
      onAppearance: (body) => void appearance.receive(body),
      onVerification: commitment.receive,
      onStreamState: (open) => {
        view.setAttribute('data-events', open ? 'open' : 'closed');
        setStreamOpen(open);
        spinPoll.streamStateChanged(open);
      },
      onEventReceived: spinPoll.streamDelivered,
      onSnapshotHint: (version) => {
        spinPoll.versionHinted(version);
        sync.hintVersion(version);
      },
      onSpin: draws.receivePushedSpin,
    },
    { clock, displayId, ...(deps.createEventSource ? { createEventSource: deps.createEventSource } : {}) },
  );
  void presenter
    .fetchRights()
    .then((rights) => {
      store.dispatch({ type: 'rights-known', canSpin: rights });
      if (rights) uploadThenTopUp();
    })
    .catch(logFailure('presenter rights'));
  tasks.afterWheelPainted(() => effects.preload());
  const stopHeartbeat = startHeartbeatAfterPaint({
    fetch: deps.fetch,
    clock,
    slug,
    afterWheelPainted: tasks.afterWheelPainted,
    body: () => diagnostics.heartbeatBody(displayId),
  });
  // Joins a running spin at once; then, while the stream is down or silent, spins come by polls.
  spinPoll.start();
  const serviceWorker = startServiceWorker({
    container: deps.serviceWorker,
    clock,
    getState: store.getState,
    subscribe: store.subscribe,
    setAttribute: view.setAttribute,
    reload: () => window.location.reload(),
  });

  return {
    dispose() {
      unsubscribeFrame();
      loop.dispose();
      effects.dispose();
      sync.stop();
      spinPoll.stop();
      closeEvents();
      stopHeartbeat();
      stopInput();
      programView.dispose();
      serviceWorker.dispose();
    },
  };
}
