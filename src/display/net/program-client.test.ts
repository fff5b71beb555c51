import { describe, expect, it } from 'vitest';
import { createManualClock } from '../test-support/manual-clock.ts';
import { jsonResponse, recordingFetch, testProgram, testProgramDraw } from '../test-support/fakes.ts';
import { createProgramClient, parseProgramState } from './program-client.ts';

describe('parseProgramState', () => {
  it('reads the program and refuses malformed ones without coercing', () => {
    const program = testProgram({ draws: [testProgramDraw(1, 2)] });
    expect(parseProgramState(JSON.parse(JSON.stringify(program)))).toEqual(program);
    expect(parseProgramState({ ...program, stage: { ...program.stage, scene: 'party' } })).toBeNull();
    expect(parseProgramState({ ...program, draws: [{ ...program.draws[0], seq: '1' }] })).toBeNull();
    expect(parseProgramState({ ...program, rehearsal: 'no' })).toBeNull();
    expect(parseProgramState(null)).toBeNull();
  });
});

describe('createProgramClient', () => {
  it('fetches on a new revision only, drops a late answer and keeps the last good program on failure', async () => {
    const manual = createManualClock();
    const answers: Array<() => Promise<Response>> = [];
    const recorded = recordingFetch(() => answers.shift()!());
    const received: string[] = [];
    const client = createProgramClient({
      fetch: recorded.fetch,
      clock: manual.clock,
      slug: 'gala',
      onProgram: (program) => void received.push(program.revision),
    });
    answers.push(async () => jsonResponse(testProgram({ revision: 'r1' })));
    await client.refresh();
    expect(recorded.calls[0]!.url).toBe('/api/wheels/gala/program');
    client.hintRevision('r1'); // the one held: no request
    expect(recorded.calls).toHaveLength(1);
    // Two requests; the second's answer comes first: the first's is dropped.
    let releaseSlow: (response: Response) => void = () => undefined;
    answers.push(() => new Promise<Response>((resolve) => (releaseSlow = resolve)));
    answers.push(async () => jsonResponse(testProgram({ revision: 'r3' })));
    const slow = client.refresh();
    await client.refresh();
    releaseSlow(jsonResponse(testProgram({ revision: 'r2' })));
    await slow;
    expect(received).toEqual(['r1', 'r3']);
    answers.push(async () => jsonResponse({ error: 'down' }, 503));
    answers.push(async () => jsonResponse({ wheel: 'gala' }));
    await client.refresh();
    await client.refresh();
    expect(client.current()?.revision).toBe('r3');
    expect(received).toEqual(['r1', 'r3']);
  });
});
