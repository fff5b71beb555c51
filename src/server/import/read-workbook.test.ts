import { describe, expect, it } from 'vitest';
import type { CellObject } from '@e965/xlsx';
import { displayedText } from './read-workbook.ts';

function numberCell(v: number, z: string, w?: string): CellObject {
  return w === undefined ? { t: 'n', v, z } : { t: 'n', v, z, w };
}

describe('displayedText', () => {
  // What LibreOffice shows for these formats in these locales (its CSV export, see make-fixtures.ts).
  it.each([
    ['[$-407]#,##0.00', 1234567.5, '1.234.567,50'],
    ['[$-413]#,##0.00', 1234567.5, '1.234.567,50'],
    ['[$-807]#,##0.00', 1234567.5, "1'234'567.50"],
    ['[$-40C]#,##0.00', 1234567.5, '1\u00a0234\u00a0567,50'],
    ['[$-409]#,##0.00', 1234567.5, '1,234,567.50'],
    ['[$-407]00000', 42, '00042'],
    ['[$-407]"T-"000', 9, 'T-009'],
    ['[$-407]dd/mm/yyyy', 46381, '25.12.2026'],
    ['[$-415]dd/mm/yyyy', 46381, '25.12.2026'],
    ['[$-409]dd\\.mm\\.yyyy', 46381, '25.12.2026'],
    ['[$-407]yyyy\\-mm\\-dd', 46381, '2026-12-25'],
  ])('shows %s of %d as %s', (format, value, shown) => {
    expect(displayedText(numberCell(value, format))).toBe(shown);
  });

  it('keeps a text-formatted cell as it is, without the locale tag as a $', () => {
    expect(displayedText({ t: 's', v: '00043', z: '[$-409]@', w: '$00043' })).toBe('00043');
  });

  it("takes an ODS cell's stored text, which knows a whole column's format", () => {
    const cell = { t: 'n', v: 1, w: '00001' } as const;
    expect(displayedText(cell, true)).toBe('00001');
    // Without a stored text (xlsx, xls), a General integer shows all its digits.
    expect(displayedText({ t: 'n', v: 4006381333931, w: '4.00638E+12' })).toBe('4006381333931');
  });
});
