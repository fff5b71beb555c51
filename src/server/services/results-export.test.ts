import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { DraftEntry, Prize } from '../../core/index.ts';
import type { StoredDraw } from '../storage/store.ts';
import { storedDraw } from '../test-support/stored-draw.ts';
import { describeActor } from './actor-labels.ts';
import { buildResultsTable, createTimeFormatter, isTimeZone, type ResultsSources } from './results-export.ts';
import { toCsvTable, toXlsxTable } from './spreadsheet-export.ts';

function prize(id: string, name: string, overrides: Partial<Prize> = {}): Prize {
  return {
    id,
    name,
    quantity: 3,
    groups: null,
    allowPreviousWinners: false,
    batchSize: 1,
    reserves: 0,
    ...overrides,
  };
}

let nextSeq = 1;
function draw(overrides: Partial<StoredDraw> & Pick<StoredDraw, 'ticket' | 'name'>): StoredDraw {
  const seq = overrides.seq ?? nextSeq++;
  return storedDraw({ targetIndex: seq, checksum: 'sha256:00', ...overrides, seq });
}

const entries: DraftEntry[] = [
  {
    ticket: 'T1',
    name: 'Ana',
    weight: 1,
    person: 'ana@example.org',
    group: 'Staff',
    extra: { email: 'ana@example.org', Department: 'Sales', Status: 'VIP' },
  },
  {
    ticket: 'T2',
    name: 'Bruno',
    weight: 1,
    person: 'bruno@example.org',
    group: 'Staff',
    extra: { email: 'bruno@example.org', Department: 'Ops' },
  },
  { ticket: 'T3', name: 'Carla', weight: 1, person: 'carla@example.org', group: 'Guests' },
  { ticket: 'T4', name: 'Duarte', weight: 1, person: 'duarte@example.org', group: 'Staff' },
  { ticket: 'T5', name: 'Eva', weight: 1, person: 'eva@example.org', group: 'Guests' },
  { ticket: 'T6', name: 'Filipe', weight: 1, person: 'filipe@example.org', group: 'Guests' },
  { ticket: 'T7', name: '=HYPERLINK("http://x","y")', weight: 1, group: 'Guests' },
  { ticket: 'T8', name: 'Gil', weight: 1 },
];

/**
 * A night: a rehearsal spin; the staff hamper drawn as one batch of 3 winners + 1 reserve, two of
 * its winners declining (one replaced by the reserve, one redrawn); the grand prize (first in the
 * running order though drawn later) with one voided draw; a prize since removed; a plain draw.
 */
function eventNight(): ResultsSources {
  nextSeq = 1;
  const hamper = { prizeId: 'hamper', batchId: 'b-hamper' };
  const draws = [
    draw({
      ticket: 'T8',
      name: 'Gil',
      prizeId: 'hamper',
      batchId: 'b-rehearsal',
      role: 'winner',
      rank: 1,
      rehearsal: true,
    }),
    draw({ ticket: 'T1', name: 'Ana', ...hamper, role: 'winner', rank: 1, startedBy: 'presenter-key:k1' }),
    draw({
      ticket: 'T2',
      name: 'Bruno',
      ...hamper,
      role: 'winner',
      rank: 2,
      declined: { reason: 'Not present', at: '2026-12-06T21:05:00.000Z' },
    }),
    draw({
      ticket: 'T4',
      name: 'Duarte',
      ...hamper,
      role: 'winner',
      rank: 3,
      declined: { reason: 'Works here', at: '2026-12-06T21:06:00.000Z' },
    }),
    draw({ ticket: 'T6', name: 'Filipe', ...hamper, role: 'reserve', rank: 1 }),
    draw({
      ticket: 'T5',
      name: 'Eva',
      prizeId: 'grand',
      batchId: 'b-grand',
      role: 'winner',
      rank: 1,
      startedBy: 'presenter-key:gone',
    }),
    draw({
      ticket: 'T6',
      name: 'Filipe',
      ...hamper,
      role: 'winner',
      rank: 2,
      substitutes: 3,
      promotedFrom: 5,
    }),
    draw({
      ticket: 'T7',
      name: '=HYPERLINK("http://x","y")',
      ...hamper,
      role: 'winner',
      rank: 3,
      substitutes: 4,
    }),
    draw({ ticket: 'T3', name: 'Carla', prizeId: 'mug', batchId: 'b-mug', role: 'winner', rank: 1 }),
    draw({
      ticket: 'T8',
      name: 'Gil',
      prizeId: 'grand',
      batchId: 'b-grand-2',
      role: 'winner',
      rank: 1,
      voided: true,
      voidReason: 'Pressed twice',
    }),
    draw({ ticket: 'T8', name: 'Gil' }),
  ];
  return {
    draws,
    prizes: [
      prize('grand', 'Grand prize', { allowPreviousWinners: true }),
      prize('hamper', 'Staff hamper', { groups: ['Staff'], batchSize: 3, reserves: 1 }),
    ],
    formerPrizeNames: new Map([['mug', 'Coffee mug']]),
    entries,
    presenterLabels: new Map([['k1', 'Stage tablet']]),
    timeZone: 'Asia/Tokyo',
  };
}

