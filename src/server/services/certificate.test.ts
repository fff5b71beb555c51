import canonicalize from 'canonicalize';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificateSignedText, describePredrawn, type DrawCertificate } from '../../core/index.ts';
import { certificateFixture, FIXTURE_PRIZE_ID } from '../test-support/certificate-fixture.ts';
import { opensslVerifies } from '../test-support/openssl-ed25519.ts';
import { makeTempDir } from '../test-support/test-app.ts';
import { buildCertificate } from './certificate.ts';
import { loadOrCreateSigningKey, type SigningKey } from './signing-key.ts';

let dir: string;
let key: SigningKey;
beforeAll(() => {
  dir = makeTempDir();
  key = loadOrCreateSigningKey(join(dir, 'signing-key.pem'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('buildCertificate', () => {
  const sources = certificateFixture({ entries: 200, winners: 12, withIncidents: true });
  const certificate = buildCertificate(sources);

  it('lists the counted draws in running order, leaves rehearsal out and voided draws apart', () => {
    const rehearsal = sources.draws.find((draw) => draw.rehearsal)!;
    const voided = sources.draws.find((draw) => draw.voided)!;
    const seqs = certificate.winners.map((winner) => winner.seq);
    expect(seqs).not.toContain(rehearsal.seq);
    expect(seqs).not.toContain(voided.seq);
    expect(certificate.voided).toEqual([
      expect.objectContaining({ seq: voided.seq, reason: 'Pressed twice', ticket: voided.ticket }),
    ]);
    expect(certificate.winners).toHaveLength(13);
    // The substitute sits right after the place it took.
    const declinedAt = certificate.winners.findIndex((winner) => winner.status === 'declined');
    expect(certificate.winners[declinedAt + 1]!.substitutes).toBe(certificate.winners[declinedAt]!.seq);
  });

  it('states each decline with its reason and who took the place', () => {
    expect(certificate.declines).toHaveLength(1);
    const [decline] = certificate.declines;
    expect(decline!.reason).toBe('Not present at the venue');
    const substitute = sources.draws.find((draw) => draw.substitutes === decline!.seq)!;
    expect(decline!.substitute).toEqual({
      seq: substitute.seq,
      ticket: substitute.ticket,
      name: substitute.name,
    });
  });

  it('states the list: version, checksum, entries and total weight', () => {
    const entries = sources.latest.entries;
    expect(certificate.snapshot).toEqual({
      version: 1,
      checksum: sources.latest.checksum,
      entries: 200,
      totalWeight: entries.reduce((sum, entry) => sum + entry.weight, 0),
      publishedAt: sources.latest.publishedAt,
      privateChecksum: null,
    });
    expect(certificate.prizes.map((prize) => prize.id)).toEqual([FIXTURE_PRIZE_ID]);
    expect(certificate.rules.join('\n')).toMatch(/Prize "Grand prize" \(grand\): 12 winners; 10 per press/);
    expect(certificate.predrawnCount).toBe(0);
    expect(certificate.predrawn).toBe(describePredrawn(0, 13));
    expect(certificate.auditHead).toEqual({ id: 42, hash: 'a'.repeat(64) });
  });

  it('keeps its id when only the time of issue changes, and changes it with the facts', () => {
    const later = buildCertificate({ ...sources, issuedAt: '2026-12-07T09:00:00.000Z' });
    expect(later.id).toBe(certificate.id);
    const retitled = buildCertificate({ ...sources, title: 'Gala night 2026' });
    expect(retitled.id).not.toBe(certificate.id);
  });

  it('narrows to one prize with prizeId', () => {
    const none = buildCertificate({ ...sources, prizeId: 'other' });
    expect(none.winners).toEqual([]);
    expect(none.prizes).toEqual([]);
  });
});

describe('the signature', () => {
  const certificate = buildCertificate(certificateFixture({ entries: 50, winners: 5, withIncidents: true }));

  it('is checked by openssl (not this code) over the RFC 8785 text, and refused with any byte changed', () => {
    const text = canonicalize(certificate)!;
    expect(certificateSignedText(certificate)).toBe(text);
    const signature = Buffer.from(key.sign(text), 'base64');
    const data = Buffer.from(text, 'utf8');
    expect(opensslVerifies(key.publicKey, data, signature)).toBe(true);

    // A byte changed anywhere: positions spread over the whole text (each one an openssl run).
    const positions = new Set<number>([0, data.length - 1]);
    const POSITIONS = 24;
    for (let i = 1; i < POSITIONS; i++) positions.add(Math.floor((i * data.length) / POSITIONS));
    for (const position of positions) {
      const changed = Buffer.from(data);
      changed[position] = changed[position]! ^ 0x01;
      expect(opensslVerifies(key.publicKey, changed, signature), `byte ${position} changed`).toBe(false);
    }
    const badSignature = Buffer.from(signature);
    badSignature[10] = badSignature[10]! ^ 0x80;
    expect(opensslVerifies(key.publicKey, data, badSignature)).toBe(false);
  });

  it('changes with a changed fact even when the JSON is re-serialized', () => {
    const tampered: DrawCertificate = structuredClone(certificate);
    tampered.winners[0]!.ticket = 'T-999999';
    const signature = Buffer.from(key.sign(certificateSignedText(certificate)), 'base64');
    expect(opensslVerifies(key.publicKey, Buffer.from(certificateSignedText(tampered)), signature)).toBe(
      false,
    );
  });
});
