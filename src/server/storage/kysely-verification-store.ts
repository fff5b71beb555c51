// VerificationStore over Kysely: the wheel's verifiable flag and its seed epochs. The draws part
// reads the open epoch through readVerification and openEpochOf inside its own transaction.
import { AppError } from '../errors.ts';
import { readPlan, type Executor, type KyselyPartContext, wheelAudit } from './kysely-shared.ts';
import type { VerificationEpochsTable } from './schema.ts';
import type {
  EpochSeeds,
  NewSeed,
  VerificationEpoch,
  VerificationStore,
  WheelVerification,
} from './verification-store.ts';

export function createKyselyVerificationStore(ctx: KyselyPartContext): VerificationStore {
  const { db, isoNow, transaction, appendAudit } = ctx;

  async function openEpoch(
    executor: Executor,
    slug: string,
    verification: WheelVerification,
    newSeed: NewSeed,
  ): Promise<void> {
    const latest = await readLatestSnapshotFacts(executor, slug);
    await executor
      .insertInto('verification_epochs')
      .values({
        wheel: slug,
        epoch: (verification.epochs.at(-1)?.epoch ?? 0) + 1,
        seed: newSeed.seed,
        commitment: newSeed.commitment,
        created_at: isoNow(),
        revealed_at: null,
        version: latest?.version ?? null,
        checksum: latest?.checksum ?? null,
        witness: null,
        witness_at: null,
        closed_at: null,
      })
      .execute();
  }

  /** Publishes the epoch's seed in clear (it decided draws) and ends its window. */
  async function reveal(executor: Executor, slug: string, open: VerificationEpoch, seeds: EpochSeeds) {
    const revealed = { ...open, seed: seeds.open(open), revealedAt: isoNow() };
    await executor
      .updateTable('verification_epochs')
      .set({ seed: revealed.seed, revealed_at: revealed.revealedAt })
      .where('wheel', '=', slug)
      .where('epoch', '=', open.epoch)
      .execute();
    return revealed;
  }

  /** Turning the mode off: reveal an epoch that decided draws, close one that decided nothing. */
  async function closeOnModeOff(
    executor: Executor,
    slug: string,
    open: VerificationEpoch,
    seeds: EpochSeeds,
  ) {
    if (await epochHasDraws(executor, slug, open.epoch)) {
      const revealed = await reveal(executor, slug, open, seeds);
      return { epoch: open.epoch, closedBy: 'reveal', seed: revealed.seed };
    }
    await executor
      .updateTable('verification_epochs')
      .set({ closed_at: isoNow() })
      .where('wheel', '=', slug)
      .where('epoch', '=', open.epoch)
      .execute();
    return { epoch: open.epoch, closedBy: 'close' };
  }

  return {
    async getVerification(slug) {
      return readVerification(db, slug);
    },

    async setVerifiable(slug, verifiable, seeds, audit) {
      return transaction(async (trx) => {
        const before = await readVerification(trx, slug);
        if (verifiable && (await readPlan(trx, slug)).length > 0) {
          throw new AppError(
            'plan_not_empty',
            'Clear the pre-drawn plan first: verifiable draws cannot have pre-drawn winners',
          );
        }
        await trx
          .updateTable('wheels')
          .set({ verifiable: verifiable ? 1 : 0 })
          .where('slug', '=', slug)
          .execute();
        const open = openEpochOf(before);
        if (verifiable && !open) await openEpoch(trx, slug, before, seeds.next);
        const closed = !verifiable && open ? await closeOnModeOff(trx, slug, open, seeds) : null;
        const after = await readVerification(trx, slug);
        await appendAudit(
          trx,
          wheelAudit(audit, 'verifiable_mode', slug, {
            verifiable,
            ...(verifiable
              ? { epoch: openEpochOf(after)?.epoch, commitment: openEpochOf(after)?.commitment }
              : { closed }),
          }),
        );
        return after;
      });
    },

    async revealSeed(slug, seeds, audit) {
      return transaction(async (trx) => {
        const before = await readVerification(trx, slug);
        const open = openEpochOf(before);
        if (!open) throw new AppError('nothing_to_reveal', `Wheel ${slug} has no unrevealed seed`);
        const revealed = await reveal(trx, slug, open, seeds);
        const afterReveal: WheelVerification = {
          verifiable: before.verifiable,
          epochs: [...before.epochs.slice(0, -1), revealed],
        };
        if (before.verifiable) await openEpoch(trx, slug, afterReveal, seeds.next);
        const after = await readVerification(trx, slug);
        await appendAudit(
          trx,
          wheelAudit(audit, 'reveal_seed', slug, {
            epoch: open.epoch,
            seed: revealed.seed,
            commitment: open.commitment,
            nextCommitment: openEpochOf(after)?.commitment ?? null,
          }),
        );
        return { revealed, verification: after };
      });
    },

    async setWitness(slug, witness, audit) {
      return transaction(async (trx) => {
        const open = openEpochOf(await readVerification(trx, slug));
        if (!open) throw new AppError('no_open_epoch', `Wheel ${slug} has no open epoch to witness`);
        if (open.witness !== null) {
          throw new AppError(
            'witness_already_set',
            `Epoch ${open.epoch} has its witness since ${open.witnessAt}`,
          );
        }
        if (await epochHasDraws(trx, slug, open.epoch)) {
          throw new AppError(
            'epoch_has_draws',
            `Epoch ${open.epoch} has draws: a witness must come before the first`,
          );
        }
        await trx
          .updateTable('verification_epochs')
          .set({ witness, witness_at: isoNow() })
          .where('wheel', '=', slug)
          .where('epoch', '=', open.epoch)
          .execute();
        await appendAudit(trx, wheelAudit(audit, 'witness', slug, { epoch: open.epoch, witness }));
        return readVerification(trx, slug);
      });
    },
  };
}

