import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DisplayStore } from '../machine/display-store.ts';
import { createManualClock, type ManualClock } from '../test-support/manual-clock.ts';
import { idleStore, testPlan } from '../test-support/fakes.ts';
import {
  APP_UPDATE_AFTER_LANDING_MS,
  APP_UPDATE_CHECK_INTERVAL_MS,
  isQuietForAppUpdate,
  SKIP_WAITING_MESSAGE,
  startServiceWorker,
  type ServiceWorkerContainerLike,
  type ServiceWorkerControl,
} from './service-worker.ts';

/** A service worker as the page sees it: a state, statechange events, the messages posted to it. */
class FakeWorker extends EventTarget {
  readonly messages: unknown[] = [];
  constructor(public state: ServiceWorkerState) {
    super();
  }
  postMessage(message: unknown): void {
    this.messages.push(message);
  }
  moveTo(state: ServiceWorkerState): void {
    this.state = state;
    this.dispatchEvent(new Event('statechange'));
  }
}

class FakeRegistration extends EventTarget {
  active: FakeWorker | null = null;
  waiting: FakeWorker | null = null;
  installing: FakeWorker | null = null;
  updateChecks = 0;
  failUpdates = false;
  async update(): Promise<void> {
    this.updateChecks += 1;
    if (this.failUpdates) throw new TypeError('Failed to update a ServiceWorker: network error');
  }
  /** A new build is found: its worker installs (precaches) and then waits, as Workbox's 'prompt' does. */
  newBuildInstalled(): FakeWorker {
    const worker = new FakeWorker('installing');
    this.installing = worker;
    this.dispatchEvent(new Event('updatefound'));
    this.installing = null;
    this.waiting = worker;
    worker.moveTo('installed');
    return worker;
  }
}

class FakeContainer extends EventTarget {
  controller: FakeWorker | null;
  readonly registration = new FakeRegistration();
  readonly registered: Array<{ url: string; scope: string | undefined }> = [];
  /** Resolves once a worker is active (navigator.serviceWorker.ready). */
  readonly ready: Promise<FakeRegistration>;
  becomeReady: () => void = () => {};
  constructor(options: { controlled: boolean }) {
    super();
    this.controller = options.controlled ? new FakeWorker('activated') : null;
    if (options.controlled) this.registration.active = this.controller;
    this.ready = new Promise((resolve) => (this.becomeReady = () => resolve(this.registration)));
    if (options.controlled) this.becomeReady();
  }
  /** The first worker installed and activated (it controls no page: no clients.claim()). */
  firstInstall(): void {
    const worker = new FakeWorker('installing');
    this.registration.installing = worker;
    worker.moveTo('installed');
    this.registration.installing = null;
    this.registration.active = worker;
    worker.moveTo('activated');
    this.becomeReady();
  }
  async register(url: string | URL, options?: RegistrationOptions): Promise<FakeRegistration> {
    this.registered.push({ url: String(url), scope: options?.scope });
    return this.registration;
  }
  /** The waiting worker took over (after SKIP_WAITING). */
  activate(worker: FakeWorker): void {
    this.registration.waiting = null;
    this.registration.active = worker;
    this.controller = worker;
    worker.moveTo('activated');
    this.dispatchEvent(new Event('controllerchange'));
  }
}

let control: ServiceWorkerControl | undefined;
afterEach(() => {
  control?.dispose();
  control = undefined;
  vi.restoreAllMocks();
});

function start(container: FakeContainer | undefined, store: DisplayStore, manual: ManualClock) {
  const attributes = new Map<string, string>();
  const reload = vi.fn();
  control = startServiceWorker({
    container: container as unknown as ServiceWorkerContainerLike | undefined,
    clock: manual.clock,
    getState: store.getState,
    subscribe: store.subscribe,
    setAttribute: (name, value) => attributes.set(name, value),
    reload,
  });
  return { attributes, reload };
}

function startSpin(store: DisplayStore, atMs: number): void {
  const spin = { plan: testPlan(1), startRotation: 0, endRotation: 2_000, startedAtMs: atMs };
  store.dispatch({ type: 'spin-started', spin });
}

