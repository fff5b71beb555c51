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

  it("says that a PDF's pages are not what the signature covers", async () => {
    const pdf = await t.app.inject({ method: 'GET', url: '/api/wheels/default/certificate.pdf' });
    const file = fileWith('certificate.pdf', pdf.rawPayload);
    const run = await runCli(['verify-certificate', file, '--key', keyFile], t.dataDir);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/UNCHECK the PDF's pages: not signed themselves/);
  });
});
