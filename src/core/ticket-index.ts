// The normalized tickets of a list and the row each first appeared in, for duplicate checks.
//
// NOTE: written by hand because a Map<string, number> costs ~80 bytes per ticket (a string object,
// a table entry and its bucket), which made a 1,000,000-row import grow by ~80 MB as it read.
// Here the tickets' bytes sit end to end in one buffer, with a row, a hash and an offset per
// ticket in typed arrays and an open-addressing table of slots: ~30 bytes per ticket. No library we
// know of keeps a string set in flat buffers like this.

const INITIAL_TICKETS = 1_024;
const INITIAL_BYTES = 16 * 1_024;
/** A ticket's bytes: one per ASCII code unit, three for any other (see write). */
const MAX_BYTES_PER_UNIT = 3;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function grown<T extends Uint8Array | Uint32Array>(array: T, minLength: number): T {
  let length = array.length;
  while (length < minLength) length *= 2;
  if (length === array.length) return array;
  const next = new (array.constructor as new (length: number) => T)(length);
  next.set(array);
  return next;
}

export class TicketIndex {
  /** The tickets' bytes, end to end. */
  private bytes = new Uint8Array(INITIAL_BYTES);
  private bytesUsed = 0;
  /** Ticket i's bytes are bytes[starts[i] .. starts[i + 1]). */
  private starts = new Uint32Array(INITIAL_TICKETS + 1);
  private rows = new Uint32Array(INITIAL_TICKETS);
  private hashes = new Uint32Array(INITIAL_TICKETS);
  /** Open addressing, linear probing, at most half full: ticket index + 1, or 0 for an empty slot. */
  private slots = new Uint32Array(INITIAL_TICKETS * 2);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /**
   * The row `ticket` was first seen in; when it is new, it is added with `row` and the answer is
   * undefined. `ticket` is compared as given: normalize it first (normalizeTicket).
   */
  firstRowOrAdd(ticket: string, row: number): number | undefined {
    this.bytes = grown(this.bytes, this.bytesUsed + ticket.length * MAX_BYTES_PER_UNIT);
    const start = this.bytesUsed;
    const end = this.write(ticket, start);
    let hash = FNV_OFFSET;
    for (let at = start; at < end; at++) hash = Math.imul(hash ^ (this.bytes[at] as number), FNV_PRIME);
    hash >>>= 0;

    const mask = this.slots.length - 1;
    let slot = hash & mask;
    for (let taken = this.slots[slot] as number; taken !== 0; taken = this.slots[slot] as number) {
      const other = taken - 1;
      if (this.hashes[other] === hash && this.sameBytes(other, start, end)) return this.rows[other];
      slot = (slot + 1) & mask;
    }

    const index = this.count;
    // NOTE: a typed array ignores writes past its end, so every array is checked on its own.
    this.starts = grown(this.starts, index + 2);
    this.rows = grown(this.rows, index + 1);
    this.hashes = grown(this.hashes, index + 1);
    this.starts[index] = start;
    this.starts[index + 1] = end;
    this.rows[index] = row;
    this.hashes[index] = hash;
    this.bytesUsed = end;
    this.count = index + 1;
    this.slots[slot] = index + 1;
    if (this.count * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    return undefined;
  }

  /**
   * Writes the ticket's UTF-16 code units at `at`, returns the end: an ASCII unit as itself, any other
   * as three bytes led by 0x80-0x8F. No byte string is the start of another (decodable from the left),
   * so equal bytes mean equal tickets. NOTE: not UTF-8 (core has no TextEncoder); only compared.
   */
  private write(ticket: string, at: number): number {
    const bytes = this.bytes;
    for (let unit = 0; unit < ticket.length; unit++) {
      const code = ticket.charCodeAt(unit);
      if (code < 0x80) {
        bytes[at++] = code;
      } else {
        bytes[at++] = 0x80 | (code >> 12);
        bytes[at++] = (code >> 6) & 0x3f;
        bytes[at++] = code & 0x3f;
      }
    }
    return at;
  }

  private sameBytes(index: number, start: number, end: number): boolean {
    const otherStart = this.starts[index] as number;
    if ((this.starts[index + 1] as number) - otherStart !== end - start) return false;
    for (let offset = 0; offset < end - start; offset++) {
      if (this.bytes[otherStart + offset] !== this.bytes[start + offset]) return false;
    }
    return true;
  }

  private rehash(slotCount: number): void {
    const slots = new Uint32Array(slotCount);
    const mask = slotCount - 1;
    for (let index = 0; index < this.count; index++) {
      let slot = (this.hashes[index] as number) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = index + 1;
    }
    this.slots = slots;
  }
}
