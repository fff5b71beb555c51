import { describe, expect, it } from 'vitest';
import {
  ERRORS_WITH_VALUES_MAX,
  ROW_VALUE_MAX_CHARACTERS,
  WEIGHT_TOTAL_MAX,
  checkName,
  checkTicket,
  createWeightTotal,
  matchHeaderRow,
  normalizeHeaderText,
  normalizeTicket,
  parseWeight,
  validateParticipantRows,
} from './participants.ts';
import type { SourceRow } from './participants.ts';

function rows(...lines: (readonly string[] | null)[]): SourceRow[] {
  return lines.flatMap((cells, index) => (cells ? [{ row: index + 1, cells }] : []));
}

describe('normalizeHeaderText', () => {
  it('ignores case, spacing and punctuation', () => {
    expect(normalizeHeaderText(' Ticket No. ')).toBe('ticketno');
    expect(normalizeHeaderText('FULL_NAME')).toBe('fullname');
    expect(normalizeHeaderText('ticket-id')).toBe('ticketid');
  });
});

describe('matchHeaderRow', () => {
  it.each([
    ['ticket', 'name'],
    ['Ticket no', 'Participant'],
    ['Ticket Number', 'Participant name'],
    ['ticket id', 'full name'],
    ['Number', 'Name'],
    ['No.', 'Name'],
    ['ID', 'Name'],
    ['Code', 'Name'],
  ])('finds %s and %s', (ticket, name) => {
    const { columns } = matchHeaderRow(['', name, ticket]);
    expect(columns).toMatchObject({ ticket: 2, name: 1, weight: null });
  });

  it('finds the weight by its aliases', () => {
    expect(matchHeaderRow(['ticket', 'name', 'Chance']).columns?.weight).toBe(2);
    expect(matchHeaderRow(['ticket', 'name', 'ENTRIES']).columns?.weight).toBe(2);
  });

  it('prefers the column named ticket over an alias', () => {
    expect(matchHeaderRow(['ID', 'Name', 'Ticket']).columns).toMatchObject({
      ticket: 2,
      extra: [{ index: 0, label: 'ID' }],
    });
  });

  it('keeps other columns as extras with unique labels', () => {
    expect(matchHeaderRow(['ticket', 'name', 'Notes', 'Notes', '']).columns?.extra).toEqual([
      { index: 2, label: 'Notes' },
      { index: 3, label: 'Notes (2)' },
      { index: 4, label: 'Column 5' },
    ]);
  });

  it('says which required columns are missing', () => {
    expect(matchHeaderRow(['ticket', 'email']).missing).toEqual(['name']);
    expect(matchHeaderRow(['foo']).missing).toEqual(['ticket', 'name']);
  });
});

describe('normalizeTicket', () => {
  it('makes A-1 and " a-1 " the same ticket, and full-width digits the same as ASCII', () => {
    expect(normalizeTicket(' a-1 ')).toBe(normalizeTicket('A-1'));
    expect(normalizeTicket('\uff21-\uff11')).toBe(normalizeTicket('A-1'));
    expect(normalizeTicket('STRASSE')).toBe(normalizeTicket('stra\u00dfe'));
  });
});

describe('parseWeight', () => {
  it('reads positive numbers, and empty as 1', () => {
    expect(parseWeight('', undefined)).toBe(1);
    expect(parseWeight('  ', undefined)).toBe(1);
    expect(parseWeight('2.5', undefined)).toBe(2.5);
    expect(parseWeight('1,5', undefined)).toBe(1.5);
    expect(parseWeight('1,000', undefined)).toBe(1000);
    expect(parseWeight('1e2', undefined)).toBe(100);
    expect(parseWeight('50%', 0.5)).toBe(0.5);
  });

  it.each(['0', '-1', 'abc', 'Infinity', 'NaN', '0x10', '1 2', '1.2.3'])('rejects %s', (text) => {
    expect(parseWeight(text, undefined)).toBeNull();
  });

  it('rejects stored numbers that are not > 0', () => {
    expect(parseWeight('0', 0)).toBeNull();
    expect(parseWeight('-3', -3)).toBeNull();
  });
});

