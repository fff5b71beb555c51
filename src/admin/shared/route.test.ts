import { describe, expect, it } from 'vitest';
import { formatRoute, parseRoute } from './route.ts';

describe('parseRoute', () => {
  it('reads the wheel and the tab from /admin/wheels/:slug/:tab', () => {
    expect(parseRoute('/admin/wheels/gala-2026/history')).toEqual({ slug: 'gala-2026', tab: 'history' });
  });

  it('falls back to the upload tab and no wheel', () => {
    expect(parseRoute('/admin')).toEqual({ slug: null, tab: 'upload' });
    expect(parseRoute('/admin/wheels/default/nonsense')).toEqual({ slug: 'default', tab: 'upload' });
    expect(parseRoute('/admin/wheels/default')).toEqual({ slug: 'default', tab: 'upload' });
  });

  it('round-trips with formatRoute', () => {
    const route = { slug: 'a-b', tab: 'plan' } as const;
    expect(parseRoute(formatRoute(route))).toEqual(route);
  });
});
