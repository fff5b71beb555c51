// Client-side CSV export: the draft and a published version (the draw log comes from the server).
import type { DraftEntry } from '../../core/index.ts';

// NOTE: a cell that starts with one of these is run as a formula by spreadsheet programs
// (CSV injection); a leading apostrophe makes them show it as text. Tab and carriage return
// are included as OWASP recommends.
const FORMULA_TRIGGERS = ['=', '+', '-', '@', '\t', '\r'];

/** Neutralizes a formula trigger and quotes the cell when CSV syntax needs it. */
export function toCsvCell(value: string): string {
  const safe = FORMULA_TRIGGERS.some((trigger) => value.startsWith(trigger)) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The other columns of all entries, in first-seen order. */
export function collectExtraColumns(entries: readonly DraftEntry[]): string[] {
  const columns = new Set<string>();
  for (const entry of entries) {
    if (entry.extra) for (const key of Object.keys(entry.extra)) columns.add(key);
  }
  return [...columns];
}

/** A UTF-8 CSV with BOM (so Excel reads accents right) and CRLF line ends. */
export function buildCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const lines = [header, ...rows].map((cells) => cells.map(toCsvCell).join(','));
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

/** ticket, name, weight, then the other columns. */
export function buildEntriesCsv(entries: readonly DraftEntry[]): string {
  const extraColumns = collectExtraColumns(entries);
  return buildCsv(
    ['ticket', 'name', 'weight', ...extraColumns],
    entries.map((entry) => [
      entry.ticket,
      entry.name,
      String(entry.weight),
      ...extraColumns.map((column) => entry.extra?.[column] ?? ''),
    ]),
  );
}

/** Starts a browser download of `text` as `fileName`. */
export function downloadText(fileName: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: some browsers read the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