describe('validateParticipantRows', () => {
  it('finds the header under title rows and skips blank rows', () => {
    const result = validateParticipantRows(
      rows(
        ['Prize draw 2026'],
        null,
        [''],
        ['Ticket', 'Name'],
        ['1', 'Ana'],
        null,
        ['', ' '],
        ['2', 'Bruno'],
      ),
      { includeAccepted: true },
    );
    expect(result).toMatchObject({ headerFound: true, headerRow: 4, rows: 2, entries: 2, errors: [] });
    expect(result.accepted).toEqual([
      { row: 5, ticket: '1', name: 'Ana', weight: 1 },
      { row: 8, ticket: '2', name: 'Bruno', weight: 1 },
    ]);
  });

  it('reports every row error with the row numbers the user sees', () => {
    const result = validateParticipantRows(
      rows(
        ['ticket', 'name', 'weight'],
        ['A-1', 'Ana', ''],
        ['', 'Bruno', '1'],
        ['T3', '  ', '1'],
        [' a-1 ', 'Carla', '2'],
        ['T5', 'Dora', 'many'],
        ['T6', 'Emil', '0'],
        ['x'.repeat(101), 'Fritz', ''],
        ['T8', 'n'.repeat(1001), ''],
        ['A-1', 'Greta', ''],
        ['', '', 'x'],
      ),
    );
    expect(result.errors.map((error) => [error.row, error.code, error.column, error.firstRow])).toEqual([
      [3, 'missing_ticket', 'ticket', undefined],
      [4, 'missing_name', 'name', undefined],
      [5, 'duplicate_ticket', 'ticket', 2],
      [6, 'invalid_weight', 'weight', undefined],
      [7, 'invalid_weight', 'weight', undefined],
      [8, 'value_too_long', 'ticket', undefined],
      [9, 'value_too_long', 'name', undefined],
      [10, 'duplicate_ticket', 'ticket', 2],
      [11, 'missing_ticket', 'ticket', undefined],
      [11, 'missing_name', 'name', undefined],
      [11, 'invalid_weight', 'weight', undefined],
    ]);
    expect(result.rows).toBe(10);
    expect(result.entries).toBe(1);
    expect(result.errors[1]?.message).toBe('Row 4: name is empty');
    expect(result.errors[2]?.message).toBe('Row 5: ticket a-1 already appears in row 2');
  });

  it("gives each error its row's values: ticket, name, weight and the offending cell, cut short", () => {
    const longName = `${'\u{1F600}'.repeat(ROW_VALUE_MAX_CHARACTERS)}tail`;
    const result = validateParticipantRows(
      rows(
        ['ticket', 'name', 'weight', 'group'],
        ['A-1', 'Ana', '', ''],
        [' a-1 ', 'Carla', ' 2 ', 'North'],
        ['T3', longName, 'many', 'g'.repeat(201)],
        ['T4', 'Dora', '1', 'South'],
      ),
    );
    expect(result.errors.map(({ row, column, values }) => ({ row, column, values }))).toEqual([
      { row: 3, column: 'ticket', values: { ticket: 'a-1', name: 'Carla', weight: '2', value: 'a-1' } },
      {
        row: 4,
        column: 'weight',
        values: {
          ticket: 'T3',
          name: `${'\u{1F600}'.repeat(ROW_VALUE_MAX_CHARACTERS)}…`,
          weight: 'many',
          value: 'many',
        },
      },
      {
        row: 4,
        column: 'group',
        values: {
          ticket: 'T3',
          name: `${'\u{1F600}'.repeat(ROW_VALUE_MAX_CHARACTERS)}…`,
          weight: 'many',
          value: `${'g'.repeat(ROW_VALUE_MAX_CHARACTERS)}…`,
        },
      },
    ]);
  });

  it('says null for the weight of a list without a weight column', () => {
    const result = validateParticipantRows(rows(['ticket', 'name'], ['T1', '']));
    expect(result.errors[0]?.values).toEqual({ ticket: 'T1', name: '', weight: null, value: '' });
  });

  it("gives only the first errors their row's values, so a bad long list's report stays small", () => {
    const lines = Array.from({ length: ERRORS_WITH_VALUES_MAX + 5 }, (_, index) => [`T${index}`, '']);
    const { errors } = validateParticipantRows(rows(['ticket', 'name'], ...lines));
    expect(errors).toHaveLength(ERRORS_WITH_VALUES_MAX + 5);
    expect(errors.filter((error) => error.values !== undefined)).toHaveLength(ERRORS_WITH_VALUES_MAX);
    expect(errors[ERRORS_WITH_VALUES_MAX - 1]?.values?.ticket).toBe(`T${ERRORS_WITH_VALUES_MAX - 1}`);
    expect(errors[ERRORS_WITH_VALUES_MAX]?.values).toBeUndefined();
  });

  it('counts characters, not UTF-16 units, for the length limits', () => {
    const result = validateParticipantRows(rows(['ticket', 'name'], ['\u{1F600}'.repeat(100), 'Emoji']));
    expect(result.errors).toEqual([]);
  });

  it('keeps Unicode names as they are, trimmed', () => {
    const names = ['Zoe\u0301', '\u{1F389} Party', '\u0645\u0631\u062d\u0628\u0627'];
    const result = validateParticipantRows(
      rows(['ticket', 'name'], ...names.map((name, index) => [String(index), ` ${name} `])),
      { includeAccepted: true },
    );
    expect(result.accepted?.map((entry) => entry.name)).toEqual(names);
  });

  it('gives up when rows 1 to 20 hold no header, and names the missing columns', () => {
    const lines: string[][] = Array.from({ length: 25 }, (_, index) => [`title ${index}`]);
    lines[21] = ['ticket', 'name'];
    lines[3] = ['Ticket', 'Email'];
    const result = validateParticipantRows(rows(...lines));
    expect(result).toMatchObject({ headerFound: false, missingColumns: ['name'], rows: 0 });
  });

  it('finds a header on row 20', () => {
    const lines: (string[] | null)[] = Array.from({ length: 19 }, () => null);
    lines.push(['ticket', 'name'], ['1', 'Ana']);
    expect(validateParticipantRows(rows(...lines))).toMatchObject({ headerRow: 20, entries: 1 });
  });
});

