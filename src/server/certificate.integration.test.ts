// Issue #19 req. 1-2 on the real app over real SQLite: the scripted event of #18 in verifiable mode,
// then its certificate (whole event and per prize) checked against the draw log, its signature by
// openssl, its PDF's text, and the real `prizewheel verify-certificate` command, offline and online.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import canonicalize from 'canonicalize';
import { PDFDocument } from 'pdf-lib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PublicSigningKey, SignedCertificate } from '../core/index.ts';
import { injectClient, type HttpClient } from './test-support/http-client.ts';
import { runCli } from './test-support/run-cli.ts';
import { sqliteFileIn } from './storage/sqlite/open-sqlite-store.ts';
import { opensslVerifies } from './test-support/openssl-ed25519.ts';
import { extractPdfText } from './test-support/pdf-text.ts';
import { GRAND_PRIZE, runScriptedEvent } from './test-support/scripted-event.ts';
import { createTestApp, type TestApp } from './test-support/test-app.ts';

const SCRIPTED_EVENT_TIMEOUT_MS = 120_000;

/** README "Draw certificates", checking the PDF by hand: keep the two in step. */
const README_PDF_CHECK = [
  'tail -n 1 certificate.pdf | cut -d " " -f 3',
  'head -n -1 certificate.pdf > body.pdf',
  'tail -n 1 certificate.pdf | cut -d " " -f 4 | base64 -d > signature.bin',
  'openssl pkeyutl -verify -pubin -inkey key.pem -rawin -in body.pdf -sigfile signature.bin',
].join('\n');

let t: TestApp;
let http: HttpClient;
let cookie: string;

beforeEach(async () => {
  t = await createTestApp({
    config: { organizer: 'Gala Events Ltd', publicUrl: 'https://draw.example.org' },
  });
  cookie = await t.signIn();
  http = injectClient(t.app);
});

afterEach(async () => {
  await t.close();
});

