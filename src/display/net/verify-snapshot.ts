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
 * The RFC 8785 canonical JSON of the snapshot without its checksum, when the value has exactly the
 * contract's shape (entries of {ticket, name, weight}, scalar settings); null otherwise.
 */
export function canonicalSnapshotJson(value: unknown): string | null {
  if (!isPlainObject(value)) return null;
  if (Object.keys(value).sort().join(',') !== SNAPSHOT_KEYS) return null;
  const { entries, publishedAt, settings, version, wheel } = value;
  if (!Array.isArray(entries) || !isPlainObject(settings)) return null;
  if (typeof publishedAt !== 'string' || typeof wheel !== 'string' || !isFiniteNumber(version)) return null;
  // Objects built with their keys in sorted order, so V8's fast JSON.stringify writes them canonically.
  const sorted = new Array<{ name: string; ticket: string; weight: number }>(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const entry: unknown = entries[i];
    if (!isPlainObject(entry)) return null;
    let keyCount = 0;
    for (const key in entry) if (Object.hasOwn(entry, key)) keyCount += 1;
    const { name, ticket, weight } = entry;
    if (keyCount !== 3 || typeof name !== 'string' || typeof ticket !== 'string' || !isFiniteNumber(weight))
      return null;
    sorted[i] = { name, ticket, weight };
  }
  const sortedSettings: Record<string, unknown> = {};
  for (const key of Object.keys(settings).sort()) {
    // An integer-like key would be enumerated before the others, out of canonical order.
    if (!isScalar(settings[key]) || /^\d+$/.test(key)) return null;
    sortedSettings[key] = settings[key];
  }
  const text =
    `{"entries":${JSON.stringify(sorted)},"publishedAt":${JSON.stringify(publishedAt)},` +
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
