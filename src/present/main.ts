// The presenter console, /present/:slug[?key=…]: a phone or tablet page that picks the prize on
// stage, spins batches, declines winners and switches the big screens' scene. Framework-free; it
// only calls the API (the server decides and records everything; the screens follow its event
// stream). State comes from console-state.ts (pure, over core's event-program rules).
import type { DeclineAnswer, ProgramState, Snapshot, StageScene, StageState } from '../core/index.ts';
import {
  buildConsoleState,
  checkBatchCount,
  checkDeclineReason,
  defaultBatchCount,
  describeCountdown,
  describeRemaining,
  holderOf,
  readApiFailure,
  readConsoleParams,
  rightsMessage,
  spinFailureAction,
  type ApiFailure,
  type ConsoleState,
  type PlaceView,
  type PrizeRow,
} from './console-state.ts';

/** The stream makes the console follow at once; this poll covers a stream that is down or buffered. */
const POLL_INTERVAL_MS = 5_000;
const COUNTDOWN_TICK_MS = 250;
/** The key travels in a header (not the URL) so it stays out of request logs. */
const PRESENTER_KEY_HEADER = 'x-presenter-key';

const { slug, presenterKey } = readConsoleParams(location);
const apiBase = `/api/wheels/${encodeURIComponent(slug)}`;
const acceptedStorageKey = `prizewheel:present:accepted:${slug}`;

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`#${id} is missing`);
  return found as T;
}

const root = document.querySelector('main') as HTMLElement;
const status = element('status');
const message = element('message');
const countInput = element<HTMLInputElement>('count');
const spinButton = element<HTMLButtonElement>('spin');
const declineDialog = element<HTMLDialogElement>('decline-dialog');
const declineReason = element<HTMLInputElement>('decline-reason');
const declineProblem = element('decline-problem');

type ApiAnswer = { ok: true; status: number; body: unknown } | { ok: false; failure: ApiFailure };

