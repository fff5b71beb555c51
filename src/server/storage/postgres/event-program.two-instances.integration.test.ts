// Issue #18 "Done when": the scripted event on two real server processes sharing one PostgreSQL,
// every request sent to the next instance in turn; then the program read on both agrees, a decline
// made on B is in A's program, and a `program` event from A reaches an event stream on B.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeclineAnswer, ProgramState, StageState } from '../../../core/index.ts';
import { fetchClient, roundRobinClient, type HttpClient } from '../../test-support/http-client.ts';
import {
  checkEventRules,
  NIGHT_PRIZE,
  runScriptedEvent,
  type ScriptedEventResult,
} from '../../test-support/scripted-event.ts';
import { TEST_POSTGRES_HOOK_TIMEOUT_MS } from '../test-support/postgres-test-server.ts';
import {
  openEventStream,
  startTwoInstances,
  type Instance,
  type TwoInstances,
} from '../test-support/server-instances.ts';

const SCRIPTED_EVENT_TIMEOUT_MS = 180_000;
/** How long a relayed event may take before the test says which one never came (a failure deadline only). */
const EVENT_DEADLINE_MS = 20_000;

async function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what}: nothing after ${EVENT_DEADLINE_MS} ms`)),
      EVENT_DEADLINE_MS,
    );
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

describe('the scripted event on two instances sharing PostgreSQL', () => {
  let instances: TwoInstances;
  let instanceB: Instance;
  let onA: HttpClient;
  let onB: HttpClient;
  let cookie: string;
  let result: ScriptedEventResult;

  beforeAll(async () => {
    instances = await startTwoInstances('prizewheel-event-two-instances-');
    ({ b: instanceB, cookie } = instances);
    onA = fetchClient(instances.a.url);
    onB = fetchClient(instances.b.url);
  }, TEST_POSTGRES_HOOK_TIMEOUT_MS);

  afterAll(async () => {
    await instances?.stop();
  }, TEST_POSTGRES_HOOK_TIMEOUT_MS);

  async function programOn(client: HttpClient): Promise<ProgramState> {
    const answer = await client('GET', `/api/wheels/${result.slug}/program`);
    expect(answer.status, answer.describe()).toBe(200);
    return answer.json<ProgramState>();
  }

  it(
    'keeps every rule with each request sent to the next instance',
    async () => {
      result = await runScriptedEvent({
        http: roundRobinClient([onA, onB]),
        slug: 'gala',
        adminHeaders: { cookie },
      });
      checkEventRules(result);
    },
    SCRIPTED_EVENT_TIMEOUT_MS,
  );

  it('answers the same program on both instances', async () => {
    expect(result, 'the scripted event ran').toBeDefined();
    const [a, b] = await Promise.all([programOn(onA), programOn(onB)]);
    expect(b).toEqual(a);
    expect(a.draws.length).toBe(result.program.draws.length);
  });

  it(
    'shows in A’s program a decline made on B, and relays a stage change on A to a stream on B',
    { timeout: 60_000 },
    async () => {
      expect(result, 'the scripted event ran').toBeDefined();
      const streamOnB = await openEventStream(instanceB, result.slug);
      try {
        const stage = await onA('PUT', `/api/wheels/${result.slug}/stage`, {
          headers: result.presenterHeaders,
          body: { prizeId: NIGHT_PRIZE, scene: 'winners' },
        });
        expect(stage.status, stage.describe()).toBe(200);
        const revisionOnA = (await programOn(onA)).revision;
        const event = await within(
          streamOnB.next(
            (e) => e.type === 'program' && (e.data as { revision?: string }).revision === revisionOnA,
          ),
          `a program event with revision ${revisionOnA} on B (received: ${JSON.stringify(streamOnB.received())})`,
        );
        expect(event.data).toMatchObject({
          revision: revisionOnA,
          rehearsal: false,
          stage: { prizeId: NIGHT_PRIZE, scene: 'winners', blank: false } satisfies StageState,
        });

        // A winner of the night prize declines, through B; its batch's reserve takes the place.
        const nightWinner = (await programOn(onA)).draws.find(
          (d) => d.prizeId === NIGHT_PRIZE && d.role === 'winner' && !d.declined && !d.rehearsal,
        );
        expect(nightWinner, 'a night prize winner').toBeDefined();
        const declined = await onB('POST', `/api/wheels/${result.slug}/draws/${nightWinner!.seq}/decline`, {
          headers: result.presenterHeaders,
          body: { reason: 'Left early' },
        });
        expect([200, 201], declined.describe()).toContain(declined.status);
        const answer = declined.json<DeclineAnswer>();
        const programA = await programOn(onA);
        expect(programA.draws.find((d) => d.seq === nightWinner!.seq)?.declined).toBe(true);
        if (answer.substitute) {
          expect(programA.draws.find((d) => d.seq === answer.substitute!.seq)).toMatchObject({
            substitutes: nightWinner!.seq,
            prizeId: NIGHT_PRIZE,
          });
        }
        expect(programA.revision).not.toBe(revisionOnA);
        // The decline made on B is announced on B's stream too (the `program` event).
        await within(
          streamOnB.next(
            (e) => e.type === 'program' && (e.data as { revision?: string }).revision === programA.revision,
          ),
          `the decline's program event (revision ${programA.revision}) on B`,
        );
      } finally {
        streamOnB.close();
      }
    },
  );
});
