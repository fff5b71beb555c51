import { describe, expect, it } from 'vitest';
import type { SpinPlan } from '../../core/index.ts';
import { listenToWheelEvents } from './event-stream.ts';

/** The part of EventSource the listener uses, driven by the test. */
class ScriptedEventSource extends EventTarget {
  closed = false;
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
  it('passes snapshot hints and valid spin plans on, and skips malformed events', () => {
    let source: ScriptedEventSource | null = null;
    const hints: number[] = [];
    const spins: SpinPlan[] = [];
    const landed: string[] = [];
    let reconnects = 0;
    const close = listenToWheelEvents(
      'gala night',
      {
        onSnapshotHint: (version) => hints.push(version),
        onSpin: (plan) => spins.push(plan),
        onLanded: (spinId, ticket) => landed.push(`${spinId}:${ticket}`),
        onReconnect: () => (reconnects += 1),
      },
      (url) => {
        source = new ScriptedEventSource(url);
        return source as unknown as EventSource;
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
    s.emit('landed', '{"spinId":"s1","ticket":"A"}');
    expect(hints).toEqual([8]);
    expect(spins).toEqual([plan]);
    expect(landed).toEqual(['s1:A']);
    s.dispatchEvent(new Event('open'));
    expect(reconnects).toBe(0);
    s.dispatchEvent(new Event('open'));
    expect(reconnects).toBe(1);
    close();
    expect(s.closed).toBe(true);
  });
});
