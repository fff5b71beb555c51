// VerificationStore over Kysely: the wheel's verifiable flag and its seed epochs. The draws part
// reads the open epoch through readVerification and openEpochOf inside its own transaction.
import { AppError } from '../errors.ts';
import { readPlan, type Executor, type KyselyPartContext, wheelAudit } from './kysely-shared.ts';
import type { VerificationEpochsTable } from './schema.ts';
import type {
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
    await executor
      .insertInto('verification_epochs')
      .values({
        wheel: slug,
        epoch: (verification.epochs.at(-1)?.epoch ?? 0) + 1,
        seed: newSeed.seed,
        commitment: newSeed.commitment,
        created_at: isoNow(),
        revealed_at: null,
      })
      .execute();
  }

  return {
    async getVerification(slug) {
      return readVerification(db, slug);
    },

    async setVerifiable(slug, verifiable, newSeed, audit) {
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
        if (verifiable && !openEpochOf(before)) await openEpoch(trx, slug, before, newSeed);
        const after = await readVerification(trx, slug);
        await appendAudit(
          trx,
          wheelAudit(audit, 'verifiable_mode', slug, {
            verifiable,
            ...(verifiable
              ? { epoch: openEpochOf(after)?.epoch, commitment: openEpochOf(after)?.commitment }
              : {}),
          }),
        );
        return after;
      });
    },

    async revealSeed(slug, newSeed, audit) {
      return transaction(async (trx) => {
        const before = await readVerification(trx, slug);
        const open = openEpochOf(before);
        if (!open) throw new AppError('nothing_to_reveal', `Wheel ${slug} has no unrevealed seed`);
        const revealedAt = isoNow();
        await trx
          .updateTable('verification_epochs')
          .set({ revealed_at: revealedAt })
          .where('wheel', '=', slug)
          .where('epoch', '=', open.epoch)
          .execute();
        const revealed = { ...open, revealedAt };
        const afterReveal: WheelVerification = {
          verifiable: before.verifiable,
          epochs: [...before.epochs.slice(0, -1), revealed],
        };
        if (before.verifiable) await openEpoch(trx, slug, afterReveal, newSeed);
        const after = await readVerification(trx, slug);
        await appendAudit(
          trx,
          wheelAudit(audit, 'reveal_seed', slug, {
            epoch: open.epoch,
            seed: open.seed,
            commitment: open.commitment,
            nextCommitment: openEpochOf(after)?.commitment ?? null,
          }),
        );
        return { revealed, verification: after };
      });
    },
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

/** The epoch new verifiable draws use: the newest one, when it is not revealed yet. */
export function openEpochOf(verification: WheelVerification): VerificationEpoch | null {
  const last = verification.epochs.at(-1);
  return last && last.revealedAt === null ? last : null;
}

function toVerificationEpoch(row: VerificationEpochsTable): VerificationEpoch {
  return {
    epoch: Number(row.epoch),
    seed: row.seed,
    commitment: row.commitment,
    createdAt: row.created_at,
    revealedAt: row.revealed_at,
  };
}