async function epochHasDraws(executor: Executor, slug: string, epoch: number): Promise<boolean> {
  const row = await executor
    .selectFrom('draws')
    .select('id')
    .where('wheel', '=', slug)
    .where('epoch', '=', epoch)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

async function readLatestSnapshotFacts(
  executor: Executor,
  slug: string,
): Promise<{ version: number; checksum: string } | null> {
  const row = await executor
    .selectFrom('snapshots')
    .select(['version', 'checksum'])
    .where('wheel', '=', slug)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { version: Number(row.version), checksum: row.checksum } : null;
}

/**
 * A publish while an epoch is open: refused (AppError epoch_open) once the epoch is frozen to a
 * list; the first publish of a wheel whose epoch opened with nothing published freezes it.
 * Called inside the publishing transaction, before the new version is written.
 */
export async function guardPublishDuringEpoch(
  executor: Executor,
  slug: string,
): Promise<((published: { version: number; checksum: string }) => Promise<void>) | null> {
  const open = openEpochOf(await readVerification(executor, slug));
  if (!open) return null;
  // NOTE: an epoch from before frozen lists (no checksum) that already drew is left unfrozen: its
  // draws came from whatever list was current; freezing it now would misstate that.
  if (open.checksum === null && (await epochHasDraws(executor, slug, open.epoch))) return null;
  if (open.checksum !== null) {
    throw new AppError(
      'epoch_open',
      `Epoch ${open.epoch} is open and frozen to version ${open.version}: turn the verifiable mode off (which closes it) before publishing`,
    );
  }
  return async (published) => {
    await executor
      .updateTable('verification_epochs')
      .set({ version: published.version, checksum: published.checksum })
      .where('wheel', '=', slug)
      .where('epoch', '=', open.epoch)
      .execute();
  };
}

/** Throws AppError wheel_not_found. */
export async function readVerification(executor: Executor, slug: string): Promise<WheelVerification> {
  const wheel = await executor
    .selectFrom('wheels')
    .select('verifiable')
    .where('slug', '=', slug)
    .executeTakeFirst();
  if (!wheel) throw new AppError('wheel_not_found', `No wheel named ${slug}`);
  const rows = await executor
    .selectFrom('verification_epochs')
    .selectAll()
    .where('wheel', '=', slug)
    .orderBy('epoch')
    .execute();
  return { verifiable: Number(wheel.verifiable) === 1, epochs: rows.map(toVerificationEpoch) };
}

/** The epoch new verifiable draws use: the newest one, when it is neither revealed nor closed. */
export function openEpochOf(verification: WheelVerification): VerificationEpoch | null {
  const last = verification.epochs.at(-1);
  return last && last.revealedAt === null && last.closedAt === null ? last : null;
}

function toVerificationEpoch(row: VerificationEpochsTable): VerificationEpoch {
  return {
    epoch: Number(row.epoch),
    seed: row.seed,
    commitment: row.commitment,
    version: row.version === null ? null : Number(row.version),
    checksum: row.checksum,
    witness: row.witness,
    witnessAt: row.witness_at,
    createdAt: row.created_at,
    revealedAt: row.revealed_at,
    closedAt: row.closed_at,
  };
}