describe('GET /api/signing-key', () => {
  it('answers the Ed25519 public key and its fingerprint, publicly', async () => {
    const answer = await http('GET', '/api/signing-key');
    expect(answer.status, answer.describe()).toBe(200);
    const key = answer.json() as PublicSigningKey;
    expect(key.algorithm).toBe('Ed25519');
    expect(key.publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(key.fingerprint).toBe(t.app.signingKey.fingerprint);
  });
});

describe('GET /api/wheels/:slug/certificate', () => {
  it('answers 404 for an unknown wheel, and refuses unknown query parameters', async () => {
    expect((await http('GET', '/api/wheels/nope/certificate')).status).toBe(404);
    expect((await http('GET', '/api/wheels/nope/certificate?color=red')).status).toBe(400);
  });

  it('answers 404 not_published before a first publish, and 400 for a prize id that cannot be one', async () => {
    for (const path of ['certificate', 'certificate.pdf']) {
      const unpublished = await http('GET', `/api/wheels/default/${path}`);
      expect(unpublished.status, unpublished.describe()).toBe(404);
      expect(unpublished.json()).toMatchObject({ error: { code: 'not_published' } });
      for (const prize of ['', 'x'.repeat(10_000), 'a b']) {
        const refused = await http('GET', `/api/wheels/default/${path}?prize=${encodeURIComponent(prize)}`);
        expect(refused.status, refused.describe()).toBe(400);
        expect(refused.json()).toMatchObject({ error: { code: 'invalid_request' } });
      }
    }
  });

  it(
    'states the scripted event: signed (openssl agrees), every live draw in order, declines, epochs; PDF and CLI agree',
    async () => {
      const result = await runScriptedEvent({
        http,
        slug: 'gala',
        adminHeaders: { cookie },
        verifiable: true,
      });

      const answer = await http('GET', '/api/wheels/gala/certificate');
      expect(answer.status, answer.describe()).toBe(200);
      const signed = answer.json() as SignedCertificate;
      const { certificate } = signed;
      const key = (await http('GET', '/api/signing-key')).json() as PublicSigningKey;

      // An independent check of the signature: openssl over the canonical JSON made by `canonicalize`.
      const data = Buffer.from(canonicalize(certificate)!, 'utf8');
      const signature = Buffer.from(signed.signature, 'base64');
      expect(signed.keyFingerprint).toBe(key.fingerprint);
      expect(opensslVerifies(key.publicKey, data, signature)).toBe(true);
      const changed = Buffer.from(data);
      const middle = Math.floor(changed.length / 2);
      changed[middle] = changed[middle]! ^ 0x01;
      expect(opensslVerifies(key.publicKey, changed, signature)).toBe(false);

      // What it states, against the draw log the organizer sees.
      expect(certificate.title).toBe('Gala night');
      expect(certificate.organizer).toBe('Gala Events Ltd');
      const live = result.log.filter((draw) => !draw.rehearsal);
      const listed = new Set(certificate.winners.map((winner) => winner.seq));
      for (const draw of result.log.filter((d) => d.rehearsal)) expect(listed.has(draw.seq)).toBe(false);
      expect([...listed, ...certificate.voided.map((v) => v.seq)].sort((a, b) => a - b)).toEqual(
        live.map((draw) => draw.seq).sort((a, b) => a - b),
      );
      for (const winner of certificate.winners) {
        const draw = live.find((d) => d.seq === winner.seq)!;
        expect
          .soft(winner)
          .toMatchObject({ ticket: draw.ticket, prizeId: draw.prizeId, role: draw.role, rank: draw.rank });
      }
      expect(certificate.declines).toHaveLength(2);
      for (const decline of certificate.declines) expect(decline.reason.length).toBeGreaterThan(0);
      expect(certificate.declines.some((decline) => decline.substitute !== null)).toBe(true);
      expect(certificate.epochs.length).toBeGreaterThan(0);
      expect(certificate.epochs[0]!.commitment).toMatch(/^[0-9a-f]{64}$/);
      expect([...result.snapshots.values()].map((s) => s.checksum)).toContain(certificate.snapshot.checksum);
      expect(certificate.auditHead?.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(certificate.software.version).toMatch(/^\d+\.\d+\.\d+/);

      // Per prize: only that prize's draws.
      const grand = (
        await http('GET', `/api/wheels/gala/certificate?prize=${GRAND_PRIZE}`)
      ).json() as SignedCertificate;
      expect(grand.certificate.prizeId).toBe(GRAND_PRIZE);
      expect(grand.certificate.winners.length).toBeGreaterThan(0);
      expect(grand.certificate.winners.every((winner) => winner.prizeId === GRAND_PRIZE)).toBe(true);
      expect((await http('GET', '/api/wheels/gala/certificate?prize=nope')).status).toBe(404);

      // The PDF: it parses, states the winners, and its QR code's page is PUBLIC_URL's.
      const pdf = await http('GET', '/api/wheels/gala/certificate.pdf');
      expect(pdf.status, pdf.describe()).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      await PDFDocument.load(pdf.raw);
      const text = (await extractPdfText(pdf.raw)).join('\n');
      for (const winner of certificate.winners) expect.soft(text).toContain(winner.ticket);
      expect(text).toContain('https://draw.example.org/results/gala');
      // Its bytes are signed too, and openssl alone checks it as the README says: the last line is
      // `%prizewheel-signature ed25519 <fingerprint> <base64>`, the signature covers every byte before it.
      const lineStart = pdf.raw.lastIndexOf('\n%prizewheel-signature ') + 1;
      expect(lineStart).toBeGreaterThan(0);
      const [, algorithm, pdfKey, pdfSignature] = pdf.raw
        .subarray(lineStart)
        .toString('latin1')
        .trimEnd()
        .split(' ');
      expect(algorithm).toBe('ed25519');
      expect(pdfKey).toBe(key.fingerprint);
      const body = pdf.raw.subarray(0, lineStart);
      expect(body.subarray(body.length - 6).toString('latin1')).toBe('%%EOF\n');
      expect(opensslVerifies(key.publicKey, body, Buffer.from(pdfSignature!, 'base64'))).toBe(true);
      const changedBody = Buffer.from(body);
      changedBody[Math.floor(changedBody.length / 3)]! ^= 0x01;
      expect(opensslVerifies(key.publicKey, changedBody, Buffer.from(pdfSignature!, 'base64'))).toBe(false);
      // The README's shell lines, as written there (GNU head/tail, base64, openssl).
      const shellDir = join(t.dataDir, 'by-hand');
      mkdirSync(shellDir);
      writeFileSync(join(shellDir, 'certificate.pdf'), pdf.raw);
      writeFileSync(join(shellDir, 'key.pem'), key.publicKey);
      const byHand = spawnSync('sh', ['-c', README_PDF_CHECK], { cwd: shellDir, encoding: 'utf8' });
      expect(byHand.stdout + byHand.stderr).toContain('Signature Verified Successfully');
      expect(byHand.stdout).toContain(key.fingerprint);
      writeFileSync(
        join(shellDir, 'certificate.pdf'),
        Buffer.concat([changedBody, pdf.raw.subarray(lineStart)]),
      );
      const byHandChanged = spawnSync('sh', ['-c', README_PDF_CHECK], { cwd: shellDir, encoding: 'utf8' });
      expect(byHandChanged.status).not.toBe(0);
      expect(byHandChanged.stdout + byHandChanged.stderr).toContain('Signature Verification Failure');

      // The command: offline with the key file, online against the public data; a changed file fails.
      const address = await t.app.listen({ host: '127.0.0.1', port: 0 });
      const file = join(t.dataDir, 'certificate.json');
      const keyFile = join(t.dataDir, 'public.pem');
      writeFileSync(file, JSON.stringify(signed, null, 2));
      writeFileSync(keyFile, key.publicKey);
      const offline = await runCli(['verify-certificate', file, '--key', keyFile], t.dataDir);
      expect.soft(offline.code, offline.output).toBe(0);
      const pdfFile = join(t.dataDir, 'certificate.pdf');
      writeFileSync(pdfFile, pdf.raw);
      const fromPdf = await runCli(['verify-certificate', pdfFile, '--key', keyFile], t.dataDir);
      expect.soft(fromPdf.code, fromPdf.output).toBe(0);
      expect.soft(fromPdf.output).toMatch(/ok +the PDF's pages \(every byte signed\)/);
      const online = await runCli(['verify-certificate', file, '--url', address], t.dataDir);
      expect.soft(online.code, online.output).toBe(0);
      expect.soft(online.output).toMatch(/ok +completeness/);
      // On the server, against its database (DATA_DIR): the same checks, the key file's public half,
      // the full list's checksum and the audit chain's head as stored.
      const fromDatabase = await runCli(['verify-certificate', file, '--db'], t.dataDir);
      expect.soft(fromDatabase.code, fromDatabase.output).toBe(0);
      expect.soft(fromDatabase.output).toMatch(/ok +audit chain head/);
      expect.soft(fromDatabase.output).toMatch(/ok +full-name checksum/);

      const tampered = structuredClone(signed);
      tampered.certificate.winners[0]!.ticket = 'G-9999';
      writeFileSync(file, JSON.stringify(tampered));
      const refused = await runCli(['verify-certificate', file, '--key', keyFile], t.dataDir);
      expect.soft(refused.code, refused.output).toBe(1);
      expect.soft(refused.output).toMatch(/FAIL +signature/);
      // Against the public data, the changed winner is named as well.
      const resigned = await runCli(['verify-certificate', file, '--url', address], t.dataDir);
      expect.soft(resigned.code, resigned.output).toBe(1);
      expect.soft(resigned.output).toMatch(new RegExp(`FAIL +draw ${tampered.certificate.winners[0]!.seq} `));

      // The signed file unchanged, the database changed under it: --db names the draw.
      writeFileSync(file, JSON.stringify(signed));
      const first = certificate.winners[0]!;
      const db = new SqliteDatabase(sqliteFileIn(t.dataDir));
      try {
        db.prepare('UPDATE draws SET ticket = ? WHERE wheel = ? AND seq = ?').run(
          'G-9999',
          'gala',
          first.seq,
        );
      } finally {
        db.close();
      }
      const changedDatabase = await runCli(['verify-certificate', file, '--db'], t.dataDir);
      expect.soft(changedDatabase.code, changedDatabase.output).toBe(1);
      expect.soft(changedDatabase.output).toMatch(new RegExp(`FAIL +draw ${first.seq} `));
    },
    SCRIPTED_EVENT_TIMEOUT_MS,
  );
});
