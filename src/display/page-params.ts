export interface PageParams {
  readonly slug: string;
  readonly presenterKey: string | null;
  readonly diagnostics: boolean;
  /**
   * What a presenter page does when a spin cannot reach the server: draw locally (`allow`, the
   * default) or say so (`refuse`). `?offlineSpins=refuse` on the presenter link sets it.
   */
  readonly offlineSpins: OfflineSpinPolicy;
}

export type OfflineSpinPolicy = 'allow' | 'refuse';

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
    offlineSpins: query.get('offlineSpins') === 'refuse' ? 'refuse' : 'allow',
  };
}
