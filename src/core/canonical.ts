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

export const CHECKSUM_PREFIX = 'sha256:';

/** `sha256:<hex>` over the canonical JSON of the snapshot body (any `checksum` field ignored). */
export function computeSnapshotChecksum(body: SnapshotBody | Snapshot): string {
  const { wheel, version, publishedAt, entries, settings } = body;
  // Only the contract's fields are hashed, so an extra property can never slip past the checksum.
  return CHECKSUM_PREFIX + sha256Hex(canonicalJson({ wheel, version, publishedAt, entries, settings }));
}

/** True when the snapshot's checksum matches its content. Never throws. */
export function verifySnapshot(snapshot: unknown): snapshot is Snapshot {
  try {
    if (typeof snapshot !== 'object' || snapshot === null) return false;
    const s = snapshot as Partial<Snapshot>;
    if (typeof s.checksum !== 'string' || !Array.isArray(s.entries)) return false;
    const keys = Object.keys(s).sort().join(',');
    if (keys !== 'checksum,entries,publishedAt,settings,version,wheel') return false;
    return computeSnapshotChecksum(s as Snapshot) === s.checksum;
  } catch {
    return false;
  }
}
