import { describe, expect, it } from 'vitest';
import { keyActionOf, listenToPageInput } from './page-input.ts';

const key = (code: string, extra: Partial<KeyboardEvent> = {}) => ({
  code,
  repeat: false,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  ...extra,
});

describe('keyActionOf', () => {
  it('maps Space, F and D, and ignores repeats and shortcuts', () => {
    expect(keyActionOf(key('Space'))).toBe('draw');
    expect(keyActionOf(key('KeyF'))).toBe('fullscreen');
    expect(keyActionOf(key('KeyD'))).toBe('diagnostics');
    expect(keyActionOf(key('KeyX'))).toBeNull();
    expect(keyActionOf(key('Space', { repeat: true }))).toBeNull();
    expect(keyActionOf(key('KeyD', { ctrlKey: true }))).toBeNull();
  });

  it('maps a presentation clicker: PageDown, ArrowRight and Enter advance, PageUp and ArrowLeft go back, B blanks', () => {
    for (const code of ['PageDown', 'ArrowRight', 'Enter', 'NumpadEnter'])
      expect(keyActionOf(key(code))).toBe('advance');
    for (const code of ['PageUp', 'ArrowLeft']) expect(keyActionOf(key(code))).toBe('back');
    expect(keyActionOf(key('KeyB'))).toBe('blank');
    expect(keyActionOf(key('PageDown', { repeat: true }))).toBeNull();
  });
});

describe('listenToPageInput', () => {
  it('draws on Space and on the button, retries when online or visible again, and stops listening', () => {
    const windowTarget = new EventTarget();
    const documentTarget = Object.assign(new EventTarget(), {
      visibilityState: 'hidden' as DocumentVisibilityState,
    });
    const button = Object.assign(new EventTarget(), { blur: () => undefined });
    const calls: string[] = [];
    const stop = listenToPageInput({
      window: windowTarget as unknown as Window,
      document: documentTarget as unknown as Document,
      spinButton: button as unknown as HTMLButtonElement,
      requestDraw: async () => void calls.push('draw'),
      toggleFullscreen: async () => void calls.push('fullscreen'),
      toggleDiagnostics: () => void calls.push('diagnostics'),
      retryNow: () => void calls.push('retry'),
    });
    const press = (code: string) => {
      const event = Object.assign(new Event('keydown', { cancelable: true }), key(code));
      windowTarget.dispatchEvent(event);
      return event.defaultPrevented;
    };
    expect(press('Space')).toBe(true);
    press('KeyD');
    button.dispatchEvent(new Event('click'));
    windowTarget.dispatchEvent(new Event('online'));
    documentTarget.dispatchEvent(new Event('visibilitychange'));
    documentTarget.visibilityState = 'visible';
    documentTarget.dispatchEvent(new Event('visibilitychange'));
    expect(calls).toEqual(['draw', 'diagnostics', 'draw', 'retry', 'retry']);
    stop();
    press('Space');
    windowTarget.dispatchEvent(new Event('online'));
    expect(calls).toHaveLength(5);
  });

  it("passes a clicker's keys on, except Enter on a focused button (the button's own click)", () => {
    const windowTarget = new EventTarget();
    const documentTarget = Object.assign(new EventTarget(), {
      visibilityState: 'visible' as DocumentVisibilityState,
    });
    const button = Object.assign(new EventTarget(), { blur: () => undefined });
    const pressed: string[] = [];
    const stop = listenToPageInput({
      window: windowTarget as unknown as Window,
      document: documentTarget as unknown as Document,
      spinButton: button as unknown as HTMLButtonElement,
      requestDraw: async () => undefined,
      toggleFullscreen: async () => undefined,
      toggleDiagnostics: () => undefined,
      retryNow: () => undefined,
      clicker: async (action) => void pressed.push(action),
    });
    const press = (code: string, target: EventTarget = windowTarget) => {
      const event = Object.assign(new Event('keydown', { cancelable: true }), key(code));
      if (target !== windowTarget) Object.defineProperty(event, 'target', { value: target });
      windowTarget.dispatchEvent(event);
      return event.defaultPrevented;
    };
    expect(press('PageDown')).toBe(true);
    press('ArrowLeft');
    press('KeyB');
    press('Enter', { tagName: 'BUTTON' } as unknown as EventTarget);
    expect(pressed).toEqual(['advance', 'back', 'blank']);
    stop();
  });
});
