// The public /verify/:slug page: recomputes every verifiable draw in the browser with core's
// verifyPublishedDraws (the same code and the same words as `prizewheel verify-draws`), and checks
// a ticket against the published lists. Titled with the wheel's title (its public appearance).
// Framework-free; everything comes from public endpoints.
import {
  VERDICT_MARK,
  verificationOutcome,
  verificationSummary,
  verifySnapshot,
  verifyPublishedDraws,
  versionsToVerify,
  type DrawVerdict,
  type ProgramState,
  type PublicProgramDraw,
  type PublicVerification,
  type Snapshot,
  type WheelAppearance,
} from '../core/index.ts';
import { lookUpTicket, ticketLookupText, type LookupDraw } from './ticket-lookup.ts';

const slug = decodeURIComponent(location.pathname.split('/').filter(Boolean)[1] ?? 'default');
const apiBase = `/api/wheels/${encodeURIComponent(slug)}`;

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`#${id} is missing`);
  return found as T;
}

async function getJson(path: string): Promise<unknown> {
  const response = await fetch(`${apiBase}${path}`, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
}

function line(parent: HTMLElement, tag: string, text: string, className?: string): HTMLElement {
  const child = document.createElement(tag);
  child.textContent = text;
  if (className) child.className = className;
  parent.append(child);
  return child;
}

function renderEpochs(verification: PublicVerification): void {
  const list = element('epochs');
  list.replaceChildren();
  for (const epoch of verification.epochs) {
    const item = line(list, 'li', `Epoch ${epoch.epoch} (opened ${epoch.createdAt}): commitment `);
    item.dataset.testid = 'verify-epoch';
    line(item, 'code', epoch.commitment);
    if (epoch.checksum) {
      item.append(` — list frozen to version ${epoch.version} `);
      line(item, 'code', epoch.checksum);
    }
    item.append(epoch.witness === null ? ' — no witness' : ' — witness ');
    if (epoch.witness !== null) line(item, 'q', epoch.witness, 'witness');
    if (epoch.seed) {
      item.append(` — seed revealed ${epoch.revealedAt}: `);
      line(item, 'code', epoch.seed);
    } else if (epoch.closedAt) {
      item.append(` — closed without draws at ${epoch.closedAt} (seed never used)`);
    } else item.append(' — open: seed not revealed yet');
  }
}

function renderDraw(list: HTMLElement, verdict: DrawVerdict): void {
  const item = document.createElement('li');
  item.dataset.testid = 'verify-result';
  item.dataset.ok = String(verdict.ok);
  item.dataset.status = verdict.status;
  item.dataset.seq = String(verdict.seq);
  item.dataset.voided = String(verdict.voided);
  if (verdict.redrawOf !== null) item.dataset.redrawOf = String(verdict.redrawOf);
  line(item, 'span', VERDICT_MARK[verdict.status], 'mark');
  item.append(
    `Draw ${verdict.seq}: ticket ${verdict.ticket} (version ${verdict.version}, epoch ${verdict.epoch})`,
  );
  if (verdict.voided) line(item, 'span', 'VOIDED', 'tag voided');
  if (verdict.redrawOf !== null) line(item, 'span', `redraw of #${verdict.redrawOf}`, 'tag redraw');
  if (verdict.withoutWitness) line(item, 'span', 'no witness', 'tag');
  // Only a failure reads as one; why a draw is pending or a rehearsal is a note.
  if (verdict.problem) line(item, 'span', verdict.problem, verdict.status === 'failed' ? 'problem' : 'note');
  list.append(item);
}

/** One prize draw in words: who, in which role, and what became of it (decline, substitute). */
function describeProgramDraw(draw: PublicProgramDraw, bySeq: Map<number, PublicProgramDraw>): string {
  const role = draw.role === 'reserve' ? `reserve ${draw.rank ?? ''}` : `winner ${draw.rank ?? ''}`;
  const parts = [`#${draw.seq} ticket ${draw.ticket} ${draw.name} — ${role.trim()}`];
  if (draw.substitutes !== null) {
    const replaced = bySeq.get(draw.substitutes);
    parts.push(`takes the place of #${draw.substitutes}${replaced ? ` (${replaced.ticket})` : ''}`);
  }
  if (draw.promotedFrom !== null) parts.push(`moved up from reserve #${draw.promotedFrom}`);
  if (draw.declined) {
    const substitute = [...bySeq.values()].find((other) => other.substitutes === draw.seq && !other.voided);
    parts.push(`declined: ${draw.declineReason ?? 'no reason given'}`);
    parts.push(substitute ? `replaced by #${substitute.seq} (${substitute.ticket})` : 'not replaced');
  }
  if (draw.voided) parts.push('VOIDED');
  return parts.join(' — ');
}

/**
 * The event's prizes and every counted draw of each (rehearsal draws left out): winners, reserves,
 * declines with their reason, and who took each place. Shown for every wheel with prizes, verifiable
 * or not.
 */
function renderProgram(program: ProgramState, latest: Snapshot | null): void {
  const section = element('program-section');
  const list = element('program');
  list.replaceChildren();
  const counted = program.draws.filter((draw) => !draw.rehearsal && draw.prizeId !== null);
  const prizeNames = new Map((latest?.prizes ?? []).map((prize) => [prize.id, prize.name]));
  const prizeIds = [...new Set([...prizeNames.keys(), ...counted.map((draw) => draw.prizeId as string)])];
  const bySeq = new Map(counted.map((draw) => [draw.seq, draw]));
  for (const prizeId of prizeIds) {
    const draws = counted.filter((draw) => draw.prizeId === prizeId);
    if (draws.length === 0) continue;
    const item = line(list, 'li', prizeNames.get(prizeId) ?? prizeId, 'prize');
    item.dataset.prize = prizeId;
    const places = document.createElement('ol');
    for (const draw of draws) {
      const place = line(places, 'li', describeProgramDraw(draw, bySeq));
      place.dataset.testid = 'verify-program-draw';
      place.dataset.seq = String(draw.seq);
      place.dataset.declined = String(draw.declined);
      if (draw.substitutes !== null) place.dataset.substitutes = String(draw.substitutes);
    }
    item.append(places);
  }
  section.hidden = list.childElementCount === 0;
}

function setupTicketCheck(snapshots: Snapshot[], draws: LookupDraw[]): void {
  const input = element<HTMLInputElement>('ticket-input');
  const result = element('ticket-result');
  element<HTMLFormElement>('ticket-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const lookup = lookUpTicket(input.value, snapshots, draws);
    if (lookup === null) return;
    result.dataset.found = String(lookup.versions.length > 0);
    result.dataset.drawn = String(lookup.draws.length > 0);
    result.dataset.versions = lookup.versions.join(',');
    result.textContent = ticketLookupText(lookup);
  });
}

