// The public /verify/:slug page: recomputes every verifiable draw in the browser with core's
// verifyPublishedDraws (the same code and the same words as `prizewheel verify-draws`), and checks
// a ticket against the published lists. It also shows everything the draw certificate states, for
// standard wheels too (the draw log's modes and counts, not a recomputation): the list's checksum,
// the prizes and their rules, every winner, reserve, decline and void, the epochs and the signing
// key's fingerprint. Titled with the wheel's title (its public appearance). Framework-free;
// everything comes from public endpoints.
import {
  DRAW_MODES,
  drawsNamedNow,
  VERDICT_MARK,
  verificationOutcome,
  verificationSummary,
  verifySnapshot,
  verifyPublishedDraws,
  versionsToVerify,
  type DrawMode,
  type DrawVerdict,
  type Prize,
  type PublicDrawLog,
  type PublicSigningKey,
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

/** A prize's rules in words, as the draws applied them. */
function describeRules(prize: Prize): string {
  const parts = [
    `${prize.quantity} winner${prize.quantity === 1 ? '' : 's'}`,
    `drawn ${prize.batchSize} at a time`,
    `${prize.reserves} reserve${prize.reserves === 1 ? '' : 's'} with each draw`,
    prize.groups === null ? 'open to everyone in the list' : `only for: ${prize.groups.join(', ')}`,
    prize.allowPreviousWinners
      ? 'a person holding another prize may win it too'
      : 'a person holding another prize cannot win it',
  ];
  if (prize.sponsor) parts.push(`sponsored by ${prize.sponsor}`);
  return parts.join('; ');
}

function renderDraws(
  item: HTMLElement,
  draws: readonly PublicProgramDraw[],
  bySeq: Map<number, PublicProgramDraw>,
) {
  const places = document.createElement('ol');
  for (const draw of draws) {
    const place = line(places, 'li', describeProgramDraw(draw, bySeq));
    place.dataset.testid = 'verify-program-draw';
    place.dataset.seq = String(draw.seq);
    place.dataset.declined = String(draw.declined);
    place.dataset.voided = String(draw.voided);
    if (draw.substitutes !== null) place.dataset.substitutes = String(draw.substitutes);
  }
  item.append(places);
}

/**
 * The event's prizes with their rules (the latest version's, in running order; prizes since
 * removed after) and every counted draw of each (rehearsal draws left out): winners, reserves,
 * declines with their reason, who took each place, voids. Then the draws made without a prize.
 * Shown for every wheel with prizes or draws, verifiable or not.
 */
function renderProgram(
  draws: readonly PublicProgramDraw[],
  latest: Snapshot | null,
  withoutPrize: readonly PublicProgramDraw[],
): void {
  const section = element('program-section');
  const list = element('program');
  list.replaceChildren();
  const counted = draws.filter((draw) => !draw.rehearsal && draw.prizeId !== null);
  const prizes = new Map((latest?.prizes ?? []).map((prize) => [prize.id, prize]));
  const prizeIds = [...new Set([...prizes.keys(), ...counted.map((draw) => draw.prizeId as string)])];
  const bySeq = new Map(counted.map((draw) => [draw.seq, draw]));
  for (const prizeId of prizeIds) {
    const prize = prizes.get(prizeId);
    const item = line(list, 'li', prize?.name ?? prizeId, 'prize');
    item.dataset.prize = prizeId;
    line(
      item,
      'span',
      prize ? describeRules(prize) : 'removed from the latest version',
      'rules',
    ).dataset.testid = 'verify-prize-rules';
    const own = counted.filter((draw) => draw.prizeId === prizeId);
    if (own.length > 0) renderDraws(item, own, bySeq);
    else line(item, 'span', 'not drawn yet', 'rules');
  }
  if (withoutPrize.length > 0) {
    const item = line(list, 'li', 'Draws without a prize', 'prize');
    renderDraws(item, withoutPrize, new Map(withoutPrize.map((draw) => [draw.seq, draw])));
  }
  section.hidden = list.childElementCount === 0;
}

function fact(list: HTMLElement, term: string, value: string | HTMLElement): HTMLElement {
  line(list, 'dt', term);
  const definition = document.createElement('dd');
  definition.append(value);
  list.append(definition);
  return definition;
}

function code(text: string): HTMLElement {
  const node = document.createElement('code');
  node.textContent = text;
  return node;
}

const localDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** The latest version's facts as the certificate states them, and every other verified version's checksum. */
function renderList(latest: Snapshot | null, verified: readonly Snapshot[]): void {
  const facts = element('list-facts');
  facts.replaceChildren();
  if (!latest) {
    fact(facts, 'Version', 'nothing published yet');
    return;
  }
  facts.dataset.checksum = latest.checksum;
  fact(facts, 'Version', String(latest.version));
  fact(facts, 'Published', `${latest.publishedAt} (UTC) — ${localDate.format(new Date(latest.publishedAt))}`);
  fact(facts, 'Entries', String(latest.entries.length));
  fact(facts, 'Total weight', String(latest.entries.reduce((sum, entry) => sum + entry.weight, 0)));
  const checksum = fact(facts, 'Checksum', code(latest.checksum));
  checksum.append(' ✓ matches the list received (checked in this browser)');
  fact(
    facts,
    'Winners',
    latest.settings.removeWinners
      ? 'each winner is removed from the next version'
      : 'winners stay in the list (prizes apply their own rules)',
  );
  for (const snapshot of verified) {
    if (snapshot.version === latest.version) continue;
    fact(facts, `Version ${snapshot.version}`, code(snapshot.checksum)).append(' ✓');
  }
}

const MODE_WORDS: Record<DrawMode, string> = {
  random: 'drawn at random by the server (node:crypto) when the spin was asked for',
  predrawn: 'pre-drawn: a ticket the organizer planned in advance',
  offline: 'drawn by a screen while the server was unreachable, from a single-use seed the server had issued',
  fallback: 'recorded by a screen (servers before offline vouchers)',
};

/** How many draws the log holds and how each was decided, in plain words (no draw told apart). */
function renderDrawLog(log: PublicDrawLog | undefined, mode: PublicVerification['mode']): void {
  const summary = element('draw-log-summary');
  const modes = element('draw-log-modes');
  modes.replaceChildren();
  if (!log) {
    summary.textContent = 'This server does not publish its draw log in counts.';
    return;
  }
  const counted = log.total - log.rehearsal;
  const predrawn = log.byMode.predrawn;
  summary.dataset.predrawn = String(predrawn);
  summary.dataset.counted = String(counted);
  const sentences = [
    `${counted} draw${counted === 1 ? '' : 's'} recorded` +
      (log.rehearsal > 0
        ? ` (and ${log.rehearsal} rehearsal draw${log.rehearsal === 1 ? '' : 's'}, which count for nothing)`
        : '') +
      `: ${log.voided} voided, ${log.declined} declined by the winner.`,
    predrawn === 0
      ? 'None was pre-drawn.'
      : `${predrawn} of them ${predrawn === 1 ? 'was' : 'were'} pre-drawn: the organizer chose ${predrawn === 1 ? 'that winner' : 'those winners'} in advance, and discloses it here.`,
    mode === 'standard'
      ? 'This wheel is in standard mode: these counts come from the draw log; nothing here is recomputed.'
      : 'This wheel is in verifiable mode: each draw made from a committed seed is recomputed below.',
  ];
  summary.textContent = sentences.join(' ');
  for (const drawMode of DRAW_MODES) {
    if (log.byMode[drawMode] === 0) continue;
    const item = line(modes, 'li', `${log.byMode[drawMode]} ${MODE_WORDS[drawMode]}`);
    item.dataset.mode = drawMode;
    item.dataset.count = String(log.byMode[drawMode]);
  }
}

/**
 * The certificate's own facts that no other public endpoint states (its id, when it was issued,
 * the software and the audit chain's head), from GET …/certificate when the server has one.
 */
async function renderCertificateFacts(): Promise<void> {
  const target = element('certificate-facts');
  const response = await fetch(`${apiBase}/certificate`, { headers: { accept: 'application/json' } }).catch(
    () => null,
  );
  const body = response?.ok
    ? ((await response.json().catch(() => null)) as { certificate?: unknown } | null)
    : null;
  const certificate = body?.certificate as
    | {
        id?: unknown;
        issuedAt?: unknown;
        software?: { version?: unknown; commit?: unknown };
        auditHead?: { id?: unknown; hash?: unknown } | null;
        snapshot?: { privateChecksum?: unknown };
      }
    | undefined;
  target.replaceChildren();
  target.hidden = !certificate;
  if (!certificate) return;
  const text = (value: unknown) =>
    typeof value === 'string' || typeof value === 'number' ? String(value) : '—';
  fact(target, 'Certificate', code(text(certificate.id)));
  fact(target, 'Issued', text(certificate.issuedAt));
  fact(target, 'Software', `${text(certificate.software?.version)} (${text(certificate.software?.commit)})`);
  const head = certificate.auditHead;
  fact(
    target,
    'Audit chain head',
    head ? code(`event ${text(head.id)}, hash ${text(head.hash)}`) : 'no audit event yet',
  );
  // Stated when the public sees another form of the names than the organizer's full list.
  if (typeof certificate.snapshot?.privateChecksum === 'string')
    fact(target, 'Full-name checksum', code(certificate.snapshot.privateChecksum));
}

/** The server's signing key (GET /api/signing-key) by its fingerprint, and the certificate's links. */
async function renderSignature(): Promise<void> {
  const target = element('signing-key');
  // The certificate is fetched beside the key, not after it.
  const certificateFacts = renderCertificateFacts();
  const response = await fetch('/api/signing-key', { headers: { accept: 'application/json' } }).catch(
    () => null,
  );
  const key = response?.ok ? ((await response.json()) as Partial<PublicSigningKey>) : null;
  if (key?.fingerprint) {
    target.dataset.fingerprint = key.fingerprint;
    const fingerprint = code(key.fingerprint);
    fingerprint.dataset.testid = 'signing-key-fingerprint';
    target.replaceChildren(
      `Certificates are signed with this server's ${key.algorithm ?? 'Ed25519'} key, fingerprint `,
      fingerprint,
    );
    element('signing-key-pem').textContent = key.publicKey ?? '';
  } else {
    target.textContent = 'This server publishes no signing key.';
  }
  await certificateFacts;
  const links = element('certificate-links');
  links.replaceChildren('The certificate: ');
  for (const [href, text] of [
    [`${apiBase}/certificate`, 'signed JSON'],
    [`${apiBase}/certificate.pdf`, 'PDF'],
    [`/results/${encodeURIComponent(slug)}`, 'the results page'],
  ] as const) {
    const anchor = document.createElement('a');
    anchor.href = href;
    anchor.textContent = text;
    if (links.childElementCount > 0) links.append(' · ');
    links.append(anchor);
  }
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
function lookupDraws(
  verification: PublicVerification,
  programDraws: readonly PublicProgramDraw[],
): LookupDraw[] {
  const draws: LookupDraw[] = verification.draws.map((draw) => ({
    seq: draw.seq,
    version: draw.version,
    ticket: draw.ticket,
    voided: draw.voided,
  }));
  for (const draw of programDraws)
    if (!draw.rehearsal)
      draws.push({ seq: draw.seq, version: draw.version, ticket: draw.ticket, voided: draw.voided });
  return draws;
}

async function main(): Promise<void> {
  const root = element('status').closest('main') as HTMLElement;
  const status = element('status');
  const [verification, latest] = await Promise.all([
    getJson('/verification') as Promise<PublicVerification>,
    getJson('/snapshot').catch(() => null),
    showAppearance(),
  ]);
  renderEpochs(verification);

  const latestVerified = verifySnapshot(latest) ? latest : null;
  // The prize draws come with the verification (its `program`), always in their public form.
  const programDraws = verification.program ?? [];
  // A draw keeps the name its list published; a stricter policy since then hides more of it.
  renderProgram(
    drawsNamedNow(programDraws, latestVerified?.settings),
    latestVerified,
    drawsNamedNow(verification.drawLog?.withoutPrize ?? [], latestVerified?.settings),
  );
  renderDrawLog(verification.drawLog, verification.mode);
  const signature = renderSignature();
  const draws = lookupDraws(verification, programDraws);
  // Every version a published draw came from: a winner removed from later lists is found in theirs.
  const versions = [
    ...new Set([
      ...versionsToVerify(verification),
      ...draws.map((draw) => draw.version),
      ...(latestVerified ? [latestVerified.version] : []),
    ]),
  ].sort((a, b) => a - b);
  // The latest version is already here (GET …/snapshot); only the others are fetched.
  const readVersion = async (v: number): Promise<unknown> =>
    v === latestVerified?.version ? latestVerified : getJson(`/snapshots/${v}`).catch(() => null);
  const fetched = new Map<number, unknown>(
    await Promise.all(versions.map(async (v) => [v, await readVersion(v)] as const)),
  );
  const verifiedSnapshots = [...fetched.values()].filter((s): s is Snapshot => verifySnapshot(s));
  setupTicketCheck(verifiedSnapshots, draws);
  renderList(latestVerified, verifiedSnapshots);
  await signature;

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
