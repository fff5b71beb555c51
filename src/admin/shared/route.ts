// The admin page's address: /admin/wheels/:slug/:tab for a wheel's sections, /admin/displays for
// the screens of every wheel. The server serves index.html for /admin/*.
import { useCallback, useEffect, useState } from 'react';
import { confirmLeavingUnsavedChanges } from './unsaved-changes.ts';

export const TABS = [
  'upload',
  'draft',
  'prizes',
  'settings',
  'publish',
  'history',
  'plan',
  'draws',
  'presenter',
  'audit',
] as const;
export type Tab = (typeof TABS)[number];

export interface Route {
  /** `wheel`: one wheel's tab; `displays`: every connected screen (not per wheel). */
  page: 'wheel' | 'displays';
  /** null until the organizer (or the default) picks a wheel. */
  slug: string | null;
  tab: Tab;
}

/** Where navigation can go: a wheel's tab, or the displays page. */
export type RouteTarget = { slug: string; tab: Tab } | { page: 'displays' };

const DEFAULT_TAB: Tab = 'upload';
const DISPLAYS_PATH = '/admin/displays';

export function parseRoute(pathname: string): Route {
  if (pathname.replace(/\/$/, '') === DISPLAYS_PATH)
    return { page: 'displays', slug: null, tab: DEFAULT_TAB };
  const match = /^\/admin\/wheels\/([^/]+)(?:\/([^/]+))?\/?$/.exec(pathname);
  if (!match) return { page: 'wheel', slug: null, tab: DEFAULT_TAB };
  const tab = TABS.find((candidate) => candidate === match[2]) ?? DEFAULT_TAB;
  return { page: 'wheel', slug: decodeURIComponent(match[1] ?? ''), tab };
}

export function formatRoute(target: RouteTarget): string {
  if ('page' in target) return DISPLAYS_PATH;
  return `/admin/wheels/${encodeURIComponent(target.slug)}/${target.tab}`;
}

/** The current route and a navigate function (history.pushState; Back and Forward work). */
export function useRoute(): [Route, (target: RouteTarget, replace?: boolean) => void] {
  const [route, setRoute] = useState(() => parseRoute(window.location.pathname));
  useEffect(() => {
    const onPopState = () => setRoute(parseRoute(window.location.pathname));
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, []);
  const navigate = useCallback((target: RouteTarget, replace = false) => {
    const path = formatRoute(target);
    if (path !== window.location.pathname && !confirmLeavingUnsavedChanges()) return;
    if (path !== window.location.pathname) {
      if (replace) window.history.replaceState(null, '', path);
      else window.history.pushState(null, '', path);
    }
    setRoute(parseRoute(path));
  }, []);
  return [route, navigate];
}
