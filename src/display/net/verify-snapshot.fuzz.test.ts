import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  computeSnapshotChecksum,
  snapshotWireJson,
  verifySnapshot,
  type Snapshot,
} from '../../core/index.ts';
import {
  canonicalSnapshotJson,
  sha256HexOf,
  verifySnapshotQuickly,
  verifySnapshotBytes,
} from './verify-snapshot.ts';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = fc.string({ unit: 'grapheme', maxLength: 12 });
const entry = fc.record({
  ticket: text,
  name: text,
  weight: fc.oneof(fc.double({ min: 1e-9, max: 1e22, noNaN: true }), fc.integer({ min: 1, max: 1e9 })),
});
const body = fc.record({
  wheel: text,
  version: fc.integer({ min: 1, max: 1e6 }),
  publishedAt: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  entries: fc.array(entry, { maxLength: 20 }),
  settings: fc.record({
    spinDurationMs: fc.integer({ min: 1, max: 60_000 }),
    minRotations: fc.integer({ min: 0, max: 10 }),
    maxRotations: fc.integer({ min: 0, max: 10 }),
    removeWinners: fc.boolean(),
  }),
});

describe('canonicalSnapshotJson', () => {
  it('equals core canonical JSON for every snapshot of the contract shape', () => {
    fc.assert(
      fc.property(body, (b) => {
        const snapshot: Snapshot = { ...b, checksum: computeSnapshotChecksum(b) };
        expect(canonicalSnapshotJson(snapshot)).toBe(canonicalJson(b));
      }),
      { numRuns: 300 },
    );
  });

  it('accepts exactly what core accepts', async () => {
    await fc.assert(
      fc.asyncProperty(body, fc.boolean(), async (b, tamper) => {
        const snapshot: Snapshot = { ...b, checksum: computeSnapshotChecksum(b) };
        const candidate = tamper ? { ...snapshot, version: snapshot.version + 1 } : snapshot;
        expect(await verifySnapshotQuickly(candidate)).toBe(verifySnapshot(candidate));
      }),
      { numRuns: 200 },
    );
  });

  it('leaves other shapes to core (extra entry fields, lone surrogates)', async () => {
    const b = {
      wheel: 'default',
      version: 1,
      publishedAt: '2026-11-28T12:00:00.000Z',
      entries: [{ ticket: 'A', name: 'x', weight: 1, extra: 'kept' }],
      settings: { spinDurationMs: 11_000, minRotations: 5, maxRotations: 8, removeWinners: false },
    };
    const snapshot = { ...b, checksum: computeSnapshotChecksum(b as never) };
    expect(canonicalSnapshotJson(snapshot)).toBeNull();
    expect(await verifySnapshotQuickly(snapshot)).toBe(verifySnapshot(snapshot));
    expect(await verifySnapshotQuickly(null)).toBe(false);
    expect(await verifySnapshotQuickly({ ...snapshot, more: 1 })).toBe(false);
    const backslash = { ...b, entries: [{ ticket: 'A', name: 'C:\\udir', weight: 1 }] };
    const withBackslash = { ...backslash, checksum: computeSnapshotChecksum(backslash) };
    expect(canonicalSnapshotJson(withBackslash)).toBeNull();
    expect(await verifySnapshotQuickly(withBackslash)).toBe(true);
    const lone = { ...snapshot, entries: [{ ticket: 'A', name: 'x\ud800', weight: 1 }] };
    expect(canonicalSnapshotJson(lone)).toBeNull();
    expect(await verifySnapshotQuickly(lone)).toBe(false);
  });

  it('hashes like core', async () => {
    expect(await sha256HexOf('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

// The event program: entries with optional group and person, and a wheel's prizes.
const programEntry = fc.record(
  {
    ticket: text,
    name: text,
    weight: fc.integer({ min: 1, max: 1e9 }),
    group: text,
    person: fc.stringMatching(/^[0-9a-f]{32}$/),
  },
  { requiredKeys: ['ticket', 'name', 'weight'] },
);
const prize = fc.record(
  {
    id: fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/),
    name: text,
    quantity: fc.integer({ min: 1, max: 1000 }),
    description: text,
    sponsor: text,
    image: fc.stringMatching(/^[0-9a-f]{64}$/),
    groups: fc.option(fc.array(text, { maxLength: 3 }), { nil: null }),
    allowPreviousWinners: fc.boolean(),
    batchSize: fc.integer({ min: 1, max: 500 }),
    reserves: fc.integer({ min: 0, max: 100 }),
  },
  { requiredKeys: ['id', 'name', 'quantity', 'groups', 'allowPreviousWinners', 'batchSize', 'reserves'] },
);
const programBody = fc.record(
  {
    wheel: text,
    version: fc.integer({ min: 1, max: 1e6 }),
    publishedAt: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    entries: fc.array(programEntry, { maxLength: 20 }),
    settings: fc.record({ spinDurationMs: fc.integer({ min: 1, max: 60_000 }), removeWinners: fc.boolean() }),
    prizes: fc.array(prize, { maxLength: 4 }),
  },
  { requiredKeys: ['wheel', 'version', 'publishedAt', 'entries', 'settings'] },
);

describe('canonicalSnapshotJson with the event program (persons, groups, prizes)', () => {
  it('equals core canonical JSON, and accepts exactly what core accepts', async () => {
    await fc.assert(
      fc.asyncProperty(programBody, fc.boolean(), async (b, tamper) => {
        const snapshot = { ...b, checksum: computeSnapshotChecksum(b as never) };
        expect(canonicalSnapshotJson(snapshot)).toBe(canonicalJson(b));
        const candidate = tamper ? { ...snapshot, version: snapshot.version + 1 } : snapshot;
        expect(await verifySnapshotQuickly(candidate)).toBe(verifySnapshot(candidate));
      }),
      { numRuns: 200 },
    );
  });

  it('leaves wrong-typed group, person or prizes to core', async () => {
    const b = {
      wheel: 'gala',
      version: 1,
      publishedAt: '2026-12-05T12:00:00.000Z',
      entries: [{ ticket: 'A', name: 'x', weight: 1, group: 3 }],
      settings: { removeWinners: false },
    };
    const numberGroup = { ...b, checksum: computeSnapshotChecksum(b as never) };
    expect(canonicalSnapshotJson(numberGroup)).toBeNull();
    expect(await verifySnapshotQuickly(numberGroup)).toBe(verifySnapshot(numberGroup));
    const objectPrizes = { ...b, entries: [{ ticket: 'A', name: 'x', weight: 1 }], prizes: { a: 1 } };
    const withObjectPrizes = { ...objectPrizes, checksum: computeSnapshotChecksum(objectPrizes as never) };
    expect(canonicalSnapshotJson(withObjectPrizes)).toBeNull();
    expect(await verifySnapshotQuickly(withObjectPrizes)).toBe(verifySnapshot(withObjectPrizes));
    const digitKey = { ...objectPrizes, prizes: [{ '1': 'x', id: 'p' }] };
    const withDigitKey = { ...digitKey, checksum: computeSnapshotChecksum(digitKey as never) };
    expect(canonicalSnapshotJson(withDigitKey)).toBeNull();
    expect(await verifySnapshotQuickly(withDigitKey)).toBe(verifySnapshot(withDigitKey));
  });
});

describe('snapshotWireJson and verifySnapshotBytes (the served bytes, checked as received)', () => {
  it('serves canonical JSON with the checksum first, which parses back to the snapshot and verifies', async () => {
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const snapshot: Snapshot = { ...b, checksum: computeSnapshotChecksum(b) };
        const wire = snapshotWireJson(snapshot) as string;
        expect(wire.startsWith(`{"checksum":"${snapshot.checksum}",`)).toBe(true);
        expect(wire).toBe(canonicalJson(snapshot)); // "checksum" sorts first: RFC 8785 of the whole
        expect(JSON.parse(wire)).toEqual(snapshot);
        expect(await verifySnapshotBytes(utf8(wire), JSON.parse(wire))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses any change to the received text, and a snapshot whose checksum does not match', async () => {
    await fc.assert(
      fc.asyncProperty(body, fc.nat(), fc.integer({ min: 32, max: 126 }), async (b, at, code) => {
        const snapshot: Snapshot = { ...b, checksum: computeSnapshotChecksum(b) };
        const wire = snapshotWireJson(snapshot) as string;
        const position = 78 + (at % Math.max(1, wire.length - 78)); // after the checksum member
        const changed = wire.slice(0, position) + String.fromCharCode(code) + wire.slice(position + 1);
        let parsed: unknown;
        try {
          parsed = JSON.parse(changed);
        } catch {
          return; // not JSON: the request fails as malformed before any check
        }
        expect(await verifySnapshotBytes(utf8(changed), parsed)).toBe(
          changed === wire || verifySnapshot(parsed),
        );
      }),
      { numRuns: 300 },
    );
    const snapshot = { ...(await fc.sample(body, 1))[0]!, checksum: `sha256:${'0'.repeat(64)}` };
    expect(snapshotWireJson(snapshot)).toBeNull();
    const forged = `{"checksum":"${snapshot.checksum}",${canonicalJson({ ...snapshot, checksum: undefined }).slice(1)}`;
    expect(await verifySnapshotBytes(utf8(forged), JSON.parse(forged))).toBe(false);
  });

  it('checks other texts as values (an older server, another key order)', async () => {
    const b = (await fc.sample(body, 1))[0]!;
    const snapshot: Snapshot = { ...b, checksum: computeSnapshotChecksum(b) };
    const plain = JSON.stringify(snapshot); // checksum last
    expect(await verifySnapshotBytes(utf8(plain), JSON.parse(plain))).toBe(true);
    const tampered = JSON.stringify({ ...snapshot, version: snapshot.version + 1 });
    expect(await verifySnapshotBytes(utf8(tampered), JSON.parse(tampered))).toBe(false);
  });
});
