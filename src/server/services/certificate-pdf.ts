// The draw certificate as a PDF (issue #19 req. 2), drawn with pdf-lib: the same facts as the signed
// JSON, A4 pages, a QR code to the wheel's public results page, the winners paged as they come, and
// the signed JSON itself attached (certificate.json) so the PDF alone can be checked. The PDF itself
// is signed too, every byte of it, with the same key: core's pdfSignedBody/appendPdfSignature say how.
//
// NOTE: fonts. pdf-lib's standard fonts only encode Latin-1 (WinAnsi). The text is set in DejaVu Sans
// embedded (subset) through @pdf-lib/fontkit when the machine has it (Debian's fonts-dejavu-core:
// Latin, Greek, Cyrillic, Hebrew, Arabic letters…); a character the font has no glyph for (CJK with
// DejaVu, anything beyond Latin-1 with the Helvetica fallback) is printed as MISSING_GLYPH_MARKER and
// a line under the signature says how many — the signed JSON attached holds every name exactly.
import { existsSync, readFileSync } from 'node:fs';
import * as fontkitModule from '@pdf-lib/fontkit';
import { PDFDocument, rgb, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';
import qrcode from 'qrcode-generator';
import {
  appendPdfSignature,
  pdfSignedBody,
  type CertificateWinner,
  type SignedCertificate,
} from '../../core/index.ts';
import type { SigningKey } from './signing-key.ts';

const PAGE_WIDTH_PT = 595.28;
const PAGE_HEIGHT_PT = 841.89;
const MARGIN_PT = 48;
const QR_SIZE_PT = 104;
const BODY_SIZE_PT = 9;
const LINE_GAP_PT = 3;
const FOOTER_PT = 28;

/** TrueType fonts tried in order (regular, bold); the first pair present is embedded. */
export const FONT_CANDIDATES: ReadonlyArray<{ regular: string; bold: string }> = [
  {
    regular: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
    bold: '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
  },
  {
    regular: '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
    bold: '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf',
  },
];
export const MISSING_GLYPH_MARKER = '?';

const INK = rgb(0.1, 0.1, 0.12);
const MUTED = rgb(0.38, 0.38, 0.42);
const RULE = rgb(0.8, 0.8, 0.84);

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  /** Code points both fonts can draw. */
  covered: ReadonlySet<number>;
  embedded: string | null;
}

type Fontkit = Parameters<PDFDocument['registerFontkit']>[0];
const fontkit = ((fontkitModule as unknown as { default?: Fontkit }).default ??
  fontkitModule) as unknown as Fontkit;

const fontFileCache = new Map<string, Uint8Array>();
function readFontFile(path: string): Uint8Array {
  let bytes = fontFileCache.get(path);
  if (!bytes) {
    bytes = readFileSync(path);
    fontFileCache.set(path, bytes);
  }
  return bytes;
}

async function loadFonts(document: PDFDocument): Promise<Fonts> {
  const found = FONT_CANDIDATES.find((pair) => existsSync(pair.regular) && existsSync(pair.bold));
  let regular: PDFFont;
  let bold: PDFFont;
  if (found) {
    document.registerFontkit(fontkit);
    regular = await document.embedFont(readFontFile(found.regular), { subset: true });
    bold = await document.embedFont(readFontFile(found.bold), { subset: true });
  } else {
    regular = await document.embedFont(StandardFonts.Helvetica);
    bold = await document.embedFont(StandardFonts.HelveticaBold);
  }
  const boldSet = new Set(bold.getCharacterSet());
  const covered = new Set(regular.getCharacterSet().filter((codePoint) => boldSet.has(codePoint)));
  return { regular, bold, covered, embedded: found ? found.regular : null };
}

/** The text with every character the fonts cannot draw replaced by the marker (and controls by a space). */
function printable(text: string, fonts: Fonts, replaced: { count: number }): string {
  let out = '';
  for (const character of text) {
    const codePoint = character.codePointAt(0)!;
    if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint < 0xa0)) out += ' ';
    else if (fonts.covered.has(codePoint)) out += character;
    else {
      replaced.count++;
      out += MISSING_GLYPH_MARKER;
    }
  }
  return out;
}

