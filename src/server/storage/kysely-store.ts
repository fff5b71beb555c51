// The Store over Kysely: one query path for SQLite and PostgreSQL. Only portable SQL here:
// the dialect-specific parts (connection, pragmas, backup) live in sqlite/ and postgres/.
import { DEFAULT_MIGRATION_TABLE, sql, type Kysely, type Transaction } from 'kysely';
import {
  computeSnapshotChecksum,
  type DraftEntry,
  type DrawMode,
  DEFAULT_OFFLINE_SPIN_POLICY,
  type LogoContentType,
  type OfflineSpinPolicy,
  type Snapshot,
  type SnapshotBody,
  type WheelSettings,
} from '../../core/index.ts';
import { AppError } from '../errors.ts';
import { createKyselyAccountStore } from './kysely-account-store.ts';
import { computeAuditHash, GENESIS_HASH } from './audit-chain.ts';
import { readChunkedEntries, removeStaleDraftChunks, stageDraftEntries } from './draft-chunks.ts';
import type { Database, DrawsTable, VerificationEpochsTable } from './schema.ts';
import type {
  AuditEvent,
  AuditInput,
  DrawContext,
  Draft,
  DrawRequest,
  DrawResult,
  Role,
  SnapshotRow,
  StoredAppearance,
  Store,
  StoredDraw,
  VerificationEpoch,
  Wheel,
  WheelVerification,
} from './store.ts';

type Executor = Kysely<Database> | Transaction<Database>;

export interface KyselyStoreOptions {
  /** The clock, injectable for tests. */
  now?: () => Date;
}

