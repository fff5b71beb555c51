import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { chiSquareGoodnessOfFit } from '../server/test-support/chi-square.ts';
import { weightedIndex } from './random.ts';
import {
  checkVerifiableDraw,
  createVerifiableRandom,
  deriveOfflineIndex,
  deriveVerifiableIndex,
  seedCommitment,
  verifiableDrawKey,
} from './verifiable.ts';

const SEED = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';
const CHECKSUM = 'sha256:' + 'ab'.repeat(32);

describe('seedCommitment', () => {
  it('is the SHA-256 of the seed bytes, as node:crypto computes it', () => {
    expect(seedCommitment(SEED)).toBe(createHash('sha256').update(Buffer.from(SEED, 'hex')).digest('hex'));
  });

  it('refuses a seed that is not 32 bytes of lowercase hex', () => {
    expect(() => seedCommitment('abc')).toThrow(RangeError);
    expect(() => seedCommitment(SEED.toUpperCase())).toThrow(RangeError);
  });
});

describe('createVerifiableRandom', () => {
  it('streams HMAC-SHA256(seed, checksum:seq:counter) as big-endian uint32, block after block', () => {
    const source = createVerifiableRandom(SEED, CHECKSUM, 7);
    const expected: number[] = [];
    for (const counter of [0, 1]) {
      const block = createHmac('sha256', Buffer.from(SEED, 'hex'))
        .update(`${CHECKSUM}:7:${counter}`)
        .digest();
      for (let i = 0; i < 8; i++) expected.push(block.readUInt32BE(i * 4));
    }
    expect(Array.from({ length: 16 }, () => source.nextUint32())).toEqual(expected);
  });

  it('feeds core weightedIndex (same index as the stream drawn by hand)', () => {
    const weights = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    for (let seq = 1; seq <= 50; seq++) {
      expect(deriveVerifiableIndex(SEED, CHECKSUM, seq, weights)).toBe(
        weightedIndex(createVerifiableRandom(SEED, CHECKSUM, seq), weights),
      );
    }
  });

  it('gives different winners for different sequence numbers and checksums', () => {
    const weights = new Array<number>(1000).fill(1);
    const bySeq = new Set(
      Array.from({ length: 20 }, (_, seq) => deriveVerifiableIndex(SEED, CHECKSUM, seq, weights)),
    );
    expect(bySeq.size).toBeGreaterThan(15);
    const otherChecksum = 'sha256:' + 'cd'.repeat(32);
    const differs = Array.from({ length: 20 }, (_, seq) => seq).some(
      (seq) =>
        deriveVerifiableIndex(SEED, CHECKSUM, seq, weights) !==
        deriveVerifiableIndex(SEED, otherChecksum, seq, weights),
    );
    expect(differs).toBe(true);
  });
});

describe('deriveOfflineIndex', () => {
  /** A voucher seed per draw, as the server issues them (32 random-looking bytes as hex). */
  const seedOf = (n: number): string => createHash('sha256').update(`voucher ${n}`).digest('hex');

  it('is weightedIndex over HMAC-SHA256(seed, offline:checksum:counter), apart from verifiable streams', () => {
    const weights = [3, 1, 4, 1, 5, 9, 2, 6];
    const block = createHmac('sha256', Buffer.from(SEED, 'hex')).update(`offline:${CHECKSUM}:0`).digest();
    const stream = Array.from({ length: 8 }, (_, i) => block.readUInt32BE(i * 4));
    const byHand = weightedIndex({ nextUint32: () => stream.shift()! }, weights);
    expect(deriveOfflineIndex(SEED, CHECKSUM, weights)).toBe(byHand);
  });

  it('honours weights 1..10 over many vouchers (chi-square, p ≥ 1e-6)', () => {
    const weights = Array.from({ length: 10 }, (_, i) => i + 1);
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    const counts = new Array<number>(weights.length).fill(0);
    for (let n = 0; n < 20_000; n++) counts[deriveOfflineIndex(seedOf(n), CHECKSUM, weights)]! += 1;
    const { pValue } = chiSquareGoodnessOfFit(
      counts,
      weights.map((weight) => weight / total),
    );
    expect(pValue).toBeGreaterThanOrEqual(1e-6);
  });
});

describe('checkVerifiableDraw', () => {
  const entries = Array.from({ length: 30 }, (_, i) => ({ ticket: `T${i}`, weight: (i % 4) + 1 }));
  const snapshot = { checksum: CHECKSUM, entries };
  const commitment = seedCommitment(SEED);
  const index = deriveVerifiableIndex(
    SEED,
    CHECKSUM,
    3,
    entries.map((e) => e.weight),
  );
  const claim = { seq: 3, checksum: CHECKSUM, ticket: `T${index}`, targetIndex: index };

  it('accepts an honest draw', () => {
    expect(checkVerifiableDraw(claim, SEED, commitment, snapshot)).toEqual({
      ok: true,
      expectedIndex: index,
    });
  });

  it('fails a tampered seed (commitment no longer matches)', () => {
    const tampered = SEED.slice(0, -1) + (SEED.endsWith('f') ? 'e' : 'f');
    expect(checkVerifiableDraw(claim, tampered, commitment, snapshot)).toMatchObject({
      ok: false,
      problem: 'commitment_mismatch',
    });
  });

  it('fails a claimed winner that is not the derived one', () => {
    const other = (index + 1) % entries.length;
    expect(
      checkVerifiableDraw({ ...claim, targetIndex: other, ticket: `T${other}` }, SEED, commitment, snapshot),
    ).toMatchObject({ ok: false, problem: 'index_mismatch', expectedIndex: index });
  });

  it('fails a tampered list (another checksum, or entries reordered under the same claim)', () => {
    expect(
      checkVerifiableDraw(claim, SEED, commitment, { ...snapshot, checksum: 'sha256:' + '00'.repeat(32) }),
    ).toMatchObject({ ok: false, problem: 'checksum_mismatch' });
    const swapped = entries.map((entry, i) => (i === index ? { ...entry, ticket: 'INTRUDER' } : entry));
    expect(
      checkVerifiableDraw(claim, SEED, commitment, { checksum: CHECKSUM, entries: swapped }),
    ).toMatchObject({
      ok: false,
      problem: 'ticket_mismatch',
    });
  });
});

describe('verifiableDrawKey', () => {
  it('is the seed without a witness, SHA-256(seed ‖ 0x00 ‖ UTF-8 NFC witness) with one', () => {
    expect(Buffer.from(verifiableDrawKey(SEED)).toString('hex')).toBe(SEED);
    const expected = createHash('sha256')
      .update(Buffer.concat([Buffer.from(SEED, 'hex'), Buffer.from([0]), Buffer.from('café', 'utf8')]))
      .digest('hex');
    // 'cafe\u0301' (e + combining accent) is the same text as 'café' once in NFC.
    expect(Buffer.from(verifiableDrawKey(SEED, 'cafe\u0301')).toString('hex')).toBe(expected);
  });

  it('keys the draw stream: HMAC-SHA256(key, checksum:seq:counter)', () => {
    const key = createHash('sha256')
      .update(Buffer.concat([Buffer.from(SEED, 'hex'), Buffer.from([0]), Buffer.from('dice 6 2', 'utf8')]))
      .digest();
    const block = createHmac('sha256', key).update(`${CHECKSUM}:4:0`).digest();
    expect(createVerifiableRandom(SEED, CHECKSUM, 4, 'dice 6 2').nextUint32()).toBe(block.readUInt32BE(0));
  });
});
