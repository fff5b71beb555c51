import { describe, expect, it } from 'vitest';
import { describeDisplay } from './display-readiness.ts';

const live = {
  stale: false,
  outdated: false,
  connection: 'online',
  state: 'idle',
  version: 3,
  latestVersion: 3,
} as const;

describe('describeDisplay', () => {
  it('calls a silent screen gone, never online, and not able to spin', () => {
    expect(describeDisplay({ ...live, stale: true })).toEqual({
      gone: true,
      connection: 'gone',
      canSpin: false,
      spinNote: 'No: the screen stopped reporting',
    });
  });

  it('says yes for an idle screen on the latest version', () => {
    expect(describeDisplay(live)).toMatchObject({
      gone: false,
      connection: 'online',
      canSpin: true,
      spinNote: 'Yes',
    });
  });

  it('says why a screen cannot spin: offline, or nothing published on it', () => {
    expect(describeDisplay({ ...live, connection: 'offline' })).toMatchObject({
      canSpin: false,
      spinNote: 'No: it cannot reach the server',
    });
    expect(describeDisplay({ ...live, state: 'empty', version: null })).toMatchObject({
      canSpin: false,
      spinNote: 'No: no published list on it yet',
    });
  });

  it('names the version an outdated screen will load first', () => {
    expect(describeDisplay({ ...live, outdated: true, version: 2 })).toMatchObject({
      canSpin: true,
      spinNote: 'Yes, after it loads v3 (it shows v2)',
    });
  });
});