/** Splits text into lines no wider than `width` at `size` (words broken only when one alone is wider). */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  const fits = (candidate: string) => font.widthOfTextAtSize(candidate, size) <= width;
  for (const word of text.split(/\s+/).filter((part) => part !== '')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (fits(candidate)) {
      line = candidate;
      continue;
    }
    if (line !== '') lines.push(line);
    line = '';
    let rest = word;
    while (!fits(rest)) {
      let cut = rest.length - 1;
      while (cut > 1 && !fits(rest.slice(0, cut))) cut--;
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    line = rest;
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

/** Cuts text to fit `width` with an ellipsis. */
function fitText(text: string, font: PDFFont, size: number, width: number): string {
  if (font.widthOfTextAtSize(text, size) <= width) return text;
  let cut = text.length;
  while (cut > 0 && font.widthOfTextAtSize(`${text.slice(0, cut)}…`, size) > width) cut--;
  return `${text.slice(0, cut)}…`;
}

/** Draws the QR code of `url` as dark modules (rectangles) with its top-left corner at (x, top). */
function drawQrCode(page: PDFPage, url: string, x: number, top: number, size: number): void {
  const code = qrcode(0, 'M');
  code.addData(url);
  code.make();
  const modules = code.getModuleCount();
  const quiet = 2;
  const cell = size / (modules + quiet * 2);
  for (let row = 0; row < modules; row++) {
    for (let column = 0; column < modules; column++) {
      if (!code.isDark(row, column)) continue;
      page.drawRectangle({
        x: x + (column + quiet) * cell,
        y: top - (row + quiet + 1) * cell,
        width: cell,
        height: cell,
        color: INK,
      });
    }
  }
}

const WINNER_COLUMNS: ReadonlyArray<{
  header: string;
  width: number;
  cell: (w: CertificateWinner, prizeName: string) => string;
}> = [
  { header: 'Prize', width: 110, cell: (_, prizeName) => prizeName },
  { header: 'Place', width: 34, cell: (winner) => (winner.rank === null ? '' : String(winner.rank)) },
  { header: 'Role', width: 44, cell: (winner) => winner.role ?? '' },
  { header: 'Ticket', width: 70, cell: (winner) => winner.ticket },
  { header: 'Name', width: 130, cell: (winner) => winner.name },
  { header: 'Status', width: 60, cell: (winner) => winner.status },
  { header: 'Seq', width: 35, cell: (winner) => String(winner.seq) },
];

export interface CertificatePdfOptions {
  /** The public results page the QR code points to. */
  resultsUrl: string;
  /** The key that signed the certificate: it signs the PDF's bytes as well. */
  signingKey: Pick<SigningKey, 'fingerprint' | 'signBytes'>;
}

/** The PDF bytes of a signed certificate, ending in the signature line over every byte before it. */
export async function renderCertificatePdf(
  signed: SignedCertificate,
  options: CertificatePdfOptions,
): Promise<Uint8Array> {
  const { certificate } = signed;
  if (options.signingKey.fingerprint !== signed.keyFingerprint)
    throw new Error(
      `the PDF would be signed with key ${options.signingKey.fingerprint}, the certificate with ${signed.keyFingerprint}`,
    );
  const document = await PDFDocument.create();
  const fonts = await loadFonts(document);
  const replaced = { count: 0 };
  const text = (value: string) => printable(value, fonts, replaced);
  const contentWidth = PAGE_WIDTH_PT - 2 * MARGIN_PT;
  const prizeNames = new Map(certificate.prizes.map((prize) => [prize.id, prize.name]));
  const scope =
    certificate.prizeId === null
      ? 'The whole event'
      : `Prize: ${prizeNames.get(certificate.prizeId) ?? certificate.prizeId}`;

  document.setTitle(`Draw certificate: ${certificate.title}`);
  document.setSubject(`${scope} (${certificate.wheel}), ${certificate.id}`);
  document.setProducer(`prizewheel ${certificate.software.version}`);
  document.setCreator('prizewheel');
  document.setCreationDate(new Date(certificate.issuedAt));
  document.setModificationDate(new Date(certificate.issuedAt));

  let page = document.addPage([PAGE_WIDTH_PT, PAGE_HEIGHT_PT]);
  let y = PAGE_HEIGHT_PT - MARGIN_PT;
  const bottom = MARGIN_PT + FOOTER_PT;

  const newPage = () => {
    page = document.addPage([PAGE_WIDTH_PT, PAGE_HEIGHT_PT]);
    y = PAGE_HEIGHT_PT - MARGIN_PT;
  };
  const ensure = (height: number) => {
    if (y - height < bottom) newPage();
  };
  const line = (
    value: string,
    style: { size?: number; bold?: boolean; color?: typeof INK; indent?: number; width?: number } = {},
  ) => {
    const size = style.size ?? BODY_SIZE_PT;
    const font = style.bold ? fonts.bold : fonts.regular;
    const indent = style.indent ?? 0;
    for (const part of wrap(text(value), font, size, (style.width ?? contentWidth) - indent)) {
      ensure(size + LINE_GAP_PT);
      y -= size;
      page.drawText(part, { x: MARGIN_PT + indent, y, size, font, color: style.color ?? INK });
      y -= LINE_GAP_PT;
    }
  };
  const heading = (value: string) => {
    ensure(40);
    y -= 10;
    line(value, { size: 12, bold: true });
    page.drawLine({
      start: { x: MARGIN_PT, y: y + 1 },
      end: { x: PAGE_WIDTH_PT - MARGIN_PT, y: y + 1 },
      thickness: 0.5,
      color: RULE,
    });
    y -= 4;
  };
  const fact = (label: string, value: string, width = contentWidth) => {
    const labelWidth = 120;
    const size = BODY_SIZE_PT;
    const parts = wrap(text(value), fonts.regular, size, width - labelWidth);
    parts.forEach((part, index) => {
      ensure(size + LINE_GAP_PT);
      y -= size;
      if (index === 0) page.drawText(text(label), { x: MARGIN_PT, y, size, font: fonts.bold, color: MUTED });
      page.drawText(part, { x: MARGIN_PT + labelWidth, y, size, font: fonts.regular, color: INK });
      y -= LINE_GAP_PT;
    });
  };

  // Page 1 header: what this is, for what, the QR code to the public page on the right.
  const headerWidth = contentWidth - QR_SIZE_PT - 12;
  drawQrCode(page, options.resultsUrl, PAGE_WIDTH_PT - MARGIN_PT - QR_SIZE_PT, y, QR_SIZE_PT);
  const qrBottom = y - QR_SIZE_PT;
  line('Draw certificate', { size: 20, bold: true, width: headerWidth });
  y -= 4;
  line(certificate.title, { size: 14, bold: true, width: headerWidth });
  line(scope, { size: 11, width: headerWidth });
  if (certificate.organizer !== null)
    line(`Organizer: ${certificate.organizer}`, { size: 11, width: headerWidth });
  line(
    `Issued ${certificate.issuedAt
      .replace('T', ' ')
      .replace(/\.\d+Z$/, ' UTC')
      .replace(/Z$/, ' UTC')}`,
    {
      size: 10,
      color: MUTED,
      width: headerWidth,
    },
  );
  line(`Results page: ${options.resultsUrl}`, { size: 8, color: MUTED, width: headerWidth });
  y = Math.min(y, qrBottom) - 6;

  heading('The record');
  fact('Certificate id', certificate.id);
  fact('Wheel', certificate.wheel);
  fact(
    'Software',
    `prizewheel ${certificate.software.version}${certificate.software.commit ? `, commit ${certificate.software.commit}` : ''}`,
  );
  const { snapshot } = certificate;
  fact('Participant list', `version ${snapshot.version}, published ${snapshot.publishedAt}`);
  fact('Entries', `${snapshot.entries} (total weight ${snapshot.totalWeight})`);
  fact('List checksum', snapshot.checksum);
  if (snapshot.privateChecksum !== null)
    fact('Full-name checksum', `${snapshot.privateChecksum} (names are shown in their public form)`);
  if (certificate.snapshots.length > 1)
    fact(
      'Versions drawn on',
      certificate.snapshots
        .map((each) => `v${each.version} ${each.checksum ?? '(checksum not recorded)'}`)
        .join('; '),
    );
  fact('Pre-drawn winners', certificate.predrawn);
  fact(
    'Audit chain head',
    certificate.auditHead === null
      ? 'none'
      : `event ${certificate.auditHead.id}, ${certificate.auditHead.hash}`,
  );
  fact('Signing key', signed.keyFingerprint);
  fact(
    'Counts',
    `${certificate.winners.length} draw(s) listed, ${certificate.declines.length} decline(s), ${certificate.voided.length} voided`,
  );

  heading('Prizes and rules');
  for (const rule of certificate.rules) line(`• ${rule}`);

  if (certificate.epochs.length > 0) {
    heading('Verifiable draws (commit-reveal epochs)');
    for (const epoch of certificate.epochs) {
      fact(`Epoch ${epoch.epoch} commitment`, epoch.commitment);
      fact('Witness entropy', epoch.witness ?? 'none');
      fact('Seed', epoch.seed ?? 'not revealed yet');
      if (epoch.version !== null) fact('Frozen list', `version ${epoch.version}, ${epoch.checksum ?? ''}`);
    }
  }

  // The winners: a table whose header repeats on every page it continues on.
  heading('Winners and reserves, in running order');
  const rowHeight = BODY_SIZE_PT + LINE_GAP_PT + 2;
  const tableHeader = () => {
    ensure(rowHeight * 2);
    y -= BODY_SIZE_PT;
    let x = MARGIN_PT;
    for (const column of WINNER_COLUMNS) {
      page.drawText(column.header, { x, y, size: BODY_SIZE_PT, font: fonts.bold, color: MUTED });
      x += column.width;
    }
    y -= LINE_GAP_PT + 2;
  };
  if (certificate.winners.length === 0) line('No draw was made.');
  else tableHeader();
  for (const winner of certificate.winners) {
    if (y - rowHeight < bottom) {
      newPage();
      line('Winners and reserves (continued)', { bold: true });
      tableHeader();
    }
    y -= BODY_SIZE_PT;
    let x = MARGIN_PT;
    const prizeName = winner.prizeId === null ? '' : (prizeNames.get(winner.prizeId) ?? winner.prizeId);
    for (const column of WINNER_COLUMNS) {
      const value = fitText(
        text(column.cell(winner, prizeName)),
        fonts.regular,
        BODY_SIZE_PT,
        column.width - 4,
      );
      page.drawText(value, { x, y, size: BODY_SIZE_PT, font: fonts.regular, color: INK });
      x += column.width;
    }
    y -= LINE_GAP_PT + 2;
  }

  if (certificate.declines.length > 0) {
    heading('Declines and substitutions');
    for (const decline of certificate.declines) {
      const substitute =
        decline.substitute === null
          ? 'nobody could take the place'
          : `replaced by ${decline.substitute.name} (ticket ${decline.substitute.ticket}, seq ${decline.substitute.seq})`;
      line(
        `${decline.name} (ticket ${decline.ticket}, seq ${decline.seq}) declined: "${decline.reason}"; ${substitute}.`,
      );
    }
  }
  if (certificate.voided.length > 0) {
    heading('Voided draws (they count for nothing)');
    for (const voided of certificate.voided)
      line(
        `${voided.name} (ticket ${voided.ticket}, seq ${voided.seq}): ${voided.reason ?? 'no reason given'}.`,
      );
  }

  heading('Signature');
  line(
    'Ed25519 over the RFC 8785 canonical JSON of the certificate (attached to this PDF as certificate.json), ' +
      "and, with the same key, over every byte of this PDF file before its last line (the file's signature line). " +
      'Check both with: prizewheel verify-certificate <this file>.pdf --url <server>',
    { color: MUTED },
  );
  line(signed.signature, { size: 7 });
  if (replaced.count > 0)
    line(
      `${replaced.count} character(s) the embedded font cannot show are printed as "${MISSING_GLYPH_MARKER}"; the attached certificate.json holds every name exactly.`,
      { color: MUTED },
    );

  const pages = document.getPages();
  pages.forEach((each, index) => {
    each.drawText(
      text(
        fitText(`${certificate.id} · page ${index + 1} of ${pages.length}`, fonts.regular, 7, contentWidth),
      ),
      { x: MARGIN_PT, y: MARGIN_PT, size: 7, font: fonts.regular, color: MUTED },
    );
  });

  await document.attach(new TextEncoder().encode(JSON.stringify(signed, null, 2)), 'certificate.json', {
    mimeType: 'application/json',
    description: 'The signed certificate: check it with prizewheel verify-certificate',
    creationDate: new Date(certificate.issuedAt),
    modificationDate: new Date(certificate.issuedAt),
  });
  const body = pdfSignedBody(await document.save());
  return appendPdfSignature(body, options.signingKey.fingerprint, options.signingKey.signBytes(body));
}