async function api(method: string, path: string, body?: unknown): Promise<ApiAnswer> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (presenterKey !== null) headers[PRESENTER_KEY_HEADER] = presenterKey;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`${apiBase}${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    return { ok: false, failure: readApiFailure(null, null) };
  }
  const text = await response.text().catch(() => '');
  let parsed: unknown = null;
  try {
    parsed = text.trim() === '' ? null : (JSON.parse(text) as unknown);
  } catch {
    parsed = text;
  }
  return response.ok
    ? { ok: true, status: response.status, body: parsed }
    : { ok: false, failure: readApiFailure(response.status, parsed) };
}

// ---- state ----

let snapshot: Snapshot | null = null;
let program: ProgramState | null = null;
let view: ConsoleState = buildConsoleState(null, null);
/** The prize whose batch size the field shows; the field is reset when another prize is on stage. */
let countPrizeId: string | null = null;
let busyUntilMs = 0;
let countdownTimer: ReturnType<typeof setTimeout> | null = null;
let acting = false;
let refreshGeneration = 0;
let declining: PlaceView | null = null;
const accepted = readAccepted();

function readAccepted(): Set<number> {
  try {
    const stored = JSON.parse(sessionStorage.getItem(acceptedStorageKey) ?? '[]') as unknown;
    return new Set(Array.isArray(stored) ? stored.filter((seq) => typeof seq === 'number') : []);
  } catch {
    return new Set();
  }
}

function saveAccepted(): void {
  try {
    sessionStorage.setItem(acceptedStorageKey, JSON.stringify([...accepted]));
  } catch {
    // Private mode without storage: the ticks last until the page is closed.
  }
}

function showMessage(text: string, kind: 'error' | 'info' = 'error'): void {
  message.textContent = text;
  message.dataset.kind = kind;
}

function showNoRights(text: string): void {
  root.dataset.state = 'forbidden';
  element('console').hidden = true;
  status.hidden = true;
  const noRights = element('no-rights');
  noRights.hidden = false;
  noRights.textContent = text;
  stopFollowing();
}

/** Fetches the snapshot (only when a newer version exists) and the program; late answers are dropped. */
async function refresh(): Promise<void> {
  const generation = ++refreshGeneration;
  const snapshotQuery = snapshot === null ? '' : `?currentVersion=${snapshot.version}`;
  const [snapshotAnswer, programAnswer] = await Promise.all([
    api('GET', `/snapshot${snapshotQuery}`),
    api('GET', '/program'),
  ]);
  if (generation !== refreshGeneration) return;
  if (snapshotAnswer.ok && snapshotAnswer.status === 200) snapshot = snapshotAnswer.body as Snapshot;
  if (programAnswer.ok) program = programAnswer.body as ProgramState;
  const failure = !snapshotAnswer.ok
    ? snapshotAnswer.failure
    : !programAnswer.ok
      ? programAnswer.failure
      : null;
  if (failure?.code === 'not_published') status.textContent = 'Nothing is published on this wheel yet.';
  else if (failure) status.textContent = `Could not load the program: ${describeFailure(failure)}`;
  else status.textContent = '';
  status.hidden = status.textContent === '';
  render();
}

function describeFailure(failure: ApiFailure): string {
  if (failure.status === null) return 'the server cannot be reached.';
  return failure.message ?? `HTTP ${failure.status}.`;
}

// ---- rendering ----

/**
 * What `view` was computed from: the pools are recomputed only when the list or the program
 * changed (the whole program, not its revision, so nothing rests on how the server counts it).
 */
let viewKey = '';

function render(): void {
  const key = `${snapshot?.checksum ?? ''}|${JSON.stringify(program)}`;
  if (key !== viewKey) {
    view = buildConsoleState(snapshot, program);
    viewKey = key;
  }
  root.dataset.state = 'ready';
  root.dataset.rehearsal = String(view.rehearsal);
  root.dataset.prize = view.stage.prizeId ?? '';
  root.dataset.scene = view.stage.scene;
  root.dataset.blank = String(view.stage.blank);
  element('console').hidden = false;
  element('rehearsal').hidden = !view.rehearsal;
  renderPrizes();
  renderSpinPanel();
  renderBatch();
  renderScenes();
}

function selectedRow(): PrizeRow | null {
  return view.prizes.find((row) => row.onStage) ?? null;
}

function renderPrizes(): void {
  const list = element('prizes');
  element('no-prizes').hidden = view.prizes.length > 0 || snapshot === null;
  list.replaceChildren(
    ...view.prizes.map((row, index) => {
      const item = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'prize';
      button.dataset.testid = 'present-prize';
      button.dataset.prizeId = row.prize.id;
      button.dataset.remaining = String(row.remaining);
      button.dataset.pool = String(row.poolSize);
      button.setAttribute('aria-pressed', String(row.onStage));
      const name = document.createElement('span');
      name.className = 'prize-name';
      name.textContent = `${index + 1}. ${row.prize.name}`;
      const facts = document.createElement('span');
      facts.className = 'prize-facts';
      facts.textContent = `${describeRemaining(row)} · ${row.poolSize} eligible`;
      button.append(name, facts);
      button.addEventListener('click', () => void setStage({ prizeId: row.prize.id, scene: 'wheel' }));
      item.append(button);
      return item;
    }),
  );
}

function renderSpinPanel(): void {
  const row = selectedRow();
  element('spin-prize').textContent = row ? `— ${row.prize.name} (${describeRemaining(row)})` : '';
  if (row === null) {
    countInput.disabled = true;
    countInput.value = '';
    countPrizeId = null;
  } else {
    countInput.disabled = row.remaining < 1;
    countInput.max = String(Math.max(1, row.remaining));
    if (countPrizeId !== row.prize.id || Number(countInput.value) > row.remaining) {
      countInput.value = String(defaultBatchCount(row));
      countPrizeId = row.prize.id;
    }
  }
  updateSpinButton();
}

function updateSpinButton(): void {
  const row = selectedRow();
  const waitMs = busyUntilMs - Date.now();
  spinButton.disabled = acting || row === null || row.remaining < 1 || waitMs > 0;
  spinButton.textContent =
    waitMs > 0 ? describeCountdown(waitMs) : row !== null && row.remaining < 1 ? 'All drawn' : 'SPIN';
  if (row === null && view.prizes.length > 0 && !acting) spinButton.title = 'Pick a prize first';
  else spinButton.removeAttribute('title');
}

function placeItem(place: PlaceView, options: { actions: boolean; label: string }): HTMLLIElement {
  const item = document.createElement('li');
  item.className = 'place';
  item.dataset.seq = String(place.seq);
  item.dataset.role = place.role ?? '';
  item.dataset.declined = String(place.declined);
  const who = document.createElement('span');
  who.className = 'who';
  who.textContent = `${options.label} ${place.name} · ticket ${place.ticket}`;
  item.append(who);
  const tags: string[] = [];
  if (place.rehearsal) tags.push('rehearsal');
  if (place.substitutes !== null) tags.push('substitute');
  if (place.declined) tags.push('declined');
  if (place.role === 'reserve') tags.push(place.promotedTo === null ? 'unused' : 'took a place');
  for (const tag of tags) {
    const span = document.createElement('span');
    span.className = 'tag';
    span.textContent = tag;
    item.append(span);
  }
  if (options.actions && !place.declined) {
    const actions = document.createElement('span');
    actions.className = 'actions';
    const accept = document.createElement('button');
    accept.type = 'button';
    accept.dataset.testid = 'present-accept';
    const isAccepted = accepted.has(place.seq);
    accept.setAttribute('aria-pressed', String(isAccepted));
    accept.textContent = isAccepted ? '✓ Accepted' : 'Accept';
    accept.setAttribute(
      'aria-label',
      `${isAccepted ? 'Accepted' : 'Accept'} ${place.name} (on this device only)`,
    );
    accept.addEventListener('click', () => {
      if (accepted.has(place.seq)) accepted.delete(place.seq);
      else accepted.add(place.seq);
      saveAccepted();
      renderBatch();
    });
    const decline = document.createElement('button');
    decline.type = 'button';
    decline.className = 'decline';
    decline.dataset.testid = 'present-decline';
    decline.textContent = 'Decline…';
    decline.setAttribute('aria-label', `Decline ${place.name}, ticket ${place.ticket}`);
    decline.addEventListener('click', () => openDecline(place));
    actions.append(accept, decline);
    item.append(actions);
  }
  return item;
}

function renderBatch(): void {
  const batch = view.lastBatch;
  const prizeName = batch?.prizeId
    ? (view.prizes.find((row) => row.prize.id === batch.prizeId)?.prize.name ?? batch.prizeId)
    : '';
  element('batch-prize').textContent = prizeName ? `— ${prizeName}` : '';
  element('no-batch').hidden = batch !== null;
  const winners = element('winners');
  winners.replaceChildren(
    ...(batch?.winners ?? []).map((place, index) => {
      const holder = holderOf(place);
      const item = document.createElement('li');
      item.className = 'winner';
      item.dataset.testid = 'present-winner';
      item.dataset.seq = String(holder.seq);
      const chain = document.createElement('ol');
      chain.className = 'chain';
      place.chain.forEach((draw, step) =>
        chain.append(
          placeItem(draw, {
            actions: draw === holder,
            label: step === 0 ? `#${place.rank ?? index + 1}` : '→',
          }),
        ),
      );
      item.append(chain);
      return item;
    }),
  );
  const reserves = batch?.reserves ?? [];
  element('reserves-title').hidden = reserves.length === 0;
  element('reserves').replaceChildren(
    ...reserves.map((reserve) => {
      const item = placeItem(reserve, { actions: false, label: `R${reserve.rank ?? ''}` });
      item.dataset.testid = 'present-reserve';
      return item;
    }),
  );
}

