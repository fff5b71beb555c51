import { describe, expect, it } from 'vitest';
import { buildEntriesCsv, collectExtraColumns, toCsvCell } from './spreadsheet-export.ts';

describe('toCsvCell', () => {
  it.each(['=SUM(A1)', '+1', '-1', '@cmd', '\tx', '\rx'])(
    'neutralizes the formula trigger in %j',
    (value) => {
      expect(toCsvCell(value).replace(/^"/, '').startsWith("'")).toBe(true);
    },
  );

  it('leaves ordinary text alone', () => {
    expect(toCsvCell('00042')).toBe('00042');
    expect(toCsvCell('Ana Lima')).toBe('Ana Lima');
  });

  it('quotes commas, quotes and line breaks', () => {
    expect(toCsvCell('Lima, Ana')).toBe('"Lima, Ana"');
    expect(toCsvCell('say "hi"')).toBe('"say ""hi"""');
    expect(toCsvCell('a\nb')).toBe('"a\nb"');
  });
});

describe('buildEntriesCsv', () => {
  it('writes a BOM, the header, one line per entry and the other columns', () => {
    const csv = buildEntriesCsv([
      { ticket: '00042', name: 'Ana Lima', weight: 1, extra: { city: 'Porto' } },
      { ticket: 'A-7', name: '=HYPERLINK("x")', weight: 2.5 },
    ]);
    expect(csv).toBe(
      '\uFEFFticket,name,weight,city\r\n00042,Ana Lima,1,Porto\r\nA-7,"\'=HYPERLINK(""x"")",2.5,\r\n',
    );
  });

  it('collects other columns in first-seen order', () => {
    expect(
      collectExtraColumns([
        { ticket: '1', name: 'a', weight: 1, extra: { b: '', a: '' } },
        { ticket: '2', name: 'b', weight: 1, extra: { c: '' } },
      ]),
    ).toEqual(['b', 'a', 'c']);
  });
});
