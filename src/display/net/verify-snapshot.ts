import {
  CHECKSUM_PREFIX,
  SNAPSHOT_WIRE_PREFIX,
  sha256Hex,
  sha256HexOfBytes,
  verifySnapshot,
  type Snapshot,
} from '../../core/index.ts';

// NOTE: core's verifySnapshot is the authority. Its general RFC 8785 serializer and the pure-JS
// SHA-256 take ~0.4 s cold for 10,000 entries in the browser, all before the first paint. For a
// snapshot of exactly the contract's shape, JSON.stringify with the keys written in sorted order *is*
// the RFC 8785 form (JCS defines string and number output as ECMAScript's JSON.stringify), and the
// browser's native SHA-256 is used where the page may (secure contexts: localhost, HTTPS). Whenever
// this fast path cannot confirm the checksum, core's verifySnapshot decides.

const SNAPSHOT_KEYS = 'checksum,entries,publishedAt,settings,version,wheel';
/** A snapshot of a wheel with prizes (core's canonical body then covers them too). */
const SNAPSHOT_WITH_PRIZES_KEYS = 'checksum,entries,prizes,publishedAt,settings,version,wheel';
/**
 * JSON.stringify writes a lone surrogate as a `\udXXX` escape, which RFC 8785 forbids (core's
 * serializer throws); such text goes to core. A false alarm (a literal backslash-u-d) costs only
 * the slow path.
 */
const ESCAPED_SURROGATE = '\\ud';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isScalar(value: unknown): boolean {
  return value === null || typeof value === 'boolean' || typeof value === 'string' || isFiniteNumber(value);
}

/**
 * The entry as an object with its keys in sorted order (group, name, person, ticket, weight), when it
 * has exactly the contract's fields (group and person optional strings); null otherwise.
 */
function sortedEntry(entry: unknown): object | null {
  if (!isPlainObject(entry)) return null;
  let keyCount = 0;
  for (const key in entry) if (Object.hasOwn(entry, key)) keyCount += 1;
  const { group, name, person, ticket, weight } = entry;
  if (typeof name !== 'string' || typeof ticket !== 'string' || !isFiniteNumber(weight)) return null;
  if (keyCount === 3) return { name, ticket, weight };
  const hasGroup = Object.hasOwn(entry, 'group');
  const hasPerson = Object.hasOwn(entry, 'person');
  if (keyCount !== 3 + Number(hasGroup) + Number(hasPerson)) return null;
  if ((hasGroup && typeof group !== 'string') || (hasPerson && typeof person !== 'string')) return null;
  if (hasGroup && hasPerson) return { group, name, person, ticket, weight };
  return hasGroup ? { group, name, ticket, weight } : { name, person, ticket, weight };
}

/**
 * Any JSON value rebuilt with every object's keys in sorted order (JCS order: UTF-16 code units,
 * which is Array.prototype.sort's), so JSON.stringify writes it canonically; null for anything
 * JSON.stringify would write otherwise (non-finite numbers, integer-like keys, non-JSON values).
 * For the prizes (a few hundred small objects at most).
 */
function sortedJsonValue(value: unknown, depth = 0): unknown {
  if (depth > 8) return null;
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return { ok: value };
  if (isFiniteNumber(value)) return { ok: value };
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    for (const item of value) {
      const sorted = sortedJsonValue(item, depth + 1) as { ok: unknown } | null;
      if (sorted === null) return null;
      items.push(sorted.ok);
    }
    return { ok: items };
  }
  if (!isPlainObject(value)) return null;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return null;
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    if (/^\d+$/.test(key)) return null;
    const sorted = sortedJsonValue(value[key], depth + 1) as { ok: unknown } | null;
    if (sorted === null) return null;
    result[key] = sorted.ok;
  }
  return { ok: result };
}

/**
 * The RFC 8785 canonical JSON of the snapshot without its checksum, when the value has exactly the
 * contract's shape (entries of {ticket, name, weight, group?, person?}, scalar settings, and a
 * wheel with prizes its `prizes` array); null otherwise.
 */
