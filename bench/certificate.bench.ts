// npm run bench:certificate — issue #19's figure: the time to produce the draw certificate of an
// event with 500 winners from a 100,000-entry published list, median of RUNS runs (default 7),
// through the real app (app.inject on real SQLite in a temp DATA_DIR): the signed JSON
// (GET …/certificate) and the PDF (GET …/certificate.pdf). Also the PDF alone from a built
// certificate (renderCertificatePdf), and its size and page count.
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { certificateSignedText } from '../src/core/index.ts';
import { createCryptoRandom } from '../src/server/services/crypto-random.ts';
import { buildCertificate } from '../src/server/services/certificate.ts';
import { renderCertificatePdf } from '../src/server/services/certificate-pdf.ts';
import { loadOrCreateSigningKey } from '../src/server/services/signing-key.ts';
import { certificateFixture } from '../src/server/test-support/certificate-fixture.ts';
import { createTestApp, keepWinners, makeTempDir } from '../src/server/test-support/test-app.ts';
import { describeRuns, makeProgramEntries } from './support/event-program-fixture.ts';

const RUNS = Math.max(5, Number(process.env.RUNS ?? 7));
const ENTRIES = Number(process.env.ENTRIES ?? 100_000);
const WINNERS = Number(process.env.WINNERS ?? 500);
const PRESS_WINNERS = 100;

async function benchThroughTheApp(): Promise<void> {
  let nowMs = Date.parse('2026-12-06T20:00:00.000Z');
  const t = await createTestApp({ random: createCryptoRandom(), clock: () => new Date(nowMs) });
  try {
    const cookie = await t.signIn();
    await keepWinners(t, cookie);
    const call = async (
      method: 'GET' | 'PUT' | 'POST',
      url: string,
      payload: object | undefined,
      expected: number,
    ) => {
      const response = await t.app.inject({
        method,
        url,
        headers: { cookie },
        ...(payload ? { payload } : {}),
      });
      if (response.statusCode !== expected)
        throw new Error(`${method} ${url}: ${response.statusCode} ${response.body.slice(0, 500)}`);
      return response;
    };
    await call(
      'PUT',
      '/api/admin/wheels/default/draft/entries',
      { entries: makeProgramEntries(ENTRIES) },
      200,
    );
    const prize = {
      id: 'voucher',
      name: 'Voucher',
      quantity: WINNERS,
      groups: null,
      allowPreviousWinners: false,
      batchSize: PRESS_WINNERS,
      reserves: 0,
    };
    await call('PUT', '/api/admin/wheels/default/draft/prizes', { prizes: [prize] }, 200);
    const { version } = (await call('POST', '/api/admin/wheels/default/publish', {}, 201)).json<{
      version: number;
    }>();
    for (let drawn = 0; drawn < WINNERS; drawn += PRESS_WINNERS) {
      nowMs += 60 * 60 * 1000;
      await call('POST', '/api/wheels/default/spins', { version, prizeId: prize.id }, 201);
    }

    const json: number[] = [];
    const pdf: number[] = [];
    let pdfBytes = 0;
    // One round first, unmeasured: the first read of a 100,000-entry snapshot and the font's first load.
    for (let run = 0; run <= RUNS; run++) {
      let started = performance.now();
      const answer = await call('GET', '/api/wheels/default/certificate', undefined, 200);
      const jsonMs = performance.now() - started;
      const winners = answer.json<{ certificate: { winners: unknown[] } }>().certificate.winners.length;
      if (winners !== WINNERS) throw new Error(`${winners} winners in the certificate, expected ${WINNERS}`);
      started = performance.now();
      const document = await call('GET', '/api/wheels/default/certificate.pdf', undefined, 200);
      const pdfMs = performance.now() - started;
      pdfBytes = document.rawPayload.length;
      if (run > 0) {
        json.push(jsonMs);
        pdf.push(pdfMs);
      }
    }
    const label = `${WINNERS} winners from ${ENTRIES.toLocaleString('en')} entries`;
    console.log(describeRuns(`certificate JSON, signed (GET …/certificate), ${label}`, json));
    console.log(
      describeRuns(
        `certificate PDF (GET …/certificate.pdf), ${label}`,
        pdf,
        `; ${(pdfBytes / 1024).toFixed(0)} KB`,
      ),
    );
  } finally {
    await t.close();
  }
}

async function benchPdfAlone(): Promise<void> {
  const certificate = buildCertificate(certificateFixture({ entries: ENTRIES, winners: WINNERS }));
  const dir = makeTempDir();
  const signingKey = loadOrCreateSigningKey(join(dir, 'signing-key.pem'));
  const signed = {
    certificate,
    signature: signingKey.sign(certificateSignedText(certificate)),
    keyFingerprint: signingKey.fingerprint,
  };
  const timings: number[] = [];
  let pages = 0;
  try {
    for (let run = 0; run <= RUNS; run++) {
      const started = performance.now();
      const bytes = await renderCertificatePdf(signed, {
        resultsUrl: 'https://draw.example.org/results/gala',
        signingKey,
      });
      if (run > 0) timings.push(performance.now() - started);
      pages = (await PDFDocument.load(bytes)).getPageCount();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    describeRuns(
      `renderCertificatePdf alone, ${WINNERS} winners`,
      timings,
      `; ${pages} pages, signed text ${(certificateSignedText(certificate).length / 1024).toFixed(0)} KB`,
    ),
  );
}

console.log(
  `load average before: ${loadavg()
    .map((load) => load.toFixed(2))
    .join(' ')}`,
);
await benchThroughTheApp();
await benchPdfAlone();
