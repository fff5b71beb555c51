// Writes the participant-list test fixtures with real producers: exceljs, SheetJS and LibreOffice.
// Run: npx tsx scripts/make-fixtures.ts [--formats-only]   (needs /usr/bin/soffice; the outputs are committed)
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import * as XLSX from '@e965/xlsx';
import { strToU8, zipSync } from 'fflate';

const FIXTURES = fileURLToPath(new URL('../src/server/import/fixtures/', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'prizewheel-fixtures-'));
const profile = join(work, 'lo-profile');
const PASSWORD = 'secret';

function fixture(name: string): string {
  return join(FIXTURES, name);
}

async function writeBasic(): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('List');
  sheet.addRow(['Ticket', 'Name', 'Weight', 'Email']);
  sheet.addRow([42, 'Ana Lima', 1, 'ana@example.org']).getCell(1).numFmt = '00000';
  sheet.addRow([1001, 'Bruno', { formula: '1+1', result: 2 }]);
  sheet.addRow([7, 'Zoe\u0301 \u00dcnal']).getCell(1).numFmt = '[$-409]00000';
  sheet.addRow(['A-1', '\u{1F600} Emoji Fan', 0.5]);
  sheet.addRow(['B-2', '\u0645\u0631\u062d\u0628\u0627 \u0639\u0627\u0644\u0645']);
  sheet.addRow([{ formula: '"T-"&"9"', result: 'T-9' }, 'Formula Ticket']);
  await workbook.xlsx.writeFile(fixture('basic.xlsx'));
}

async function writeTitleRows(): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Draw');
  sheet.getCell('A1').value = 'Company prize draw 2026';
  sheet.getCell('A2').value = 'Please fill in the list below';
  sheet.getCell('A4').value = 'Generated 2026-11-01';
  sheet.getRow(5).values = ['Ticket No.', 'Full name', 'Chance', 'Department'];
  sheet.getRow(6).values = ['T-1', 'Ana', 2, 'Sales'];
  sheet.getRow(7).values = ['T-2', 'Bruno', 1, 'IT'];
  sheet.getRow(9).values = ['T-3', 'Carla', 3];
  await workbook.xlsx.writeFile(fixture('title-rows.xlsx'));
}

async function writeSheets(): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const archive = workbook.addWorksheet('Archive');
  archive.state = 'hidden';
  archive.addRow(['ticket', 'name']);
  archive.addRow(['OLD-1', 'Last year']);
  const instructions = workbook.addWorksheet('Instructions');
  instructions.addRow(['Put the participants on the sheet "Participants".']);
  instructions.addRow(['One row per ticket; the name column is required.']);
  const list = workbook.addWorksheet('Participants');
  list.addRow(['ticket', 'name']);
  list.addRow(['P-1', 'Dora']);
  list.addRow(['P-2', 'Emil']);
  // NOTE: the active tab must be a visible one, or LibreOffice shows the hidden sheet when converting.
  workbook.views = [
    { x: 0, y: 0, width: 10000, height: 20000, firstSheet: 1, activeTab: 1, visibility: 'visible' },
  ];
  await workbook.xlsx.writeFile(fixture('sheets.xlsx'));
}

async function writeMerged(): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Merged');
  sheet.getCell('A1').value = 'Prize draw';
  sheet.mergeCells('A1:D1');
  sheet.getCell('A2').value = 'Ticket number';
  sheet.mergeCells('A2:B2');
  sheet.getCell('C2').value = 'Participant';
  sheet.getCell('D2').value = 'Entries';
  sheet.getRow(3).values = ['M-1', '', 'Fritz', 1];
  sheet.getRow(4).values = ['M-2', '', 'Greta', 2];
  await workbook.xlsx.writeFile(fixture('merged.xlsx'));
}

async function writeErrors(): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Errors');
  const rows: Record<number, unknown[]> = {
    1: ['ticket', 'name', 'weight'],
    2: ['T1', 'Ana', 1],
    3: ['A-1', 'Bob'],
    5: [null, 'Carl'],
    6: ['T6', '   '],
    7: [' a-1 ', 'Dan'],
    8: ['T8', 'Eve', 'abc'],
    9: ['T9', 'Fay', 0],
    10: ['T10', 'Gus', -2],
    11: ['X'.repeat(101), 'Hal'],
    12: ['T12', 'N'.repeat(1001)],
    13: ['T13', 'Ivy', null],
    14: ['A-1', 'Jon'],
  };
  for (const [row, values] of Object.entries(rows))
    sheet.getRow(Number(row)).values = values as ExcelJS.CellValue[];
  // Formatted but empty rows below the list: read as nothing.
  for (let row = 20; row <= 40; row++) {
    for (let column = 1; column <= 3; column++)
      sheet.getCell(row, column).fill = {
        type: 'pattern',
        pattern: 'solid',
        fgColor: { argb: 'FFFFFF00' },
      };
  }
  await workbook.xlsx.writeFile(fixture('errors.xlsx'));
}

