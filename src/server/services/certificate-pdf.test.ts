import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificateSignedText } from '../../core/index.ts';
import { certificateFixture } from '../test-support/certificate-fixture.ts';
import { extractPdfText } from '../test-support/pdf-text.ts';
import { makeTempDir } from '../test-support/test-app.ts';
import { buildCertificate } from './certificate.ts';
import { MISSING_GLYPH_MARKER, renderCertificatePdf } from './certificate-pdf.ts';
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

function sign(certificate: ReturnType<typeof buildCertificate>) {
  return {
    certificate,
    signature: key.sign(certificateSignedText(certificate)),
    keyFingerprint: key.fingerprint,
  };
}

const RESULTS_URL = 'https://draw.example.org/results/gala';

describe('renderCertificatePdf', () => {
  it('writes a PDF that parses, whose text holds the facts and every winner', async () => {
    const certificate = buildCertificate(
      certificateFixture({ entries: 300, winners: 20, withIncidents: true }),
    );
    const bytes = await renderCertificatePdf(sign(certificate), { resultsUrl: RESULTS_URL, signingKey: key });
    const document = await PDFDocument.load(bytes);
    expect(document.getPageCount()).toBeGreaterThanOrEqual(1);
    expect(document.getTitle()).toBe('Draw certificate: Gala night');
    const text = (await extractPdfText(bytes)).join('\n');
    // Long values (checksums, fingerprints) wrap over lines: compare without the line breaks.
    const joined = text.replace(/\s+/g, '');
    for (const fact of [certificate.id, certificate.snapshot.checksum, 'Example Events Ltd', key.fingerprint])
      expect(joined).toContain(fact.replace(/\s+/g, ''));
    for (const winner of certificate.winners) {
      expect(text).toContain(winner.ticket);
      expect(text).toContain(winner.name);
    }
    expect(text).toContain('Not present at the venue');
    expect(text).toContain('Pressed twice');
    expect(text).toContain(certificate.predrawn.slice(0, 40));
  });

  it('pages the winners when they do not fit, the table header repeated', async () => {
    const certificate = buildCertificate(certificateFixture({ entries: 100_000, winners: 500 }));
    const bytes = await renderCertificatePdf(sign(certificate), { resultsUrl: RESULTS_URL, signingKey: key });
    const pages = await extractPdfText(bytes);
    expect(pages.length).toBeGreaterThan(5);
    expect(pages[1]).toContain('Winners and reserves (continued)');
    const text = pages.join('\n');
    expect(text).toContain(certificate.winners[499]!.ticket);
    pages.forEach((page, index) => expect(page).toContain(`page ${index + 1} of ${pages.length}`));
  });

  it('embeds a font for non-Latin-1 names and marks the characters it cannot show', async () => {
    const names = ['Łukasz Żółć', 'Анна Петрова', 'Γιώργος', '张伟'];
    const certificate = buildCertificate(
      certificateFixture({ entries: 4, winners: 4, nameOf: (index) => names[index]! }),
    );
    const text = (
      await extractPdfText(
        await renderCertificatePdf(sign(certificate), { resultsUrl: RESULTS_URL, signingKey: key }),
      )
    ).join('\n');
    for (const name of names.slice(0, 3)) expect(text).toContain(name);
    expect(text).toContain(MISSING_GLYPH_MARKER.repeat(2));
    expect(text).toMatch(/2 character\(s\) the embedded font cannot show/);
  });
});
