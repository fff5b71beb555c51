import { describe, expect, it } from 'vitest';
import { createManualClock } from '../test-support/manual-clock.ts';
import { CLOCK_SAMPLE_MAX_AGE_MS, createServerClock } from './server-clock.ts';

describe('createServerClock', () => {
  it('places a server instant on the page clock through the shortest fresh round trip', async () => {
    const manual = createManualClock(10_000);
    const serverClock = createServerClock(manual.clock);
    expect(serverClock.toLocalMs(1_700_000_000_000)).toBeNull();
    // Server clock = page clock + 1_700_000_000_000 exactly; the server stamps its answer late.
    const offset = 1_700_000_000_000;
    serverClock.record(10_000, 10_400, offset + 10_390); // 400 ms round trip: 190 ms off
    expect(serverClock.toLocalMs(offset + 20_000)).toBe(20_000 - 190);
    serverClock.record(10_500, 10_520, offset + 10_515); // 20 ms round trip: 5 ms off, and it wins
    expect(serverClock.toLocalMs(offset + 20_000)).toBe(20_000 - 5);
    expect(serverClock.bestRoundTripMs()).toBe(20);
    serverClock.record(10_600, 10_500, offset); // received before sent: not a measurement
    serverClock.record(10_600, 10_700, Number.NaN);
    expect(serverClock.bestRoundTripMs()).toBe(20);
    await manual.advance(CLOCK_SAMPLE_MAX_AGE_MS + 1_000);
    expect(serverClock.toLocalMs(offset)).toBeNull(); // too old to trust
    serverClock.record(manual.clock.now(), manual.clock.now() + 10, offset + manual.clock.now() + 5);
    serverClock.forget();
    expect(serverClock.bestRoundTripMs()).toBeNull();
  });
});
