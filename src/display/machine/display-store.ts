import { INITIAL_STATE, reduceDisplay, type DisplayEvent, type DisplayState } from './display-machine.ts';

/** The page's one display state: controllers read it and dispatch events to change it. */
export interface DisplayStore {
  getState(): DisplayState;
  /** Applies an event; an impossible one is logged and changes nothing. Listeners run either way. */
  dispatch(event: DisplayEvent): void;
  subscribe(listener: (state: DisplayState) => void): () => void;
}

export function createDisplayStore(initial: DisplayState = INITIAL_STATE): DisplayStore {
  let state = initial;
  const listeners = new Set<(state: DisplayState) => void>();
  return {
    getState: () => state,
    dispatch(event) {
      try {
        state = reduceDisplay(state, event);
      } catch (error) {
        console.error('prizewheel: display event rejected', error);
      }
      for (const listener of listeners) listener(state);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