export function createKyselyStore(db: Kysely<Database>, options: KyselyStoreOptions = {}): Store {
  const now = options.now ?? (() => new Date());
  const isoNow = (): string => now().toISOString();

  async function appendAudit(executor: Executor, audit: AuditInput): Promise<AuditEvent> {
    const last = await executor
      .selectFrom('audit_events')
      .select(['id', 'hash'])
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    const unhashed = {
      id: (last ? Number(last.id) : 0) + 1,
      at: isoNow(),
      actor: audit.actor,
      action: audit.action,
      wheel: audit.wheel,
      details: audit.details,
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    const event: AuditEvent = { ...unhashed, hash: computeAuditHash(unhashed) };
    await executor
      .insertInto('audit_events')
      .values({
        id: event.id,
        at: event.at,
        actor: event.actor,
        action: event.action,
        wheel: event.wheel,
        details: JSON.stringify(event.details),
        prev_hash: event.prevHash,
        hash: event.hash,
      })
      .execute();
    return event;
  }

  async function requireWheel(executor: Executor, slug: string): Promise<Wheel> {
    const row = await executor.selectFrom('wheels').selectAll().where('slug', '=', slug).executeTakeFirst();
    if (!row) throw new AppError('wheel_not_found', `No wheel named ${slug}`);
    return {
      slug: row.slug,
      title: row.title,
      settings: JSON.parse(row.settings) as WheelSettings,
      createdAt: row.created_at,
    };
  }

  async function readDraft(executor: Executor, slug: string): Promise<Draft | null> {
    const row = await executor.selectFrom('drafts').selectAll().where('wheel', '=', slug).executeTakeFirst();
    if (!row) return null;
    return {
      wheel: row.wheel,
      entries:
        row.entries_batch === null
          ? (JSON.parse(row.entries) as DraftEntry[])
          : await readChunkedEntries(executor, slug, row.entries_batch),
      settings: JSON.parse(row.settings) as WheelSettings,
      updatedAt: row.updated_at,
      basedOnVersion: row.based_on_version === null ? null : Number(row.based_on_version),
    };
  }

  async function requireDraft(executor: Executor, slug: string): Promise<Draft> {
    await requireWheel(executor, slug);
    const draft = await readDraft(executor, slug);
    if (!draft) throw new AppError('wheel_not_found', `No draft for wheel ${slug}`);
    return draft;
  }

  async function readLatestVersion(executor: Executor, slug: string): Promise<number | null> {
    const row = await executor
      .selectFrom('snapshots')
      .select((eb) => eb.fn.max('version').as('latest'))
      .where('wheel', '=', slug)
      .executeTakeFirst();
    return row?.latest === null || row?.latest === undefined ? null : Number(row.latest);
  }

  async function insertSnapshot(
    executor: Executor,
    body: SnapshotBody,
    publishedBy: string,
  ): Promise<Snapshot> {
    const checksum = computeSnapshotChecksum(body);
    await executor
      .insertInto('snapshots')
      .values({
        wheel: body.wheel,
        version: body.version,
        published_at: body.publishedAt,
        body: JSON.stringify(body),
        checksum,
        entry_count: body.entries.length,
        published_by: publishedBy,
      })
      .execute();
    return { ...body, checksum };
  }

  async function readSnapshotRow(
    executor: Executor,
    slug: string,
    version: number,
  ): Promise<SnapshotRow | null> {
    const row = await executor
      .selectFrom('snapshots')
      .select(['wheel', 'version', 'published_at', 'body', 'checksum'])
      .where('wheel', '=', slug)
      .where('version', '=', version)
      .executeTakeFirst();
    if (!row) return null;
    return {
      wheel: row.wheel,
      version: Number(row.version),
      publishedAt: row.published_at,
      body: row.body,
      checksum: row.checksum,
    };
  }

  async function readPlan(executor: Executor, slug: string): Promise<string[]> {
    const row = await executor
      .selectFrom('plans')
      .select('tickets')
      .where('wheel', '=', slug)
      .executeTakeFirst();
    return row ? (JSON.parse(row.tickets) as string[]) : [];
  }

  async function writePlan(executor: Executor, slug: string, tickets: string[]): Promise<void> {
    const values = { wheel: slug, tickets: JSON.stringify(tickets), updated_at: isoNow() };
    await executor
      .insertInto('plans')
      .values(values)
      .onConflict((oc) =>
        oc.column('wheel').doUpdateSet({ tickets: values.tickets, updated_at: values.updated_at }),
      )
      .execute();
  }

  async function readAppearance(executor: Executor, slug: string): Promise<StoredAppearance> {
    await requireWheel(executor, slug);
    const row = await executor
      .selectFrom('wheel_appearance')
      .select(['title', 'offline_spins', 'logo_sha256', 'logo_type', 'logo_bytes', 'updated_at'])
      .where('wheel', '=', slug)
      .executeTakeFirst();
    if (!row) return { title: '', offlineSpins: DEFAULT_OFFLINE_SPIN_POLICY, logo: null, updatedAt: null };
    return {
      title: row.title,
      offlineSpins: row.offline_spins as OfflineSpinPolicy,
      logo:
        row.logo_sha256 === null
          ? null
          : {
              sha256: row.logo_sha256,
              contentType: row.logo_type as LogoContentType,
              bytes: Number(row.logo_bytes),
            },
      updatedAt: row.updated_at,
    };
  }

  function toStoredDraw(row: DrawsTable): StoredDraw {
    return {
      id: row.id,
      seq: Number(row.seq),
      version: Number(row.version),
      ticket: row.ticket,
      name: row.name,
      targetIndex: Number(row.target_index),
      mode: row.mode as DrawMode,
      createdAt: row.created_at,
      landedIndex: row.landed_index === null ? null : Number(row.landed_index),
      durationMs: row.landed_duration_ms === null ? null : Number(row.landed_duration_ms),
      rotations: Number(row.rotations),
      landingFraction: Number(row.landing_fraction),
      plannedDurationMs: Number(row.duration_ms),
      startedBy: row.started_by,
      checksum: row.checksum,
      displayId: row.display_id,
      landedAt: row.landed_at,
      voided: row.voided_at !== null,
      voidedAt: row.voided_at,
      voidReason: row.void_reason,
      voidedBy: row.voided_by,
      epoch: row.epoch === null ? null : Number(row.epoch),
    };
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

  async function readVerification(executor: Executor, slug: string): Promise<WheelVerification> {
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
  function openEpochOf(verification: WheelVerification): VerificationEpoch | null {
    const last = verification.epochs.at(-1);
    return last && last.revealedAt === null ? last : null;
  }

  async function openEpoch(
    executor: Executor,
    slug: string,
    verification: WheelVerification,
    newSeed: { seed: string; commitment: string },
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

  const store: Store = {
    ...createKyselyAccountStore(db, { isoNow, appendAudit }),

    async ping() {
      await sql`select 1`.execute(db);
    },

    async listAppliedMigrations() {
      // Kysely's Migrator bookkeeping table: one row per applied migration.
      const result = await sql<{ name: string }>`select name from ${sql.table(
        DEFAULT_MIGRATION_TABLE,
      )} order by name`.execute(db);
      return result.rows.map((row) => row.name);
    },

    async close() {
      await db.destroy();
    },

    async countUsers() {
      const row = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll().as('count'))
        .executeTakeFirst();
      return Number(row?.count ?? 0);
    },

    async createUser(user, audit) {
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('users')
          .values({
            username: user.username,
            role: user.role,
            password_hash: user.passwordHash,
            created_at: isoNow(),
          })
          .execute();
        await appendAudit(trx, audit);
      });
    },

    async findUser(username) {
      const row = await db
        .selectFrom('users')
        .selectAll()
        .where('username', '=', username)
        .executeTakeFirst();
      return row ? { username: row.username, role: row.role as Role, passwordHash: row.password_hash } : null;
    },

    async createSession(session, audit) {
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('sessions')
          .values({
            token_hash: session.tokenHash,
            username: session.username,
            created_at: isoNow(),
            expires_at: session.expiresAt,
          })
          .execute();
        await appendAudit(trx, audit);
      });
    },

    async findSessionUser(tokenHash, at) {
      const row = await db
        .selectFrom('sessions')
        .innerJoin('users', 'users.username', 'sessions.username')
        .select(['users.username', 'users.role'])
        .where('sessions.token_hash', '=', tokenHash)
        .where('sessions.expires_at', '>', at)
        .executeTakeFirst();
      return row ? { username: row.username, role: row.role as Role } : null;
    },

    async deleteSession(tokenHash, audit) {
      return db.transaction().execute(async (trx) => {
        const result = await trx
          .deleteFrom('sessions')
          .where('token_hash', '=', tokenHash)
          .executeTakeFirst();
        const deleted = Number(result.numDeletedRows) > 0;
        if (deleted) await appendAudit(trx, audit);
        return deleted;
      });
    },

    async createApiToken(token, audit) {
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('api_tokens')
          .values({
            token_hash: token.tokenHash,
            username: token.username,
            name: token.name,
            created_at: isoNow(),
          })
          .execute();
        await appendAudit(trx, audit);
      });
    },

    async findApiTokenUser(tokenHash) {
      const row = await db
        .selectFrom('api_tokens')
        .innerJoin('users', 'users.username', 'api_tokens.username')
        .select(['users.username', 'users.role'])
        .where('api_tokens.token_hash', '=', tokenHash)
        .executeTakeFirst();
      return row ? { username: row.username, role: row.role as Role } : null;
    },

    async listWheels() {
      // NOTE: sorted here, not by the database: PostgreSQL's collation and SQLite's byte order disagree.
      const wheels = (await db.selectFrom('wheels').select(['slug', 'title']).execute()).sort((a, b) =>
        a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0,
      );
      const summaries = [];
      for (const wheel of wheels) {
        const latest = await db
          .selectFrom('snapshots')
          .select(['version', 'published_at', 'entry_count'])
          .where('wheel', '=', wheel.slug)
          .orderBy('version', 'desc')
          .limit(1)
          .executeTakeFirst();
        const draft = await db
          .selectFrom('drafts')
          .select('entry_count')
          .where('wheel', '=', wheel.slug)
          .executeTakeFirst();
        summaries.push({
          slug: wheel.slug,
          title: wheel.title,
          latestVersion: latest ? Number(latest.version) : null,
          publishedAt: latest?.published_at ?? null,
          entries: latest ? Number(latest.entry_count) : 0,
          draftEntries: Number(draft?.entry_count ?? 0),
        });
      }
      return summaries;
    },

    async getWheel(slug) {
      return requireWheel(db, slug).catch((error: unknown) => {
        if (error instanceof AppError) return null;
        throw error;
      });
    },

    async createWheel(wheel, audit) {
      return db.transaction().execute(async (trx) => {
        const existing = await trx
          .selectFrom('wheels')
          .select('slug')
          .where('slug', '=', wheel.slug)
          .executeTakeFirst();
        if (existing) throw new AppError('wheel_exists', `A wheel named ${wheel.slug} already exists`);
        const createdAt = isoNow();
        const settings = JSON.stringify(wheel.settings);
        await trx
          .insertInto('wheels')
          .values({ slug: wheel.slug, title: wheel.title, settings, created_at: createdAt })
          .execute();
        await trx
          .insertInto('drafts')
          .values({
            wheel: wheel.slug,
            entries: '[]',
            entry_count: 0,
            settings,
            updated_at: createdAt,
            based_on_version: null,
          })
          .execute();
        await appendAudit(trx, audit);
        return { slug: wheel.slug, title: wheel.title, settings: wheel.settings, createdAt };
      });
    },

    async getDraft(slug) {
      return readDraft(db, slug);
    },

    async replaceDraftEntries(slug, entries, audit) {
      const draft = await db.transaction().execute(async (trx) => {
        await requireDraft(trx, slug);
        await trx
          .updateTable('drafts')
          .set({
            entries: JSON.stringify(entries),
            entries_batch: null,
            entry_count: entries.length,
            updated_at: isoNow(),
          })
          .where('wheel', '=', slug)
          .execute();
        await appendAudit(trx, audit);
        return (await readDraft(trx, slug)) as Draft;
      });
      await removeStaleDraftChunks(db, slug);
      return draft;
    },

    async stageDraftEntries(slug) {
      return stageDraftEntries({ db, isoNow, appendAudit }, slug);
    },

    async updateDraftSettings(slug, settings, audit) {
      return db.transaction().execute(async (trx) => {
        await requireDraft(trx, slug);
        await trx
          .updateTable('drafts')
          .set({ settings: JSON.stringify(settings), updated_at: isoNow() })
          .where('wheel', '=', slug)
          .execute();
        await appendAudit(trx, audit);
        return (await readDraft(trx, slug)) as Draft;
      });
    },

    async latestVersion(slug) {
      return readLatestVersion(db, slug);
    },

    async getSnapshotRow(slug, version) {
      return readSnapshotRow(db, slug, version);
    },

    async listSnapshots(slug) {
      const rows = await db
        .selectFrom('snapshots')
        .select(['version', 'published_at', 'entry_count', 'checksum', 'published_by'])
        .where('wheel', '=', slug)
        .orderBy('version', 'desc')
        .execute();
      return rows.map((row) => ({
        version: Number(row.version),
        publishedAt: row.published_at,
        entries: Number(row.entry_count),
        checksum: row.checksum,
        publishedBy: row.published_by,
      }));
    },

    async listSnapshotKeys() {
      const rows = await db
        .selectFrom('snapshots')
        .select(['wheel', 'version'])
        .orderBy('wheel')
        .orderBy('version')
        .execute();
      return rows.map((row) => ({ wheel: row.wheel, version: Number(row.version) }));
    },

    async publishDraft(slug, request) {
      return db.transaction().execute(async (trx) => {
        const draft = await requireDraft(trx, slug);
        const latest = await readLatestVersion(trx, slug);
        const previousRow = latest === null ? null : await readSnapshotRow(trx, slug, latest);
        const previous = previousRow ? (JSON.parse(previousRow.body) as SnapshotBody) : null;
        const decision = request.prepare(draft, previous);
        const version = (latest ?? 0) + 1;
        const snapshot = await insertSnapshot(
          trx,
          {
            wheel: slug,
            version,
            publishedAt: request.publishedAt,
            entries: decision.entries,
            settings: decision.settings,
          },
          request.publishedBy,
        );
        await trx
          .updateTable('drafts')
          .set({ based_on_version: version })
          .where('wheel', '=', slug)
          .execute();
        await appendAudit(trx, {
          actor: decision.audit.actor,
          action: 'publish',
          wheel: slug,
          details: {
            ...decision.audit.details,
            version,
            checksum: snapshot.checksum,
            entries: decision.entries.length,
          },
        });
        return snapshot;
      });
    },

    async recordDraw(slug, request: DrawRequest): Promise<DrawResult> {
      return db.transaction().execute(async (trx) => {
        await requireWheel(trx, slug);
        const latest = await readLatestVersion(trx, slug);
        if (latest === null) throw new AppError('not_published', `Nothing is published on wheel ${slug}`);
        if (latest !== request.expectedVersion) {
          throw new AppError('outdated_version', `Version ${latest} is the latest; update and try again`, {
            latestVersion: latest,
          });
        }
        const planned = await readPlan(trx, slug);
        const last = await trx
          .selectFrom('draws')
          .select((eb) => eb.fn.max('seq').as('seq'))
          .where('wheel', '=', slug)
          .executeTakeFirst();
        const drawnRow = (await readSnapshotRow(trx, slug, latest)) as SnapshotRow;
        const verification = await readVerification(trx, slug);
        const open = verification.verifiable ? openEpochOf(verification) : null;
        const context: DrawContext = {
          seq: Number(last?.seq ?? 0) + 1,
          checksum: drawnRow.checksum,
          verification: open ? { epoch: open.epoch, seed: open.seed } : null,
        };
        const decision = request.decide(planned, context);
        const row: DrawsTable = {
          id: decision.draw.id,
          wheel: slug,
          seq: context.seq,
          version: request.expectedVersion,
          ticket: decision.draw.ticket,
          name: decision.draw.name,
          target_index: decision.draw.targetIndex,
          mode: decision.draw.mode,
          rotations: decision.draw.rotations,
          landing_fraction: decision.draw.landingFraction,
          duration_ms: decision.draw.durationMs,
          created_at: request.createdAt,
          landed_index: null,
          landed_duration_ms: null,
          started_by: request.startedBy,
          checksum: context.checksum,
          display_id: request.displayId ?? null,
          landed_at: null,
          voided_at: null,
          void_reason: null,
          voided_by: null,
          epoch: context.verification?.epoch ?? null,
        };
        await trx.insertInto('draws').values(row).execute();
        if (decision.remainingPlan) await writePlan(trx, slug, decision.remainingPlan);
        await appendAudit(trx, {
          actor: request.startedBy,
          action: 'spin',
          wheel: slug,
          details: {
            ...decision.auditDetails,
            drawId: row.id,
            seq: row.seq,
            version: row.version,
            ticket: row.ticket,
            targetIndex: row.target_index,
            mode: row.mode,
            checksum: row.checksum,
            displayId: row.display_id,
            ...(row.epoch === null ? {} : { epoch: row.epoch }),
          },
        });
        let nextSnapshot: Snapshot | null = null;
        if (decision.nextEntries) {
          const current = JSON.parse(drawnRow.body) as SnapshotBody;
          nextSnapshot = await insertSnapshot(
            trx,
            {
              wheel: slug,
              version: latest + 1,
              publishedAt: request.createdAt,
              entries: decision.nextEntries,
              settings: current.settings,
            },
            request.startedBy,
          );
          await appendAudit(trx, {
            actor: request.startedBy,
            action: 'publish',
            wheel: slug,
            details: {
              reason: 'remove_winner',
              drawId: row.id,
              version: nextSnapshot.version,
              checksum: nextSnapshot.checksum,
            },
          });
        }
        return { draw: toStoredDraw(row), nextSnapshot };
      });
    },

    async recordLanded(slug, drawId, report, audit) {
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom('draws')
          .selectAll()
          .where('wheel', '=', slug)
          .where('id', '=', drawId)
          .executeTakeFirst();
        if (!row) return null;
        const planned = { targetIndex: Number(row.target_index), plannedDurationMs: Number(row.duration_ms) };
        if (row.landed_index !== null) return { ticket: row.ticket, firstReport: false, ...planned };
        await trx
          .updateTable('draws')
          .set({
            landed_index: report.landedIndex,
            landed_duration_ms: report.durationMs,
            landed_at: isoNow(),
          })
          .where('id', '=', drawId)
          .execute();
        await appendAudit(trx, {
          actor: audit.actor,
          action: 'landed',
          wheel: slug,
          details: {
            drawId,
            landedIndex: report.landedIndex,
            durationMs: report.durationMs,
            matchesTarget: Number(row.target_index) === report.landedIndex,
          },
        });
        return { ticket: row.ticket, firstReport: true, ...planned };
      });
    },

    async listDraws(slug) {
      const rows = await db
        .selectFrom('draws')
        .selectAll()
        .where('wheel', '=', slug)
        .orderBy('seq')
        .execute();
      return rows.map(toStoredDraw);
    },

    async latestDraw(slug) {
      const row = await db
        .selectFrom('draws')
        .selectAll()
        .where('wheel', '=', slug)
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row ? toStoredDraw(row) : null;
    },

    async voidDraw(slug, drawId, request, audit) {
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom('draws')
          .selectAll()
          .where('wheel', '=', slug)
          .where('id', '=', drawId)
          .executeTakeFirst();
        if (!row) return null;
        if (row.voided_at !== null)
          throw new AppError('already_voided', `Draw ${row.seq} was voided at ${row.voided_at}`);
        const voided = {
          voided_at: request.voidedAt,
          void_reason: request.reason,
          voided_by: audit.actor,
        };
        await trx.updateTable('draws').set(voided).where('id', '=', drawId).execute();
        await appendAudit(trx, {
          actor: audit.actor,
          action: 'void',
          wheel: slug,
          details: { drawId, seq: Number(row.seq), ticket: row.ticket, reason: request.reason },
        });
        return toStoredDraw({ ...row, ...voided });
      });
    },

    async getVerification(slug) {
      return readVerification(db, slug);
    },

    async setVerifiable(slug, verifiable, newSeed, audit) {
      return db.transaction().execute(async (trx) => {
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
        await appendAudit(trx, {
          actor: audit.actor,
          action: 'verifiable_mode',
          wheel: slug,
          details: {
            verifiable,
            ...(verifiable
              ? { epoch: openEpochOf(after)?.epoch, commitment: openEpochOf(after)?.commitment }
              : {}),
          },
        });
        return after;
      });
    },

    async revealSeed(slug, newSeed, audit) {
      return db.transaction().execute(async (trx) => {
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
        await appendAudit(trx, {
          actor: audit.actor,
          action: 'reveal_seed',
          wheel: slug,
          details: {
            epoch: open.epoch,
            seed: open.seed,
            commitment: open.commitment,
            nextCommitment: openEpochOf(after)?.commitment ?? null,
          },
        });
        return { revealed, verification: after };
      });
    },

    async getPlan(slug) {
      await requireWheel(db, slug);
      return readPlan(db, slug);
    },

    async setPlan(slug, tickets, audit) {
      return db.transaction().execute(async (trx) => {
        await requireWheel(trx, slug);
        if (tickets.length > 0 && (await readVerification(trx, slug)).verifiable) {
          throw new AppError('verifiable_mode', 'Wheel is in verifiable mode: pre-drawn plans are disabled');
        }
        await writePlan(trx, slug, tickets);
        await appendAudit(trx, audit);
        return tickets;
      });
    },

    async getAppearance(slug) {
      return readAppearance(db, slug);
    },

    async updateAppearance(slug, change, audit) {
      return db.transaction().execute(async (trx) => {
        const before = await readAppearance(trx, slug);
        const logoColumns =
          change.logo === undefined
            ? {}
            : change.logo === null
              ? { logo_sha256: null, logo_type: null, logo_base64: null, logo_bytes: null }
              : {
                  logo_sha256: change.logo.sha256,
                  logo_type: change.logo.contentType,
                  logo_base64: Buffer.from(change.logo.data).toString('base64'),
                  logo_bytes: change.logo.data.byteLength,
                };
        const values = {
          wheel: slug,
          title: change.title ?? before.title,
          offline_spins: change.offlineSpins ?? before.offlineSpins,
          updated_at: isoNow(),
          ...logoColumns,
        };
        const { wheel: _wheel, ...updates } = values;
        await trx
          .insertInto('wheel_appearance')
          .values(values)
          .onConflict((oc) => oc.column('wheel').doUpdateSet(updates))
          .execute();
        const after = await readAppearance(trx, slug);
        await appendAudit(trx, {
          actor: audit.actor,
          action: 'appearance',
          wheel: slug,
          details: {
            changed: (['title', 'offlineSpins', 'logo'] as const).filter((key) => change[key] !== undefined),
            title: after.title,
            offlineSpins: after.offlineSpins,
            logo: after.logo,
          },
        });
        return after;
      });
    },

    async getLogo(slug, sha256) {
      const row = await db
        .selectFrom('wheel_appearance')
        .select(['logo_type', 'logo_base64'])
        .where('wheel', '=', slug)
        .where('logo_sha256', '=', sha256)
        .executeTakeFirst();
      if (!row || row.logo_type === null || row.logo_base64 === null) return null;
      const data = Buffer.from(row.logo_base64, 'base64');
      return {
        contentType: row.logo_type as LogoContentType,
        data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      };
    },

    async appendAudit(audit) {
      return db.transaction().execute((trx) => appendAudit(trx, audit));
    },

    async listAuditEvents() {
      const rows = await db.selectFrom('audit_events').selectAll().orderBy('id').execute();
      return rows.map(toAuditEvent);
    },

    async queryAuditEvents(query) {
      let select = db.selectFrom('audit_events').selectAll();
      if (query.wheel !== undefined) select = select.where('wheel', '=', query.wheel);
      if (query.action !== undefined) select = select.where('action', '=', query.action);
      if (query.actor !== undefined) select = select.where('actor', '=', query.actor);
      if (query.since !== undefined) select = select.where('at', '>=', query.since);
      if (query.before !== undefined) select = select.where('id', '<', query.before);
      const rows = await select.orderBy('id', 'desc').limit(query.limit).execute();
      return rows.map(toAuditEvent);
    },
  };
  return store;
}

function toAuditEvent(row: Database['audit_events']): AuditEvent {
  return {
    id: Number(row.id),
    at: row.at,
    actor: row.actor,
    action: row.action,
    wheel: row.wheel,
    details: JSON.parse(row.details) as Record<string, unknown>,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
