// The verifiable commitment on the wheel page, so the room sees it before any draw: the open
// epoch's commitment (short form on screen, full hex in data-commitment), hidden when the wheel
// has none. Asked at start and on each stream reconnect; a `verification` event (the mode switched,
// a seed revealed) or a spin carrying a commitment updates it at once.
import type { Clock, FetchFunction } from '../net/clock.ts';
import { requestJson } from '../net/request.ts';

const COMMITMENT_PATTERN = /^[0-9a-f]{64}$/;
const SHORT_FORM_HEX_DIGITS = 8;

export interface CommitmentSync {
  /** Asks the server again (start, reconnect); never rejects. */
  refresh(): Promise<void>;
  /** A `verification` event's or a spin plan's body (untrusted). */
  receive(body: unknown): void;
}

/** The open epoch's commitment in GET /api/wheels/:slug/verification, or null. */
function openCommitmentOf(body: unknown): string | null {
  const view = body as { mode?: unknown; epochs?: unknown } | null;
  if (view?.mode !== 'verifiable' || !Array.isArray(view.epochs)) return null;
  const last = view.epochs.at(-1) as
    { commitment?: unknown; revealedAt?: unknown; closedAt?: unknown } | undefined;
  if (!last || last.revealedAt !== null || (last.closedAt ?? null) !== null) return null;
  return typeof last.commitment === 'string' ? last.commitment : null;
}

export function startCommitmentSync(options: {
  slug: string;
  fetch: FetchFunction;
  clock: Clock;
  element: HTMLElement;
}): CommitmentSync {
  const { element } = options;
  const show = (commitment: string | null): void => {
    const valid = commitment !== null && COMMITMENT_PATTERN.test(commitment) ? commitment : null;
    element.hidden = valid === null;
    element.dataset.commitment = valid ?? '';
    element.textContent =
      valid === null
        ? ''
        : `Commitment ${valid.slice(0, SHORT_FORM_HEX_DIGITS)}…${valid.slice(-SHORT_FORM_HEX_DIGITS)}`;
  };
  // NOTE: a later answer wins over an earlier one still in flight (an event may overtake a refresh).
  let generation = 0;
  const refresh = async (): Promise<void> => {
    const mine = ++generation;
    const response = await requestJson(
      options.fetch,
      options.clock,
      `/api/wheels/${encodeURIComponent(options.slug)}/verification`,
      { headers: { accept: 'application/json' }, cache: 'no-store' },
    );
    if (response.ok && mine === generation) show(openCommitmentOf(response.body));
  };
  show(null);
  void refresh();
  return {
    refresh,
    receive(body) {
      const commitment = (body as { commitment?: unknown } | null)?.commitment;
      if (commitment !== undefined && (commitment === null || typeof commitment === 'string')) {
        generation += 1;
        show(commitment);
      }
    },
  };
}
