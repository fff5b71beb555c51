// The certificate PDF's signature line (core appendPdfSignature / splitSignedPdf): where the signed
// bytes end, and what is refused, with no key involved (the CLI test checks real signatures).
import { describe, expect, it } from 'vitest';
import { appendPdfSignature, pdfSignedBody, splitSignedPdf } from './certificate.ts';

const bytes = (text: string) => Uint8Array.from(text, (character) => character.charCodeAt(0));
const text = (data: Uint8Array) => String.fromCharCode(...data);
const FINGERPRINT = `sha256:${'ab'.repeat(32)}`;
const SIGNATURE = `${'A'.repeat(86)}==`;

describe('the certificate PDF signature line', () => {
  it('signs the rendered bytes plus one newline, and splits them back exactly', () => {
    const body = pdfSignedBody(bytes('%PDF-1.7\n1 0 obj\n%%EOF'));
    expect(text(body)).toBe('%PDF-1.7\n1 0 obj\n%%EOF\n');
    expect(pdfSignedBody(body)).toBe(body);
    const file = appendPdfSignature(body, FINGERPRINT, SIGNATURE);
    expect(text(file)).toBe(`${text(body)}%prizewheel-signature ed25519 ${FINGERPRINT} ${SIGNATURE}\n`);
    expect(splitSignedPdf(file)).toEqual({ body, keyFingerprint: FINGERPRINT, signature: SIGNATURE });
  });

  it('refuses a file whose last line is not the signature line: removed, or bytes added after it', () => {
    const body = pdfSignedBody(bytes('%PDF-1.7\n%%EOF'));
    const file = text(appendPdfSignature(body, FINGERPRINT, SIGNATURE));
    const removed = /not a certificate PDF from prizewheel, or its signature line was removed/;
    for (const changed of [
      text(body),
      `${file}xref\n%%EOF\n`,
      file.slice(0, -1),
      `${file}\n`,
      `${text(body)}${'%'.repeat(10_000)}\n`,
      '',
    ])
      expect(splitSignedPdf(bytes(changed))).toMatchObject({ problem: expect.stringMatching(removed) });
  });

  it('refuses a signature line of another form', () => {
    const body = text(pdfSignedBody(bytes('%PDF-1.7\n%%EOF')));
    for (const line of [
      `%prizewheel-signature rsa ${FINGERPRINT} ${SIGNATURE}`,
      `%prizewheel-signature ed25519 sha256:xyz ${SIGNATURE}`,
      `%prizewheel-signature ed25519 ${FINGERPRINT} not*base64`,
      `%prizewheel-signature ed25519 ${FINGERPRINT} ${SIGNATURE} extra`,
    ])
      expect(splitSignedPdf(bytes(`${body}${line}\n`))).toMatchObject({
        problem: expect.stringContaining('its signature line is not'),
      });
  });
});
