import canonicalize from 'canonicalize';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { Snapshot, SnapshotBody } from './types.ts';

// NOTE: `canonicalize` implements RFC 8785 (JCS): sorted keys by UTF-16 code units and
// ECMAScript number serialization. @noble/hashes gives the same SHA-256 in Node and in a
// browser on a plain-HTTP LAN page, where crypto.subtle is missing.

/** RFC 8785 canonical JSON of a JSON value. Throws on values JSON cannot represent. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value has no JSON representation');
  return text;
}

/** Lowercase hex SHA-256 of the UTF-8 bytes of `text`. */
export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

/** Lowercase hex SHA-256 of bytes. */
export function sha256HexOfBytes(bytes: Uint8Array): string {
  return bytesToHex(sha256(bytes));
}

export const CHECKSUM_PREFIX = 'sha256:';

/** `sha256:<hex>` over the canonical JSON of the snapshot body (any `checksum` field ignored). */
export function computeSnapshotChecksum(body: SnapshotBody | Snapshot): string {
  return CHECKSUM_PREFIX + sha256Hex(canonicalSnapshotBody(body));
}

/** The canonical JSON a checksum covers: only the contract's fields, so an extra property can never slip past it. */
function canonicalSnapshotBody({
  wheel,
  version,
  publishedAt,
  entries,
  settings,
  prizes,
}: SnapshotBody): string {
  // NOTE: `prizes` only when present, so snapshots without prizes keep their checksums.
  return canonicalJson(
    prizes === undefined
      ? { wheel, version, publishedAt, entries, settings }
      : { wheel, version, publishedAt, entries, settings, prizes },
  );
}

/** True when the snapshot's checksum matches its content. Never throws. */
export function verifySnapshot(snapshot: unknown): snapshot is Snapshot {
  return snapshotWireJson(snapshot) !== null;
}

/** The start of a snapshot's wire JSON: its checksum, the first key in RFC 8785 order. */
export const SNAPSHOT_WIRE_PREFIX = /^\{"checksum":"(sha256:[0-9a-f]{64})",/;

/**
 * The snapshot as it is served: RFC 8785 JSON with the checksum as its first member (`checksum`
 * sorts before every other key), when the checksum matches; null otherwise. Never throws.
 * NOTE: the text after that member, with `{` put back in front, is exactly the canonical body the
 * checksum was computed over, so a reader verifies the text it received by hashing it, without
 * serializing the parsed snapshot again (the display's first paint waited ~100 ms for that).
 */
export function snapshotWireJson(snapshot: unknown): string | null {
  try {
    if (typeof snapshot !== 'object' || snapshot === null) return null;
    const s = snapshot as Partial<Snapshot>;
    if (typeof s.checksum !== 'string' || !Array.isArray(s.entries)) return null;
    const keys = Object.keys(s).sort().join(',');
    if (
      keys !== 'checksum,entries,publishedAt,settings,version,wheel' &&
      keys !== 'checksum,entries,prizes,publishedAt,settings,version,wheel'
    )
      return null;
    const body = canonicalSnapshotBody(s as Snapshot);
    if (CHECKSUM_PREFIX + sha256Hex(body) !== s.checksum) return null;
    return `{"checksum":${JSON.stringify(s.checksum)},${body.slice(1)}`;
  } catch {
    return null;
  }
}