const TECHNICAL_COLUMNS = ['Seq', 'Index', 'Version', 'Checksum', 'Mode', 'Draw id'];

function asRecords(table: { columns: string[]; rows: unknown[][] }): Array<Record<string, unknown>> {
  return table.rows.map((row) => Object.fromEntries(table.columns.map((column, c) => [column, row[c]])));
}

describe('buildResultsTable', () => {
  it('puts people first, the list columns after them, technical fields last', () => {
    expect(buildResultsTable(eventNight()).columns).toEqual([
      'Prize',
      'Place',
      'Role',
      'Ticket',
      'Name',
      'Person',
      'Group',
      'email',
      'Department',
      'Status (list)',
      'Status',
      'Decline reason',
      'Replaces',
      'Replaced by',
      'Void reason',
      'Drawn at (Asia/Tokyo)',
      'Started by',
      ...TECHNICAL_COLUMNS,
      'Batch id',
    ]);
  });

  it('groups by prize in running order, winners then reserves, each substitute after the place it took, rehearsal left out', () => {
    const rows = asRecords(buildResultsTable(eventNight()));
    expect(rows.map((row) => [row.Prize, row.Seq, row.Status])).toEqual([
      ['Grand prize', 6, 'won'],
      ['Grand prize', 10, 'voided'],
      ['Staff hamper', 2, 'won'],
      ['Staff hamper', 3, 'declined'],
      ['Staff hamper', 7, 'won'],
      ['Staff hamper', 4, 'declined'],
      ['Staff hamper', 8, 'won'],
      ['Staff hamper', 5, 'reserve used'],
      ['Coffee mug', 9, 'won'],
      ['', 11, 'won'],
    ]);
  });

  it('shows who declined, why, and who took the place', () => {
    const rows = asRecords(buildResultsTable(eventNight()));
    const bySeq = new Map(rows.map((row) => [row.Seq, row]));
    expect(bySeq.get(3)).toMatchObject({
      Place: 2,
      Role: 'winner',
      'Decline reason': 'Not present',
      'Replaced by': 'Filipe (ticket T6, seq 7)',
    });
    expect(bySeq.get(7)).toMatchObject({ Place: 2, Replaces: 'Bruno (ticket T2, seq 3)', 'Replaced by': '' });
    expect(bySeq.get(5)).toMatchObject({ Role: 'reserve', Place: 1, Replaces: 'Bruno (ticket T2, seq 3)' });
    expect(bySeq.get(8)).toMatchObject({ Place: 3, Replaces: 'Duarte (ticket T4, seq 4)' });
    expect(bySeq.get(10)).toMatchObject({ 'Void reason': 'Pressed twice' });
  });

  it("carries the participant's row from the draft: raw person, group, other columns", () => {
    const rows = asRecords(buildResultsTable(eventNight()));
    expect(rows.find((row) => row.Seq === 2)).toMatchObject({
      Ticket: 'T1',
      Name: 'Ana',
      Person: 'ana@example.org',
      Group: 'Staff',
      email: 'ana@example.org',
      Department: 'Sales',
      'Status (list)': 'VIP',
      'Started by': 'Stage tablet (presenter link)',
      'Drawn at (Asia/Tokyo)': '2026-12-07 06:03:05',
      'Batch id': 'b-hamper',
    });
    expect(rows.find((row) => row.Seq === 6)?.['Started by']).toBe('an unknown presenter link');
  });

  it('keeps a wheel without prizes to the plain columns, by seq', () => {
    nextSeq = 1;
    const table = buildResultsTable({
      draws: [
        draw({ ticket: '2', name: 'B', seq: 2 }),
        draw({ ticket: '1', name: 'A', seq: 1, voided: true }),
      ],
      prizes: [],
      entries: [
        { ticket: '1', name: 'A', weight: 1 },
        { ticket: '2', name: 'B', weight: 1 },
      ],
      presenterLabels: new Map(),
      timeZone: 'UTC',
    });
    expect(table.columns).toEqual([
      'Ticket',
      'Name',
      'Status',
      'Void reason',
      'Drawn at (UTC)',
      'Started by',
      ...TECHNICAL_COLUMNS,
    ]);
    expect(asRecords(table).map((row) => [row.Seq, row.Status])).toEqual([
      [1, 'voided'],
      [2, 'won'],
    ]);
  });
});

