/** Where the page remembers that sounds are muted (per browser, for every wheel). */
export const MUTED_STORAGE_KEY = 'prizewheel:muted';

/** The remembered mute state; false when nothing is stored or storage is refused. */
export function readMuted(storage: Pick<Storage, 'getItem'> | null): boolean {
  try {
    return storage?.getItem(MUTED_STORAGE_KEY) === '1';
  } catch {
    return false;
  }
}

export function writeMuted(storage: Pick<Storage, 'setItem'> | null, muted: boolean): void {
  try {
    storage?.setItem(MUTED_STORAGE_KEY, muted ? '1' : '0');
  } catch {
    // a private window may refuse storage: the state then lasts as long as the page
  }
}

/** The page's localStorage, or null where reading it throws (storage disabled). */
export function pageStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** Shows the mute state on its toggle button: a constant accessible name, the state in aria-pressed. */
export function showMuted(button: HTMLButtonElement, muted: boolean): void {
  button.setAttribute('aria-pressed', String(muted));
  button.title = muted ? 'Sounds off (M)' : 'Sounds on (M)';
}