describe('checkTicket and checkName', () => {
  it('count characters as code points, not UTF-16 units', () => {
    expect(checkName('\u{1F600}'.repeat(700))).toBeNull();
    expect(checkName('\u{1F600}'.repeat(1_001))).toMatchObject({ code: 'value_too_long', column: 'name' });
    expect(checkTicket('\u{1F600}'.repeat(100))).toBeNull();
    expect(checkTicket('\u{1F600}'.repeat(101))).toMatchObject({ code: 'value_too_long', column: 'ticket' });
    expect(checkTicket('')).toMatchObject({ code: 'missing_ticket' });
    expect(checkName('')).toMatchObject({ code: 'missing_name' });
  });
});

describe('createWeightTotal', () => {
  it('refuses the weight that would take the total past the limit', () => {
    const total = createWeightTotal();
    expect(total.check(WEIGHT_TOTAL_MAX - 1)).toBeNull();
    total.add(WEIGHT_TOTAL_MAX - 1);
    expect(total.check(1)).toBeNull();
    expect(total.check(2)).toMatchObject({ code: 'invalid_weight', column: 'weight' });
  });
});

describe('validateParticipantRows: the weights total', () => {
  it('refuses with invalid_weight the row where the total overflows, and every later one that would', () => {
    const result = validateParticipantRows(
      rows(
        ['ticket', 'name', 'weight'],
        ['1', 'Ana', '1e308'],
        ['2', 'Bob', '1e308'],
        ['3', 'Cy', '1'],
        ['4', 'Di', '1e308'],
      ),
    );
    expect(result.errors.map(({ row, column, code }) => ({ row, column, code }))).toEqual([
      { row: 2, column: 'weight', code: 'invalid_weight' },
      { row: 3, column: 'weight', code: 'invalid_weight' },
      { row: 5, column: 'weight', code: 'invalid_weight' },
    ]);
    expect(result.entries).toBe(1);
  });

  it('accepts a total exactly at the limit: the draw stays exact for integer weights', () => {
    const result = validateParticipantRows(
      rows(['ticket', 'name', 'weight'], ['1', 'Ana', String(WEIGHT_TOTAL_MAX - 1)], ['2', 'Bob', '1']),
    );
    expect(result.errors).toEqual([]);
  });

  it('accepts a 700-emoji name (700 characters, 1,400 UTF-16 units)', () => {
    const result = validateParticipantRows(rows(['ticket', 'name'], ['1', '\u{1F600}'.repeat(700)]));
    expect(result.errors).toEqual([]);
  });
});

