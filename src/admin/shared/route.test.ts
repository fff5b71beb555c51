import { describe, expect, it } from 'vitest';
import { formatRoute, parseRoute } from './route.ts';

describe('parseRoute', () => {
  it('reads the wheel and the tab from /admin/wheels/:slug/:tab', () => {
    expect(parseRoute('/admin/wheels/gala-2026/history')).toEqual({
      page: 'wheel',
      slug: 'gala-2026',
      tab: 'history',
    });
    expect(parseRoute('/admin/wheels/gala-2026/audit').tab).toBe('audit');
    expect(parseRoute('/admin/wheels/gala-2026/presenter').tab).toBe('presenter');
  });

  it('falls back to the upload tab and no wheel', () => {
    expect(parseRoute('/admin')).toEqual({ page: 'wheel', slug: null, tab: 'upload' });
    expect(parseRoute('/admin/wheels/default/nonsense')).toEqual({
      page: 'wheel',
      slug: 'default',
      tab: 'upload',
    });
    expect(parseRoute('/admin/wheels/default')).toEqual({ page: 'wheel', slug: 'default', tab: 'upload' });
  });

  it('reads the displays page, which belongs to no wheel', () => {
    expect(parseRoute('/admin/displays')).toEqual({ page: 'displays', slug: null, tab: 'upload' });
    expect(parseRoute('/admin/displays/')).toMatchObject({ page: 'displays' });
  });

  it('round-trips with formatRoute', () => {
    const route = { slug: 'a-b', tab: 'plan' } as const;
    expect(parseRoute(formatRoute(route))).toEqual({ page: 'wheel', ...route });
    expect(formatRoute({ page: 'displays' })).toBe('/admin/displays');
  });
});
