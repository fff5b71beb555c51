// Verifiable mode that the organizer cannot game, against the real app on SQLite: the frozen list,
// the witness entropy, the public close of an epoch, every draw of an epoch's window in the public
// view, and the commitment carried by each spin.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  deriveVerifiableIndex,
  seedCommitment,
  verifyPublishedDraws,
  versionsToVerify,
  type PublicVerification,
  type Snapshot,
  type SpinPlan,
} from '../../../../core/index.ts';
import type { WheelEvent } from '../../../events.ts';
import {
  createTestApp,
  keepWinners,
  publishEntries,
  sampleEntries,
  type TestApp,
} from '../../../test-support/test-app.ts';

let t: TestApp;
let cookie: string;

beforeEach(async () => {
  t = await createTestApp();
  cookie = await t.signIn();
  // Most cases spin version 1 again and again; the removeWinners case turns it back on.
  await keepWinners(t, cookie);
});

afterEach(async () => {
  await t.close();
});

function call(
  method: 'GET' | 'PUT' | 'POST',
  url: string,
  payload?: Record<string, unknown>,
  headers: Record<string, string> = { cookie },
) {
  return t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
}

async function verification(): Promise<PublicVerification> {
  return (await call('GET', '/api/wheels/default/verification', undefined, {})).json<PublicVerification>();
}

async function setVerifiable(verifiable: boolean): Promise<PublicVerification> {
  const response = await call('PUT', '/api/admin/wheels/default/verifiable', { verifiable });
  expect(response.statusCode).toBe(200);
  return response.json<PublicVerification>();
}

/** A spin, landed as a presenter's screen reports it (the wheel then takes the next spin at once). */
async function spin(version = 1): Promise<SpinPlan> {
  const response = await call('POST', '/api/wheels/default/spins', { version });
  expect(response.statusCode).toBe(201);
  const plan = response.json<SpinPlan>();
  const landed = await call('POST', `/api/wheels/default/spins/${plan.id}/landed`, {
    landedIndex: plan.targetIndex,
    durationMs: plan.durationMs,
  });
  expect(landed.statusCode).toBe(204);
  return plan;
}

async function setWitness(entropy: unknown) {
  return call('PUT', '/api/admin/wheels/default/verification/witness', { entropy });
}

async function verifyAll(): Promise<ReturnType<typeof verifyPublishedDraws>> {
  const published = await verification();
  const snapshots = new Map<number, unknown>();
  for (const version of versionsToVerify(published)) {
    snapshots.set(
      version,
      (await call('GET', `/api/wheels/default/snapshots/${version}`, undefined, {})).json<Snapshot>(),
    );
  }
  return verifyPublishedDraws(published, snapshots);
}

describe('POST /api/admin/wheels/:slug/publish', () => {
  it('answers 409 epoch_open while a verifiable epoch is open, and publishes again once the mode is off', async () => {
    await publishEntries(t, cookie, 'default', sampleEntries(5));
    const on = await setVerifiable(true);
    expect(on.epochs[0]).toMatchObject({ epoch: 1, version: 1 });
    expect(on.epochs[0]?.checksum).toMatch(/^sha256:[0-9a-f]{64}$/);

    await call('PUT', '/api/admin/wheels/default/draft/entries', { entries: sampleEntries(6) });
    const refused = await call('POST', '/api/admin/wheels/default/publish', {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: { code: 'epoch_open' } });
    expect((await call('GET', '/api/wheels/default/snapshot', undefined, {})).json<Snapshot>().version).toBe(
      1,
    );

    await setVerifiable(false);
    expect((await call('POST', '/api/admin/wheels/default/publish', {})).statusCode).toBe(201);
  });

  it('lets the removeWinners versions of the draws through, and the verifier follows them', async () => {
    await call('PUT', '/api/admin/wheels/default/draft/settings', { removeWinners: true });
    await publishEntries(t, cookie, 'default', sampleEntries(8));
    await setVerifiable(true);
    expect((await setWitness('coin: heads tails heads')).statusCode).toBe(200);
    const first = await spin(1);
    const second = await spin(2);
    expect(second.version).toBe(2);
    expect(second.ticket).not.toBe(first.ticket);
    expect((await call('POST', '/api/admin/wheels/default/verification/reveal', {})).statusCode).toBe(200);
    expect((await verifyAll()).map((v) => [v.seq, v.status])).toEqual([
      [1, 'verified'],
      [2, 'verified'],
    ]);
  });
});

