// `prizewheel verify-certificate` given what is not a good certificate, key or address: the real
// command against the real app's certificate, each answer a clear line and exit 1 (2 for a bad
// option), never a JavaScript error's text.
import { truncateSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignedCertificate } from '../../core/index.ts';
import { runCli } from '../../server/test-support/run-cli.ts';
import { createTestApp, type TestApp } from '../../server/test-support/test-app.ts';
import { CERTIFICATE_FILE_MAX_BYTES } from './verify-certificate.ts';

let t: TestApp;
let address: string;
let signed: SignedCertificate;
let keyFile: string;

/** Writes `content` into the test's folder and answers its path. */
function fileWith(name: string, content: string | Uint8Array): string {
  const file = join(t.dataDir, name);
  writeFileSync(file, content);
  return file;
}

beforeAll(async () => {
  // The demo list is published on `default`: a certificate without draws is enough here.
  t = await createTestApp({ demo: true });
  const certificate = await t.app.inject({ method: 'GET', url: '/api/wheels/default/certificate' });
  signed = certificate.json();
  const key = await t.app.inject({ method: 'GET', url: '/api/signing-key' });
  keyFile = fileWith('public.pem', key.json<{ publicKey: string }>().publicKey);
  address = await t.app.listen({ host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await t.close();
});

const CLI_RUNS_AT_ONCE = 4;
/** 25 CLI processes in a row, on a shared machine. */
const BYTE_FLIP_TIMEOUT_MS = 180_000;

const JS_ERROR_TEXT = /is not iterable|Cannot read properties|undefined|DECODER routines|fetch failed/;

describe('prizewheel verify-certificate', () => {
  it('says a PDF is damaged when it cannot be read, exit 1', async () => {
    const file = fileWith('damaged.pdf', '%PDF-1.7\nnot really a PDF');
    const run = await runCli(['verify-certificate', file, '--key', keyFile], t.dataDir);
    expect(run.code, run.output).toBe(1);
    expect(run.output).toMatch(/FAIL +.*damaged\.pdf: a damaged PDF/);
    expect(run.output).not.toMatch(JS_ERROR_TEXT);
  });

  it('refuses a file larger than any certificate without reading it, exit 1', async () => {
    const file = fileWith('huge.json', '');
    truncateSync(file, CERTIFICATE_FILE_MAX_BYTES + 1);
    const run = await runCli(['verify-certificate', file, '--key', keyFile], t.dataDir);
    expect(run.code, run.output).toBe(1);
    expect(run.output).toMatch(/FAIL +.*huge\.json: \d+ bytes: a certificate file is at most \d+ bytes/);
  });

  it('names the --key file that is not a public key, exit 1', async () => {
    const file = fileWith('certificate.json', JSON.stringify(signed));
    const notAKey = fileWith('not-a-key.pem', 'hello');
    const run = await runCli(['verify-certificate', file, '--key', notAKey], t.dataDir);
    expect(run.code, run.output).toBe(1);
    expect(run.output).toContain(`--key ${notAKey}: not a PEM public key`);
    expect(run.output).not.toMatch(JS_ERROR_TEXT);
  });

  it('answers a --url that is no address as a usage error, exit 2', async () => {
    const file = fileWith('certificate.json', JSON.stringify(signed));
    const run = await runCli(['verify-certificate', file, '--url', 'draw.example.org'], t.dataDir);
    expect(run.code, run.output).toBe(2);
    expect(run.output).toContain('--url draw.example.org: not an address');
  });

  it('says why a --url server cannot be reached, exit 1', async () => {
    const probe = createServer();
    await new Promise<void>((listening) => probe.listen(0, '127.0.0.1', listening));
    const { port } = probe.address() as { port: number };
    await new Promise((closed) => probe.close(closed));
    const file = fileWith('certificate.json', JSON.stringify(signed));
    const run = await runCli(['verify-certificate', file, '--url', `http://127.0.0.1:${port}`], t.dataDir);
    expect(run.code, run.output).toBe(1);
    expect(run.output).toContain(
      `GET http://127.0.0.1:${port}/api/signing-key: cannot reach the server (ECONNREFUSED)`,
    );
  });

  it('fails a changed certificate of another shape against the public data with a clear line, exit 1', async () => {
    const changed = structuredClone(signed) as unknown as { certificate: Record<string, unknown> };
    changed.certificate.winners = 5;
    const file = fileWith('changed.json', JSON.stringify(changed));
    const run = await runCli(['verify-certificate', file, '--url', address], t.dataDir);
    expect(run.code, run.output).toBe(1);
    expect(run.output).toMatch(/FAIL +signature/);
    expect(run.output).toMatch(/FAIL +public data: not compared/);
    expect(run.output).not.toMatch(JS_ERROR_TEXT);
  });

  it(
    'checks every byte of the PDF: one bit flipped anywhere, or the signature line removed, fails, exit 1',
    async () => {
      const pdf = (await t.app.inject({ method: 'GET', url: '/api/wheels/default/certificate.pdf' }))
        .rawPayload;
      const good = await runCli(
        ['verify-certificate', fileWith('certificate.pdf', pdf), '--key', keyFile],
        t.dataDir,
      );
      expect(good.code, good.output).toBe(0);
      expect(good.output).toMatch(/ok +the PDF's pages \(every byte signed\)/);
      expect(good.output).not.toMatch(/UNCHECK/);

      // Positions spread over the whole file, and the landmarks: the header, the content streams, the
      // attached JSON's stream, the xref table, %%EOF, the signature line and the very last byte.
      const text = pdf.toString('latin1');
      const lineStart = text.lastIndexOf('\n%prizewheel-signature ') + 1;
      expect(lineStart).toBeGreaterThan(0);
      const landmarks = [
        0,
        5,
        text.indexOf('stream\n') + 20,
        text.indexOf('/EmbeddedFile') + 2,
        text.lastIndexOf('xref') + 8,
        text.lastIndexOf('%%EOF'),
        lineStart - 1,
        lineStart,
        lineStart + 30,
        lineStart + 100,
        pdf.length - 10,
        pdf.length - 1,
      ];
      const spread = Array.from({ length: 13 }, (_, index) => Math.floor(((index + 0.5) * pdf.length) / 13));
      const positions = [...new Set([...landmarks, ...spread])];
      expect(positions.every((position) => position >= 0 && position < pdf.length)).toBe(true);
      // A few commands at a time: each is a whole CLI process.
      const outcomes: Array<{ position: number; code: number; output: string }> = [];
      for (let from = 0; from < positions.length; from += CLI_RUNS_AT_ONCE)
        outcomes.push(
          ...(await Promise.all(
            positions.slice(from, from + CLI_RUNS_AT_ONCE).map(async (position) => {
              const changed = Buffer.from(pdf);
              changed[position] = changed[position]! ^ 0x01;
              const file = fileWith(`flipped-${position}.pdf`, changed);
              const run = await runCli(['verify-certificate', file, '--key', keyFile], t.dataDir);
              return { position, code: run.code, output: run.output };
            }),
          )),
        );
      for (const outcome of outcomes) {
        expect.soft(outcome.code, `byte ${outcome.position}: ${outcome.output}`).toBe(1);
        expect.soft(outcome.output, `byte ${outcome.position}`).toMatch(/FAIL +(the PDF: |.*flipped-)/);
        expect.soft(outcome.output).not.toMatch(JS_ERROR_TEXT);
      }

      const unsigned = await runCli(
        ['verify-certificate', fileWith('unsigned.pdf', pdf.subarray(0, lineStart)), '--key', keyFile],
        t.dataDir,
      );
      expect(unsigned.code, unsigned.output).toBe(1);
      expect(unsigned.output).toMatch(
        /FAIL +the PDF: not a certificate PDF from prizewheel, or its signature line was removed/,
      );
    },
    BYTE_FLIP_TIMEOUT_MS,
  );

  it('fails a PDF whose signature line names another key, exit 1', async () => {
    const pdf = (await t.app.inject({ method: 'GET', url: '/api/wheels/default/certificate.pdf' }))
      .rawPayload;
    const other = `sha256:${'0'.repeat(64)}`;
    const text = pdf
      .toString('latin1')
      .replace(/(%prizewheel-signature ed25519 )sha256:[0-9a-f]{64}/, `$1${other}`);
    const file = fileWith('other-key.pdf', Buffer.from(text, 'latin1'));
    const run = await runCli(['verify-certificate', file, '--key', keyFile], t.dataDir);
    expect(run.code, run.output).toBe(1);
    expect(run.output).toContain(`FAIL    the PDF: its signature line names key ${other}`);
  });
});
