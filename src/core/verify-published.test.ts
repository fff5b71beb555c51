import { describe, expect, it } from 'vitest';
import { computeSnapshotChecksum } from './canonical.ts';
import { DEFAULT_SETTINGS, type Snapshot, type SnapshotBody } from './types.ts';
import { deriveVerifiableIndex, seedCommitment } from './verifiable.ts';
import { verifyPublishedDraws, versionsToVerify, type PublishedVerification } from './verify-published.ts';

const SEED = 'f'.repeat(62) + '01';
const WITNESS = 'lottery ball 17';

function snapshotOf(version: number, tickets: string[], removeWinners = false): Snapshot {
  const body: SnapshotBody = {
    wheel: 'gala',
    version,
    publishedAt: '2026-12-05T20:00:00.000Z',
    entries: tickets.map((ticket) => ({ ticket, name: `Name ${ticket}`, weight: 1 })),
    settings: { ...DEFAULT_SETTINGS, removeWinners },
  };
  return { ...body, checksum: computeSnapshotChecksum(body) };
}

/** An honest epoch: draws 1..count on version 1 (or its removeWinners successors), all derived. */
function honest(count: number, removeWinners = false) {
  const snapshots = new Map<number, Snapshot>();
  let current = snapshotOf(1, ['A', 'B', 'C', 'D', 'E', 'F'], removeWinners);
  snapshots.set(1, current);
  const draws: Array<PublishedVerification['draws'][number]> = [];
  for (let seq = 1; seq <= count; seq++) {
    const weights = current.entries.map((entry) => entry.weight);
    const targetIndex = deriveVerifiableIndex(SEED, current.checksum, seq, weights, WITNESS);
    draws.push({
      seq,
      epoch: 1,
      derived: true,
      version: current.version,
      checksum: current.checksum,
      ticket: current.entries[targetIndex]!.ticket,
      targetIndex,
      createdAt: `2026-12-05T20:0${seq}:00.000Z`,
      voided: false,
    });
    if (removeWinners) {
      const tickets = current.entries.filter((_, i) => i !== targetIndex).map((entry) => entry.ticket);
      current = snapshotOf(current.version + 1, tickets, true);
      snapshots.set(current.version, current);
    }
  }
  const published: PublishedVerification = {
    epochs: [
      {
        epoch: 1,
        commitment: seedCommitment(SEED),
        seed: SEED,
        version: 1,
        checksum: snapshots.get(1)!.checksum,
        witness: WITNESS,
        createdAt: '2026-12-05T20:00:00.000Z',
        revealedAt: '2026-12-05T21:00:00.000Z',
        closedAt: null,
      },
    ],
    draws,
  };
  return { published, snapshots };
}

const statuses = (published: PublishedVerification, snapshots: Map<number, Snapshot>) =>
  verifyPublishedDraws(published, snapshots).map((v) => [v.seq, v.status, v.problem]);

describe('verifyPublishedDraws', () => {
  it('verifies honest draws, following removeWinners versions from the frozen list', () => {
    const { published, snapshots } = honest(3, true);
    expect(versionsToVerify(published)).toEqual([1, 2, 3]);
    expect(statuses(published, snapshots)).toEqual([
      [1, 'verified', null],
      [2, 'verified', null],
      [3, 'verified', null],
    ]);
  });

  it('fails a draw from a list published during the epoch that is not a removeWinners successor', () => {
    const { published, snapshots } = honest(2);
    const other = snapshotOf(2, ['A', 'B', 'C', 'D', 'E', 'Z']);
    snapshots.set(2, other);
    const weights = other.entries.map((entry) => entry.weight);
    const targetIndex = deriveVerifiableIndex(SEED, other.checksum, 2, weights, WITNESS);
    const draws = [
      published.draws[0]!,
      {
        ...published.draws[1]!,
        version: 2,
        checksum: other.checksum,
        targetIndex,
        ticket: other.entries[targetIndex]!.ticket,
      },
    ];
    expect(statuses({ ...published, draws }, snapshots)[1]).toEqual([
      2,
      'failed',
      'drawn from version 2, but epoch 1 is frozen to version 1 at this point',
    ]);
  });

  it('fails a gap, a draw that is not derived, and one outside the window', () => {
    const { published, snapshots } = honest(4);
    const [d1, , d3, d4] = published.draws;
    const tampered = {
      ...published,
      draws: [d1!, d3!, { ...d4!, createdAt: '2026-12-05T22:00:00.000Z' }],
    };
    expect(statuses(tampered, snapshots).map(([seq, status]) => [seq, status])).toEqual([
      [1, 'verified'],
      [3, 'failed'],
      [4, 'failed'],
    ]);
    const notDerived = { ...published, draws: [d1!, { ...published.draws[1]!, derived: false }] };
    expect(statuses(notDerived, snapshots)[1]).toEqual([
      2,
      'failed',
      'draw 2 was not drawn from the seed of epoch 1',
    ]);
  });

  it('marks the draws of an unrevealed epoch pending, not failed', () => {
    const { published, snapshots } = honest(1);
    const unrevealed = { ...published, epochs: [{ ...published.epochs[0]!, seed: null, revealedAt: null }] };
    expect(statuses(unrevealed, snapshots)[0]?.[1]).toBe('pending');
  });
});
