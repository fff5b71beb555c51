// Accepted rows as draft entries in JSON chunks: how a streaming read hands its entries over, so
// neither thread ever holds the whole list as objects and the draft store writes it piece by piece.
import type { AcceptedRow, DraftEntry } from '../../core/index.ts';

/** An accepted row as a draft entry: its contract fields, raw person and group, and extra columns. */
export function draftEntryOf({ ticket, name, weight, person, group, label, extra }: AcceptedRow): DraftEntry {
  const entry: DraftEntry = { ticket, name, weight };
  if (person !== undefined) entry.person = person;
  if (group !== undefined) entry.group = group;
  if (label !== undefined) entry.label = label;
  if (extra) entry.extra = extra;
  return entry;
}

/** Entries per chunk: ~100 KB of JSON, small enough that copying or storing one never holds up the server. */
export const ENTRY_CHUNK_SIZE = 2_000;

export interface EntryChunk {
  /** A JSON array of DraftEntry. */
  json: string;
  count: number;
}

export interface EntryChunker {
  push(row: AcceptedRow): void;
  /** Hands over the rows pushed since the last chunk (call once at the end). */
  flush(): void;
}

export function createEntryChunker(
  emit: (chunk: EntryChunk) => void,
  chunkSize = ENTRY_CHUNK_SIZE,
): EntryChunker {
  let parts: string[] = [];
  const flush = (): void => {
    if (parts.length === 0) return;
    const chunk = { json: `[${parts.join(',')}]`, count: parts.length };
    parts = [];
    emit(chunk);
  };
  return {
    push(row) {
      parts.push(JSON.stringify(draftEntryOf(row)));
      if (parts.length >= chunkSize) flush();
    },
    flush,
  };
}