describe('person and group columns', () => {
  it.each([
    ['Person', 'Group'],
    ['Person ID', 'Department'],
    ['Email', 'Team'],
    ['E-mail', 'Category'],
    ['Employee ID', 'Group name'],
    ['Member ID', 'team'],
    ['Phone', 'department'],
  ])('finds %s as the person and %s as the group', (person, group) => {
    const { columns } = matchHeaderRow(['Ticket', group, 'Name', person]);
    expect(columns).toMatchObject({ ticket: 0, name: 2, person: 3, group: 1, extra: [] });
  });

  it('keeps ID, Number and No. for the ticket, and Person ID or Employee ID for the person', () => {
    expect(matchHeaderRow(['Person ID', 'Name', 'ID']).columns).toMatchObject({ ticket: 2, person: 0 });
    expect(matchHeaderRow(['Employee ID', 'Number', 'Name']).columns).toMatchObject({ ticket: 1, person: 0 });
    expect(matchHeaderRow(['No.', 'Name', 'Email', 'Phone']).columns).toMatchObject({
      ticket: 0,
      person: 2,
      extra: [{ index: 3, label: 'Phone' }],
    });
    // A person column alone is no ticket: the list still needs one.
    expect(matchHeaderRow(['Employee ID', 'Name'])).toEqual({ columns: null, missing: ['ticket'] });
  });

  it('has neither when the list has no such column', () => {
    expect(matchHeaderRow(['ticket', 'name']).columns).toMatchObject({ person: null, group: null });
  });

  it('counts distinct persons and groups among the accepted rows only', () => {
    const result = validateParticipantRows(
      rows(
        ['ticket', 'name', 'email', 'department'],
        ['1', 'Ana', 'ANA@x.org', 'Sales'],
        ['2', 'Ana', 'ana@x.org', ' SALES'],
        ['3', '', 'carl@x.org', 'IT'],
        ['4', 'Dee', '', ''],
      ),
      { includeAccepted: true },
    );
    expect(result.persons).toBe(2);
    expect(result.groups).toEqual([{ name: 'Sales', entries: 2 }]);
    expect(result.accepted?.[2]).toEqual({ row: 5, ticket: '4', name: 'Dee', weight: 1 });
  });

  it('leaves persons and groups out when the list has no such columns', () => {
    const result = validateParticipantRows(rows(['ticket', 'name'], ['1', 'Ana']));
    expect(result).not.toHaveProperty('persons');
    expect(result).not.toHaveProperty('groups');
  });
});

describe('label column (the public form under settings.publicNames `label`)', () => {
  it.each(['Label', 'Public name', 'Display name', 'Nickname', 'Alias'])(
    'finds %s as the label',
    (header) => {
      expect(matchHeaderRow(['Ticket', 'Name', header]).columns).toMatchObject({ label: 2, extra: [] });
    },
  );

  it('keeps a row’s label on its accepted entry, and none for an empty cell', () => {
    const result = validateParticipantRows(
      rows(['ticket', 'name', 'display name'], ['1', 'Ana Lima', ' Lucky Ana '], ['2', 'Bruno', '']),
      { includeAccepted: true },
    );
    expect(result.accepted).toEqual([
      { row: 2, ticket: '1', name: 'Ana Lima', weight: 1, label: 'Lucky Ana' },
      { row: 3, ticket: '2', name: 'Bruno', weight: 1 },
    ]);
  });

  it('refuses a label longer than a name may be', () => {
    const result = validateParticipantRows(
      rows(['ticket', 'name', 'label'], ['1', 'Ana', 'x'.repeat(1_001)]),
    );
    expect(result.errors).toMatchObject([{ row: 2, column: 'label' }]);
  });
});
