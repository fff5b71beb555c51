import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import * as XLSX from '@e965/xlsx';
import Papa from 'papaparse';
import ExcelJS from 'exceljs';
import { GROUP_MAX_CHARACTERS, PERSON_MAX_CHARACTERS } from '../../core/index.ts';
import { closeImportWorker, readParticipantList } from './index.ts';
import type { ReadOptions } from './index.ts';

const FIXTURES = new URL('./fixtures/', import.meta.url);

function fixture(name: string): Uint8Array {
  return readFileSync(new URL(name, FIXTURES));
}

function read(bytes: Uint8Array, options: Partial<ReadOptions> = {}) {
  return readParticipantList(bytes, { fileName: 'upload', includeAccepted: true, ...options });
}

function tickets(report: Awaited<ReturnType<typeof read>>): string[] {
  return report.accepted?.map((entry) => entry.ticket) ?? [];
}

afterAll(async () => {
  await closeImportWorker();
});

describe('workbooks from every producer', () => {
  const basicTickets = ['00042', '1001', '00007', 'A-1', 'B-2', 'T-9'];

  it.each([
    ['basic.xlsx', 'xlsx'],
    ['lo-basic.xlsx', 'xlsx'],
    ['lo-basic.xls', 'xls'],
    ['lo-basic.ods', 'ods'],
  ] as const)('%s: displayed text, formulas by cached value, Unicode kept', async (name, format) => {
    const report = await read(fixture(name), { fileName: name });
    expect(report).toMatchObject({
      ok: true,
      file: { name, format, sheet: 'List', headerRow: 1 },
      rows: 6,
      entries: 6,
      errors: [],
      fileError: null,
    });
    // NOTE: LibreOffice's xls export stores no cached text for a text formula (the FORMULA record holds 0
    // and no STRING record follows); cached values are what the contract reads.
    expect(tickets(report)).toEqual(format === 'xls' ? [...basicTickets.slice(0, 5), '0'] : basicTickets);
    expect(report.accepted?.map((entry) => entry.name)).toEqual([
      'Ana Lima',
      'Bruno',
      'Zoe\u0301 \u00dcnal',
      '\u{1F600} Emoji Fan',
      '\u0645\u0631\u062d\u0628\u0627 \u0639\u0627\u0644\u0645',
      'Formula Ticket',
    ]);
    expect(report.accepted?.map((entry) => entry.weight)).toEqual([1, 2, 1, 0.5, 1, 1]);
    // An `Email` column is the person column (contract: "Event program").
    expect(report.accepted?.[0]).toMatchObject({ person: 'ana@example.org' });
    expect(report.accepted?.[0]?.extra).toBeUndefined();
    expect(report.persons).toBe(6);
  });

  it.each([
    ['sheetjs.xlsx', 'xlsx', '00042'],
    ['sheetjs.xls', 'xls', '00042'],
    // SheetJS's ODS writer does not save number formats: the cell displays 42.
    ['sheetjs.ods', 'ods', '42'],
  ] as const)('%s (SheetJS writer): %s, 1001', async (name, format, first) => {
    const report = await read(fixture(name));
    expect(report.file.format).toBe(format);
    expect(tickets(report)).toEqual([first, '1001']);
  });

  it.each(['title-rows.xlsx', 'lo-title-rows.xlsx', 'lo-title-rows.xls', 'lo-title-rows.ods'])(
    '%s: header on row 5 under title rows, aliases, blank rows skipped',
    async (name) => {
      const report = await read(fixture(name));
      expect(report).toMatchObject({ ok: true, file: { sheet: 'Draw', headerRow: 5 }, rows: 3, entries: 3 });
      // A `Department` column is the group column (contract: "Event program").
      expect(report.accepted).toEqual([
        { row: 6, ticket: 'T-1', name: 'Ana', weight: 2, group: 'Sales' },
        { row: 7, ticket: 'T-2', name: 'Bruno', weight: 1, group: 'IT' },
        { row: 9, ticket: 'T-3', name: 'Carla', weight: 3 },
      ]);
      expect(report.groups).toEqual([
        { name: 'Sales', entries: 1 },
        { name: 'IT', entries: 1 },
      ]);
      expect(report.persons).toBeUndefined();
    },
  );

  it.each(['sheets.xlsx', 'lo-sheets.xlsx', 'lo-sheets.xls', 'lo-sheets.ods'])(
    '%s: skips the hidden first sheet and the instruction sheet',
    async (name) => {
      const report = await read(fixture(name));
      expect(report.file.sheet).toBe('Participants');
      expect(tickets(report)).toEqual(['P-1', 'P-2']);
    },
  );

  it.each(['merged.xlsx', 'lo-merged.xlsx', 'lo-merged.xls', 'lo-merged.ods'])(
    '%s: merged title and header cells',
    async (name) => {
      const report = await read(fixture(name));
      expect(report).toMatchObject({ ok: true, file: { headerRow: 2 }, entries: 2 });
      expect(report.accepted?.map((entry) => [entry.ticket, entry.name, entry.weight])).toEqual([
        ['M-1', 'Fritz', 1],
        ['M-2', 'Greta', 2],
      ]);
    },
  );

  it.each(['errors.xlsx', 'lo-errors.xlsx', 'lo-errors.xls', 'lo-errors.ods'])(
    '%s: every row error with its row, trailing formatted rows ignored',
    async (name) => {
      const report = await read(fixture(name));
      expect(report.errors.map((error) => [error.row, error.code, error.firstRow])).toEqual([
        [5, 'missing_ticket', undefined],
        [6, 'missing_name', undefined],
        [7, 'duplicate_ticket', 3],
        [8, 'invalid_weight', undefined],
        [9, 'invalid_weight', undefined],
        [10, 'invalid_weight', undefined],
        [11, 'value_too_long', undefined],
        [12, 'value_too_long', undefined],
        [14, 'duplicate_ticket', 3],
      ]);
      expect(report).toMatchObject({ ok: false, rows: 12, entries: 3, fileError: null });
      expect(report.errors[1]?.message).toBe('Row 6: name is empty');
      expect(report.errors[2]?.message).toBe('Row 7: ticket a-1 already appears in row 3');
      expect(tickets(report)).toEqual(['T1', 'A-1', 'T13']);
    },
  );

  it('leaves out the accepted rows unless asked', async () => {
    const report = await read(fixture('basic.xlsx'), { includeAccepted: false });
    expect(report.accepted).toBeUndefined();
    expect(report.entries).toBe(6);
  });
});