async function writeNoHeaderAndEmpty(): Promise<void> {
  const noHeader = new ExcelJS.Workbook();
  const sheet = noHeader.addWorksheet('Data');
  sheet.addRow(['Ticket', 'Email']);
  sheet.addRow(['1', 'a@example.org']);
  await noHeader.xlsx.writeFile(fixture('no-header.xlsx'));
  const empty = new ExcelJS.Workbook();
  empty.addWorksheet('Sheet1');
  await empty.xlsx.writeFile(fixture('empty.xlsx'));
}

function writeSheetJs(): void {
  const sheet = XLSX.utils.aoa_to_sheet([
    ['Ticket', 'Name'],
    [42, 'Ana'],
    [1001, 'Bruno'],
  ]);
  const cell = sheet['A2'];
  if (cell) cell.z = '00000';
  const workbook = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(workbook, sheet, 'SheetJS');
  writeFileSync(
    fixture('sheetjs.xlsx'),
    XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx' }) as Buffer,
  );
  writeFileSync(
    fixture('sheetjs.xls'),
    XLSX.write(workbook, { type: 'buffer', bookType: 'biff8' }) as Buffer,
  );
  writeFileSync(fixture('sheetjs.ods'), XLSX.write(workbook, { type: 'buffer', bookType: 'ods' }) as Buffer);
}

function writeCsvs(): void {
  const utf8 = 'ticket,name,weight\n1,Ana,1\n2,Bruno,2\n00003,"Lima, Carla",\n';
  writeFileSync(fixture('comma.csv'), utf8);
  const bom = Buffer.from([0xef, 0xbb, 0xbf]);
  const semicolon =
    'Prize draw 2026\r\n\r\nTicket number;Participant name;Chance\r\n' +
    '001;"Ana\r\nLima";1,5\r\n002;Bruno;\r\n\r\n003;;2\r\n004;Dora;x\r\n';
  writeFileSync(fixture('semicolon-bom-crlf.csv'), Buffer.concat([bom, Buffer.from(semicolon)]));
  writeFileSync(fixture('tab.tsv'), 'Code\tFull Name\tEntries\n7\tZo\u00eb\t3\n8\tJos\u00e9\t1\n');
  const unicodeText = 'ticket\tname\nU-1\t\u00c5sa \u{1F389}\nU-2\t\u05e9\u05dc\u05d5\u05dd\n';
  writeFileSync(
    fixture('utf16le.csv'),
    Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(unicodeText, 'utf16le')]),
  );
  const bigEndian = Buffer.from(unicodeText, 'utf16le').swap16();
  writeFileSync(fixture('utf16be.csv'), Buffer.concat([Buffer.from([0xfe, 0xff]), bigEndian]));
  writeFileSync(fixture('utf16le-no-bom.csv'), Buffer.from(unicodeText, 'utf16le'));
  writeFileSync(fixture('windows-1252.csv'), Buffer.from('ticket;name\n1;Jos\xe9\n2;Ren\xe9e\n', 'latin1'));
}

