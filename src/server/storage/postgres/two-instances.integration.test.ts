// Two real server processes (`prizewheel serve` with DATABASE_URL) on one PostgreSQL behave as
// one: publishes through both get contiguous versions, spins through both are serialized (one spin
// at a time per wheel, across both), and an event stream on one instance hears what happened through
// the other.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deriveVerifiableIndex,
  verifyPublishedDraws,
  type PublicVerification,
  type Snapshot,
} from '../../../core/index.ts';
import { TEST_POSTGRES_HOOK_TIMEOUT_MS } from '../test-support/postgres-test-server.ts';
import {
  openEventStream,
  startTwoInstances,
  type Instance,
  type TwoInstances,
} from '../test-support/server-instances.ts';

const CONCURRENT_PUBLISHES = 50;
const WINNERS_DRAWN = 10;

async function call(
  instance: Instance,
  method: string,
  path: string,
  cookie: string,
  body?: unknown,
): Promise<{ status: number; json: unknown; headers: Headers }> {
  const response = await fetch(`${instance.url}${path}`, {
    method,
    headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    json: text === '' ? null : (JSON.parse(text) as unknown),
    headers: response.headers,
  };
}

function entries(count: number) {
  return Array.from({ length: count }, (_, i) => ({
    ticket: `T${String(i + 1).padStart(3, '0')}`,
    name: `Person ${i + 1}`,
    weight: 1,
  }));
}

describe('two server instances on one PostgreSQL', () => {
  let instances: TwoInstances;
  let instanceA: Instance;
  let instanceB: Instance;
  let cookie: string;
  let databaseUrl: string;

  beforeAll(async () => {
    instances = await startTwoInstances('prizewheel-two-instances-');
    ({ a: instanceA, b: instanceB, cookie, databaseUrl } = instances);
  }, TEST_POSTGRES_HOOK_TIMEOUT_MS);

  afterAll(async () => {
    await instances?.stop();
  }, TEST_POSTGRES_HOOK_TIMEOUT_MS);

  async function createWheel(
    slug: string,
    count: number,
    settings: Record<string, unknown> = {},
  ): Promise<void> {
    expect((await call(instanceA, 'POST', '/api/admin/wheels', cookie, { slug, title: slug })).status).toBe(
      201,
    );
    expect(
      (
        await call(instanceB, 'PUT', `/api/admin/wheels/${slug}/draft/entries`, cookie, {
          entries: entries(count),
        })
      ).status,
    ).toBe(200);
    if (Object.keys(settings).length > 0) {
      expect(
        (await call(instanceA, 'PUT', `/api/admin/wheels/${slug}/draft/settings`, cookie, settings)).status,
      ).toBe(200);
    }
  }

  it('shares the session: a sign-in through A is valid on B', async () => {
    expect((await call(instanceB, 'GET', '/api/admin/session', cookie)).status).toBe(200);
  });

  it('delivers a publish made through A to an event stream on B', async () => {
    await createWheel('relay', 3);
    const streamOnB = await openEventStream(instanceB, 'relay');
    try {
      const published = await call(instanceA, 'POST', '/api/admin/wheels/relay/publish', cookie, {});
      expect(published.status).toBe(201);
      const event = await streamOnB.next((e) => e.type === 'snapshot');
      expect(event.data).toEqual({ version: (published.json as { version: number }).version });
    } finally {
      streamOnB.close();
    }
  });

  it('relays no foreign NOTIFY to an event stream on B: a forged spin and an unknown type never arrive', async () => {
    await createWheel('forged', 3);
    const first = await call(instanceA, 'POST', '/api/admin/wheels/forged/publish', cookie, {});
    expect(first.status).toBe(201);
    const streamOnB = await openEventStream(instanceB, 'forged');
    try {
      await streamOnB.next((e) => e.type === 'snapshot');
      const intruder = new pg.Client({ connectionString: databaseUrl });
      await intruder.connect();
      try {
        const forgedSpin = {
          id: 'forged-spin',
          wheel: 'forged',
          version: 1,
          targetIndex: 0,
          ticket: 'T001',
          name: 'Person 1',
          rotations: 5,
          landingFraction: 0.5,
          durationMs: 11_000,
        };
        for (const event of [
          { type: 'spin', data: forgedSpin, startedAt: new Date().toISOString() },
          { type: 'takeover', data: { html: '<b>hello</b>' } },
        ])
          await intruder.query('select pg_notify($1, $2)', [
            'prizewheel_events',
            JSON.stringify({ origin: 'intruder', wheel: 'forged', event }),
          ]);
      } finally {
        await intruder.end();
      }
      // A genuine event after the forged ones: B handles notifications in order.
      const second = await call(instanceA, 'POST', '/api/admin/wheels/forged/publish', cookie, {});
      expect(second.status).toBe(201);
      await streamOnB.next((e) => e.type === 'snapshot' && (e.data as { version: number }).version === 2);
      // Only snapshots: the version at connect, A's relayed publishes (the first one's relay may
      // arrive after the stream opened), never the forged spin or the made-up type.
      expect(new Set(streamOnB.received().map((e) => e.type))).toEqual(new Set(['snapshot']));
    } finally {
      streamOnB.close();
    }
  });

  it(`gives ${CONCURRENT_PUBLISHES} concurrent publishes through both instances the versions 1..${CONCURRENT_PUBLISHES}`, async () => {
    await createWheel('busy', 5);
    const results = await Promise.all(
      Array.from({ length: CONCURRENT_PUBLISHES }, (_, i) =>
        call(i % 2 === 0 ? instanceA : instanceB, 'POST', '/api/admin/wheels/busy/publish', cookie, {}),
      ),
    );
    expect(results.map((result) => result.status)).toEqual(results.map(() => 201));
    const versions = results
      .map((result) => (result.json as { version: number }).version)
      .sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: CONCURRENT_PUBLISHES }, (_, i) => i + 1));
    const history = await call(instanceB, 'GET', '/api/admin/wheels/busy/snapshots', cookie);
    expect(
      (history.json as { snapshots: Array<{ version: number }> }).snapshots
        .map((s) => s.version)
        .sort((a, b) => a - b),
    ).toEqual(versions);
  });

  it('answers 409 spin_in_progress to all but one of simultaneous spins through both instances', async () => {
    // All ask for version 1: "Remove winners" off, so the refusals are about the turning spin.
    await createWheel('race', 10, { removeWinners: false });
    expect((await call(instanceA, 'POST', '/api/admin/wheels/race/publish', cookie, {})).status).toBe(201);
    const spins = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        call(i % 2 === 0 ? instanceA : instanceB, 'POST', '/api/wheels/race/spins', cookie, { version: 1 }),
      ),
    );
    expect(spins.map((spin) => spin.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    for (const refused of spins.filter((spin) => spin.status === 409)) {
      expect(refused.json).toMatchObject({
        error: { code: 'spin_in_progress' },
        retryAfterMs: expect.any(Number),
      });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    const { draws } = (await call(instanceB, 'GET', '/api/admin/wheels/race/draws', cookie)).json as {
      draws: unknown[];
    };
    expect(draws).toHaveLength(1);
  });

  it('serializes spins from two presenters on two instances: with removeWinners no ticket wins twice', async () => {
    await createWheel('gala', 30, { removeWinners: true });
    expect((await call(instanceA, 'POST', '/api/admin/wheels/gala/publish', cookie, {})).status).toBe(201);
    let drawn = 0;
    // Each presenter spins on the version it knows and, like a display, updates on outdated_version,
    // asks again on spin_in_progress, and reports the landing of its own spin.
    async function presenter(instance: Instance): Promise<void> {
      let version = 1;
      while (drawn < WINNERS_DRAWN) {
        const spin = await call(instance, 'POST', '/api/wheels/gala/spins', cookie, { version });
        if (spin.status === 409) {
          const refusal = spin.json as { error: { code: string }; latestVersion?: number };
          if (refusal.error.code === 'outdated_version') version = refusal.latestVersion as number;
          else expect(refusal.error.code).toBe('spin_in_progress');
          continue;
        }
        expect(spin.status).toBe(201);
        drawn += 1;
        version += 1;
        const plan = spin.json as { id: string; targetIndex: number };
        const landed = await call(instance, 'POST', `/api/wheels/gala/spins/${plan.id}/landed`, cookie, {
          landedIndex: plan.targetIndex,
          durationMs: 11_000,
        });
        expect(landed.status).toBe(204);
      }
    }
    await Promise.all([presenter(instanceA), presenter(instanceB)]);
    const { draws } = (await call(instanceB, 'GET', '/api/admin/wheels/gala/draws', cookie)).json as {
      draws: Array<{ seq: number; version: number; ticket: string }>;
    };
    expect(draws.map((draw) => draw.seq)).toEqual(draws.map((_, i) => i + 1));
    expect(draws.map((draw) => draw.version)).toEqual(draws.map((_, i) => i + 1));
    expect(new Set(draws.map((draw) => draw.ticket)).size).toBe(draws.length);
    const latest = await call(instanceA, 'GET', '/api/wheels/gala/snapshot', cookie);
    expect((latest.json as { version: number; entries: unknown[] }).version).toBe(draws.length + 1);
    expect((latest.json as { entries: unknown[] }).entries).toHaveLength(30 - draws.length);
  });

  it('keeps a verifiable epoch honest across instances: A commits and takes the witness, B refuses a publish and draws with it, A reveals and all verifies', async () => {
    // Every draw on version 1: "Remove winners" off (new wheels start with it on).
    await createWheel('sealed', 12, { removeWinners: false });
    expect((await call(instanceA, 'POST', '/api/admin/wheels/sealed/publish', cookie, {})).status).toBe(201);
    const on = await call(instanceA, 'PUT', '/api/admin/wheels/sealed/verifiable', cookie, {
      verifiable: true,
    });
    const { commitment } = on.json as { commitment: string };
    const witness = 'read aloud by the notary: 7 7 3 1';
    expect(
      (
        await call(instanceA, 'PUT', '/api/admin/wheels/sealed/verification/witness', cookie, {
          entropy: witness,
        })
      ).status,
    ).toBe(200);

    const refused = await call(instanceB, 'POST', '/api/admin/wheels/sealed/publish', cookie, {});
    expect(refused.status).toBe(409);
    expect(refused.json).toMatchObject({ error: { code: 'epoch_open' } });
    const plans: Array<{ targetIndex: number; commitment?: string }> = [];
    for (let i = 0; i < 3; i++) {
      const spin = await call(instanceB, 'POST', '/api/wheels/sealed/spins', cookie, { version: 1 });
      expect(spin.status).toBe(201);
      const plan = spin.json as { id: string; targetIndex: number; commitment?: string };
      plans.push(plan);
      // Landed on A, as a screen reports it there: the wheel takes the next spin at once.
      const landed = await call(instanceA, 'POST', `/api/wheels/sealed/spins/${plan.id}/landed`, cookie, {
        landedIndex: plan.targetIndex,
        durationMs: 11_000,
      });
      expect(landed.status).toBe(204);
    }
    expect(plans.map((plan) => plan.commitment)).toEqual([commitment, commitment, commitment]);

    const reveal = await call(instanceA, 'POST', '/api/admin/wheels/sealed/verification/reveal', cookie, {});
    const { seed } = (reveal.json as { revealed: { seed: string } }).revealed;
    const published = (await call(instanceB, 'GET', '/api/wheels/sealed/verification', ''))
      .json as PublicVerification;
    const snapshot = (await call(instanceB, 'GET', '/api/wheels/sealed/snapshots/1', '')).json as Snapshot;
    expect(published.epochs[0]).toMatchObject({ witness, checksum: snapshot.checksum, seed });
    const weights = snapshot.entries.map((entry) => entry.weight);
    expect(plans.map((plan) => plan.targetIndex)).toEqual(
      [1, 2, 3].map((seq) => deriveVerifiableIndex(seed, snapshot.checksum, seq, weights, witness)),
    );
    const verdicts = verifyPublishedDraws(published, new Map([[1, snapshot]]));
    expect(verdicts.map((verdict) => [verdict.seq, verdict.status, verdict.withoutWitness])).toEqual([
      [1, 'verified', false],
      [2, 'verified', false],
      [3, 'verified', false],
    ]);
  });

  it('exits 0 on SIGTERM and leaves no PostgreSQL connection open (run last: it stops both)', async () => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const othersConnected = async () =>
      Number(
        (
          await client.query<{ count: string }>(
            'SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
          )
        ).rows[0]?.count,
      );
    try {
      expect(await othersConnected()).toBeGreaterThan(0); // pools and the LISTEN connections
      expect(await instanceA.stop()).toBe(0);
      expect(await instanceB.stop()).toBe(0);
      // A closed connection's server process ends just after the client's close: watch it go.
      const deadline = Date.now() + 10_000;
      while ((await othersConnected()) > 0 && Date.now() < deadline)
        await new Promise((resolveLater) => setTimeout(resolveLater, 50));
      expect(await othersConnected()).toBe(0);
    } finally {
      await client.end();
    }
  });
});
