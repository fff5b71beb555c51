import { describe, expect, it } from 'vitest';
import { entrantWins, prizeResults } from './public-results.ts';
import type { Prize } from './types.ts';
import type { PublicProgramDraw } from './wire.ts';

function prize(id: string): Prize {
  return {
    id,
    name: `Prize ${id}`,
    quantity: 2,
    groups: null,
    allowPreviousWinners: false,
    batchSize: 2,
    reserves: 1,
  };
}

let nextSeq = 1;
function draw(fields: Partial<PublicProgramDraw> & Pick<PublicProgramDraw, 'ticket'>): PublicProgramDraw {
  const seq = fields.seq ?? nextSeq++;
  return {
    seq,
    version: 1,
    prizeId: 'a',
    batchId: 'b1',
    name: `Name ${fields.ticket}`,
    targetIndex: 0,
    person: fields.ticket,
    role: 'winner',
    rank: 1,
    substitutes: null,
    promotedFrom: null,
    declined: false,
    declineReason: null,
    voided: false,
    rehearsal: false,
    createdAt: '2026-12-05T20:00:00.000Z',
    ...fields,
  };
}

describe('prizeResults', () => {
  it('lists places in running order, a declined place held by its substitute, rehearsal and voided left out', () => {
    const draws = [
      draw({ seq: 1, ticket: 'R1', prizeId: 'b', rehearsal: true }),
      draw({ seq: 2, ticket: 'A1', rank: 1, declined: true, declineReason: 'absent' }),
      draw({ seq: 3, ticket: 'A2', rank: 2 }),
      draw({ seq: 4, ticket: 'A3', role: 'reserve', rank: 1 }),
      draw({ seq: 5, ticket: 'B1', prizeId: 'b', batchId: 'b2' }),
      draw({ seq: 6, ticket: 'A3', substitutes: 2, promotedFrom: 4, declined: true }),
      draw({ seq: 7, ticket: 'A4', substitutes: 6, batchId: 'b3' }),
      draw({ seq: 8, ticket: 'V1', prizeId: 'gone', voided: true }),
      draw({ seq: 9, ticket: 'G1', prizeId: 'gone' }),
    ];
    const results = prizeResults([prize('b'), prize('a'), prize('unused')], draws);
    expect(results.map((result) => result.prizeId)).toEqual(['b', 'a', 'gone']);
    const [b, a, gone] = results;
    expect(b!.places.map((place) => place.holder?.ticket)).toEqual(['B1']);
    expect(
      a!.places.map((place) => [place.place, place.holder?.ticket, place.declined.map((d) => d.seq)]),
    ).toEqual([
      [1, 'A4', [2, 6]],
      [2, 'A2', []],
    ]);
    expect(a!.reserves).toEqual([]);
    expect(gone!.prize).toBeNull();
    expect(gone!.places.map((place) => place.holder?.ticket)).toEqual(['G1']);

    expect(entrantWins(results, 'a4')).toEqual([{ prizeId: 'a', rank: 1, role: 'winner' }]);
    expect(entrantWins(results, 'A1')).toEqual([]);
    expect(entrantWins(results, 'R1')).toEqual([]);
    expect(entrantWins(results, 'V1')).toEqual([]);
  });

  it('keeps an open place when nobody took it, and waiting reserves', () => {
    const draws = [
      draw({ seq: 1, ticket: 'A1', declined: true }),
      draw({ seq: 2, ticket: 'A2', role: 'reserve', rank: 1 }),
    ];
    const [a] = prizeResults([prize('a')], draws);
    expect(a!.places).toEqual([{ place: 1, holder: null, declined: [draws[0]] }]);
    expect(a!.reserves.map((reserve) => reserve.ticket)).toEqual(['A2']);
    expect(entrantWins([a!], 'A2')).toEqual([{ prizeId: 'a', rank: 1, role: 'reserve' }]);
  });
});
