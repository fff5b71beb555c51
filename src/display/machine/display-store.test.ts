import { afterEach, describe, expect, it, vi } from 'vitest';
import { INITIAL_STATE } from './display-machine.ts';
import { createDisplayStore } from './display-store.ts';

describe('createDisplayStore', () => {
  afterEach(() => vi.restoreAllMocks());

  it('applies events, tells its listeners, and logs an impossible event without changing the state', () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const store = createDisplayStore();
    const seen: string[] = [];
    const unsubscribe = store.subscribe((state) => seen.push(state.phase));
    store.dispatch({ type: 'nothing-published', atMs: 1 });
    expect(store.getState().phase).toBe('empty');
    const before = store.getState();
    store.dispatch({ type: 'spin-landed', atMs: 2 });
    expect(store.getState()).toBe(before);
    expect(logged).toHaveBeenCalledOnce();
    expect(seen).toEqual(['empty', 'empty']);
    unsubscribe();
    store.dispatch({ type: 'sync-failed', atMs: 3 });
    expect(seen).toHaveLength(2);
    expect(createDisplayStore().getState()).toBe(INITIAL_STATE);
  });
});