export function canonicalSnapshotJson(value: unknown): string | null {
  if (!isPlainObject(value)) return null;
  const keys = Object.keys(value).sort().join(',');
  if (keys !== SNAPSHOT_KEYS && keys !== SNAPSHOT_WITH_PRIZES_KEYS) return null;
  const { entries, publishedAt, settings, version, wheel } = value;
  if (!Array.isArray(entries) || !isPlainObject(settings)) return null;
  if (typeof publishedAt !== 'string' || typeof wheel !== 'string' || !isFiniteNumber(version)) return null;
  let prizesJson = '';
  if (keys === SNAPSHOT_WITH_PRIZES_KEYS) {
    if (!Array.isArray(value.prizes)) return null;
    const prizes = sortedJsonValue(value.prizes) as { ok: unknown } | null;
    if (prizes === null) return null;
    prizesJson = `"prizes":${JSON.stringify(prizes.ok)},`;
  }
  // Objects built with their keys in sorted order, so V8's fast JSON.stringify writes them canonically.
  const sorted = new Array<object>(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const entry = sortedEntry(entries[i]);
    if (entry === null) return null;
    sorted[i] = entry;
  }
  const sortedSettings: Record<string, unknown> = {};
  for (const key of Object.keys(settings).sort()) {
    // An integer-like key would be enumerated before the others, out of canonical order.
    if (!isScalar(settings[key]) || /^\d+$/.test(key)) return null;
    sortedSettings[key] = settings[key];
  }
  const text =
    `{"entries":${JSON.stringify(sorted)},${prizesJson}"publishedAt":${JSON.stringify(publishedAt)},` +
    `"settings":${JSON.stringify(sortedSettings)},"version":${JSON.stringify(version)},"wheel":${JSON.stringify(wheel)}}`;
  return text.includes(ESCAPED_SURROGATE) ? null : text;
}

/** Lowercase hex SHA-256 of text (UTF-8) or bytes: native where available (secure contexts), else core's pure-JS one. */
export async function sha256HexOf(input: string | Uint8Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (subtle !== undefined && globalThis.isSecureContext !== false) {
    try {
      const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
      const digest = await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
      let hex = '';
      for (const byte of new Uint8Array(digest)) hex += byte.toString(16).padStart(2, '0');
      return hex;
    } catch {
      // fall through to the pure-JS digest
    }
  }
  return typeof input === 'string' ? sha256Hex(input) : sha256HexOfBytes(input);
}

/** True when the snapshot matches its checksum. Never rejects. */
export async function verifySnapshotQuickly(value: unknown): Promise<boolean> {
  try {
    const canonical = canonicalSnapshotJson(value);
    if (
      canonical !== null &&
      CHECKSUM_PREFIX + (await sha256HexOf(canonical)) === (value as Snapshot).checksum
    ) {
      return true;
    }
  } catch {
    // core decides below
  }
  return verifySnapshot(value);
}

/**
 * True when `value`, parsed from the UTF-8 `bytes` received, matches its checksum. The server sends
 * snapshots as core's snapshotWireJson (RFC 8785, checksum first), whose bytes after the checksum
 * member are the very canonical body the checksum covers: hashing them verifies the snapshot with no
 * serializing or encoding (~100 ms less before the first paint at 10,000 entries). Any other body is
 * checked as a value (verifySnapshotQuickly). Never rejects.
 */
export async function verifySnapshotBytes(bytes: Uint8Array, value: unknown): Promise<boolean> {
  try {
    // The prefix is ASCII: its characters are its bytes.
    const head = new TextDecoder().decode(bytes.subarray(0, 100));
    const claimed = SNAPSHOT_WIRE_PREFIX.exec(head)?.[1];
    if (claimed !== undefined && (value as Partial<Snapshot> | null)?.checksum === claimed) {
      const body = bytes.slice(`{"checksum":"${claimed}"`.length); // from the "," on
      body[0] = 0x7b; // "{"
      if (CHECKSUM_PREFIX + (await sha256HexOf(body)) === claimed) return true;
    }
  } catch {
    // checked as a value below
  }
  return verifySnapshotQuickly(value);
}
