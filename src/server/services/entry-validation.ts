// The participant rules applied to an edited draft (the admin UI's entry edits) and to a draft
// before it is published: the same rules the importer applies to a spreadsheet's rows.
import { normalizeTicketKey, type DraftEntry, type EntryError } from '../../core/index.ts';

export const TICKET_MAX_CHARACTERS = 100;
export const NAME_MAX_CHARACTERS = 1_000;

/** A broken rule as answered (core's EntryError), and where a duplicate ticket first appears. */
export interface EntryProblem extends EntryError {
  /** For duplicate_ticket: the index of the first occurrence. */
  firstIndex?: number;
}

/** Every rule each entry breaks; an empty list means the entries can be published. */
export function validateEntries(entries: readonly DraftEntry[]): EntryProblem[] {
  const errors: EntryProblem[] = [];
  const firstIndexByKey = new Map<string, number>();
  entries.forEach((entry, index) => {
    const at = `Entry ${index + 1}`;
    const ticket = typeof entry.ticket === 'string' ? entry.ticket.trim() : '';
    const name = typeof entry.name === 'string' ? entry.name.trim() : '';
    if (ticket === '') {
      errors.push({ index, column: 'ticket', code: 'missing_ticket', message: `${at}: ticket is empty` });
    } else if (ticket.length > TICKET_MAX_CHARACTERS) {
      errors.push({
        index,
        column: 'ticket',
        code: 'value_too_long',
        message: `${at}: ticket is longer than ${TICKET_MAX_CHARACTERS} characters`,
      });
    } else {
      const key = normalizeTicketKey(ticket);
      const firstIndex = firstIndexByKey.get(key);
      if (firstIndex === undefined) firstIndexByKey.set(key, index);
      else {
        errors.push({
          index,
          column: 'ticket',
          code: 'duplicate_ticket',
          firstIndex,
          message: `${at}: ticket ${ticket} already appears in entry ${firstIndex + 1}`,
        });
      }
    }
    if (name === '') {
      errors.push({ index, column: 'name', code: 'missing_name', message: `${at}: name is empty` });
    } else if (name.length > NAME_MAX_CHARACTERS) {
      errors.push({
        index,
        column: 'name',
        code: 'value_too_long',
        message: `${at}: name is longer than ${NAME_MAX_CHARACTERS} characters`,
      });
    }
    if (!(typeof entry.weight === 'number' && Number.isFinite(entry.weight) && entry.weight > 0)) {
      errors.push({
        index,
        column: 'weight',
        code: 'invalid_weight',
        message: `${at}: weight must be a number greater than 0`,
      });
    }
  });
  return errors;
}
