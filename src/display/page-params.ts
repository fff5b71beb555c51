import type { OfflineSpinPolicy } from '../core/index.ts';

export interface PageParams {
  readonly slug: string;
  readonly presenterKey: string | null;
  readonly diagnostics: boolean;
  /**
   * `?offlineSpins=refuse` on the page tightens the wheel's offline-spin setting (what a presenter
   * page does when a spin cannot reach the server); `allow` never loosens it; null follows it.
   */
  readonly offlineSpins: OfflineSpinPolicy | null;
}

/** Reads `/wheel/:slug?key=…&diagnostics=1`; the slug is `default` when absent. */
export function readPageParams(location: { pathname: string; search: string }): PageParams {
  const match = /^\/wheel\/([^/]+)\/?$/.exec(location.pathname);
  let slug = 'default';
  if (match?.[1]) {
    try {
      slug = decodeURIComponent(match[1]);
    } catch {
      slug = match[1];
    }
  }
  const query = new URLSearchParams(location.search);
  const key = query.get('key');
  return {
    slug,
    presenterKey: key === null || key === '' ? null : key,
    diagnostics: query.get('diagnostics') === '1',
    offlineSpins: readOfflineSpinPolicy(query.get('offlineSpins')),
  };
}

function readOfflineSpinPolicy(value: string | null): OfflineSpinPolicy | null {
  return value === 'allow' || value === 'refuse' ? value : null;
}
