// The participant rules applied to an edited draft (the admin UI's entry edits) and to a draft
// before it is published: core's rules, the same ones the importer applies to a spreadsheet's rows.
import {
  checkGroup,
  checkLabel,
  checkName,
  checkPerson,
  checkTicket,
  createWeightTotal,
  isValidWeight,
  normalizeTicket,
  type DraftEntry,
  type EntryError,
  type FieldProblem,
} from '../../core/index.ts';

/** A broken rule as answered (core's EntryError), and where a duplicate ticket first appears. */
export interface EntryProblem extends EntryError {
  /** For duplicate_ticket: the index of the first occurrence. */
  firstIndex?: number;
}

function entryError(index: number, { column, code, problem }: FieldProblem): EntryError {
  return { index, column, code, message: `Entry ${index + 1}: ${problem}` };
}

/** Every rule each entry breaks; an empty list means the entries can be published. */
export function validateEntries(entries: readonly DraftEntry[]): EntryProblem[] {
  const errors: EntryProblem[] = [];
  const firstIndexByKey = new Map<string, number>();
  const weightTotal = createWeightTotal();
  entries.forEach((entry, index) => {
    const at = `Entry ${index + 1}`;
    const errorsBefore = errors.length;
    const ticket = typeof entry.ticket === 'string' ? entry.ticket.trim() : '';
    const name = typeof entry.name === 'string' ? entry.name.trim() : '';
    const ticketProblem = checkTicket(ticket);
    if (ticketProblem) errors.push(entryError(index, ticketProblem));
    if (ticket !== '') {
      const key = normalizeTicket(ticket);
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
    const nameProblem = checkName(name);
    if (nameProblem) errors.push(entryError(index, nameProblem));
    for (const [value, check] of [
      [entry.person, checkPerson],
      [entry.group, checkGroup],
      [entry.label, checkLabel],
    ] as const) {
      const problem = typeof value === 'string' ? check(value.trim()) : null;
      if (problem) errors.push(entryError(index, problem));
    }
    if (!isValidWeight(entry.weight)) {
      errors.push({
        index,
        column: 'weight',
        code: 'invalid_weight',
        message: `${at}: weight must be a number greater than 0`,
      });
      return;
    }
    const totalProblem = weightTotal.check(entry.weight);
    if (totalProblem) errors.push(entryError(index, totalProblem));
    // As in the importer: only an entry without errors counts towards the total.
    if (errors.length === errorsBefore) weightTotal.add(entry.weight);
  });
  return errors;
}
