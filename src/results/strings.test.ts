import { describe, expect, it } from 'vitest';
import { RESULTS_STRINGS, pickLanguage } from './strings.ts';

describe('pickLanguage', () => {
  it("takes the first of the browser's languages the page has, by its base tag, else English", () => {
    expect(pickLanguage(['de-AT', 'en-GB'])).toBe('de');
    expect(pickLanguage(['fr-FR', 'EN-us'])).toBe('en');
    expect(pickLanguage(['fr', 'nl'])).toBe('en');
    expect(pickLanguage([])).toBe('en');
  });

  it('has every string in every language', () => {
    const keys = Object.keys(RESULTS_STRINGS.en).sort();
    for (const table of Object.values(RESULTS_STRINGS)) expect(Object.keys(table).sort()).toEqual(keys);
  });
});
