// Issue #18's scripted event, once, for every place that runs it (in-process app, verifiable mode,
// two instances on PostgreSQL, the browser test): a participant list with persons and groups
// imported from a real xlsx, prizes imported from a prize sheet and edited, a rehearsal spin, going
// live, every prize drawn, two declines, a prize added on the night, the winners scene. Every spin
// is checked against core eligiblePool (the one rule function), and the hooks let a caller look at
// screens before and after each step. Checks that do not stop the script are soft (expect.soft),
// so one run lists every broken promise.
import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import {
  eligiblePool,
  normalizeGroupKey,
  personKeyOf,
  type DeclineAnswer,
  type DrawLogEntry,
  type Prize,
  type ProgramDraw,
  type ProgramState,
  type PublicProgramDraw,
  type Snapshot,
  type SpinPlan,
  type StageState,
} from '../../core/index.ts';
import type { HttpAnswer, HttpClient } from './http-client.ts';
import { makeSolidPng } from './test-images.ts';

// ---------------------------------------------------------------------------------------------
// The list and the prizes

export interface Participant {
  ticket: string;
  name: string;
  /** The raw person value (the list's Email column), or null: a row without a person. */
  email: string | null;
  group: string;
  weight: number;
  desk: string;
}

export const PERSONS = 90;
export const STAFF_PERSONS = 15;
export const GUEST_PERSONS = 55;
export const TICKETS_OF_BIG_HOLDERS = 5;
export const EMAIL_DOMAIN = 'gala-example.org';

/**
 * 90 persons (15 staff, 55 guests, 20 partners); every sixth holds 5 tickets (typed with varying
 * case and spaces, as people type them), every sixth after that 2; plus 3 rows without an email.
 */
export function eventParticipants(): Participant[] {
  const participants: Participant[] = [];
  let ticket = 0;
  const nextTicket = () => `G-${String(++ticket).padStart(4, '0')}`;
  for (let person = 1; person <= PERSONS; person++) {
    const group =
      person <= STAFF_PERSONS ? 'staff' : person <= STAFF_PERSONS + GUEST_PERSONS ? 'guests' : 'partners';
    const tickets = person % 6 === 1 ? TICKETS_OF_BIG_HOLDERS : person % 6 === 2 ? 2 : 1;
    for (let i = 0; i < tickets; i++) {
      const email = `person${person}@${EMAIL_DOMAIN}`;
      participants.push({
        ticket: nextTicket(),
        name: `Guest ${person}`,
        email:
          i === 1
            ? ` ${email.toUpperCase()}`
            : i === 2
              ? `Person${person}@${EMAIL_DOMAIN.toUpperCase()}`
              : email,
        group: i === 3 ? group.toUpperCase() : group,
        weight: person % 4 === 0 ? 2 : 1,
        desk: `Desk ${(person % 12) + 1}`,
      });
    }
  }
  for (let walkIn = 1; walkIn <= 3; walkIn++)
    participants.push({
      ticket: nextTicket(),
      name: `Walk-in ${walkIn}`,
      email: null,
      group: 'guests',
      weight: 1,
      desk: 'Door',
    });
  return participants;
}