function soffice(args: string[]): void {
  execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${profile}`, ...args], {
    stdio: 'ignore',
    timeout: 120_000,
  });
}

function convertWithLibreOffice(): void {
  const out = join(work, 'lo');
  mkdirSync(out, { recursive: true });
  const bases = ['basic', 'title-rows', 'sheets', 'merged', 'errors'];
  for (const format of ['xlsx', 'xls', 'ods']) {
    soffice([
      '--convert-to',
      format,
      '--outdir',
      join(out, format),
      ...bases.map((base) => fixture(`${base}.xlsx`)),
    ]);
    for (const base of bases)
      copyFileSync(join(out, format, `${base}.${format}`), fixture(`lo-${base}.${format}`));
  }
}

/** A ticket cell of the number-format fixtures: its number style and its value. */
interface FormatCase {
  style: keyof typeof NUMBER_STYLES | null;
  value: number | string;
  type: 'float' | 'string' | 'date';
}

/** ODF number styles: what LibreOffice's Format Cells dialog writes for each choice. */
const NUMBER_STYLES = {
  zeros:
    '<number:number-style><number:number number:decimal-places="0" number:min-integer-digits="5"/></number:number-style>',
  text: '<number:text-style><number:text-content/></number:text-style>',
  thousands:
    '<number:number-style><number:number number:decimal-places="0" number:min-integer-digits="1" number:grouping="true"/></number:number-style>',
  decimal:
    '<number:number-style><number:number number:decimal-places="2" number:min-integer-digits="1"/></number:number-style>',
  prefix:
    '<number:number-style><number:text>T-</number:text><number:number number:decimal-places="0" number:min-integer-digits="3"/></number:number-style>',
  isoDate:
    '<number:date-style><number:year number:style="long"/><number:text>-</number:text><number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/></number:date-style>',
  dottedDate:
    '<number:date-style><number:day number:style="long"/><number:text>.</number:text><number:month number:style="long"/><number:text>.</number:text><number:year number:style="long"/></number:date-style>',
} as const;

const FORMAT_CASES: readonly FormatCase[] = [
  { style: 'zeros', value: 1, type: 'float' },
  { style: 'zeros', value: 42, type: 'float' },
  { style: 'zeros', value: 1001.5, type: 'float' },
  { style: 'text', value: 42, type: 'float' },
  { style: 'text', value: '00043', type: 'string' },
  { style: 'thousands', value: 1234567, type: 'float' },
  { style: 'decimal', value: 7, type: 'float' },
  { style: 'prefix', value: 9, type: 'float' },
  { style: 'isoDate', value: '2026-12-24', type: 'date' },
  { style: 'dottedDate', value: '2026-12-25', type: 'date' },
  { style: null, value: 4006381333931, type: 'float' },
  { style: null, value: 12, type: 'float' },
];

/**
 * A flat ODS document with one ticket per number format, in a document locale. LibreOffice loads it
 * and saves the fixtures, so they hold what LibreOffice writes for these formats.
 */
function numberFormatsDocument(language: string, country: string, cases: readonly FormatCase[]): string {
  const styleNames = Object.keys(NUMBER_STYLES) as (keyof typeof NUMBER_STYLES)[];
  const locale = `number:language="${language}" number:country="${country}"`;
  const dataStyles = styleNames
    .map((name, index) =>
      NUMBER_STYLES[name].replace('-style>', `-style style:name="N${index + 1}" ${locale}>`),
    )
    .join('');
  const cellStyles = styleNames
    .map(
      (_, index) =>
        `<style:style style:name="ce${index + 1}" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="N${index + 1}"/>`,
    )
    .join('');
  const text = (value: string) =>
    `<table:table-cell office:value-type="string"><text:p>${value}</text:p></table:table-cell>`;
  const rows = cases.map(({ style, value, type }, index) => {
    const styleAttribute = style ? ` table:style-name="ce${styleNames.indexOf(style) + 1}"` : '';
    const valueAttributes =
      type === 'float'
        ? `office:value-type="float" office:value="${value}"`
        : type === 'date'
          ? `office:value-type="date" office:date-value="${value}"`
          : 'office:value-type="string"';
    const content = type === 'string' ? `<text:p>${value}</text:p>` : '';
    return `<table:table-row><table:table-cell${styleAttribute} ${valueAttributes}>${content}</table:table-cell>${text(`Person ${index + 1}`)}${text(style ?? 'General')}</table:table-row>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:styles><style:default-style style:family="table-cell"><style:text-properties fo:language="${language}" fo:country="${country}"/></style:default-style><style:style style:name="Default" style:family="table-cell"/></office:styles>
<office:automatic-styles>${dataStyles}${cellStyles}</office:automatic-styles>
<office:body><office:spreadsheet><table:table table:name="Formats">
<table:table-row>${text('Ticket')}${text('Name')}${text('Format')}</table:table-row>
${rows.join('\n')}
</table:table></office:spreadsheet></office:body></office:document>
`;
}

/**
 * lo-formats(-de).{ods,xlsx,xls}: a ticket in every number format that matters for tickets, saved by
 * LibreOffice (lo-zeros: a column of tickets formatted 00000); *.{ods,xlsx,xls}.shown.csv: the text LibreOffice shows in each cell
 * (its CSV export writes cells as shown), which the reader must give as the ticket.
 */
function writeNumberFormats(): void {
  const sources = join(work, 'formats');
  mkdirSync(sources, { recursive: true });
  // NOTE: a whole column formatted 00000 is stored as the column's default cell style, not on each
  // cell (lo-zeros): SheetJS does not read that style, only the text LibreOffice wrote in the cell.
  const zeros = [1, 42, 1001, 7].map((value): FormatCase => ({ style: 'zeros', value, type: 'float' }));
  const documents = {
    'lo-formats': ['en', 'US', FORMAT_CASES],
    'lo-formats-de': ['de', 'DE', FORMAT_CASES],
    'lo-zeros': ['en', 'US', zeros],
  } as const;
  for (const [base, [language, country, cases]] of Object.entries(documents))
    writeFileSync(join(sources, `${base}.fods`), numberFormatsDocument(language, country, cases));
  const bases = Object.keys(documents);
  for (const format of ['ods', 'xlsx', 'xls']) {
    const saved = join(work, 'formats-saved', format);
    soffice([
      '--convert-to',
      format,
      '--outdir',
      saved,
      ...bases.map((base) => join(sources, `${base}.fods`)),
    ]);
    const shown = join(work, 'formats-shown', format);
    soffice([
      '--convert-to',
      'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true',
      '--outdir',
      shown,
      ...bases.map((base) => join(saved, `${base}.${format}`)),
    ]);
    for (const base of bases) {
      copyFileSync(join(saved, `${base}.${format}`), fixture(`${base}.${format}`));
      copyFileSync(join(shown, `${base}.csv`), fixture(`${base}.${format}.shown.csv`));
    }
  }
}

/** A real PNG image (git's logo, installed with git) under a spreadsheet's name. */
function writeImage(): void {
  copyFileSync('/usr/share/gitweb/static/git-logo.png', fixture('image.xlsx'));
}

/** A minimal Word document (only Calc is installed here): what a wrong attachment looks like. */
function writeWordDocument(): void {
  const files = {
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ),
    'word/document.xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
        '<w:body><w:p><w:r><w:t>ticket name</w:t></w:r></w:p></w:body></w:document>',
    ),
  };
  writeFileSync(fixture('word-document.xlsx'), zipSync(files));
}

/** LibreOffice saves with a password through a Basic macro in a throwaway profile. */
function writeEncrypted(): void {
  const module = join(profile, 'user/basic/Standard/Module1.xba');
  if (!existsSync(module)) throw new Error('LibreOffice profile not initialized');
  const property = (name: string, value: string) =>
    `  args(${name === 'FilterName' ? 0 : 1}).Name = "${name}"\n  args(${name === 'FilterName' ? 0 : 1}).Value = ${value}\n`;
  const basic = `Sub Load(url As String) As Object
  Dim loadArgs(0) As New com.sun.star.beans.PropertyValue
  loadArgs(0).Name = "Hidden"
  loadArgs(0).Value = True
  Load = StarDesktop.loadComponentFromURL(url, "_blank", 0, loadArgs())
End Sub
Sub SaveWithPassword(inputUrl As String, outputUrl As String, filterName As String)
  Dim doc As Object
  doc = Load(inputUrl)
  Dim args(1) As New com.sun.star.beans.PropertyValue
${property('FilterName', 'filterName')}${property('Password', `"${PASSWORD}"`)}  doc.storeToURL(outputUrl, args())
  doc.close(True)
End Sub
Sub SaveOoxmlWithPassword(inputUrl As String, outputUrl As String)
  Dim doc As Object
  doc = Load(inputUrl)
  Dim secret(1) As New com.sun.star.beans.NamedValue
  secret(0).Name = "OOXPassword"
  secret(0).Value = "${PASSWORD}"
  secret(1).Name = "CryptoType"
  secret(1).Value = "Standard"
  Dim args(1) As New com.sun.star.beans.PropertyValue
${property('FilterName', '"Calc MS Excel 2007 XML"')}${property('EncryptionData', 'secret')}  doc.storeToURL(outputUrl, args())
  doc.close(True)
End Sub
`;
  const escaped = basic.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
  writeFileSync(
    module,
    `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">\n` +
      `<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">${escaped}</script:module>\n`,
  );
  const source = `file://${fixture('basic.xlsx')}`;
  soffice([
    `macro:///Standard.Module1.SaveOoxmlWithPassword("${source}","file://${fixture('encrypted.xlsx')}")`,
  ]);
  soffice([
    `macro:///Standard.Module1.SaveWithPassword("${source}","file://${fixture('encrypted.ods')}","calc8")`,
  ]);
  soffice([
    `macro:///Standard.Module1.SaveWithPassword("${source}","file://${fixture('encrypted.xls')}","MS Excel 97")`,
  ]);
  for (const name of ['encrypted.xlsx', 'encrypted.ods', 'encrypted.xls']) {
    if (!existsSync(fixture(name))) throw new Error(`LibreOffice did not write ${name}`);
  }
}

async function writeAll(): Promise<void> {
  await writeBasic();
  await writeTitleRows();
  await writeSheets();
  await writeMerged();
  await writeErrors();
  await writeNoHeaderAndEmpty();
  writeSheetJs();
  writeCsvs();
  writeWordDocument();
  writeImage();
  // --encrypted-only: the LibreOffice conversions are slow (~15 s per start); redo just the last step.
  if (process.argv.includes('--encrypted-only'))
    soffice(['--convert-to', 'xlsx', '--outdir', work, fixture('comma.csv')]);
  else {
    convertWithLibreOffice();
    writeNumberFormats();
  }
  writeEncrypted();
}

mkdirSync(FIXTURES, { recursive: true });
try {
  // --formats-only: (re)write just the number-format fixtures, leaving the others as committed.
  if (process.argv.includes('--formats-only')) writeNumberFormats();
  else await writeAll();
  console.log(`fixtures written to ${FIXTURES}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
