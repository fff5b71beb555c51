// Exports that people open in spreadsheet programs: one rule against formula injection, and the
// participant list as a table and as CSV, shared by the server's downloads and the admin page.
import type { DraftEntry } from './types.ts';

// NOTE: a cell starting with one of these runs as a formula when the file is opened (CSV/formula
// injection); a leading apostrophe shows it as text. Tab and carriage return as OWASP recommends.
const FORMULA_TRIGGER = /^[=+\-@\t\r]/;

/** Prefixes a formula trigger with an apostrophe; other text is returned as it is. */
export function neutralizeFormula(text: string): string {
  return FORMULA_TRIGGER.test(text) ? `'${text}` : text;
}

/** Quotes a CSV cell when RFC 4180 syntax needs it (a comma, a quote or a line break). */
export function quoteCsvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Neutralizes a formula trigger and quotes the cell when CSV syntax needs it. */
export function toCsvCell(text: string): string {
  return quoteCsvCell(neutralizeFormula(text));
}

/** CSV lines with a UTF-8 BOM (spreadsheet programs then read accents right) and CRLF line ends. */
export function joinCsvLines(lines: readonly string[]): string {
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** A CSV of text cells, every one of them (the header too) neutralized and quoted as needed. */
export function buildCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return joinCsvLines([header, ...rows].map((cells) => cells.map(toCsvCell).join(',')));
}

/** The other columns of all entries, in first-seen order. */
export function collectExtraColumns(entries: readonly DraftEntry[]): string[] {
  const columns = new Set<string>();
  for (const entry of entries) if (entry.extra) for (const key of Object.keys(entry.extra)) columns.add(key);
  return [...columns];
}

/** A participant list as text cells: ticket, name, weight, then the other columns (not yet neutralized). */
export function toEntryTable(entries: readonly DraftEntry[]): { header: string[]; rows: string[][] } {
  const extras = collectExtraColumns(entries);
  return {
    header: ['ticket', 'name', 'weight', ...extras],
    rows: entries.map((entry) => [
      entry.ticket,
      entry.name,
      String(entry.weight),
      ...extras.map((column) => entry.extra?.[column] ?? ''),
    ]),
  };
}

/** A participant list as CSV: ticket, name, weight, then the other columns. */
export function buildEntriesCsv(entries: readonly DraftEntry[]): string {
  const { header, rows } = toEntryTable(entries);
  return buildCsv(header, rows);
}
