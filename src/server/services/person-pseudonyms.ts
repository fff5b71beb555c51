// The public form of a list's person column: a keyed hash per wheel, the same for every ticket of
// one person, so screens and /verify can apply the event's rules while nobody reads an email or a
// phone number off the public API (contract: "Event program"). The key (wheels.person_key) is
// made on first need inside the publish transaction (kysely-snapshot-store.ts) and never leaves the server.
import { createHmac } from 'node:crypto';
import {
  DEFAULT_PUBLIC_NAMES,
  normalizePersonValue,
  normalizeTicketKey,
  publicNameOf,
  type DraftEntry,
  type Entry,
  type PublicNamesPolicy,
} from '../../core/index.ts';

/** Hex characters of the HMAC kept: 128 bits, far from any collision among a list's persons. */
export const PERSON_PSEUDONYM_HEX_CHARACTERS = 32;
/** hex(HMAC-SHA256(key, normalizePersonValue(raw))), first 32 characters. */
export function personPseudonym(personKey: string, raw: string): string {
  return createHmac('sha256', Buffer.from(personKey, 'hex'))
    .update(normalizePersonValue(raw), 'utf8')
    .digest('hex')
    .slice(0, PERSON_PSEUDONYM_HEX_CHARACTERS);
}

/**
 * The entries as published: only the contract's fields, so `extra` and `label` columns never reach
 * a display; `name` in its public form (settings.publicNames, core/public-names.ts); `group` when
 * the entry has one, `person` only as its pseudonym. An entry without either keeps the old shape
 * `{ticket, name, weight}` exactly, so old lists publish the same checksums as before.
 */
export function toPublicEntries(
  entries: readonly DraftEntry[],
  personKey: string | null,
  publicNames: PublicNamesPolicy = DEFAULT_PUBLIC_NAMES,
): Entry[] {
  const pseudonyms = new Map<string, string>();
  return entries.map(({ ticket, name, weight, person, group, label }) => {
    const entry: Entry = { ticket, name: publicNameOf({ ticket, name, label }, publicNames), weight };
    const trimmedGroup = group?.trim();
    if (trimmedGroup) entry.group = trimmedGroup;
    const trimmedPerson = person?.trim();
    if (trimmedPerson) {
      if (personKey === null) throw new Error('a list with persons is published with the wheel’s person key');
      let pseudonym = pseudonyms.get(trimmedPerson);
      if (pseudonym === undefined) {
        pseudonym = personPseudonym(personKey, trimmedPerson);
        pseudonyms.set(trimmedPerson, pseudonym);
      }
      entry.person = pseudonym;
    }
    return entry;
  });
}

/**
 * A published version's entries made draft entries again (restore), with their full names when the
 * version was published with public ones (`fullNames`): a snapshot holds only
 * pseudonyms, so each is turned back into the raw person the current draft has for it (found by
 * hashing the draft's persons under the same key). A pseudonym the draft no longer knows is left
 * out — publishing it as a raw value would hash it a second time into another person.
 */
export function restoreDraftPersons(
  published: readonly Entry[],
  draft: readonly DraftEntry[],
  personKey: string | null,
  /** The version's full names when it was published with public names (they replace `name`). */
  fullNames: readonly string[] | null = null,
): DraftEntry[] {
  const rawByPseudonym = new Map<string, string>();
  if (personKey !== null) {
    for (const { person } of draft) {
      const raw = person?.trim();
      if (raw) rawByPseudonym.set(personPseudonym(personKey, raw), raw);
    }
  }
  // A snapshot holds no label column: a ticket the current draft still has keeps its label.
  const labelByTicket = new Map<string, string>();
  for (const { ticket, label } of draft) if (label) labelByTicket.set(normalizeTicketKey(ticket), label);
  return published.map(({ person, ...publicEntry }, index) => {
    const entry: DraftEntry =
      fullNames === null ? { ...publicEntry } : { ...publicEntry, name: fullNames[index]! };
    const label = labelByTicket.get(normalizeTicketKey(entry.ticket));
    if (label !== undefined) entry.label = label;
    const raw = person === undefined ? undefined : rawByPseudonym.get(person);
    return raw === undefined ? entry : { ...entry, person: raw };
  });
}