/** The wheel's title (else its slug) as the page's heading and title, with its logo. */
async function showAppearance(): Promise<void> {
  const name = element('wheel-name');
  name.textContent = slug;
  const appearance = (await getJson('/appearance').catch(() => null)) as WheelAppearance | null;
  const title = typeof appearance?.title === 'string' && appearance.title !== '' ? appearance.title : slug;
  name.textContent = title;
  document.title = `Verify the draws — ${title}`;
  const logo = element<HTMLImageElement>('wheel-logo');
  if (typeof appearance?.logoUrl === 'string') {
    logo.alt = `${title} logo`;
    logo.addEventListener(
      'load',
      () => {
        logo.hidden = false;
      },
      { once: true },
    );
    logo.src = appearance.logoUrl;
  }
}

/** Every published draw with its ticket and version: the verifiable ones and the prizes' (rehearsals left out). */
function lookupDraws(verification: PublicVerification, program: ProgramState | null): LookupDraw[] {
  const draws: LookupDraw[] = verification.draws.map((draw) => ({
    seq: draw.seq,
    version: draw.version,
    ticket: draw.ticket,
    voided: draw.voided,
  }));
  for (const draw of program?.draws ?? [])
    if (!draw.rehearsal)
      draws.push({ seq: draw.seq, version: draw.version, ticket: draw.ticket, voided: draw.voided });
  return draws;
}

async function main(): Promise<void> {
  const root = element('status').closest('main') as HTMLElement;
  const status = element('status');
  const [verification] = await Promise.all([
    getJson('/verification') as Promise<PublicVerification>,
    showAppearance(),
  ]);
  renderEpochs(verification);

  const latest = await getJson('/snapshot').catch(() => null);
  const program = (await getJson('/program').catch(() => null)) as ProgramState | null;
  const validProgram = program && Array.isArray(program.draws) ? program : null;
  if (validProgram) renderProgram(validProgram, verifySnapshot(latest) ? latest : null);
  const draws = lookupDraws(verification, validProgram);
  // Every version a published draw came from: a winner removed from later lists is found in theirs.
  const versions = [
    ...new Set([
      ...versionsToVerify(verification),
      ...draws.map((draw) => draw.version),
      ...(verifySnapshot(latest) ? [latest.version] : []),
    ]),
  ].sort((a, b) => a - b);
  const fetched = new Map<number, unknown>(
    await Promise.all(
      versions.map(async (v) => [v, await getJson(`/snapshots/${v}`).catch(() => null)] as const),
    ),
  );
  const verifiedSnapshots = [...fetched.values()].filter((s): s is Snapshot => verifySnapshot(s));
  setupTicketCheck(verifiedSnapshots, draws);

  const verdicts = verifyPublishedDraws(verification, fetched);
  const list = element('draws');
  list.replaceChildren();
  for (const verdict of verdicts) renderDraw(list, verdict);
  root.dataset.result = verificationOutcome(verdicts);
  status.textContent = verificationSummary(verdicts, verification.mode);
  root.dataset.state = 'ready';
}

main().catch((error: unknown) => {
  element('status').textContent =
    `Could not verify: ${error instanceof Error ? error.message : String(error)}`;
  document.querySelector('main')?.setAttribute('data-state', 'error');
});
