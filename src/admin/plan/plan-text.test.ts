import { describe, expect, it } from 'vitest';
import { findDuplicateTickets, findUnknownTickets, parsePlanText, parsePrizePlanTexts } from './plan-text.ts';

describe('parsePlanText', () => {
  it('keeps non-blank trimmed lines in order', () => {
    expect(parsePlanText(' 00042 \r\n\nA-7\n  \n')).toEqual(['00042', 'A-7']);
  });
});

describe('findDuplicateTickets', () => {
  it('compares like the importer: case and width folded', () => {
    expect(findDuplicateTickets(['A-1', 'b', ' a-1', 'Ｂ'])).toEqual([' a-1', 'Ｂ']);
  });
});

describe('findUnknownTickets', () => {
  it('lists the plan tickets missing from the published entries', () => {
    expect(findUnknownTickets(['00042', ' a-7 ', 'X'], ['A-7', '00042'])).toEqual(['X']);
  });
});

describe('per-prize plans', () => {
  it('parses each prize’s text and keeps an emptied prize as an empty list', () => {
    expect(parsePrizePlanTexts({ tv: ' T1 \n\nT2\r\n', mug: '  ' })).toEqual({ tv: ['T1', 'T2'], mug: [] });
  });
});