describe('startServiceWorker', () => {
  it('registers /sw.js for the wheel pages and says the shell is cached once a worker is active', async () => {
    const manual = createManualClock();
    const container = new FakeContainer({ controlled: false });
    const { attributes, reload } = start(container, idleStore(), manual);
    expect(attributes.get('data-offline-ready')).toBe('no');
    await manual.settle();
    expect(container.registered).toEqual([{ url: '/sw.js', scope: '/wheel/' }]);
    expect(attributes.get('data-offline-ready')).toBe('no');
    container.firstInstall();
    await manual.settle();
    // A first install is not a new build: nothing waits, nothing reloads.
    expect(attributes.get('data-app-update')).toBe('none');
    expect(attributes.get('data-offline-ready')).toBe('yes');
    expect(reload).not.toHaveBeenCalled();
  });

  it('reloads a page of the first visit (no worker controls it) into a later build once quiet', async () => {
    const manual = createManualClock();
    const container = new FakeContainer({ controlled: false });
    const store = idleStore();
    const { attributes, reload } = start(container, store, manual);
    await manual.settle();
    container.firstInstall();
    startSpin(store, manual.clock.now());
    const next = container.registration.newBuildInstalled();
    expect(attributes.get('data-app-update')).toBe('waiting');
    store.dispatch({ type: 'spin-landed', atMs: manual.clock.now() });
    await manual.advance(APP_UPDATE_AFTER_LANDING_MS - 1);
    expect(reload).not.toHaveBeenCalled();
    await manual.advance(1);
    expect(next.messages).toEqual([SKIP_WAITING_MESSAGE]);
    expect(reload).toHaveBeenCalledOnce();
  });

  it('works without a service worker (no secure context) and says the page is not offline-ready', async () => {
    const manual = createManualClock();
    const { attributes, reload } = start(undefined, idleStore(), manual);
    await manual.settle();
    expect(attributes.get('data-offline-ready')).toBe('no');
    expect(attributes.get('data-app-update')).toBe('none');
    expect(reload).not.toHaveBeenCalled();
  });

  it('applies a new build found while the wheel is idle at once', async () => {
    const manual = createManualClock();
    const container = new FakeContainer({ controlled: true });
    const { attributes, reload } = start(container, idleStore(), manual);
    await manual.settle();
    expect(attributes.get('data-offline-ready')).toBe('yes');
    const next = container.registration.newBuildInstalled();
    expect(next.messages).toEqual([SKIP_WAITING_MESSAGE]);
    expect(attributes.get('data-app-update')).toBe('applying');
    expect(reload).not.toHaveBeenCalled();
    container.activate(next);
    expect(reload).toHaveBeenCalledOnce();
  });

  it('keeps a build found during a spin waiting until the wheel has landed and shown its winner', async () => {
    const manual = createManualClock();
    const container = new FakeContainer({ controlled: true });
    const store = idleStore();
    const { attributes, reload } = start(container, store, manual);
    await manual.settle();
    startSpin(store, manual.clock.now());
    const next = container.registration.newBuildInstalled();
    expect(attributes.get('data-app-update')).toBe('waiting');
    await manual.advance(5_000);
    store.dispatch({ type: 'clock-tick', atMs: manual.clock.now() });
    expect(next.messages).toEqual([]);
    store.dispatch({ type: 'spin-landed', atMs: manual.clock.now() });
    expect(store.getState().phase).toBe('idle');
    await manual.advance(APP_UPDATE_AFTER_LANDING_MS - 1);
    expect(next.messages).toEqual([]);
    await manual.advance(1);
    expect(next.messages).toEqual([SKIP_WAITING_MESSAGE]);
    container.activate(next);
    expect(reload).toHaveBeenCalledOnce();
  });

  it('reloads into a build another page of the browser activated only when the wheel is quiet', async () => {
    const manual = createManualClock();
    const container = new FakeContainer({ controlled: true });
    const store = idleStore();
    const { attributes, reload } = start(container, store, manual);
    await manual.settle();
    startSpin(store, manual.clock.now());
    container.activate(new FakeWorker('installed'));
    expect(attributes.get('data-app-update')).toBe('waiting');
    expect(reload).not.toHaveBeenCalled();
    store.dispatch({ type: 'spin-landed', atMs: manual.clock.now() });
    await manual.advance(APP_UPDATE_AFTER_LANDING_MS);
    expect(reload).toHaveBeenCalledOnce();
  });

  it('does not reload when the new build activates only after a spin started', async () => {
    const manual = createManualClock();
    const container = new FakeContainer({ controlled: true });
    const store = idleStore();
    const { attributes, reload } = start(container, store, manual);
    await manual.settle();
    const next = container.registration.newBuildInstalled();
    expect(next.messages).toEqual([SKIP_WAITING_MESSAGE]);
    startSpin(store, manual.clock.now());
    container.activate(next);
    expect(reload).not.toHaveBeenCalled();
    expect(attributes.get('data-app-update')).toBe('waiting');
    store.dispatch({ type: 'spin-landed', atMs: manual.clock.now() });
    await manual.advance(APP_UPDATE_AFTER_LANDING_MS);
    expect(reload).toHaveBeenCalledOnce();
  });

  it('takes a build that was already waiting when the page started, and checks for builds periodically', async () => {
    const manual = createManualClock();
    const container = new FakeContainer({ controlled: true });
    const waiting = new FakeWorker('installed');
    container.registration.waiting = waiting;
    start(container, idleStore(), manual);
    await manual.settle();
    expect(waiting.messages).toEqual([SKIP_WAITING_MESSAGE]);

    const second = new FakeContainer({ controlled: true });
    control?.dispose();
    const { reload } = start(second, idleStore(), manual);
    await manual.settle();
    expect(second.registration.updateChecks).toBe(0);
    await manual.advance(APP_UPDATE_CHECK_INTERVAL_MS);
    expect(second.registration.updateChecks).toBe(1);
    // A failed check (server unreachable) keeps this build and tries again later.
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    second.registration.failUpdates = true;
    await manual.advance(APP_UPDATE_CHECK_INTERVAL_MS);
    expect(second.registration.updateChecks).toBe(2);
    await manual.advance(APP_UPDATE_CHECK_INTERVAL_MS);
    expect(second.registration.updateChecks).toBe(3);
    expect(reload).not.toHaveBeenCalled();
  });

  it('keeps the running build when a new one fails to install', async () => {
    const manual = createManualClock();
    const container = new FakeContainer({ controlled: true });
    const { attributes, reload } = start(container, idleStore(), manual);
    await manual.settle();
    const warned = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const failing = new FakeWorker('installing');
    container.registration.installing = failing;
    container.registration.dispatchEvent(new Event('updatefound'));
    failing.moveTo('redundant');
    expect(attributes.get('data-app-update')).toBe('none');
    expect(reload).not.toHaveBeenCalled();
    expect(warned).toHaveBeenCalledOnce();
  });

  it('checks for a new build when the server answers again after being unreachable', async () => {
    const manual = createManualClock();
    const container = new FakeContainer({ controlled: true });
    const store = idleStore();
    start(container, store, manual);
    await manual.settle();
    store.dispatch({ type: 'sync-failed', atMs: 1 });
    expect(container.registration.updateChecks).toBe(0);
    store.dispatch({ type: 'snapshot-unchanged', atMs: 2 });
    expect(container.registration.updateChecks).toBe(1);
  });
});

