// What the public sees of a participant's name (settings.publicNames, contract: "Evidence and
// privacy"): one rule for the server's publish, the pages and the CLI. The published snapshot
// holds only this form; the full names stay on the server (see docs/ARCHITECTURE.md, "Privacy").

/** `full`: the name as listed; `masked`: maskName; `ticket`: the ticket, no name; `label`: the list's label column. */
export const PUBLIC_NAMES_POLICIES = ['full', 'masked', 'ticket', 'label'] as const;
export type PublicNamesPolicy = (typeof PUBLIC_NAMES_POLICIES)[number];

/** Absent from a wheel's settings (every snapshot before the setting): `full`, as before. */
export const DEFAULT_PUBLIC_NAMES: PublicNamesPolicy = 'full';

const MASK = '*';
const EMAIL = /^[^\s@]+@[^\s@]+$/u;
/** A phone number: digits with the usual separators, at least 6 digits. */
const PHONE = /^\+?[\d\s().\-/]+$/u;
const PHONE_MIN_DIGITS = 6;
/** Scripts written without spaces between given name and family name. */
const UNSPACED_SCRIPT = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}・·]+$/u;

const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
function graphemes(text: string): string[] {
  return Array.from(graphemeSegmenter.segment(text), (segment) => segment.segment);
}

/** Keeps the first `head` and last `tail` graphemes, a star for each one between (at least one). */
function starMiddle(text: string, head: number, tail: number): string {
  const parts = graphemes(text);
  if (parts.length <= head + tail) return parts.slice(0, Math.min(head, parts.length - 1)).join('') + MASK;
  return (
    parts.slice(0, head).join('') +
    MASK.repeat(parts.length - head - tail) +
    parts.slice(-tail || parts.length).join('')
  );
}

function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  const maskedDomain =
    dot > 0 ? starMiddle(domain.slice(0, dot), 1, 0) + domain.slice(dot) : starMiddle(domain, 1, 0);
  return `${starMiddle(local, 1, 1)}@${maskedDomain}`;
}

function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/gu, '').length;
  let seen = 0;
  return phone.replace(/\d/gu, (digit) => {
    seen++;
    return seen <= 2 || seen > digits - 2 ? digit : MASK;
  });
}

/**
 * A name as the public sees it under `masked`, by the kind of text it is:
 * - words separated by spaces (Latin, Cyrillic, Greek, Arabic…): the first word whole, each later
 *   word its first letter and a dot: "Ana Lima" → "Ana L.", "Ana Maria Lima" → "Ana M. L.";
 * - CJK and Hangul written without spaces: the first and last character, stars between:
 *   "张三丰" → "张*丰", "张三" → "张*";
 * - an email: "ana.lima@example.org" → "a******a@e******.org"; a phone number: the first and last
 *   two digits, the others starred, separators kept;
 * - one word of any other script: as written (a given name alone names nobody).
 */
export function maskName(name: string): string {
  const trimmed = name.trim().replace(/\s+/gu, ' ');
  if (trimmed === '') return '';
  if (EMAIL.test(trimmed)) return maskEmail(trimmed);
  if (PHONE.test(trimmed) && trimmed.replace(/\D/gu, '').length >= PHONE_MIN_DIGITS)
    return maskPhone(trimmed);
  const words = trimmed.split(' ');
  if (words.length === 1) return UNSPACED_SCRIPT.test(trimmed) ? starMiddle(trimmed, 1, 1) : trimmed;
  return [
    UNSPACED_SCRIPT.test(words[0]!) ? starMiddle(words[0]!, 1, 1) : words[0]!,
    ...words.slice(1).map((word) => `${graphemes(word)[0]!}.`),
  ].join(' ');
}

/** What a public surface shows for an entry under the policy. `label` falls back to the ticket for a row without one. */
export function publicNameOf(
  entry: { ticket: string; name: string; label?: string | undefined },
  policy: PublicNamesPolicy,
): string {
  switch (policy) {
    case 'full':
      return entry.name;
    case 'masked':
      return maskName(entry.name);
    case 'ticket':
      return entry.ticket;
    case 'label':
      return entry.label?.trim() || entry.ticket;
  }
}

/**
 * What a public surface shows today for a draw recorded with `recorded.name` (the public form of the
 * list it was drawn from), when the wheel's policy is now `policy`: a policy made stricter after a
 * draw hides that draw's name too (masked → masked again, ticket → the ticket). A `full` or `label`
 * policy shows the name as recorded: the full name and the label column are not in public data.
 */
export function publicNameNow(recorded: { ticket: string; name: string }, policy: PublicNamesPolicy): string {
  if (policy === 'masked') return maskName(recorded.name);
  if (policy === 'ticket') return recorded.ticket;
  return recorded.name;
}

/**
 * Recorded draws as a public page shows them under the latest published settings (publicNameNow
 * on each; the same rule as the certificate). `settings` null or without a policy: `full`.
 */
export function drawsNamedNow<D extends { ticket: string; name: string }>(
  draws: readonly D[],
  settings: { publicNames?: PublicNamesPolicy } | null | undefined,
): D[] {
  const policy = settings?.publicNames ?? DEFAULT_PUBLIC_NAMES;
  if (policy === 'full' || policy === 'label') return [...draws];
  return draws.map((draw) => ({ ...draw, name: publicNameNow(draw, policy) }));
}

/**
 * The body a version would have with its full names: what its private checksum covers (the
 * published body holds the public names). `fullNames` goes index for index with the entries.
 */
export function bodyWithFullNames<B extends { entries: ReadonlyArray<{ name: string }> }>(
  body: B,
  fullNames: readonly string[],
): B {
  if (fullNames.length !== body.entries.length)
    throw new Error(`${fullNames.length} full names for ${body.entries.length} entries`);
  return { ...body, entries: body.entries.map((entry, index) => ({ ...entry, name: fullNames[index]! })) };
}