describe('persons and groups', () => {
  it('reads an exceljs workbook with person and group columns, one person holding several tickets', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Staff');
    sheet.addRow(['Ticket', 'Name', 'E-mail', 'Team', 'Notes']);
    sheet.addRow(['1', 'Ana', 'Ana@Example.org', 'Sales', 'x']);
    sheet.addRow(['2', 'Ana', ' ana@example.org ', 'sales ']);
    sheet.addRow(['3', 'Bruno', 'bruno@example.org', 'IT']);
    sheet.addRow(['4', 'Guest']);
    sheet.addRow(['5', 'Long', 'x'.repeat(PERSON_MAX_CHARACTERS + 1), 'IT']);
    sheet.addRow(['6', 'Wide', '', 'g'.repeat(GROUP_MAX_CHARACTERS + 1)]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const report = await read(bytes, { fileName: 'staff.xlsx' });
    expect(report.errors.map((error) => [error.row, error.column, error.code])).toEqual([
      [6, 'person', 'value_too_long'],
      [7, 'group', 'value_too_long'],
    ]);
    expect(report.errors[0]?.message).toBe(
      `Row 6: person is ${PERSON_MAX_CHARACTERS + 1} characters long (at most ${PERSON_MAX_CHARACTERS})`,
    );
    expect(report.accepted).toEqual([
      {
        row: 2,
        ticket: '1',
        name: 'Ana',
        weight: 1,
        person: 'Ana@Example.org',
        group: 'Sales',
        extra: { Notes: 'x' },
      },
      { row: 3, ticket: '2', name: 'Ana', weight: 1, person: 'ana@example.org', group: 'sales' },
      { row: 4, ticket: '3', name: 'Bruno', weight: 1, person: 'bruno@example.org', group: 'IT' },
      { row: 5, ticket: '4', name: 'Guest', weight: 1 },
    ]);
    // Ana's two tickets are one person; the guest without a person is their own.
    expect(report.persons).toBe(3);
    expect(report.groups).toEqual([
      { name: 'Sales', entries: 2 },
      { name: 'IT', entries: 1 },
    ]);
  });

  it('streams person and group into the draft entry chunks', async () => {
    const csv = 'ticket,name,phone,category\n1,Ana,+1 555,VIP\n2,Bo,,\n';
    const chunks: string[] = [];
    const report = await readParticipantList(new TextEncoder().encode(csv), {
      fileName: 'list.csv',
      onEntries: (chunk) => {
        chunks.push(chunk.json);
      },
    });
    expect(report).toMatchObject({ ok: true, persons: 2, groups: [{ name: 'VIP', entries: 1 }] });
    expect(chunks.flatMap((json) => JSON.parse(json) as unknown[])).toEqual([
      { ticket: '1', name: 'Ana', weight: 1, person: '+1 555', group: 'VIP' },
      { ticket: '2', name: 'Bo', weight: 1 },
    ]);
  });
});

