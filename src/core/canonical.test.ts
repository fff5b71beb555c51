import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, computeSnapshotChecksum, sha256Hex, verifySnapshot } from './canonical.ts';
import { DEFAULT_SETTINGS, type Snapshot, type SnapshotBody } from './types.ts';

describe('canonicalJson (RFC 8785)', () => {
  it('matches the RFC 8785 section 3.2.2 example', () => {
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",' +
        ' "literals": [null, true, false]}',
    );
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('sorts keys by UTF-16 code units (RFC 8785 section 3.2.3)', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    // Read the keys off the text: JSON.parse would reorder the integer-like key '1'.
    const text = canonicalJson(input);
    const keys = Object.keys(input).sort(
      (a, b) => text.indexOf(JSON.stringify(a)) - text.indexOf(JSON.stringify(b)),
    );
    expect(keys).toEqual(['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33']);
  });

  it('rejects values JSON cannot represent', () => {
    expect(() => canonicalJson(undefined)).toThrow();
  });
});

describe('sha256Hex', () => {
  it('gives the FIPS 180-2 test vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('hashes the UTF-8 bytes, like node:crypto', () => {
    const text = 'Zoë Ångström 🎡 مرحبا';
    expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
  });
});

const body: SnapshotBody = {
  wheel: 'default',
  version: 7,
  publishedAt: '2026-11-28T12:00:00.000Z',
  entries: [
    { ticket: '00042', name: 'Ana Lima', weight: 1 },
    { ticket: 'A-7', name: 'Zoë', weight: 2.5 },
  ],
  settings: { ...DEFAULT_SETTINGS },
};

describe('computeSnapshotChecksum', () => {
  it('is sha256 over the canonical JSON of the body (golden value)', () => {
    const canonical =
      '{"entries":[{"name":"Ana Lima","ticket":"00042","weight":1},{"name":"Zoë","ticket":"A-7","weight":2.5}],' +
      '"publishedAt":"2026-11-28T12:00:00.000Z",' +
      '"settings":{"maxRotations":8,"minRotations":5,"removeWinners":false,"spinDurationMs":11000},' +
      '"version":7,"wheel":"default"}';
    const expected = 'sha256:' + createHash('sha256').update(canonical, 'utf8').digest('hex');
    expect(computeSnapshotChecksum(body)).toBe(expected);
  });

  it('ignores an existing checksum field', () => {
    const withChecksum = { ...body, checksum: 'sha256:whatever' };
    expect(computeSnapshotChecksum(withChecksum)).toBe(computeSnapshotChecksum(body));
  });
});

describe('verifySnapshot', () => {
  const snapshot: Snapshot = { ...body, checksum: computeSnapshotChecksum(body) };

  it('accepts an intact snapshot', () => {
    expect(verifySnapshot(structuredClone(snapshot))).toBe(true);
  });

  it('rejects a changed entry, version or setting', () => {
    const renamed = structuredClone(snapshot);
    renamed.entries[0]!.name = 'Ana Lima ';
    expect(verifySnapshot(renamed)).toBe(false);
    expect(verifySnapshot({ ...snapshot, version: 8 })).toBe(false);
    expect(verifySnapshot({ ...snapshot, settings: { ...snapshot.settings, removeWinners: true } })).toBe(
      false,
    );
  });

  it('rejects extra fields, a missing checksum and non-objects without throwing', () => {
    expect(verifySnapshot({ ...snapshot, injected: 1 })).toBe(false);
    const { checksum: _checksum, ...noChecksum } = snapshot;
    expect(verifySnapshot(noChecksum)).toBe(false);
    expect(verifySnapshot(null)).toBe(false);
    expect(verifySnapshot('{"wheel":1}')).toBe(false);
    expect(verifySnapshot({ ...snapshot, entries: 'x' })).toBe(false);
  });
});

describe('a snapshot with prizes', () => {
  const body: SnapshotBody = {
    wheel: 'party',
    version: 1,
    publishedAt: '2026-12-05T18:00:00.000Z',
    entries: [{ ticket: 'T1', name: 'Ana', weight: 1 }],
    settings: DEFAULT_SETTINGS,
  };
  const prizes = [
    {
      id: 'bike',
      name: 'Bike',
      quantity: 1,
      groups: null,
      allowPreviousWinners: false,
      batchSize: 1,
      reserves: 0,
    },
  ];

  it('covers the prizes with its checksum, and leaves a body without them as it was', () => {
    const without = computeSnapshotChecksum(body);
    const withPrizes = computeSnapshotChecksum({ ...body, prizes });
    expect(withPrizes).not.toBe(without);
    expect(computeSnapshotChecksum({ ...body, prizes: [{ ...prizes[0]!, quantity: 2 }] })).not.toBe(
      withPrizes,
    );
    expect(without).toBe(`sha256:${sha256Hex(canonicalJson(body))}`);
  });

  it('verifies with its prizes, and not when they were changed or another member was added', () => {
    const snapshot: Snapshot = { ...body, prizes, checksum: computeSnapshotChecksum({ ...body, prizes }) };
    expect(verifySnapshot(snapshot)).toBe(true);
    expect(verifySnapshot({ ...snapshot, prizes: [] })).toBe(false);
    expect(verifySnapshot({ ...snapshot, prizes: 'none' })).toBe(false);
    expect(verifySnapshot({ ...snapshot, extra: 1 })).toBe(false);
  });
});
