// Verifiable draws: the winner of draw `seq` on a snapshot is a pure function of a secret seed
// (committed to in advance as sha256(seed)), the snapshot checksum and the draw's sequence number.
// Anyone holding the revealed seed and the published snapshot recomputes every winner — in Node
// (server, CLI) and in a browser on plain HTTP alike (@noble/hashes, no crypto.subtle).
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { weightedIndex } from './random.ts';
import type { RandomSource } from './types.ts';

export const VERIFIABLE_SEED_BYTES = 32;
const SEED_HEX_PATTERN = /^[0-9a-f]{64}$/;
const UINT32_PER_BLOCK = 8; // an HMAC-SHA256 block is 32 bytes

/** True when `seedHex` is 32 bytes as 64 lowercase hex digits. */
export function isSeedHex(seedHex: string): boolean {
  return SEED_HEX_PATTERN.test(seedHex);
}

function seedBytes(seedHex: string): Uint8Array {
  if (!isSeedHex(seedHex)) throw new RangeError('a seed is 64 lowercase hex digits (32 bytes)');
  return hexToBytes(seedHex);
}

/** The public commitment to a seed: lowercase hex SHA-256 of the seed's 32 bytes. */
export function seedCommitment(seedHex: string): string {
  return bytesToHex(sha256(seedBytes(seedHex)));
}

/**
 * The key of an epoch's draws. Without a witness it is the seed's 32 bytes; with one it is
 * SHA-256(seed bytes ‖ 0x00 ‖ UTF-8 of the witness in Unicode NFC) — the 0x00 separates the two
 * parts, NFC makes the same typed text give the same key on every keyboard.
 */
export function verifiableDrawKey(seedHex: string, witness: string | null = null): Uint8Array {
  const seed = seedBytes(seedHex);
  if (witness === null) return seed;
  const text = utf8ToBytes(witness.normalize('NFC'));
  const material = new Uint8Array(seed.length + 1 + text.length);
  material.set(seed, 0);
  material.set(text, seed.length + 1);
  return sha256(material);
}

/**
 * The random stream of one draw: block k = HMAC-SHA256(key, `${checksum}:${seq}:${k}`), k = 0, 1, …,
 * each block read as eight big-endian uint32, with key = verifiableDrawKey(seed, witness). Finite
 * for any practical draw (rejection sampling needs more than one block with negligible probability).
 */
export function createVerifiableRandom(
  seedHex: string,
  checksum: string,
  seq: number,
  witness: string | null = null,
): RandomSource {
  return createHmacRandom(verifiableDrawKey(seedHex, witness), `${checksum}:${seq}`);
}

/** Block k = HMAC-SHA256(key, `${message}:${k}`), read as eight big-endian uint32 each. */
function createHmacRandom(key: Uint8Array, message: string): RandomSource {
  let counter = 0;
  let block: DataView | null = null;
  let used = UINT32_PER_BLOCK;
  return {
    nextUint32() {
      if (used === UINT32_PER_BLOCK) {
        const bytes = hmac(sha256, key, utf8ToBytes(`${message}:${counter}`));
        block = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        counter += 1;
        used = 0;
      }
      const value = (block as DataView).getUint32(used * 4, false);
      used += 1;
      return value;
    },
  };
}

/**
 * The winner's index of an offline draw: a server-issued voucher's seed over the snapshot it was
 * issued for. Block k = HMAC-SHA256(seed, `offline:${checksum}:${k}`) — the `offline:` prefix keeps
 * it apart from verifiable draws' messages — then core's weightedIndex (rejection sampling, no
 * modulo bias). The display computes it offline; the server recomputes it on upload.
 */
export function deriveOfflineIndex(seedHex: string, checksum: string, weights: ArrayLike<number>): number {
  return weightedIndex(createHmacRandom(seedBytes(seedHex), `offline:${checksum}`), weights);
}

/** The index of draw `seq`'s winner among entries with these weights (core's weightedIndex, rejection sampling). */
export function deriveVerifiableIndex(
  seedHex: string,
  checksum: string,
  seq: number,
  weights: ArrayLike<number>,
  witness: string | null = null,
): number {
  return weightedIndex(createVerifiableRandom(seedHex, checksum, seq, witness), weights);
}

export interface VerifiableDrawClaim {
  seq: number;
  checksum: string;
  ticket: string;
  targetIndex: number;
}

export type DrawCheck =
  | { ok: true; expectedIndex: number }
  | {
      ok: false;
      expectedIndex: number | null;
      problem: 'commitment_mismatch' | 'checksum_mismatch' | 'index_mismatch' | 'ticket_mismatch';
    };

/**
 * Checks one published draw against the revealed seed, its commitment and the snapshot it was drawn
 * from (`entries` must be the snapshot whose checksum was already verified by the caller).
 */
export function checkVerifiableDraw(
  claim: VerifiableDrawClaim,
  seedHex: string,
  commitment: string,
  snapshot: { checksum: string; entries: ReadonlyArray<{ ticket: string; weight: number }> },
  witness: string | null = null,
): DrawCheck {
  if (!isSeedHex(seedHex) || seedCommitment(seedHex) !== commitment)
    return { ok: false, expectedIndex: null, problem: 'commitment_mismatch' };
  if (snapshot.checksum !== claim.checksum)
    return { ok: false, expectedIndex: null, problem: 'checksum_mismatch' };
  const weights = snapshot.entries.map((entry) => entry.weight);
  const expectedIndex = deriveVerifiableIndex(seedHex, claim.checksum, claim.seq, weights, witness);
  if (expectedIndex !== claim.targetIndex) return { ok: false, expectedIndex, problem: 'index_mismatch' };
  if (snapshot.entries[expectedIndex]?.ticket !== claim.ticket)
    return { ok: false, expectedIndex, problem: 'ticket_mismatch' };
  return { ok: true, expectedIndex };
}