function renderScenes(): void {
  for (const button of document.querySelectorAll<HTMLButtonElement>('.scenes [data-scene]')) {
    button.setAttribute('aria-pressed', String(button.dataset.scene === view.stage.scene));
    button.disabled = acting;
  }
  const blank = element<HTMLButtonElement>('blank');
  blank.setAttribute('aria-pressed', String(view.stage.blank));
  blank.textContent = view.stage.blank ? 'Unblank' : 'Blank';
  blank.disabled = acting;
}

// ---- actions ----

async function act(run: () => Promise<void>): Promise<void> {
  if (acting) return;
  acting = true;
  updateSpinButton();
  renderScenes();
  try {
    await run();
  } finally {
    acting = false;
    updateSpinButton();
    renderScenes();
  }
}

async function setStage(change: Partial<StageState>): Promise<void> {
  await act(async () => {
    const answer = await api('PUT', '/stage', change);
    if (!answer.ok) return handleActionFailure(answer.failure, 'The big screens were not switched');
    if (program) program = { ...program, stage: answer.body as StageState };
    showMessage('', 'info');
    render();
    await refresh();
  });
}

function handleActionFailure(failure: ApiFailure, what: string): void {
  if (failure.status === 401 || failure.status === 403) return showNoRights(rightsMessage(failure.message));
  showMessage(`${what}: ${describeFailure(failure)}`);
}

