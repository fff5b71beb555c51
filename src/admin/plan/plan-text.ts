// The pre-drawn plan as text: one ticket per line, in draw order.

/** Trimmed, non-blank lines. Order is kept; duplicates are reported, not removed. */
export function parsePlanText(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

export function formatPlanText(tickets: readonly string[]): string {
  return tickets.join('\n');
}

/** Tickets that appear more than once (NFKC, trimmed, case-folded, like the importer compares). */
export function findDuplicateTickets(tickets: readonly string[]): string[] {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const ticket of tickets) {
    const key = normalizeTicket(ticket);
    if (seen.has(key)) duplicates.add(ticket);
    seen.add(key);
  }
  return [...duplicates];
}

export function normalizeTicket(ticket: string): string {
  return ticket.normalize('NFKC').trim().toLowerCase();
}

/** Tickets of the plan that `knownTickets` does not hold (compared like the importer does). */
export function findUnknownTickets(tickets: readonly string[], knownTickets: readonly string[]): string[] {
  const known = new Set(knownTickets.map(normalizeTicket));
  return tickets.filter((ticket) => !known.has(normalizeTicket(ticket)));
}

/**
 * Per-prize plans as sent (PUT plan `prizes`): every prize's text parsed, an emptied one sent as
 * `[]` so the server clears it.
 */
export function parsePrizePlanTexts(texts: Readonly<Record<string, string>>): Record<string, string[]> {
  const plans: Record<string, string[]> = {};
  for (const [prizeId, text] of Object.entries(texts)) plans[prizeId] = parsePlanText(text);
  return plans;
}
