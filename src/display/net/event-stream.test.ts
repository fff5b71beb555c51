import { describe, expect, it } from 'vitest';
import type { SpinPlan } from '../../core/index.ts';
import { listenToWheelEvents } from './event-stream.ts';
import { createManualClock } from '../test-support/manual-clock.ts';

/** The part of EventSource the listener uses, driven by the test. */
class ScriptedEventSource extends EventTarget {
  closed = false;
  readyState = 0;
  constructor(readonly url: string) {
    super();
  }
  emit(type: string, data: string): void {
    this.dispatchEvent(new MessageEvent(type, { data }));
  }
  close(): void {
    this.closed = true;
  }
}

describe('listenToWheelEvents', () => {
  it('names its display in the stream URL, so the server accepts its landing reports of the spins it carried', () => {
    const urls: string[] = [];
    const close = listenToWheelEvents(
      'gala',
      { onSnapshotHint: () => undefined, onSpin: () => undefined },
      {
        displayId: 'screen 1',
        createEventSource: (url) => {
          urls.push(url);
          return new ScriptedEventSource(url) as unknown as EventSource;
        },
      },
    );
    expect(urls).toEqual(['/api/wheels/gala/events?displayId=screen%201']);
    close();
  });

  it('passes snapshot hints and valid spin plans on, and skips malformed events', () => {
    let source: ScriptedEventSource | null = null;
    const hints: number[] = [];
    const spins: Array<[SpinPlan, number | null]> = [];
    const landed: string[] = [];
    let reconnects = 0;
    const received: string[] = [];
    const close = listenToWheelEvents(
      'gala night',
      {
        onEventReceived: (name) => received.push(name),
        onSnapshotHint: (version) => hints.push(version),
        onSpin: (plan, startedAtMs) => spins.push([plan, startedAtMs]),
        onLanded: (spinId, ticket) => landed.push(`${spinId}:${ticket}`),
        onReconnect: () => (reconnects += 1),
      },
      {
        createEventSource: (url) => {
          source = new ScriptedEventSource(url);
          return source as unknown as EventSource;
        },
      },
    );
    const s = source as unknown as ScriptedEventSource;
    expect(s.url).toBe('/api/wheels/gala%20night/events');
    s.emit('snapshot', '{"version":8}');
    s.emit('snapshot', 'not json');
    s.emit('spin', '{"id":"x"}');
    const plan = {
      id: 's1',
      wheel: 'gala night',
      version: 8,
      targetIndex: 0,
      ticket: 'A',
      name: 'B',
      rotations: 5,
      landingFraction: 0.5,
      durationMs: 11_000,
    };
    s.emit('spin', JSON.stringify(plan));
    // The server's start time travels next to the plan's fields.
    s.emit('spin', JSON.stringify({ ...plan, startedAt: '2026-11-28T12:00:00.250Z' }));
    s.emit('landed', '{"spinId":"s1","ticket":"A"}');
    expect(hints).toEqual([8]);
    expect(spins).toEqual([
      [plan, null],
      [plan, Date.parse('2026-11-28T12:00:00.250Z')],
    ]);
    expect(landed).toEqual(['s1:A']);
    // Every event counts as delivery, a malformed one too (the stream is not silent).
    expect(received).toEqual(['snapshot', 'snapshot', 'spin', 'spin', 'spin', 'landed']);
    s.dispatchEvent(new Event('open'));
    expect(reconnects).toBe(0);
    s.dispatchEvent(new Event('open'));
    expect(reconnects).toBe(1);
    close();
    expect(s.closed).toBe(true);
  });
});

describe('listenToWheelEvents after an HTTP error', () => {
  it('opens a new stream after a backoff when the browser gave up on the old one, and reports the reconnect', async () => {
    const manual = createManualClock();
    const sources: ScriptedEventSource[] = [];
    let reconnects = 0;
    const close = listenToWheelEvents(
      'default',
      { onSnapshotHint: () => {}, onSpin: () => {}, onReconnect: () => (reconnects += 1) },
      {
        clock: manual.clock,
        createEventSource: (url) => {
          sources.push(new ScriptedEventSource(url));
          return sources.at(-1) as unknown as EventSource;
        },
      },
    );
    sources[0]!.dispatchEvent(new Event('open'));
    // A network drop: the browser reconnects by itself (readyState CONNECTING); nothing to do.
    sources[0]!.readyState = 0;
    sources[0]!.dispatchEvent(new Event('error'));
    expect(manual.pendingDelays()).toEqual([]);
    // A 502 from a proxy: the browser closes the stream for good.
    sources[0]!.readyState = 2;
    sources[0]!.dispatchEvent(new Event('error'));
    expect(sources[0]!.closed).toBe(true);
    expect(manual.pendingDelays()).toEqual([5_000]);
    await manual.advance(5_000);
    expect(sources).toHaveLength(2);
    sources[1]!.readyState = 2;
    sources[1]!.dispatchEvent(new Event('error'));
    expect(manual.pendingDelays()).toEqual([10_000]);
    await manual.advance(10_000);
    sources[2]!.dispatchEvent(new Event('open'));
    expect(reconnects).toBe(1);
    sources[2]!.emit('snapshot', '{"version":3}');
    close();
    expect(sources[2]!.closed).toBe(true);
    expect(manual.pendingDelays()).toEqual([]);
  });
});
