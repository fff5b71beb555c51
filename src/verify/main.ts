// The public /verify/:slug page: recomputes every verifiable draw in the browser with core's
// verifyPublishedDraws (the same code as `prizewheel verify-draws`), and checks a ticket against
// the published lists. Framework-free; everything comes from public endpoints.
import {
  normalizeTicketKey,
  verifySnapshot,
  verifyPublishedDraws,
  type PublicVerification,
  type Snapshot,
} from '../core/index.ts';

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
    const item = line(list, 'li', `Epoch ${epoch.epoch}: commitment `);
    line(item, 'code', epoch.commitment);
    item.append(epoch.seed ? ' — seed ' : ' — seed not revealed yet');
    if (epoch.seed) line(item, 'code', epoch.seed);
  }
}

function setupTicketCheck(snapshots: Snapshot[]): void {
  const input = element<HTMLInputElement>('ticket-input');
  const result = element('ticket-result');
  element<HTMLFormElement>('ticket-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const key = normalizeTicketKey(input.value);
    if (!key) return;
    const found = snapshots.filter((snapshot) =>
      snapshot.entries.some((entry) => normalizeTicketKey(entry.ticket) === key),
    );
    result.dataset.found = String(found.length > 0);
    result.textContent =
      found.length > 0
        ? `Ticket ${input.value.trim()} is in the list: version(s) ${found.map((s) => s.version).join(', ')} (checksums verified).`
        : `Ticket ${input.value.trim()} is not in any verified list of this wheel.`;
  });
}

async function main(): Promise<void> {
  const root = element('status').closest('main') as HTMLElement;
  element('wheel-name').textContent = slug;
  const status = element('status');
  const verification = (await getJson('/verification')) as PublicVerification;
  renderEpochs(verification);

  const versions = [...new Set(verification.draws.map((draw) => draw.version))];
  const latest = await getJson('/snapshot').catch(() => null);
  if (verifySnapshot(latest) && !versions.includes(latest.version)) versions.push(latest.version);
  const fetched = new Map<number, unknown>(
    await Promise.all(
      versions.map(async (v) => [v, await getJson(`/snapshots/${v}`).catch(() => null)] as const),
    ),
  );
  const verifiedSnapshots = [...fetched.values()].filter((s): s is Snapshot => verifySnapshot(s));
  setupTicketCheck(verifiedSnapshots);

  const verdicts = verifyPublishedDraws(verification, fetched);
  const list = element('draws');
  list.replaceChildren();
  for (const verdict of verdicts) {
    const item = document.createElement('li');
    item.dataset.testid = 'verify-result';
    item.dataset.ok = String(verdict.ok);
    item.dataset.seq = String(verdict.seq);
    line(item, 'span', verdict.ok ? '✓' : '✗', 'mark');
    item.append(
      `Draw ${verdict.seq}: ticket ${verdict.ticket} (version ${verdict.version}, epoch ${verdict.epoch})`,
    );
    if (verdict.problem) line(item, 'span', verdict.problem, 'problem');
    list.append(item);
  }
  const failed = verdicts.filter((verdict) => !verdict.ok).length;
  status.textContent =
    verdicts.length === 0
      ? `No verifiable draws yet (mode: ${verification.mode}).`
      : failed === 0
        ? `All ${verdicts.length} draw(s) verified.`
        : `${failed} of ${verdicts.length} draw(s) could not be verified.`;
  root.dataset.state = 'ready';
}

main().catch((error: unknown) => {
  element('status').textContent =
    `Could not verify: ${error instanceof Error ? error.message : String(error)}`;
  document.querySelector('main')?.setAttribute('data-state', 'error');
});
