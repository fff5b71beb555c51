// The public /results/:slug page: each prize's winners in running order (core prizeResults over the
// program and the latest snapshot: rehearsal, voided and declined draws hold nothing, a substitute
// is shown in the place it took), the certificate links, and the entrant self-check
// (POST …/entrant-check: the server answers about the typed ticket only). Framework-free; the
// words come from strings.ts in the browser's language, dates from Intl in its locale.
import {
  prizeResults,
  drawsNamedNow,
  verifySnapshot,
  type EntrantCheckAnswer,
  type PrizeResult,
  type ProgramState,
  type Snapshot,
  type WheelAppearance,
} from '../core/index.ts';
import { RESULTS_STRINGS, pickLanguage, type ResultsStrings } from './strings.ts';

const slug = decodeURIComponent(location.pathname.split('/').filter(Boolean)[1] ?? 'default');
const apiBase = `/api/wheels/${encodeURIComponent(slug)}`;
const language = pickLanguage(navigator.languages.length > 0 ? navigator.languages : [navigator.language]);
const t: ResultsStrings = RESULTS_STRINGS[language];

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`#${id} is missing`);
  return found as T;
}

function line(parent: HTMLElement, tag: string, text: string, className?: string): HTMLElement {
  const child = document.createElement(tag);
  child.textContent = text;
  if (className) child.className = className;
  parent.append(child);
  return child;
}

function link(parent: HTMLElement, href: string, text: string): HTMLAnchorElement {
  const anchor = document.createElement('a');
  anchor.href = href;
  anchor.textContent = text;
  parent.append(anchor);
  return anchor;
}

async function getJson(path: string): Promise<unknown> {
  const response = await fetch(`${apiBase}${path}`, { headers: { accept: 'application/json' } });
  if (response.status === 204 || response.status === 404) return null;
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'long', timeStyle: 'short' });

/** Links to the signed certificate (JSON and PDF) of the event, or of one prize. */
function certificateLinks(parent: HTMLElement, label: string, prizeId: string | null): void {
  const query = prizeId === null ? '' : `?prize=${encodeURIComponent(prizeId)}`;
  const item = line(parent, 'p', `${label}: `, 'certificate');
  item.dataset.testid = 'results-certificate';
  link(item, `${apiBase}/certificate${query}`, t.certificateJson).dataset.kind = 'json';
  item.append(' · ');
  link(item, `${apiBase}/certificate.pdf${query}`, t.certificatePdf).dataset.kind = 'pdf';
}

function renderPrize(list: HTMLElement, result: PrizeResult): void {
  const card = document.createElement('li');
  card.className = 'prize';
  card.dataset.testid = 'results-prize';
  card.dataset.prize = result.prizeId;
  line(card, 'h3', result.prize?.name ?? result.prizeId);
  const held = result.places.filter((place) => place.holder !== null).length;
  const facts = [result.prize ? t.quantity(held, result.prize.quantity) : null];
  if (result.prize?.sponsor) facts.push(t.sponsor(result.prize.sponsor));
  line(card, 'p', facts.filter((fact) => fact !== null).join(' · '), 'facts');
  if (result.prize?.description) line(card, 'p', result.prize.description, 'description');
  const places = document.createElement('ol');
  places.className = 'places';
  for (const place of result.places) {
    const item = document.createElement('li');
    item.dataset.testid = 'results-place';
    item.dataset.place = String(place.place);
    line(item, 'span', t.place(place.place), 'rank');
    if (place.holder === null) {
      line(item, 'span', t.placeOpen, 'open');
    } else {
      item.dataset.ticket = place.holder.ticket;
      line(item, 'span', place.holder.name, 'name');
      line(item, 'span', t.ticket(place.holder.ticket), 'ticket');
      if (place.declined.length > 0) line(item, 'span', t.tookPlaceOfDeclined, 'note');
    }
    places.append(item);
  }
  card.append(places);
  if (result.reserves.length > 0) {
    const reserves = line(card, 'p', `${t.reserves}: `, 'reserves');
    reserves.append(
      result.reserves.map((reserve) => `${reserve.name} (${t.ticket(reserve.ticket)})`).join(', '),
    );
  }
  certificateLinks(card, t.certificatePrize, result.prizeId);
  list.append(card);
}