describe('results as files', () => {
  it('writes an .xlsx that exceljs reads back: plain headers, text cells, no formulas', async () => {
    const table = buildResultsTable(eventNight());
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(toXlsxTable('Results', table.columns, table.rows) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('Results');
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(table.columns);
    expect(sheet.rowCount).toBe(table.rows.length + 1);
    const nameColumn = table.columns.indexOf('Name') + 1;
    const seqColumn = table.columns.indexOf('Seq') + 1;
    const row8 = table.rows.findIndex((row) => row[table.columns.indexOf('Seq')] === 8) + 2;
    expect(sheet.getRow(row8).getCell(nameColumn).value).toBe(`'=HYPERLINK("http://x","y")`);
    expect(sheet.getRow(row8).getCell(seqColumn).value).toBe(8);
    // Columns as wide as their text, and a filter on the header row.
    expect(sheet.getColumn(table.columns.indexOf('Decline reason') + 1).width).toBeGreaterThanOrEqual(
      'Decline reason'.length,
    );
    expect(sheet.autoFilter).toBeTruthy();
    sheet.eachRow((row) =>
      row.eachCell((cell) => expect(cell.type, cell.address).not.toBe(ExcelJS.ValueType.Formula)),
    );
  });

  it('writes CSV with the same header and defused formula-like cells', () => {
    const table = buildResultsTable(eventNight());
    const lines = toCsvTable(table.columns, table.rows)
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    expect(lines[0]).toBe(table.columns.join(','));
    expect(lines.some((line) => line.includes(`"'=HYPERLINK(""http://x"",""y"")"`))).toBe(true);
    expect(lines.some((line) => /(^|,)=/.test(line))).toBe(false);
  });
});

describe('time zones and actors', () => {
  it('accepts IANA names and rejects anything else', () => {
    expect(isTimeZone('Europe/Lisbon')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });

  it('formats instants as wall-clock time in the zone, across a date line', () => {
    expect(createTimeFormatter('Europe/Lisbon')('2026-12-06T21:03:05.000Z')).toBe('2026-12-06 21:03:05');
    expect(createTimeFormatter('America/New_York')('2026-12-07T00:00:00.000Z')).toBe('2026-12-06 19:00:00');
  });

  it('names a presenter link by its label and a user by name', () => {
    const labels = new Map([['k1', 'Door tablet']]);
    expect(describeActor('presenter-key:k1', labels)).toBe('Door tablet (presenter link)');
    expect(describeActor('maria', labels)).toBe('maria');
  });
});
