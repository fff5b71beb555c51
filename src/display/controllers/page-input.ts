import { logFailure } from './deps.ts';

/** What a key press on the wheel page asks for. */
export type KeyAction = 'draw' | 'fullscreen' | 'diagnostics' | 'advance' | 'back' | 'blank';

/**
 * Space draws, F toggles full screen, D the diagnostics overlay; a presentation clicker's keys
 * (PageDown / ArrowRight / Enter, PageUp / ArrowLeft, B) advance, go back and blank the screen.
 * Repeats and shortcuts do nothing.
 */
export function keyActionOf(
  event: Pick<KeyboardEvent, 'code' | 'repeat' | 'altKey' | 'ctrlKey' | 'metaKey'>,
): KeyAction | null {
  if (event.repeat || event.altKey || event.ctrlKey || event.metaKey) return null;
  switch (event.code) {
    case 'Space':
      return 'draw';
    case 'KeyF':
      return 'fullscreen';
    case 'KeyD':
      return 'diagnostics';
    case 'PageDown':
    case 'ArrowRight':
    case 'Enter':
    case 'NumpadEnter':
      return 'advance';
    case 'PageUp':
    case 'ArrowLeft':
      return 'back';
    case 'KeyB':
      return 'blank';
    default:
      return null;
  }
}

export interface PageInputDeps {
  window: Pick<Window, 'addEventListener' | 'removeEventListener'>;
  document: Pick<Document, 'addEventListener' | 'removeEventListener' | 'visibilityState'>;
  spinButton: Pick<HTMLButtonElement, 'addEventListener' | 'blur'>;
  requestDraw(): Promise<void>;
  toggleFullscreen(): Promise<void>;
  toggleDiagnostics(): void;
  /** A clicker's keys (presenter pages; view-only pages ignore them). */
  clicker?(action: 'advance' | 'back' | 'blank'): Promise<void>;
  /** The network may be back (online again, the tab visible again). */
  retryNow(): void;
}

/** Listens to the presenter's keys and button and to the browser's hints; returns the way to stop. */
export function listenToPageInput(deps: PageInputDeps): () => void {
  const requestDraw = (): void => void deps.requestDraw().catch(logFailure('spin'));
  const onKeyDown = (event: KeyboardEvent): void => {
    const action = keyActionOf(event);
    if (action === 'draw') {
      event.preventDefault();
      requestDraw();
    } else if (action === 'fullscreen') {
      void deps.toggleFullscreen().catch(logFailure('fullscreen'));
    } else if (action === 'diagnostics') {
      deps.toggleDiagnostics();
    } else if (action !== null && deps.clicker !== undefined) {
      // Enter on a focused button clicks it: that press is the button's, not the clicker's.
      if (event.code.endsWith('Enter') && (event.target as Element | null)?.tagName === 'BUTTON') return;
      event.preventDefault();
      void deps.clicker(action).catch(logFailure('clicker'));
    }
  };
  const retryNow = (): void => deps.retryNow();
  const onVisibilityChange = (): void => {
    if (deps.document.visibilityState === 'visible') deps.retryNow();
  };
  deps.spinButton.addEventListener('click', () => {
    deps.spinButton.blur(); // Space on a focused button would click it and press Space: one spin only
    requestDraw();
  });
  deps.window.addEventListener('keydown', onKeyDown);
  deps.window.addEventListener('online', retryNow);
  deps.document.addEventListener('visibilitychange', onVisibilityChange);
  return () => {
    deps.window.removeEventListener('keydown', onKeyDown);
    deps.window.removeEventListener('online', retryNow);
    deps.document.removeEventListener('visibilitychange', onVisibilityChange);
  };
}

/** Full screen on, or off when it is on. */
export function toggleFullscreen(): Promise<void> {
  return document.fullscreenElement
    ? document.exitFullscreen()
    : document.documentElement.requestFullscreen();
}