describe('PUT /api/admin/wheels/:slug/verification/witness', () => {
  it('records the witness once, publishes it with the epoch, and mixes it into every winner', async () => {
    const weighted = sampleEntries(40).map((entry, i) => ({ ...entry, weight: (i % 7) + 1 }));
    await publishEntries(t, cookie, 'default', weighted);
    await setVerifiable(true);
    const witnessed = await setWitness('  Ana rolled 3 5 1 6 2  ');
    expect(witnessed.statusCode).toBe(200);
    expect(witnessed.json<PublicVerification>().epochs[0]).toMatchObject({
      witness: 'Ana rolled 3 5 1 6 2',
      witnessAt: expect.any(String) as string,
    });
    const again = await setWitness('something else');
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'witness_already_set' } });

    const plans = [await spin(), await spin(), await spin()];
    const revealed = (await call('POST', '/api/admin/wheels/default/verification/reveal', {})).json<{
      revealed: { seed: string };
    }>().revealed;
    const snapshot = (await call('GET', '/api/wheels/default/snapshots/1', undefined, {})).json<Snapshot>();
    const weights = snapshot.entries.map((entry) => entry.weight);
    plans.forEach((plan, i) => {
      expect(plan.targetIndex).toBe(
        deriveVerifiableIndex(revealed.seed, snapshot.checksum, i + 1, weights, 'Ana rolled 3 5 1 6 2'),
      );
    });
    // The seed alone does not give these winners: the witness changed them.
    const withoutWitness = plans.map((_, i) =>
      deriveVerifiableIndex(revealed.seed, snapshot.checksum, i + 1, weights),
    );
    expect(withoutWitness).not.toEqual(plans.map((plan) => plan.targetIndex));
    expect((await verifyAll()).every((v) => v.status === 'verified' && !v.withoutWitness)).toBe(true);
  });

  it('answers 409 epoch_has_draws after the first draw, 409 no_open_epoch without an epoch, 400 for bad text', async () => {
    await publishEntries(t, cookie, 'default', sampleEntries(5));
    const none = await setWitness('too early');
    expect(none.statusCode).toBe(409);
    expect(none.json()).toMatchObject({ error: { code: 'no_open_epoch' } });

    await setVerifiable(true);
    for (const bad of ['', '   ', 'x'.repeat(201), 42]) {
      const refused = await setWitness(bad);
      expect(refused.statusCode).toBe(400);
      expect(refused.json<{ error: { message: string } }>().error.message).toMatch(/entropy/);
    }
    await spin();
    const late = await setWitness('too late');
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ error: { code: 'epoch_has_draws' } });
    expect((await verification()).epochs[0]?.witness).toBeNull();
  });

  it('is for admins only', async () => {
    const response = await call(
      'PUT',
      '/api/admin/wheels/default/verification/witness',
      { entropy: 'x' },
      {} as {
        cookie: string;
      },
    );
    expect(response.statusCode).toBe(401);
  });
});

describe('PUT /api/admin/wheels/:slug/verifiable', () => {
  it('closes an open epoch publicly when turned off: revealed when it has draws, closedAt when it has none', async () => {
    await publishEntries(t, cookie, 'default', sampleEntries(5));
    const on = await setVerifiable(true);
    await spin();
    const off = await setVerifiable(false);
    expect(off.epochs[0]).toMatchObject({
      epoch: 1,
      closedAt: null,
      revealedAt: expect.any(String) as string,
    });
    expect(seedCommitment(off.epochs[0]!.seed!)).toBe(on.commitment);
    expect((await verifyAll()).map((v) => v.status)).toEqual(['verified']);

    await setVerifiable(true);
    const closed = await setVerifiable(false);
    expect(closed.epochs[1]).toMatchObject({
      epoch: 2,
      seed: null,
      revealedAt: null,
      closedAt: expect.any(String) as string,
    });
  });
});

describe('GET /api/wheels/:slug/verification', () => {
  it('lists every draw of an epoch window with seq, derived and voided; a void-then-redraw is visible', async () => {
    await publishEntries(t, cookie, 'default', sampleEntries(9));
    await setVerifiable(true);
    const first = await spin();
    await call('POST', `/api/admin/wheels/default/draws/${first.id}/void`, { reason: 'not present' });
    await spin();
    const listed = (await verification()).draws;
    expect(listed.map(({ seq, epoch, derived, voided }) => ({ seq, epoch, derived, voided }))).toEqual([
      { seq: 1, epoch: 1, derived: true, voided: true },
      { seq: 2, epoch: 1, derived: true, voided: false },
    ]);
    await call('POST', '/api/admin/wheels/default/verification/reveal', {});
    expect((await verifyAll()).map((v) => [v.seq, v.status, v.voided, v.redrawOf])).toEqual([
      [1, 'verified', true, null],
      [2, 'verified', false, 1],
    ]);
  });
});

describe('POST /api/wheels/:slug/spins', () => {
  it('carries the open epoch commitment in the plan and in the spin event of a verifiable wheel', async () => {
    await publishEntries(t, cookie, 'default', sampleEntries(5));
    const events: WheelEvent[] = [];
    t.app.events.subscribe('default', (event) => events.push(event));
    const plain = await spin();
    expect(plain).not.toHaveProperty('commitment');
    const on = await setVerifiable(true);
    expect(events.at(-1)).toEqual({ type: 'verification', data: { commitment: on.commitment } });
    const plan = await spin();
    expect(plan.commitment).toBe(on.commitment);
    const spinEvent = events.filter((event) => event.type === 'spin').at(-1);
    expect(spinEvent?.data).toMatchObject({ id: plan.id, commitment: on.commitment });
    await setVerifiable(false);
    expect(events.at(-1)).toEqual({ type: 'verification', data: { commitment: null } });
  });
});

describe('GET /api/openapi.json', () => {
  it('describes the witness endpoint with its body and the epoch_open refusal of publish', async () => {
    const openapi = (await call('GET', '/api/openapi.json', undefined, {})).json<{
      paths: Record<string, Record<string, { summary?: string; requestBody?: unknown }>>;
    }>();
    const witness = openapi.paths['/api/admin/wheels/{slug}/verification/witness']?.put;
    expect(JSON.stringify(witness?.requestBody)).toContain('entropy');
    expect(witness?.summary).toMatch(/epoch_has_draws/);
    expect(openapi.paths['/api/admin/wheels/{slug}/publish']?.post?.summary).toMatch(/epoch_open/);
  });
});
