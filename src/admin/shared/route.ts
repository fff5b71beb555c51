// The admin page's address: /admin/wheels/:slug/:tab. The server serves index.html for /admin/*.
import { useCallback, useEffect, useState } from 'react';
import { confirmLeavingUnsavedChanges } from './unsaved-changes.ts';

export const TABS = ['upload', 'draft', 'settings', 'publish', 'history', 'plan', 'draws'] as const;
export type Tab = (typeof TABS)[number];

export interface Route {
  /** null until the organizer (or the default) picks a wheel. */
  slug: string | null;
  tab: Tab;
}

const DEFAULT_TAB: Tab = 'upload';

export function parseRoute(pathname: string): Route {
  const match = /^\/admin\/wheels\/([^/]+)(?:\/([^/]+))?\/?$/.exec(pathname);
  if (!match) return { slug: null, tab: DEFAULT_TAB };
  const tab = TABS.find((candidate) => candidate === match[2]) ?? DEFAULT_TAB;
  return { slug: decodeURIComponent(match[1] ?? ''), tab };
}

export function formatRoute(route: { slug: string; tab: Tab }): string {
  return `/admin/wheels/${encodeURIComponent(route.slug)}/${route.tab}`;
}

/** The current route and a navigate function (history.pushState; Back and Forward work). */
export function useRoute(): [Route, (route: { slug: string; tab: Tab }, replace?: boolean) => void] {
  const [route, setRoute] = useState(() => parseRoute(window.location.pathname));
  useEffect(() => {
    const onPopState = () => setRoute(parseRoute(window.location.pathname));
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, []);
  const navigate = useCallback((next: { slug: string; tab: Tab }, replace = false) => {
    const path = formatRoute(next);
    if (path !== window.location.pathname && !confirmLeavingUnsavedChanges()) return;
    if (path !== window.location.pathname) {
      if (replace) window.history.replaceState(null, '', path);
      else window.history.pushState(null, '', path);
    }
    setRoute(next);
  }, []);
  return [route, navigate];
}