describe('isQuietForAppUpdate', () => {
  it('is true on an idle wheel and false while it spins, loads or has work a reload would lose', () => {
    const store = idleStore();
    expect(isQuietForAppUpdate(store.getState(), 0, null)).toBe(true);
    store.dispatch({ type: 'draw-requested' });
    expect(isQuietForAppUpdate(store.getState(), 0, null)).toBe(false);
    store.dispatch({ type: 'draw-settled' });
    expect(isQuietForAppUpdate(store.getState(), 0, null)).toBe(true);
    startSpin(store, 0);
    expect(isQuietForAppUpdate(store.getState(), 60_000, null)).toBe(false);
    store.dispatch({ type: 'outbox-flush-started' });
    store.dispatch({ type: 'spin-landed', atMs: 11_000 });
    expect(isQuietForAppUpdate(store.getState(), 60_000, 11_000)).toBe(false);
    store.dispatch({ type: 'outbox-flush-ended' });
    expect(isQuietForAppUpdate(store.getState(), 60_000, 11_000)).toBe(true);
    expect(isQuietForAppUpdate(store.getState(), 11_000 + APP_UPDATE_AFTER_LANDING_MS - 1, 11_000)).toBe(
      false,
    );
    expect(isQuietForAppUpdate(idleStore().getState(), 0, null)).toBe(true);
  });
});
