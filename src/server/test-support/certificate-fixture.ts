// A wheel's certificate sources made up in memory (no database): a published list of `entries`,
// one prize, `winners` winners drawn in batches, optionally a decline, a voided draw and a
// rehearsal draw. For the certificate's unit tests, the PDF's, and bench/certificate.bench.ts.
import {
  computeSnapshotChecksum,
  DEFAULT_SETTINGS,
  type Entry,
  type Prize,
  type Snapshot,
} from '../../core/index.ts';
import type { CertificateSources } from '../services/certificate.ts';
import type { StoredDraw } from '../storage/store.ts';
import { storedDraw } from './stored-draw.ts';

export interface CertificateFixtureOptions {
  entries: number;
  winners: number;
  /** The name of entry i (0-based); default `Participant <i+1>`. */
  nameOf?: (index: number) => string;
  /** Adds a rehearsal draw, a voided draw, and a decline whose place a fresh draw took. */
  withIncidents?: boolean;
}

export const FIXTURE_PRIZE_ID = 'grand';
const BATCH_SIZE = 10;

export function certificateFixture(options: CertificateFixtureOptions): CertificateSources {
  const nameOf = options.nameOf ?? ((index: number) => `Participant ${index + 1}`);
  const entries: Entry[] = Array.from({ length: options.entries }, (_, index) => ({
    ticket: `T-${String(index + 1).padStart(6, '0')}`,
    name: nameOf(index),
    weight: 1 + (index % 3),
  }));
  const prize: Prize = {
    id: FIXTURE_PRIZE_ID,
    name: 'Grand prize',
    quantity: options.winners,
    groups: null,
    allowPreviousWinners: false,
    batchSize: BATCH_SIZE,
    reserves: 0,
  };
  const body = {
    wheel: 'gala',
    version: 1,
    publishedAt: '2026-12-06T20:00:00.000Z',
    entries,
    settings: DEFAULT_SETTINGS,
    prizes: [prize],
  };
  const snapshot: Snapshot = { ...body, checksum: computeSnapshotChecksum(body) };
  const draws: StoredDraw[] = [];
  let seq = 0;
  const drawOf = (index: number, overrides: Partial<StoredDraw> = {}) =>
    storedDraw({
      seq: ++seq,
      ticket: entries[index]!.ticket,
      name: entries[index]!.name,
      targetIndex: index,
      prizeId: FIXTURE_PRIZE_ID,
      checksum: snapshot.checksum,
      role: 'winner',
      ...overrides,
    });
  // Winners spread over the list, a different entry each (stride coprime with most sizes).
  const stride = Math.max(1, Math.floor(options.entries / Math.max(1, options.winners)));
  if (options.withIncidents)
    draws.push(drawOf(options.entries - 1, { rehearsal: true, rank: 1, batchId: 'rehearsal' }));
  for (let place = 0; place < options.winners; place++) {
    const batch = Math.floor(place / BATCH_SIZE);
    draws.push(
      drawOf((place * stride) % options.entries, {
        rank: (place % BATCH_SIZE) + 1,
        batchId: `batch-${batch}`,
      }),
    );
  }
  if (options.withIncidents && draws.length > 2) {
    const declined = draws[1]!;
    declined.declined = { reason: 'Not present at the venue', at: '2026-12-06T21:10:00.000Z' };
    draws.push(
      drawOf(options.entries - 2, { rank: declined.rank, batchId: 'redraw', substitutes: declined.seq }),
    );
    draws.push(
      drawOf(options.entries - 3, {
        rank: 1,
        batchId: 'voided',
        voided: true,
        voidReason: 'Pressed twice',
        voidedAt: '2026-12-06T21:12:00.000Z',
      }),
    );
  }
  return {
    wheel: 'gala',
    prizeId: null,
    title: 'Gala night',
    organizer: 'Example Events Ltd',
    issuedAt: '2026-12-06T22:00:00.000Z',
    software: { version: '0.1.0', commit: '0123456789abcdef0123456789abcdef01234567' },
    latest: snapshot,
    drawnSnapshots: new Map([[1, snapshot]]),
    draws,
    epochs: [],
    epochOfSeq: new Map(),
    privateChecksums: new Map(),
    auditHead: { id: 42, hash: 'a'.repeat(64) },
  };
}
