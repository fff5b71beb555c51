// The add/edit form checks its ticket as it is typed: the server would refuse a duplicate on save,
// far from where it was typed. Tickets compare as the contract says (normalizeTicket).
import { normalizeTicket, type DraftEntry } from '../../core/index.ts';

/**
 * The 0-based position of the row (other than `exceptKey`, the row being edited) whose ticket
 * equals `ticket`, or null. An empty ticket matches nothing.
 */
export function findTicketRow(
  rows: ReadonlyArray<{ key: number; entry: Pick<DraftEntry, 'ticket'> }>,
  ticket: string,
  exceptKey: number | null,
): number | null {
  const wanted = normalizeTicket(ticket);
  if (wanted === '') return null;
  const index = rows.findIndex(
    (row) => row.key !== exceptKey && normalizeTicket(row.entry.ticket) === wanted,
  );
  return index < 0 ? null : index;
}
