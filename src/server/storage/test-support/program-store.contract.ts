// The event program's part of the storage contract (issue #18), run against every Store adapter:
// a batch in one transaction (one row per place, consecutive seqs, one audit event, the stage), the
// spin lock held by the batch's first winner only, declines with their substitute, rehearsal.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Prize, type StageState } from '../../../core/index.ts';
import { verifyAuditChain } from '../audit-chain.ts';
import type { BatchDecision, BatchRequest, Store } from '../store.ts';
import { audit, entriesOf } from './contract-fixtures.ts';
import { errorCodeOf } from './error-code.ts';

const AT = '2026-12-05T20:00:00.000Z';
const PRIZE: Prize = {
  id: 'p',
  name: 'Prize',
  quantity: 10,
  groups: null,
  allowPreviousWinners: false,
  batchSize: 2,
  reserves: 1,
};

async function wheelWithPrizes(store: Store): Promise<void> {
  await store.createWheel(
    { slug: 'gala', title: 'Gala', settings: DEFAULT_SETTINGS },
    audit('create_wheel', 'gala'),
  );
  await store.replaceDraftEntries('gala', entriesOf(6), audit('replace_draft', 'gala'));
  await store.publishDraft('gala', {
    publishedAt: AT,
    publishedBy: 'admin',
    prepare: (draft) => ({
      entries: draft.entries.map(({ ticket, name, weight }) => ({ ticket, name, weight })),
      settings: draft.settings,
      prizes: [PRIZE],
      audit: { actor: 'admin', details: {} },
    }),
  });
}

const STAGE: StageState = { prizeId: 'p', scene: 'batch', blank: false };

function batch(tickets: string[], winners: number, createdAt = AT): BatchRequest {
  return {
    expectedVersion: 1,
    createdAt,
    startedBy: 'presenter',
    decide: (): BatchDecision => ({
      prizeId: 'p',
      batchId: `batch-${tickets.join('-')}`,
      places: tickets.map((ticket, index) => ({
        id: `id-${ticket}`,
        ticket,
        name: ticket,
        targetIndex: Number(ticket.slice(1)) - 1,
        mode: 'random',
        role: index < winners ? 'winner' : 'reserve',
        rank: index < winners ? index + 1 : index - winners + 1,
        person: `ticket:${ticket.toLowerCase()}`,
      })),
      shape: { rotations: 6, landingFraction: 0.5, durationMs: 11_000 },
      remainingPrizeTickets: null,
      auditDetails: {},
      stage: STAGE,
    }),
  };
}

export function describeProgramStoreContract(freshStore: () => Promise<Store>): void {
  describe('event program', () => {
    it('records a batch in one transaction: consecutive seqs, one batch id, the stage, one audit event', async () => {
      const store = await freshStore();
      await wheelWithPrizes(store);
      const seen: number[] = [];
      const result = await store.recordBatch('gala', {
        ...batch(['T1', 'T2', 'T3'], 2),
        decide: (context, program) => {
          seen.push(context.seq, program.draws.length);
          return batch(['T1', 'T2', 'T3'], 2).decide(context, program);
        },
      });
      expect(seen).toEqual([1, 0]);
      expect(result.draws.map((draw) => [draw.seq, draw.role, draw.rank, draw.plannedDurationMs])).toEqual([
        [1, 'winner', 1, 11_000],
        [2, 'winner', 2, 0],
        [3, 'reserve', 1, 0],
      ]);
      expect(new Set(result.draws.map((draw) => draw.batchId)).size).toBe(1);
      expect(result.status.stage).toEqual(STAGE);
      const program = await store.readProgram('gala');
      expect(program.draws.map((draw) => draw.person)).toEqual(['ticket:t1', 'ticket:t2', 'ticket:t3']);
      expect(program.revision).toBe(result.status.revision);
      const events = await store.listAuditEvents();
      expect(events.filter((event) => event.action === 'spin')).toHaveLength(1);
      expect(verifyAuditChain(events)).toEqual([]);
      // The batch's first winner holds the wheel until it lands; a failing decision writes nothing.
      expect(await errorCodeOf(store.recordBatch('gala', batch(['T4'], 1)))).toBe('spin_in_progress');
      await store.recordLanded(
        'gala',
        result.draws[0]!.id,
        { landedIndex: 0, durationMs: 11_000 },
        { actor: 'x' },
      );
      await store.recordBatch('gala', batch(['T4'], 1));
      expect((await store.readProgram('gala')).draws).toHaveLength(4);
    });

    it('gives one of two concurrent batches the wheel and the other spin_in_progress', async () => {
      const store = await freshStore();
      await wheelWithPrizes(store);
      const outcomes = await Promise.allSettled([
        store.recordBatch('gala', batch(['T1', 'T2'], 2)),
        store.recordBatch('gala', batch(['T3', 'T4'], 2)),
      ]);
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      const refused = outcomes.find((outcome) => outcome.status === 'rejected');
      expect(await errorCodeOf(Promise.reject((refused as PromiseRejectedResult).reason))).toBe(
        'spin_in_progress',
      );
      expect((await store.readProgram('gala')).draws).toHaveLength(2);
    });

    it('declines a winner once, recording the substitute the caller decides, and refuses reserves', async () => {
      const store = await freshStore();
      await wheelWithPrizes(store);
      const recorded = await store.recordBatch('gala', batch(['T1', 'T2', 'T3'], 2));
      const decline = (seq: number) =>
        store.declineDraw('gala', seq, {
          reason: 'absent',
          declinedAt: AT,
          declinedBy: 'presenter',
          decide: (declined, context, program) => {
            expect(program.draws.find((draw) => draw.seq === declined.seq)?.declined).toBe(true);
            const reserve = recorded.draws[2]!;
            return {
              id: 'substitute',
              ticket: reserve.ticket,
              name: reserve.name,
              targetIndex: reserve.targetIndex,
              mode: reserve.mode,
              person: 'ticket:t3',
              promotedFrom: reserve.seq,
            };
          },
        });
      const result = await decline(1);
      expect(result?.declined.declined).toMatchObject({ reason: 'absent' });
      expect(result?.substitute).toMatchObject({
        seq: 4,
        role: 'winner',
        rank: 1,
        substitutes: 1,
        promotedFrom: 3,
      });
      expect(await errorCodeOf(decline(1))).toBe('already_declined');
      expect(await errorCodeOf(decline(3))).toBe('not_a_winner');
      expect(await decline(99)).toBeNull();
      expect((await store.listAuditEvents()).filter((event) => event.action === 'decline')).toHaveLength(1);
    });

    it('switches rehearsal (audited once per change) and records rehearsal rows while it is on', async () => {
      const store = await freshStore();
      await wheelWithPrizes(store);
      expect((await store.setRehearsal('gala', true, { actor: 'admin' })).rehearsal).toBe(true);
      await store.setRehearsal('gala', true, { actor: 'admin' });
      const result = await store.recordBatch('gala', batch(['T1'], 1));
      expect(result.draws[0]!.rehearsal).toBe(true);
      expect((await store.setRehearsal('gala', false, { actor: 'admin' })).rehearsal).toBe(false);
      const actions = (await store.listAuditEvents()).map((event) => event.action);
      expect(actions.filter((action) => action === 'rehearsal_on' || action === 'go_live')).toEqual([
        'rehearsal_on',
        'go_live',
      ]);
    });
  });
}
