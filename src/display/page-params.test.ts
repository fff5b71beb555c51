import { describe, expect, it } from 'vitest';
import { readPageParams } from './page-params.ts';

describe('readPageParams', () => {
  it('reads the slug, the presenter key and the diagnostics flag', () => {
    expect(readPageParams({ pathname: '/wheel/gala-2026', search: '?key=abc&diagnostics=1' })).toEqual({
      slug: 'gala-2026',
      presenterKey: 'abc',
      diagnostics: true,
      offlineSpins: null,
    });
    expect(readPageParams({ pathname: '/wheel/caf%C3%A9/', search: '' })).toEqual({
      slug: 'café',
      presenterKey: null,
      diagnostics: false,
      offlineSpins: null,
    });
  });

  it('reads ?offlineSpins= as an override of the wheel setting, only when it is a known policy', () => {
    const policyOf = (search: string) => readPageParams({ pathname: '/wheel/x', search }).offlineSpins;
    expect(policyOf('?offlineSpins=refuse')).toBe('refuse');
    expect(policyOf('?offlineSpins=allow')).toBe('allow');
    expect(policyOf('?offlineSpins=maybe')).toBeNull();
    expect(policyOf('')).toBeNull();
  });

  it('falls back to the default wheel', () => {
    expect(readPageParams({ pathname: '/', search: '?key=' }).slug).toBe('default');
    expect(readPageParams({ pathname: '/wheel/', search: '' }).slug).toBe('default');
  });
});
