import { CHECKSUM_PREFIX, sha256Hex, verifySnapshot, type Snapshot } from '../../core/index.ts';

// NOTE: core's verifySnapshot is the authority. Its general RFC 8785 serializer and the pure-JS
// SHA-256 take ~0.4 s cold for 10,000 entries in the browser, all before the first paint. For a
// snapshot of exactly the contract's shape, JSON.stringify with the keys written in sorted order *is*
// the RFC 8785 form (JCS defines string and number output as ECMAScript's JSON.stringify), and the
// browser's native SHA-256 is used where the page may (secure contexts: localhost, HTTPS). Whenever
// this fast path cannot confirm the checksum, core's verifySnapshot decides.

const SNAPSHOT_KEYS = 'checksum,entries,publishedAt,settings,version,wheel';
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function safeText(value: unknown): value is string {
  return typeof value === 'string' && !LONE_SURROGATE.test(value);
}

function jsonScalar(value: unknown): string | null {
  if (value === null || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : null;
  return safeText(value) ? JSON.stringify(value) : null;
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
  if (!safeText(publishedAt) || !safeText(wheel) || typeof version !== 'number' || !Number.isFinite(version))
    return null;
  const parts: string[] = new Array<string>(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const entry: unknown = entries[i];
    if (!isPlainObject(entry)) return null;
    let keyCount = 0;
    for (const key in entry) if (Object.hasOwn(entry, key)) keyCount += 1;
    if (keyCount !== 3) return null;
    const { name, ticket, weight } = entry;
    if (!safeText(name) || !safeText(ticket) || typeof weight !== 'number' || !Number.isFinite(weight))
      return null;
    parts[i] =
      `{"name":${JSON.stringify(name)},"ticket":${JSON.stringify(ticket)},"weight":${JSON.stringify(weight)}}`;
  }
  const settingParts: string[] = [];
  for (const key of Object.keys(settings).sort()) {
    const scalar = jsonScalar(settings[key]);
    if (scalar === null || !safeText(key)) return null;
    settingParts.push(`${JSON.stringify(key)}:${scalar}`);
  }
  return (
    `{"entries":[${parts.join(',')}],"publishedAt":${JSON.stringify(publishedAt)},` +
    `"settings":{${settingParts.join(',')}},"version":${JSON.stringify(version)},"wheel":${JSON.stringify(wheel)}}`
  );
}

/** Lowercase hex SHA-256: native where available (secure contexts), else core's pure-JS one. */
export async function sha256HexOf(text: string): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (subtle !== undefined && globalThis.isSecureContext !== false) {
    try {
      const digest = await subtle.digest('SHA-256', new TextEncoder().encode(text));
      let hex = '';
      for (const byte of new Uint8Array(digest)) hex += byte.toString(16).padStart(2, '0');
      return hex;
    } catch {
      // fall through to the pure-JS digest
    }
  }
  return sha256Hex(text);
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
