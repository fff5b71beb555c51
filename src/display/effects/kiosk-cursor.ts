import type { Clock } from '../net/clock.ts';

/** The mouse cursor hides after this long without movement, and comes back when it moves. */
export const CURSOR_IDLE_HIDE_MS = 3_000;

/** `?kiosk=1`: the cursor (and the on-screen controls) are hidden from the start. */
export function readKioskMode(search: string): boolean {
  return new URLSearchParams(search).get('kiosk') === '1';
}

/**
 * Hides the mouse cursor over the page while the mouse rests (data-cursor="hidden" on `root`, see
 * display.css). Returns its dispose function.
 */
export function hideRestingCursor(root: HTMLElement, clock: Clock, options: { kiosk: boolean }): () => void {
  let timer: unknown = null;
  const set = (value: 'hidden' | 'shown'): void => {
    if (root.getAttribute('data-cursor') !== value) root.setAttribute('data-cursor', value);
  };
  const hideLater = (): void => {
    if (timer !== null) clock.clearTimeout(timer);
    timer = clock.setTimeout(() => {
      timer = null;
      set('hidden');
    }, CURSOR_IDLE_HIDE_MS);
  };
  const onMove = (event: PointerEvent): void => {
    if (event.pointerType !== 'mouse') return;
    set('shown');
    hideLater();
  };
  if (options.kiosk) root.setAttribute('data-kiosk', 'true');
  set(options.kiosk ? 'hidden' : 'shown');
  if (!options.kiosk) hideLater();
  window.addEventListener('pointermove', onMove, { passive: true });
  return () => {
    window.removeEventListener('pointermove', onMove);
    if (timer !== null) clock.clearTimeout(timer);
  };
}