describe('tickets are what LibreOffice displays, in every number format', () => {
  /** The first column of LibreOffice's CSV export of a fixture: each cell as LibreOffice shows it. */
  function shownTickets(name: string): string[] {
    const text = readFileSync(new URL(`${name}.shown.csv`, FIXTURES), 'utf8');
    const rows = Papa.parse<string[]>(text.trimEnd(), { delimiter: ',' }).data;
    return rows.slice(1).map((row) => row[0] ?? '');
  }

  it.each(
    ['lo-zeros', 'lo-formats', 'lo-formats-de'].flatMap((base) =>
      ['ods', 'xlsx', 'xls'].map((format) => `${base}.${format}`),
    ),
  )('%s: every ticket as the cell shows it', async (name) => {
    const shown = shownTickets(name);
    // Leading zeros, a text format, grouping and decimals in the document's locale, dates, General.
    expect(shown).toContain('00001');
    const report = await read(fixture(name), { fileName: name });
    expect(report).toMatchObject({ ok: true, errors: [], entries: shown.length });
    expect(tickets(report)).toEqual(shown);
  });

  it('reads a German list as shown: 1.234.567 and 7,00', () => {
    for (const format of ['ods', 'xlsx', 'xls'])
      expect(shownTickets(`lo-formats-de.${format}`)).toEqual(expect.arrayContaining(['1.234.567', '7,00']));
  });
});

describe('CSV', () => {
  it('reads a comma CSV with a quoted field', async () => {
    const report = await read(fixture('comma.csv'), { fileName: 'list.csv' });
    expect(report).toMatchObject({
      ok: true,
      file: { format: 'csv', sheet: null, headerRow: 1 },
      entries: 3,
    });
    expect(report.accepted?.[2]).toEqual({ row: 4, ticket: '00003', name: 'Lima, Carla', weight: 1 });
  });

  it('reads ; with a BOM, CRLF, title rows and quoted newlines, with line numbers', async () => {
    const report = await read(fixture('semicolon-bom-crlf.csv'));
    expect(report.file.headerRow).toBe(3);
    expect(report.accepted).toEqual([
      { row: 4, ticket: '001', name: 'Ana\r\nLima', weight: 1.5 },
      { row: 6, ticket: '002', name: 'Bruno', weight: 1 },
    ]);
    expect(report.errors.map((error) => [error.row, error.code])).toEqual([
      [8, 'missing_name'],
      [9, 'invalid_weight'],
    ]);
  });

  it('reads tab-separated text with aliases', async () => {
    const report = await read(fixture('tab.tsv'));
    expect(report.accepted).toEqual([
      { row: 2, ticket: '7', name: 'Zo\u00eb', weight: 3 },
      { row: 3, ticket: '8', name: 'Jos\u00e9', weight: 1 },
    ]);
  });

  it.each(['utf16le.csv', 'utf16be.csv'])('reads %s by its BOM', async (name) => {
    const report = await read(fixture(name));
    expect(report.accepted?.map((entry) => entry.name)).toEqual([
      '\u00c5sa \u{1F389}',
      '\u05e9\u05dc\u05d5\u05dd',
    ]);
  });

  it('rejects UTF-16 without a BOM (NUL bytes) as unsupported', async () => {
    const report = await read(fixture('utf16le-no-bom.csv'));
    expect(report.fileError?.code).toBe('unsupported_format');
  });

  it('reads a Windows-1252 file with a warning', async () => {
    const report = await read(fixture('windows-1252.csv'));
    expect(report.accepted?.map((entry) => entry.name)).toEqual(['Jos\u00e9', 'Ren\u00e9e']);
    expect(report.warnings.map((warning) => warning.code)).toEqual(['encoding_guessed']);
  });

  it('numbers rows by line even after many quoted newlines', async () => {
    const text = 'ticket,name\n"1\n\n",Ana\n2,"B\nr\nu\nno"\n3,\n';
    const report = await read(strToU8(text));
    expect(report.errors).toEqual([
      {
        row: 9,
        column: 'name',
        code: 'missing_name',
        message: 'Row 9: name is empty',
        values: { ticket: '3', name: '', weight: null, value: '' },
      },
    ]);
    expect(report.accepted?.map((entry) => entry.row)).toEqual([2, 5]);
  });
});