function describeAnswer(
  ticket: string,
  answer: EntrantCheckAnswer,
  withPerson: boolean,
  prizes: Map<string, string>,
) {
  if (!answer.inList) return [withPerson ? t.notInListPerson(ticket) : t.notInList(ticket)];
  const sentences = [t.inList(ticket, answer.versions.join(', '))];
  for (const win of answer.won) {
    const prize = prizes.get(win.prizeId) ?? win.prizeId;
    sentences.push(win.role === 'winner' ? t.wonPlace(prize, win.rank) : t.reservePlace(prize, win.rank));
  }
  if (answer.won.length === 0) sentences.push(t.noWin);
  return sentences;
}

function setupCheck(latest: Snapshot): void {
  const withPerson = latest.entries.some((entry) => entry.person !== undefined);
  const prizeNames = new Map((latest.prizes ?? []).map((prize) => [prize.id, prize.name]));
  element('check-lead').textContent = withPerson ? t.checkLeadPerson : t.checkLead;
  element('person-field').hidden = !withPerson;
  const ticketInput = element<HTMLInputElement>('ticket-input');
  const personInput = element<HTMLInputElement>('person-input');
  personInput.required = withPerson;
  const button = element<HTMLButtonElement>('check-button');
  const result = element('check-result');
  /** Answers shown so far (data-check), so a reader can tell a new answer from the last one. */
  let answers = 0;
  element<HTMLFormElement>('check-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const ticket = ticketInput.value.trim();
    const person = personInput.value.trim();
    if (!ticket || (withPerson && !person)) return;
    button.disabled = true;
    result.dataset.state = 'checking';
    result.textContent = t.checking;
    void fetch(`${apiBase}/entrant-check`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(withPerson ? { ticket, person } : { ticket }),
    })
      .then(async (response) => {
        const body = (await response.json()) as EntrantCheckAnswer & {
          error?: { message: string };
          retryAfterMs?: number;
        };
        if (response.status === 429) throw new Error(t.tooMany(Math.ceil((body.retryAfterMs ?? 0) / 1000)));
        if (!response.ok) throw new Error(t.checkFailed(body.error?.message ?? `HTTP ${response.status}`));
        result.dataset.state = 'answered';
        result.dataset.check = String(++answers);
        result.dataset.inList = String(body.inList);
        result.dataset.won = String(body.won.filter((win) => win.role === 'winner').length);
        result.replaceChildren();
        for (const sentence of describeAnswer(ticket, body, withPerson, prizeNames))
          line(result, 'p', sentence);
      })
      .catch((error: unknown) => {
        result.dataset.state = 'error';
        result.dataset.check = String(++answers);
        delete result.dataset.inList;
        delete result.dataset.won;
        result.textContent = error instanceof Error ? error.message : String(error);
      })
      .finally(() => {
        button.disabled = false;
      });
  });
}

/** The static words of the page, in its language. */
function applyStrings(): void {
  document.documentElement.lang = language;
  for (const node of document.querySelectorAll<HTMLElement>('[data-text]')) {
    const value = t[node.dataset.text as keyof ResultsStrings];
    if (typeof value === 'string') node.textContent = value;
  }
}

async function main(): Promise<void> {
  applyStrings();
  const root = element('status').closest('main') as HTMLElement;
  const status = element('status');
  const [appearance, latestBody, program] = (await Promise.all([
    getJson('/appearance').catch(() => null),
    getJson('/snapshot'),
    getJson('/program'),
  ])) as [WheelAppearance | null, unknown, ProgramState | null];
  const event = appearance?.title || slug;
  element('event-title').textContent = t.title(event);
  document.title = t.title(event);
  link(element('verify-link'), `/verify/${encodeURIComponent(slug)}`, t.verifyLink);
  if (latestBody === null) {
    status.textContent = t.notPublished;
    root.dataset.state = 'empty';
    return;
  }
  if (!verifySnapshot(latestBody)) throw new Error('the published list does not match its checksum');
  const latest = latestBody;
  status.textContent = t.published(dateFormat.format(new Date(latest.publishedAt)), latest.version);
  element('rehearsal').hidden = !program?.rehearsal;

  // A draw keeps the name its list published; a stricter policy since then hides more of it.
  const results = prizeResults(latest.prizes, drawsNamedNow(program?.draws ?? [], latest.settings));
  const list = element('prizes');
  list.replaceChildren();
  for (const result of results) renderPrize(list, result);
  element('no-results').hidden = results.length > 0;
  certificateLinks(element('event-certificate'), t.certificateEvent, null);
  setupCheck(latest);
  element('check-section').hidden = false;
  root.dataset.state = 'ready';
}

main().catch((error: unknown) => {
  element('status').textContent = t.loadFailed(error instanceof Error ? error.message : String(error));
  document.querySelector('main')?.setAttribute('data-state', 'error');
});