async function spin(): Promise<void> {
  const row = selectedRow();
  if (row === null) return showMessage('Pick a prize first.');
  const count = checkBatchCount(countInput.value, row);
  if (!count.ok) return showMessage(count.message);
  await act(async () => {
    showMessage('Drawing…', 'info');
    for (let attempt = 0; attempt < 2; attempt++) {
      const version = snapshot?.version;
      if (version === undefined) return showMessage('Nothing is published on this wheel yet.');
      const answer = await api('POST', '/spins', { version, prizeId: row.prize.id, count: count.count });
      if (answer.ok) {
        const batch = (answer.body as { batch?: unknown[] } | null)?.batch;
        showMessage(
          `Drawn: ${Array.isArray(batch) ? batch.length : 1} place(s) of ${row.prize.name}.`,
          'info',
        );
        await refresh();
        return;
      }
      const action = spinFailureAction(answer.failure);
      if (action.kind === 'refetch_and_retry' && attempt === 0) {
        snapshot = null;
        await refresh();
        continue;
      }
      if (action.kind === 'wait') return startCountdown(action.retryAfterMs, action.message);
      if (action.kind === 'no_rights') return showNoRights(action.message);
      if (action.kind === 'refetch_and_retry')
        return showMessage('The list changed twice while drawing. Check the prize and press SPIN again.');
      return showMessage(action.message);
    }
  });
}

function startCountdown(retryAfterMs: number, why: string): void {
  busyUntilMs = Date.now() + retryAfterMs;
  showMessage(`${why} ${describeCountdown(retryAfterMs)}.`);
  const tick = (): void => {
    countdownTimer = null;
    updateSpinButton();
    if (busyUntilMs > Date.now()) countdownTimer = setTimeout(tick, COUNTDOWN_TICK_MS);
    else showMessage('', 'info');
  };
  if (countdownTimer !== null) clearTimeout(countdownTimer);
  tick();
}

function openDecline(place: PlaceView): void {
  declining = place;
  element('decline-who').textContent = `${place.name} (ticket ${place.ticket})`;
  declineReason.value = '';
  declineProblem.textContent = '';
  declineDialog.showModal();
  declineReason.focus();
}

async function confirmDecline(): Promise<void> {
  const place = declining;
  if (place === null) return;
  const reason = checkDeclineReason(declineReason.value);
  if (!reason.ok) {
    declineProblem.textContent = reason.message;
    return;
  }
  declineDialog.close();
  declining = null;
  await act(async () => {
    const answer = await api('POST', `/draws/${place.seq}/decline`, { reason: reason.reason });
    if (!answer.ok) return handleActionFailure(answer.failure, `${place.name} was not declined`);
    const { substitute } = answer.body as DeclineAnswer;
    showMessage(
      substitute === null
        ? `${place.name} declined. Nobody is left to take the place.`
        : `${place.name} declined. ${substitute.name} (ticket ${substitute.ticket}) takes the place.`,
      'info',
    );
    await refresh();
  });
}

// ---- following the wheel ----

let stream: EventSource | null = null;
let pollTimer: ReturnType<typeof setInterval> | null = null;

function follow(): void {
  stream = new EventSource(`${apiBase}/events`);
  const connection = element('connection');
  stream.addEventListener('open', () => (connection.textContent = 'Live'));
  stream.addEventListener('error', () => (connection.textContent = 'Reconnecting…'));
  for (const name of ['program', 'spin', 'snapshot', 'landed'])
    stream.addEventListener(name, () => void refresh());
  pollTimer = setInterval(() => void refresh(), POLL_INTERVAL_MS);
  // A phone that slept missed events: catch up as soon as it is looked at again.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && stream !== null) void refresh();
  });
}

function stopFollowing(): void {
  stream?.close();
  stream = null;
  if (pollTimer !== null) clearInterval(pollTimer);
  pollTimer = null;
}

// ---- start ----

async function main(): Promise<void> {
  element('wheel-name').textContent = slug;
  document.title = `Presenter console — ${slug}`;
  const rights = await api('GET', '/presenter');
  const canSpin = rights.ok && (rights.body as { canSpin?: unknown } | null)?.canSpin === true;
  if (!canSpin) {
    if (!rights.ok && rights.failure.status === null)
      throw new Error('the server cannot be reached; reload when the network is back');
    return showNoRights(
      rightsMessage(presenterKey === null ? null : 'this link is not valid for this wheel'),
    );
  }
  element('spin-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void spin();
  });
  for (const button of document.querySelectorAll<HTMLButtonElement>('.scenes [data-scene]'))
    button.addEventListener('click', () => void setStage({ scene: button.dataset.scene as StageScene }));
  element('blank').addEventListener('click', () => void setStage({ blank: !view.stage.blank }));
  element('decline-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void confirmDecline();
  });
  element('decline-cancel').addEventListener('click', () => {
    declining = null;
    declineDialog.close();
  });
  await refresh();
  follow();
}

main().catch((error: unknown) => {
  status.hidden = false;
  status.textContent = `The console could not start: ${error instanceof Error ? error.message : String(error)}`;
  root.dataset.state = 'error';
});