describe('file errors', () => {
  function expectFileError(report: Awaited<ReturnType<typeof read>>, code: string) {
    expect(report).toMatchObject({ ok: false, rows: 0, entries: 0, errors: [], fileError: { code } });
  }

  it('rejects a 0-byte file as empty', async () => {
    expectFileError(await read(new Uint8Array()), 'empty');
  });

  it('rejects a whitespace-only CSV and a workbook without cells as empty', async () => {
    expectFileError(await read(strToU8(' \n\n ')), 'empty');
    expectFileError(await read(fixture('empty.xlsx')), 'empty');
  });

  it('rejects a PNG and a Word document named .xlsx as unsupported', async () => {
    expectFileError(await read(fixture('image.xlsx'), { fileName: 'list.xlsx' }), 'unsupported_format');
    const word = await read(fixture('word-document.xlsx'), { fileName: 'list.xlsx' });
    expectFileError(word, 'unsupported_format');
    expect(word.fileError?.message).toContain('Word document');
  });

  it('rejects a truncated workbook as corrupt', async () => {
    const whole = fixture('basic.xlsx');
    expectFileError(await read(whole.subarray(0, Math.floor(whole.length / 2))), 'corrupt_file');
  });

  it('rejects a damaged xls as corrupt', async () => {
    const whole = fixture('lo-basic.xls');
    expectFileError(await read(whole.subarray(0, 1000)), 'corrupt_file');
  });

  it('reads an xls whose summary property set is damaged (SheetJS looped on it for minutes)', async () => {
    // Bytes of lo-basic.xls's SummaryInformation overwritten, as the fuzz test found them: the
    // dictionary's entry count reads as billions. The list itself is intact.
    const bytes = Uint8Array.from(fixture('lo-basic.xls'));
    bytes.set([0o340, 0o16, 0o107, 0o364, 0o361, 0o207, 0o241, 0o365, 0o132, 0o54, 0o300, 0o350], 4923);
    const report = await read(bytes, { fileName: 'damaged.xls', timeoutMs: 10_000 });
    expect(report.fileError).toBeNull();
    expect(report).toMatchObject({ ok: true, rows: 6, entries: 6 });
  });

  it.each(['encrypted.xlsx', 'encrypted.ods', 'encrypted.xls'])(
    'rejects %s (saved with a password) as encrypted',
    async (name) => {
      expectFileError(await read(fixture(name)), 'encrypted');
    },
  );

  it('rejects a list without the required header, naming the missing columns', async () => {
    const report = await read(fixture('no-header.xlsx'));
    expectFileError(report, 'no_header');
    expect(report.fileError?.message).toContain('missing name');
    const csv = await read(strToU8('a,b\n1,2\n'));
    expectFileError(csv, 'no_header');
    expect(csv.fileError?.message).toContain('ticket, name');
  });
});