/** The participant list as an organizer's xlsx (exceljs): a title row, then the header. */
export async function participantsXlsx(participants: readonly Participant[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Guests');
  sheet.addRow(['Gala night 2026 — guest list']);
  sheet.addRow(['Ticket', 'Name', 'Email', 'Department', 'Weight', 'Desk']);
  for (const p of participants) sheet.addRow([p.ticket, p.name, p.email ?? '', p.group, p.weight, p.desk]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export const STAFF_PRIZE = 'staff-lunch';
export const BATCH_PRIZE = 'voucher';
export const GRAND_PRIZE = 'grand';
export const NIGHT_PRIZE = 'night';

/** The prizes the organizer imports from a sheet, in running order. */
export const SHEET_PRIZES: Prize[] = [
  {
    id: STAFF_PRIZE,
    name: 'Lunch with the CEO',
    quantity: 3,
    description: 'For the team that made the year',
    groups: ['Staff'],
    allowPreviousWinners: false,
    batchSize: 1,
    reserves: 0,
  },
  {
    id: BATCH_PRIZE,
    name: 'Dinner voucher',
    quantity: 50,
    sponsor: 'Bistro Norte',
    groups: null,
    allowPreviousWinners: false,
    batchSize: 50,
    reserves: 5,
  },
  {
    id: GRAND_PRIZE,
    name: 'Electric bike',
    quantity: 1,
    sponsor: 'Velo & Co',
    groups: null,
    allowPreviousWinners: true,
    batchSize: 1,
    reserves: 0,
  },
];

/** The prize added on the night (a new version after draws). */
export const NIGHT_PRIZE_DEFINITION: Prize = {
  id: NIGHT_PRIZE,
  name: 'Late-night hamper',
  quantity: 3,
  groups: ['Guests', 'partners'],
  allowPreviousWinners: false,
  batchSize: 3,
  reserves: 1,
};

/** The prize sheet (exceljs), with the contract's column names. */
export async function prizesXlsx(prizes: readonly Prize[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Prizes');
  sheet.addRow([
    'ID',
    'Name',
    'Quantity',
    'Description',
    'Sponsor',
    'Groups',
    'Allow previous winners',
    'Batch size',
    'Reserves',
  ]);
  for (const p of prizes)
    sheet.addRow([
      p.id,
      p.name,
      p.quantity,
      p.description ?? '',
      p.sponsor ?? '',
      p.groups === null ? '' : p.groups.join('; '),
      p.allowPreviousWinners ? 'yes' : 'no',
      p.batchSize,
      p.reserves,
    ]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// ---------------------------------------------------------------------------------------------
// The script

export interface SpinContext {
  prize: Prize;
  snapshot: Snapshot;
  /** The server-side pool: core eligiblePool over the snapshot and the program's draws before the spin. */
  pool: Int32Array;
  draws: ProgramDraw[];
  rehearsal: boolean;
}

export interface ScriptedEventHooks {
  /** The wheel is published and the presenter link made (open screens here). */
  ready?(event: { slug: string; presenterKey: string; version: number }): Promise<void>;
  /** The prize is on stage; the screens should show its pool now. */
  beforeSpin?(spin: SpinContext): Promise<void>;
  /** The server answered the spin (before anyone reported a landing). */
  afterSpin?(spin: SpinContext & { plan: SpinPlan }): Promise<void>;
  afterDecline?(answer: DeclineAnswer): Promise<void>;
  afterStage?(stage: StageState): Promise<void>;
}

export interface ScriptedEventOptions {
  http: HttpClient;
  slug: string;
  adminHeaders: Record<string, string>;
  /** Verifiable mode: on before the first live draw; revealed before the night publish and at the end. */
  verifiable?: boolean;
  hooks?: ScriptedEventHooks;
}

export interface ScriptedEventResult {
  slug: string;
  participants: Participant[];
  presenterKey: string;
  presenterHeaders: Record<string, string>;
  snapshots: Map<number, Snapshot>;
  plans: SpinPlan[];
  rehearsalPlan: SpinPlan;
  /** Null where the server refused the decline (a soft failure already). */
  declines: { reserveReplaced: DeclineAnswer | null; redrawn: DeclineAnswer | null };
  program: ProgramState;
  log: DrawLogEntry[];
}

const SERVER_SPIN_MODES = new Set(['random', 'predrawn']);

/** The rules' view of the public program's draws (the shapes agree field for field). */
export function programDrawsOf(draws: readonly PublicProgramDraw[]): ProgramDraw[] {
  return draws.map((d) => ({
    seq: d.seq,
    prizeId: d.prizeId,
    batchId: d.batchId,
    ticket: d.ticket,
    person: d.person,
    role: d.role,
    rank: d.rank,
    substitutes: d.substitutes,
    promotedFrom: d.promotedFrom,
    declined: d.declined,
    voided: d.voided,
    rehearsal: d.rehearsal,
  }));
}

function expectStatus(answer: HttpAnswer, ...statuses: number[]): void {
  expect(statuses, answer.describe()).toContain(answer.status);
}

export async function runScriptedEvent(options: ScriptedEventOptions): Promise<ScriptedEventResult> {
  const { http, slug, adminHeaders: admin, hooks = {} } = options;
  const soft = expect.soft;
  const wheelPath = `/api/wheels/${slug}`;
  const adminPath = `/api/admin/wheels/${slug}`;
  const participants = eventParticipants();
  const snapshots = new Map<number, Snapshot>();
  const plans: SpinPlan[] = [];
  /** False once PUT stage failed (then spins name their prize). */
  let stageWorks = true;

  // -- The organizer prepares the wheel: settings, the list, the prize sheet, an image. --
  expectStatus(
    await http('POST', '/api/admin/wheels', { headers: admin, body: { slug, title: 'Gala night' } }),
    201,
  );
  expectStatus(
    await http('PUT', `${adminPath}/draft/settings`, {
      headers: admin,
      body: { removeWinners: false, spinDurationMs: 3_000, minRotations: 1, maxRotations: 2 },
    }),
    200,
  );
  const listImport = await http('POST', `${adminPath}/draft/import`, {
    headers: admin,
    file: {
      field: 'file',
      fileName: 'gala-guests.xlsx',
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      content: await participantsXlsx(participants),
    },
  });
  expectStatus(listImport, 200);
  expect(listImport.json(), listImport.describe()).toMatchObject({ ok: true, entries: participants.length });

  // Bad prizes are refused with a clear error per row and field, and change nothing.
  const badPrizes = await http('PUT', `${adminPath}/draft/prizes`, {
    headers: admin,
    body: {
      prizes: [
        { ...SHEET_PRIZES[0], quantity: 0 },
        { ...SHEET_PRIZES[1], id: 'no spaces allowed' },
      ],
    },
  });
  soft(badPrizes.status, badPrizes.describe()).toBe(422);
  if (badPrizes.status === 422) {
    const error = badPrizes.json<{
      error: { code: string; details?: { errors?: Array<{ index: number; field: string }> } };
    }>().error;
    soft(error.code, badPrizes.describe()).toBe('invalid_prizes');
    soft(
      error.details?.errors?.map((e) => [e.index, e.field]),
      badPrizes.describe(),
    ).toEqual(
      expect.arrayContaining([
        [0, 'quantity'],
        [1, 'id'],
      ]),
    );
  }

  const prizeImport = await http('POST', `${adminPath}/draft/prizes/import`, {
    headers: admin,
    file: {
      field: 'file',
      fileName: 'prizes.xlsx',
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      content: await prizesXlsx(SHEET_PRIZES),
    },
  });
  soft(prizeImport.status, prizeImport.describe()).toBe(200);
  if (prizeImport.status === 200)
    soft(prizeImport.json(), prizeImport.describe()).toMatchObject({ ok: true });
  else {
    // NOTE: carries on without the sheet import, so the rest of the event is still checked.
    expectStatus(
      await http('PUT', `${adminPath}/draft/prizes`, { headers: admin, body: { prizes: SHEET_PRIZES } }),
      200,
    );
  }
  const imported = await http('GET', `${adminPath}/draft/prizes`, { headers: admin });
  expectStatus(imported, 200);
  const draftPrizes = imported.json<{ prizes: Prize[] }>().prizes;
  soft(draftPrizes, imported.describe()).toEqual(SHEET_PRIZES);

  const image = makeSolidPng(32, [200, 40, 40]);
  const uploaded = await http('POST', `${adminPath}/prize-images`, {
    headers: admin,
    body: { image: image.toString('base64') },
  });
  soft([200, 201], uploaded.describe()).toContain(uploaded.status);
  const imageUploaded = uploaded.status === 200 || uploaded.status === 201;
  const { sha256, url: imageUrl } = imageUploaded
    ? uploaded.json<{ sha256: string; contentType: string; url: string }>()
    : { sha256: undefined, url: undefined };
  if (imageUploaded)
    soft(uploaded.json(), uploaded.describe()).toMatchObject({
      contentType: 'image/png',
      bytes: image.length,
    });
  const prizesWithImage = draftPrizes.map((p) =>
    p.id === GRAND_PRIZE && sha256 !== undefined ? { ...p, image: sha256 } : p,
  );
  expectStatus(
    await http('PUT', `${adminPath}/draft/prizes`, { headers: admin, body: { prizes: prizesWithImage } }),
    200,
  );

  const firstVersion = await publish();
  const first = await snapshotOf(firstVersion);
  soft(first.prizes, 'snapshot v1 prizes').toEqual(prizesWithImage);
  checkSnapshotPersons(first, participants);
  if (imageUploaded) {
    const publicImage = await http('GET', imageUrl ?? `${wheelPath}/prize-images/${sha256}`);
    soft(publicImage.status, publicImage.describe()).toBe(200);
    soft(publicImage.headers['content-type'], publicImage.describe()).toBe('image/png');
    soft(publicImage.headers['cache-control'], publicImage.describe()).toContain('immutable');
    soft(publicImage.raw.equals(image), 'the public prize image is the uploaded one').toBe(true);
  }

  // -- The presenter link, and what it may not do. --
  const link = await http('POST', `${adminPath}/presenter-keys`, {
    headers: admin,
    body: { label: 'Stage left' },
  });
  expectStatus(link, 201);
  const presenterKey = link.json<{ key: string }>().key;
  const presenter = { 'x-presenter-key': presenterKey };
  for (const forged of [{ ticket: participants[0]!.ticket }, { targetIndex: 0 }]) {
    const refused = await http('POST', `${wheelPath}/spins`, {
      headers: presenter,
      body: { version: firstVersion, prizeId: STAFF_PRIZE, ...forged },
    });
    soft(refused.status, refused.describe()).toBe(400);
  }
  const prizesByPresenter = await http('PUT', `${adminPath}/draft/prizes`, {
    headers: presenter,
    body: { prizes: [] },
  });
  soft([401, 403], prizesByPresenter.describe()).toContain(prizesByPresenter.status);
  const noPrize = await http('POST', `${wheelPath}/spins`, {
    headers: presenter,
    body: { version: firstVersion },
  });
  soft(noPrize.status, noPrize.describe()).toBe(409);
  soft(noPrize.body, noPrize.describe()).toContain('no_prize_selected');
  const unknownPrize = await http('POST', `${wheelPath}/spins`, {
    headers: presenter,
    body: { version: firstVersion, prizeId: 'no-such-prize' },
  });
  soft(unknownPrize.status, unknownPrize.describe()).toBe(404);

  await hooks.ready?.({ slug, presenterKey, version: firstVersion });

  // -- Rehearsal: a spin that counts for nothing, then going live (audited). --
  await setRehearsal(true);
  await setStage({ prizeId: STAFF_PRIZE, scene: 'wheel' });
  const rehearsalPlan = await spin(STAFF_PRIZE, { rehearsal: true });
  soft(rehearsalPlan.rehearsal, 'rehearsal plan').toBe(true);
  await setRehearsal(false);
  // Both switches are audited (going live under whatever action name says so).
  const audit = await http('GET', `/api/admin/audit?wheel=${slug}&limit=1000`, { headers: admin });
  expectStatus(audit, 200);
  const auditActions = audit.json<{ events: Array<{ action: string; details: unknown }> }>().events;
  soft(
    auditActions.filter((e) => /rehearsal|live/i.test(e.action)).length,
    `audit actions: ${auditActions.map((e) => e.action).join(', ')}`,
  ).toBeGreaterThanOrEqual(2);

  if (options.verifiable) {
    expectStatus(
      await http('PUT', `${adminPath}/verifiable`, { headers: admin, body: { verifiable: true } }),
      200,
    );
  }

  // -- Staff lunch: three single spins of the prize on stage (no prizeId in the request). --
  await setStage({ prizeId: STAFF_PRIZE, scene: 'wheel' });
  for (let i = 0; i < 3; i++)
    plans.push(await spin(stageWorks ? undefined : STAFF_PRIZE, { expectedPrize: STAFF_PRIZE }));
  await expectExhausted(STAFF_PRIZE);

  // -- Dinner vouchers: one press, 50 winners and 5 reserves. --
  await setStage({ prizeId: BATCH_PRIZE, scene: 'wheel' });
  const voucherPlan = await spin(BATCH_PRIZE);
  plans.push(voucherPlan);
  await expectExhausted(BATCH_PRIZE);

  // -- Two declines: a voucher winner (a reserve takes the place), a staff winner (redrawn). --
  const declinedVoucher = voucherPlan.batch?.find((place) => place.role === 'winner' && place.rank === 2);
  expect(declinedVoucher, 'the voucher batch has a rank-2 winner').toBeDefined();
  const firstReserve = voucherPlan.batch?.find((place) => place.role === 'reserve' && place.rank === 1);
  const reserveReplaced = await decline(declinedVoucher!.seq, 'Not in the room');
  soft(reserveReplaced?.substitute, 'voucher decline: a reserve takes the place').toMatchObject({
    prizeId: BATCH_PRIZE,
    role: 'winner',
    substitutes: declinedVoucher!.seq,
    promotedFrom: firstReserve?.seq,
    ticket: firstReserve?.ticket,
  });
  const staffSeq = plans[0]!.batch?.[0]?.seq;
  expect(staffSeq, 'the first staff spin has its batch place').toBeDefined();
  const redrawn = await decline(staffSeq!, 'Declined: on duty tonight');
  soft(redrawn?.substitute, 'staff decline: a new draw').toMatchObject({
    prizeId: STAFF_PRIZE,
    role: 'winner',
    substitutes: staffSeq,
    promotedFrom: null,
  });
  if (redrawn)
    soft(redrawn.substitute?.person, 'the redraw is another person').not.toBe(redrawn.declined.person);

  // -- The grand prize, open to previous winners: pre-drawn to another ticket of a voucher winner. --
  const program = await programState();
  const latest = await snapshotOf(firstVersion);
  const voucherHolders = new Set(
    program.draws
      .filter((d) => d.prizeId === BATCH_PRIZE && d.role === 'winner' && !d.declined && !d.rehearsal)
      .map((d) => d.ticket),
  );
  const bigHolder = participants.find(
    (p) =>
      voucherHolders.has(p.ticket) &&
      participants.filter(
        (q) => q.email !== null && q.email.trim().toLowerCase() === p.email?.trim().toLowerCase(),
      ).length === TICKETS_OF_BIG_HOLDERS,
  );
  let grandTicket: string | null = null;
  if (!options.verifiable && bigHolder) {
    const key = bigHolder.email!.trim().toLowerCase();
    grandTicket = participants.find(
      (p) => p.email?.trim().toLowerCase() === key && p.ticket !== bigHolder.ticket,
    )!.ticket;
    const planned = await http('PUT', `${adminPath}/plan`, {
      headers: admin,
      body: { tickets: [], prizes: { [GRAND_PRIZE]: [grandTicket] } },
    });
    soft(planned.status, planned.describe()).toBe(200);
    const readBack = await http('GET', `${adminPath}/plan`, { headers: admin });
    soft(readBack.json(), readBack.describe()).toMatchObject({ prizes: { [GRAND_PRIZE]: [grandTicket] } });
  }
  await setStage({ prizeId: GRAND_PRIZE, scene: 'wheel' });
  const grandPlan = await spin(GRAND_PRIZE);
  plans.push(grandPlan);
  if (grandTicket !== null) {
    soft(grandPlan.ticket, 'the pre-drawn grand prize ticket (a voucher winner may win it)').toBe(
      grandTicket,
    );
    soft(latest.entries[grandPlan.targetIndex]?.ticket).toBe(grandTicket);
  }

  // -- On the night: a prize added, published as a new version. --
  if (options.verifiable) {
    // An open epoch is frozen to its list: reveal, close it, publish, and open the next one.
    expectStatus(await http('POST', `${adminPath}/verification/reveal`, { headers: admin, body: {} }), 200);
    expectStatus(
      await http('PUT', `${adminPath}/verifiable`, { headers: admin, body: { verifiable: false } }),
      200,
    );
  }
  const tonight = await http('GET', `${adminPath}/draft/prizes`, { headers: admin });
  expectStatus(tonight, 200);
  const withNight = [...tonight.json<{ prizes: Prize[] }>().prizes, NIGHT_PRIZE_DEFINITION];
  expectStatus(
    await http('PUT', `${adminPath}/draft/prizes`, { headers: admin, body: { prizes: withNight } }),
    200,
  );
  const nightVersion = await publish();
  soft(nightVersion, 'the night prize is a new version').toBe(firstVersion + 1);
  const night = await snapshotOf(nightVersion);
  soft(night.prizes?.map((p) => p.id)).toEqual([STAFF_PRIZE, BATCH_PRIZE, GRAND_PRIZE, NIGHT_PRIZE]);
  checkSnapshotPersons(night, participants);
  if (options.verifiable) {
    expectStatus(
      await http('PUT', `${adminPath}/verifiable`, { headers: admin, body: { verifiable: true } }),
      200,
    );
  }
  const outdated = await http('POST', `${wheelPath}/spins`, {
    headers: presenter,
    body: { version: firstVersion, prizeId: NIGHT_PRIZE },
  });
  soft(outdated.status, outdated.describe()).toBe(409);
  await setStage({ prizeId: NIGHT_PRIZE, scene: 'wheel' });
  plans.push(await spin(NIGHT_PRIZE, { count: 2 }));
  plans.push(await spin(NIGHT_PRIZE));
  await expectExhausted(NIGHT_PRIZE);

  // -- The winners scene. --
  await setStage({ prizeId: null, scene: 'winners' });

  if (options.verifiable) {
    expectStatus(await http('POST', `${adminPath}/verification/reveal`, { headers: admin, body: {} }), 200);
  }

  const finalProgram = await programState();
  const log = await drawLog();
  return {
    slug,
    participants,
    presenterKey,
    presenterHeaders: presenter,
    snapshots,
    plans,
    rehearsalPlan,
    declines: { reserveReplaced, redrawn },
    program: finalProgram,
    log,
  };

  // ------------------------------------------------------------------------------------------

  async function publish(): Promise<number> {
    const published = await http('POST', `${adminPath}/publish`, { headers: admin, body: {} });
    expectStatus(published, 201);
    return published.json<{ version: number }>().version;
  }

  async function snapshotOf(version: number): Promise<Snapshot> {
    const known = snapshots.get(version);
    if (known) return known;
    const answer = await http('GET', `${wheelPath}/snapshots/${version}`);
    expectStatus(answer, 200);
    const snapshot = answer.json<Snapshot>();
    snapshots.set(version, snapshot);
    return snapshot;
  }

  async function programState(): Promise<ProgramState> {
    const answer = await http('GET', `${wheelPath}/program`);
    expectStatus(answer, 200);
    return answer.json<ProgramState>();
  }

  async function drawLog(): Promise<DrawLogEntry[]> {
    const answer = await http('GET', `${adminPath}/draws`, { headers: admin });
    expectStatus(answer, 200);
    return answer.json<{ draws: DrawLogEntry[] }>().draws;
  }

  async function setRehearsal(rehearsal: boolean): Promise<void> {
    const answer = await http('PUT', `${adminPath}/rehearsal`, { headers: admin, body: { rehearsal } });
    expectStatus(answer, 200);
    soft(answer.json(), answer.describe()).toEqual({ rehearsal });
    soft((await programState()).rehearsal, 'program.rehearsal').toBe(rehearsal);
  }

  async function setStage(stage: Partial<StageState>): Promise<void> {
    const answer = await http('PUT', `${wheelPath}/stage`, { headers: presenter, body: stage });
    soft(answer.status, answer.describe()).toBe(200);
    if (answer.status !== 200) {
      stageWorks = false;
      return;
    }
    const state = answer.json<StageState>();
    soft(state, answer.describe()).toMatchObject(stage);
    soft((await programState()).stage, 'program.stage after PUT stage').toEqual(state);
    await hooks.afterStage?.(state);
  }

  async function expectExhausted(prizeId: string): Promise<void> {
    const version = Math.max(...snapshots.keys());
    const answer = await http('POST', `${wheelPath}/spins`, {
      headers: presenter,
      body: { version, prizeId },
    });
    soft(answer.status, answer.describe()).toBe(409);
    soft(answer.body, answer.describe()).toContain('prize_exhausted');
  }

  /** One press: checks the plan against the pool computed before it, then reports its landing. */
  async function spin(
    prizeId: string | undefined,
    spinOptions: { count?: number; rehearsal?: boolean; expectedPrize?: string } = {},
  ): Promise<SpinPlan> {
    const version = Math.max(...snapshots.keys());
    const snapshot = await snapshotOf(version);
    const prize = snapshot.prizes?.find((p) => p.id === (prizeId ?? spinOptions.expectedPrize));
    expect(prize, `prize ${prizeId ?? spinOptions.expectedPrize} in snapshot v${version}`).toBeDefined();
    const before = await programState();
    const draws = programDrawsOf(before.draws);
    const pool = eligiblePool(snapshot.entries, prize!, draws);
    const context: SpinContext = {
      prize: prize!,
      snapshot,
      pool,
      draws,
      rehearsal: spinOptions.rehearsal ?? false,
    };
    await hooks.beforeSpin?.(context);

    const answer = await http('POST', `${wheelPath}/spins`, {
      headers: presenter,
      body: {
        version,
        ...(prizeId === undefined ? {} : { prizeId }),
        ...(spinOptions.count === undefined ? {} : { count: spinOptions.count }),
      },
    });
    expectStatus(answer, 201);
    const plan = answer.json<SpinPlan>();
    const describe = answer.describe();

    soft(plan.prizeId, describe).toBe(prize!.id);
    soft(Boolean(plan.rehearsal), describe).toBe(context.rehearsal);
    const batch = plan.batch ?? [];
    soft(batch.length, `${describe}: the plan has its batch`).toBeGreaterThan(0);
    soft(batch[0], describe).toMatchObject({
      ticket: plan.ticket,
      targetIndex: plan.targetIndex,
      role: 'winner',
      rank: 1,
    });
    const remaining =
      prize!.quantity - draws.filter((d) => countsAsHolder(d) && d.prizeId === prize!.id).length;
    const winners = Math.min(spinOptions.count ?? prize!.batchSize, remaining);
    const winnerPlaces = batch.filter((p) => p.role === 'winner');
    soft(winnerPlaces.length, `${describe}: winners`).toBe(winners);
    soft(
      winnerPlaces.map((p) => p.rank),
      describe,
    ).toEqual(Array.from({ length: winners }, (_, i) => i + 1));
    const reservePlaces = batch.filter((p) => p.role === 'reserve');
    soft(reservePlaces.length, `${describe}: reserves`).toBe(prize!.reserves);
    soft(
      batch.map((p) => p.role),
      `${describe}: winners first, then reserves`,
    ).toEqual([...winnerPlaces.map(() => 'winner'), ...reservePlaces.map(() => 'reserve')]);
    const poolSet = new Set(pool);
    const persons = new Set<string>();
    for (const place of batch) {
      soft(
        poolSet.has(place.targetIndex),
        `${describe}: place ${place.seq} (entry ${place.targetIndex}) is in the eligible pool of ${pool.length}`,
      ).toBe(true);
      const entry = snapshot.entries[place.targetIndex];
      soft(
        entry?.ticket,
        `${describe}: place ${place.seq}'s targetIndex is the snapshot index of its ticket`,
      ).toBe(place.ticket);
      if (entry) persons.add(personKeyOf(entry));
    }
    soft(persons.size, `${describe}: distinct persons in the batch`).toBe(batch.length);
    soft(
      batch.map((p) => p.seq),
      `${describe}: one seq per place, in order`,
    ).toEqual(batch.map((_, i) => batch[0]!.seq + i));
    const after = await programState();
    const expectedScene = batch.length > 1 ? 'batch' : 'wheel';
    soft(after.stage, `${describe}: the spin puts its prize on stage`).toEqual({
      prizeId: prize!.id,
      scene: expectedScene,
      blank: false,
    });
    soft(
      after.draws.filter((d) => batch.some((p) => p.seq === d.seq)).map((d) => d.rehearsal),
      `${describe}: program draws of this batch flagged rehearsal=${context.rehearsal}`,
    ).toEqual(batch.map(() => context.rehearsal));

    await hooks.afterSpin?.({ ...context, plan });
    await land(plan.id, plan.targetIndex, plan.durationMs);
    return plan;
  }

  async function land(id: string, targetIndex: number, durationMs: number): Promise<void> {
    const landed = await http('POST', `${wheelPath}/spins/${encodeURIComponent(id)}/landed`, {
      headers: presenter,
      body: { landedIndex: targetIndex, durationMs },
    });
    expectStatus(landed, 204);
  }

  /** Declines a winner; null (and a soft failure) when the server refuses, so the event goes on. */
  async function decline(seq: number, reason: string): Promise<DeclineAnswer | null> {
    const answer = await http('POST', `${wheelPath}/draws/${seq}/decline`, {
      headers: presenter,
      body: { reason },
    });
    soft([200, 201], answer.describe()).toContain(answer.status);
    if (answer.status !== 200 && answer.status !== 201) return null;
    const declined = answer.json<DeclineAnswer>();
    soft(declined.declined, answer.describe()).toMatchObject({ seq, declined: true });
    soft(declined.substitute, `${answer.describe()}: a substitute`).not.toBeNull();
    if (!declined.substitute) return declined;
    // A new draw may be a spin the screens animate: its landing is reported like any other's.
    const record = (await drawLog()).find((d) => d.seq === declined.substitute!.seq);
    soft(record, `${answer.describe()}: the substitute is in the draw log`).toBeDefined();
    if (
      record &&
      SERVER_SPIN_MODES.has(record.mode) &&
      record.landedIndex === null &&
      record.promotedFrom === null
    ) {
      const landed = await http('POST', `${wheelPath}/spins/${encodeURIComponent(record.id)}/landed`, {
        headers: presenter,
        body: { landedIndex: record.targetIndex, durationMs: record.durationMs ?? 3_000 },
      });
      // NOTE: not a failure by itself (the redraw may not be a spin); a wheel left turning fails the next spin.
      if (landed.status !== 204) console.info(`the redraw's landing: ${landed.describe()}`);
    }
    const log = await drawLog();
    soft(log.find((d) => d.seq === seq)?.declined, 'the draw log keeps the decline').toMatchObject({
      reason,
    });
    await hooks.afterDecline?.(declined);
    return declined;
  }
}

function countsAsHolder(draw: ProgramDraw): boolean {
  return !draw.rehearsal && !draw.voided && draw.role === 'winner' && !draw.declined;
}

/**
 * The snapshot's entries carry groups and pseudonymous persons: 32 hex characters, one per person
 * (whatever the case and spaces it was typed with), none for a row without a person; and no email
 * anywhere in the public snapshot.
 */
export function checkSnapshotPersons(snapshot: Snapshot, participants: readonly Participant[]): void {
  const soft = expect.soft;
  const text = JSON.stringify(snapshot);
  soft(text.toLowerCase().includes(EMAIL_DOMAIN), `snapshot v${snapshot.version} carries no email`).toBe(
    false,
  );
  soft(snapshot.entries.length).toBe(participants.length);
  const byPerson = new Map<string, Set<string>>();
  snapshot.entries.forEach((entry, index) => {
    const participant = participants[index]!;
    soft(entry.ticket).toBe(participant.ticket);
    soft(entry.group, `entry ${index} group`).toBe(participant.group);
    if (participant.email === null) {
      soft(entry.person, `entry ${index} (no email) has no person`).toBeUndefined();
      return;
    }
    soft(entry.person, `entry ${index} person is a 32-hex pseudonym`).toMatch(/^[0-9a-f]{32}$/);
    const key = participant.email.trim().toLowerCase();
    const seen = byPerson.get(key) ?? new Set<string>();
    seen.add(entry.person ?? '');
    byPerson.set(key, seen);
  });
  const pseudonyms = [...byPerson.values()];
  soft(
    pseudonyms.filter((set) => set.size !== 1).length,
    'every person has one pseudonym for all their tickets (case and spaces aside)',
  ).toBe(0);
  soft(new Set(pseudonyms.map((set) => [...set][0])).size, 'different persons, different pseudonyms').toBe(
    PERSONS,
  );
}

// ---------------------------------------------------------------------------------------------
// What must hold once the event is over

/**
 * The rules, checked over the final program and draw log: every draw was in its prize's eligible
 * pool at the moment it was made (declines made before it taken into account), no person holds two
 * prizes where the rules forbid it, the staff prize went to staff only, counts never exceed the
 * quantity (and every prize was given in full), every batch is distinct persons, and rehearsal
 * draws are flagged and count for nothing.
 */
export function checkEventRules(result: ScriptedEventResult): void {
  const soft = expect.soft;
  const { program, log, snapshots } = result;
  const bySeq = new Map(log.map((d) => [d.seq, d]));
  const draws = program.draws;
  soft(
    draws.map((d) => d.seq),
    'program draws by seq',
  ).toEqual([...draws.map((d) => d.seq)].sort((a, b) => a - b));
  soft(
    draws.every((d) => bySeq.has(d.seq)),
    'every program draw is in the draw log',
  ).toBe(true);

  const prizes = new Map<string, Prize>();
  for (const snapshot of snapshots.values())
    for (const prize of snapshot.prizes ?? []) prizes.set(prize.id, prize);

  for (const draw of draws) {
    const snapshot = snapshots.get(draw.version);
    const prize = draw.prizeId === null ? undefined : prizes.get(draw.prizeId);
    if (!snapshot || !prize) {
      soft(false, `draw ${draw.seq}: snapshot v${draw.version} and prize ${draw.prizeId} known`).toBe(true);
      continue;
    }
    const entry = snapshot.entries[draw.targetIndex];
    soft(entry?.ticket, `draw ${draw.seq}: targetIndex is the snapshot index of its ticket`).toBe(
      draw.ticket,
    );
    if (entry)
      soft(draw.person, `draw ${draw.seq}: person is personKeyOf its entry`).toBe(personKeyOf(entry));
    if (draw.promotedFrom !== null) {
      const reserve = draws.find((d) => d.seq === draw.promotedFrom);
      soft(reserve, `draw ${draw.seq}: promoted from a reserve of the same batch`).toMatchObject({
        role: 'reserve',
        ticket: draw.ticket,
        prizeId: draw.prizeId,
      });
      continue;
    }
    // The pool at the moment of the draw: earlier draws, declined only if declined before it.
    const createdAt = bySeq.get(draw.seq)?.createdAt ?? draw.createdAt;
    const earlier = programDrawsOf(draws.filter((d) => d.seq < draw.seq)).map((d) => {
      const declinedAt = bySeq.get(d.seq)?.declined?.at;
      return { ...d, declined: d.declined && declinedAt !== undefined && declinedAt <= createdAt };
    });
    const pool = eligiblePool(snapshot.entries, prize, earlier);
    soft(
      pool.includes(draw.targetIndex),
      `draw ${draw.seq} (${draw.prizeId} ${draw.role} ${draw.ticket}) was in the eligible pool (${pool.length}) when drawn`,
    ).toBe(true);
  }

  const counted = draws.filter((d) => !d.rehearsal && !d.voided);
  const holders = counted.filter((d) => d.role === 'winner' && !d.declined);
  for (const prize of prizes.values()) {
    const held = holders.filter((d) => d.prizeId === prize.id);
    soft(held.length, `${prize.id}: holders never exceed the quantity, and the prize was given in full`).toBe(
      prize.quantity,
    );
  }
  const restrictedByPerson = new Map<string, string[]>();
  for (const draw of holders) {
    if (prizes.get(draw.prizeId ?? '')?.allowPreviousWinners) continue;
    restrictedByPerson.set(draw.person, [
      ...(restrictedByPerson.get(draw.person) ?? []),
      `${draw.prizeId}#${draw.seq}`,
    ]);
  }
  soft(
    [...restrictedByPerson.entries()].filter(([, won]) => won.length > 1),
    'no person holds two prizes that do not allow previous winners',
  ).toEqual([]);

  for (const draw of counted.filter((d) => d.prizeId === STAFF_PRIZE)) {
    const entry = snapshots.get(draw.version)?.entries[draw.targetIndex];
    soft(
      normalizeGroupKey(entry?.group ?? ''),
      `staff prize draw ${draw.seq} (${draw.ticket}) went to staff`,
    ).toBe('staff');
  }

  const batches = new Map<string, PublicProgramDraw[]>();
  for (const draw of draws)
    if (draw.batchId !== null && draw.promotedFrom === null && draw.substitutes === null)
      batches.set(draw.batchId, [...(batches.get(draw.batchId) ?? []), draw]);
  for (const [batchId, places] of batches)
    soft(new Set(places.map((d) => d.person)).size, `batch ${batchId}: distinct persons`).toBe(places.length);

  const rehearsal = draws.filter((d) => d.rehearsal);
  soft(
    rehearsal.map((d) => d.seq),
    'the rehearsal spin is in the program, flagged',
  ).toEqual((result.rehearsalPlan.batch ?? []).map((p) => p.seq));
  soft(
    log.filter((d) => d.rehearsal).map((d) => d.seq),
    'the draw log flags the rehearsal draws',
  ).toEqual(rehearsal.map((d) => d.seq));

  const { reserveReplaced, redrawn } = result.declines;
  const logOf = (seq: number | undefined) => (seq === undefined ? undefined : bySeq.get(seq));
  if (reserveReplaced) {
    soft(logOf(reserveReplaced.declined.seq)?.declined?.reason).toBe('Not in the room');
    soft(logOf(reserveReplaced.substitute?.seq)).toMatchObject({ substitutes: reserveReplaced.declined.seq });
    soft(
      logOf(reserveReplaced.substitute?.seq)?.promotedFrom,
      'the promoted reserve names its reserve record',
    ).not.toBeNull();
  }
  if (redrawn) {
    soft(logOf(redrawn.declined.seq)?.declined?.reason).toBe('Declined: on duty tonight');
    soft(logOf(redrawn.substitute?.seq)).toMatchObject({
      substitutes: redrawn.declined.seq,
      promotedFrom: null,
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Exports

/** A table read from an export: header and rows of displayed text. */
export interface ExportTable {
  header: string[];
  rows: string[][];
}

export async function readXlsxTable(content: Buffer): Promise<ExportTable> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(content as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error('the xlsx export has no sheet');
  const table: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let column = 1; column <= sheet.columnCount; column++) cells.push(row.getCell(column).text ?? '');
    table.push(cells);
  });
  return tableFrom(table);
}

/** Finds the header row (the first with a ticket column and a seq column) among the first rows. */
function tableFrom(rows: string[][]): ExportTable {
  const headerIndex = rows.slice(0, 10).findIndex((row) => seqColumn(row) >= 0 && ticketColumn(row) >= 0);
  if (headerIndex < 0)
    throw new Error(`no header with ticket and seq columns in: ${JSON.stringify(rows.slice(0, 3))}`);
  return {
    header: rows[headerIndex]!,
    rows: rows.slice(headerIndex + 1).filter((row) => row.some((cell) => cell.trim() !== '')),
  };
}

function seqColumn(header: string[]): number {
  return header.findIndex((cell) =>
    /^(seq|draw seq|seq(uence)?( no\.?| number)?|draw (no\.?|number|#))$/i.test(cell.trim()),
  );
}

function ticketColumn(header: string[]): number {
  return header.findIndex((cell) => /^ticket( no\.?| number)?$/i.test(cell.trim()));
}

export function csvTable(text: string, parse: (text: string) => string[][]): ExportTable {
  return tableFrom(parse(text.replace(/^\uFEFF/, '')));
}

/**
 * The export holds one row per counted draw of the log (rehearsal ones left out), each with its
 * ticket, prize, role, the winner's email (to contact them) and a decline's reason; grouped by
 * prize in running order.
 */
export function checkExportMatchesLog(kind: string, table: ExportTable, result: ScriptedEventResult): void {
  const soft = expect.soft;
  const seqAt = seqColumn(table.header);
  const ticketAt = ticketColumn(table.header);
  const counted = result.log.filter((d) => !d.rehearsal && !d.voided);
  const header = JSON.stringify(table.header);
  soft(
    table.rows.map((row) => Number(row[seqAt])).sort((a, b) => a - b),
    `${kind}: one row per counted draw of the log (header ${header})`,
  ).toEqual(counted.map((d) => d.seq).sort((a, b) => a - b));
  soft(
    seqAt > ticketAt && seqAt >= table.header.length - 8,
    `${kind}: technical columns (seq) at the end of ${header}`,
  ).toBe(true);
  const prizes = new Map<string, Prize>();
  for (const snapshot of result.snapshots.values())
    for (const prize of snapshot.prizes ?? []) prizes.set(prize.id, prize);
  const order = [...prizes.keys()];
  const byTicket = new Map(result.participants.map((p) => [p.ticket, p]));
  let lastPrizeOrder = -1;
  let problems = 0;
  for (const row of table.rows) {
    const draw = counted.find((d) => d.seq === Number(row[seqAt]));
    if (!draw) continue;
    const text = row.join(' | ');
    const prize = prizes.get(draw.prizeId ?? '');
    const checks: Array<[boolean, string]> = [
      [row[ticketAt] === draw.ticket, `ticket ${draw.ticket}`],
      [prize !== undefined && text.includes(prize.name), `prize name ${prize?.name}`],
      [draw.role === null || text.toLowerCase().includes(draw.role), `role ${draw.role}`],
      [
        draw.declined === null || text.includes(draw.declined.reason),
        `decline reason ${draw.declined?.reason}`,
      ],
      [
        (byTicket.get(draw.ticket)?.email ?? null) === null ||
          text.toLowerCase().includes(byTicket.get(draw.ticket)!.email!.trim().toLowerCase()),
        `the winner's email ${byTicket.get(draw.ticket)?.email}`,
      ],
      [!text.includes('presenter-key:'), 'the presenter link by its label, not presenter-key:<uuid>'],
    ];
    for (const [ok, what] of checks) {
      if (!ok && problems++ < 10)
        soft(ok, `${kind} row for draw ${draw.seq} has ${what}: ${text}`).toBe(true);
    }
    const prizeOrder = order.indexOf(draw.prizeId ?? '');
    if (prizeOrder < lastPrizeOrder && problems++ < 10)
      soft(
        false,
        `${kind}: grouped by prize in running order (draw ${draw.seq} of ${draw.prizeId} after a later prize)`,
      ).toBe(true);
    lastPrizeOrder = Math.max(lastPrizeOrder, prizeOrder);
  }
}

/** Every public answer about the wheel: none may carry an email. */
export async function checkNoEmailInPublicApi(http: HttpClient, result: ScriptedEventResult): Promise<void> {
  const paths = [
    `/api/wheels/${result.slug}/snapshot`,
    ...[...result.snapshots.keys()].map((v) => `/api/wheels/${result.slug}/snapshots/${v}`),
    `/api/wheels/${result.slug}/program`,
    `/api/wheels/${result.slug}/verification`,
  ];
  for (const path of paths) {
    const answer = await http('GET', path);
    if (!path.endsWith('/verification')) expect.soft(answer.status, answer.describe()).toBe(200);
    expect.soft(answer.body.toLowerCase().includes(EMAIL_DOMAIN), `${path} carries no email`).toBe(false);
  }
}