describe('limits', () => {
  it('rejects a file over the byte limit, naming it', async () => {
    const report = await read(fixture('comma.csv'), { limits: { maxBytes: 10 } });
    expect(report.fileError).toEqual({ code: 'too_large', message: expect.stringContaining('10 bytes') });
  });

  it('rejects a workbook whose declared uncompressed size is over the limit, before inflating', async () => {
    const report = await read(fixture('basic.xlsx'), { limits: { maxUncompressedBytes: 1000 } });
    expect(report.fileError?.code).toBe('too_large');
    expect(report.fileError?.message).toContain('uncompressed');
  });

  it('rejects a zip bomb by its central directory, without inflating it', async () => {
    const zip = zipSync({
      '[Content_Types].xml': strToU8('<Types/>'),
      'xl/workbook.xml': new Uint8Array(1024),
    });
    // Declare 4 GB for every entry, as a bomb does; inflating it would not end in a report.
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    for (let at = 0; at + 46 <= zip.length; at++) {
      if (view.getUint32(at, true) === 0x02014b50) view.setUint32(at + 24, 0xfffffff0, true);
    }
    const report = await read(zip);
    expect(report.fileError?.code).toBe('too_large');
    expect(report.fileError?.message).toContain('200 MB');
  });

  it('rejects more rows than the limit, and accepts them with the limit raised', async () => {
    const text = 'ticket,name\n' + Array.from({ length: 50 }, (_, index) => `${index},N${index}`).join('\n');
    const report = await read(strToU8(text), { limits: { maxRows: 49 } });
    expect(report.fileError).toEqual({ code: 'too_large', message: expect.stringContaining('49') });
    expect((await read(strToU8(text), { limits: { maxRows: 50 } })).entries).toBe(50);
    const workbook = await read(fixture('errors.xlsx'), { limits: { maxRows: 5 } });
    expect(workbook.fileError?.code).toBe('too_large');
  });

  it('reads a sheet only as far as the row limit needs, and says so', async () => {
    const sheet = XLSX.utils.aoa_to_sheet([
      ['ticket', 'name'],
      ['1', 'Ana'],
    ]);
    XLSX.utils.sheet_add_aoa(sheet, [['2', 'Far Below']], { origin: 'A2000' });
    const workbook = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(workbook, sheet, 'Long');
    const bytes = XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx' }) as Uint8Array;
    const report = await read(bytes, { limits: { maxRows: 1 } });
    expect(report).toMatchObject({ ok: true, entries: 1, warnings: [{ code: 'rows_not_read' }] });
    // The caller's buffer is still whole after a read (the worker gets a copy).
    expect((await read(bytes, { limits: { maxRows: 1000 } })).entries).toBe(2);
  });

  it('rejects more columns than the limit', async () => {
    const header = ['ticket', 'name', ...Array.from({ length: 10 }, (_, index) => `c${index}`)].join(',');
    const report = await read(strToU8(`${header}\n1,Ana\n`), { limits: { maxColumns: 5 } });
    expect(report.fileError).toEqual({ code: 'too_large', message: expect.stringContaining('5 columns') });
  });
});

describe('the worker', () => {
  it('reports a read that takes too long as corrupt, and keeps working afterwards', async () => {
    const rows = Array.from({ length: 200_000 }, (_, index) => `${index},Name ${index}`).join('\n');
    const report = await read(strToU8(`ticket,name\n${rows}`), {
      timeoutMs: 1,
      limits: { maxRows: 1_000_000 },
    });
    expect(report.fileError?.code).toBe('corrupt_file');
    expect((await read(fixture('comma.csv'))).entries).toBe(3);
  });

  it('keeps the event loop turning during a big import', async () => {
    const rows = Array.from({ length: 300_000 }, (_, index) => `T${index},Name ${index},1`).join('\n');
    const bytes = strToU8(`ticket,name,weight\n${rows}`);
    let ticks = 0;
    let reading = true;
    const tick = (): void => {
      ticks++;
      if (reading) setImmediate(tick);
    };
    setImmediate(tick);
    const report = await read(bytes, { limits: { maxRows: 1_000_000 }, includeAccepted: false });
    reading = false;
    expect(report.entries).toBe(300_000);
    expect(ticks).toBeGreaterThan(10);
  });
});
