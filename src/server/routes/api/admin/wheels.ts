// /api/admin/wheels/… : wheels, the draft (import, entries, settings, preview), publishing,
// history, draws and the pre-drawn plan. Every state change is audited by the store.
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  DEFAULT_PUBLIC_NAMES,
  PUBLIC_NAMES_POLICIES,
  NEW_WHEEL_SETTINGS,
  PRIZE_ID_PATTERN,
  diffEntries,
  diffPrizes,
  diffSettings,
  prizeWarnings,
  type DraftEntry,
  type DrawLogEntry,
  type EntryError,
  type WheelSettings,
} from '../../../../core/index.ts';
import { AppError } from '../../../errors.ts';
import { importDraftFromFile } from '../../../services/draft-import.ts';
import { drawsWithFullNames } from '../../../services/private-names.ts';
import { readUploadedFile } from '../../../services/upload-bytes.ts';
import { isTimeZone, loadResultsTable, serverTimeZone } from '../../../services/results-export.ts';
import { toCsvTable, toXlsxTable, XLSX_CONTENT_TYPE } from '../../../services/spreadsheet-export.ts';
import { validateEntries } from '../../../services/entry-validation.ts';
import {
  findReturningWinners,
  previewPublicEntries,
  publishDraftToDisplays,
} from '../../../services/publishing.ts';
import type { Draft } from '../../../storage/store.ts';
import { isDemoWheel } from '../../../services/bootstrap.ts';
import { describeActor, loadPresenterLabels } from '../../../services/actor-labels.ts';
import { parseRequest } from '../../../validation.ts';

export const DRAFT_ENTRIES_MAX = 1_000_000;
const DRAFT_ENTRIES_BODY_LIMIT_BYTES = 200 * 1024 * 1024;
const PREVIEW_LISTED_MAX = 1_000;
const PLAN_TICKETS_MAX = 10_000;
const TITLE_MAX_CHARACTERS = 200;

const slugSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,63}$/,
    'a slug is 1-64 lowercase letters, digits or dashes, not starting with a dash',
  );
const createWheelSchema = z
  .object({ slug: slugSchema, title: z.string().trim().min(1).max(TITLE_MAX_CHARACTERS) })
  .strict();
const settingsSchema = z
  .object({
    spinDurationMs: z.number().int().min(3_000).max(60_000),
    minRotations: z.number().int().min(1).max(20),
    maxRotations: z.number().int().min(1).max(20),
    removeWinners: z.boolean(),
    publicNames: z.enum(PUBLIC_NAMES_POLICIES),
  })
  .partial()
  .strict();
const entrySchema = z
  .object({
    ticket: z.string(),
    name: z.string(),
    weight: z.number(),
    person: z.string().optional(),
    group: z.string().optional(),
    label: z.string().optional(),
    extra: z.record(z.string(), z.string()).optional(),
  })
  .strict();
const entriesBodySchema = z.object({ entries: z.array(entrySchema).max(DRAFT_ENTRIES_MAX) }).strict();
const planTicketsSchema = z.array(z.string().trim().min(1).max(100)).max(PLAN_TICKETS_MAX);
const planBodySchema = z
  .object({
    tickets: planTicketsSchema,
    /** A prize's pre-drawn tickets (wheels with prizes): its batches take them first, in order. */
    prizes: z.record(z.string().regex(PRIZE_ID_PATTERN), planTicketsSchema).optional(),
  })
  .strict();
const importQuerySchema = z
  .object({
    acceptValidRows: z.enum(['true', 'false']).optional(),
    /** `append`: keep the draft's entries and add the file's new tickets (late registrations). */
    mode: z.enum(['replace', 'append']).optional(),
  })
  .strict();
const emptyBodySchema = z.object({}).strict();
const drawsQuerySchema = z
  .object({
    format: z.enum(['json', 'csv', 'xlsx']).optional(),
    tz: z
      .string()
      .refine(isTimeZone, 'expected an IANA time zone name such as Europe/Lisbon or UTC')
      .optional(),
  })
  .strict();

type SlugParams = { Params: { slug: string } };

function draftView(draft: Draft) {
  return {
    wheel: draft.wheel,
    entries: draft.entries,
    settings: draft.settings,
    prizes: draft.prizes,
    updatedAt: draft.updatedAt,
    basedOnVersion: draft.basedOnVersion,
  };
}

export async function wheelAdminRoutes(fastify: FastifyInstance): Promise<void> {
  const { importLimits } = fastify.config;
  await fastify.register(multipart, { limits: { fileSize: importLimits.maxBytes, files: 1, fields: 10 } });

  const actorOf = (request: FastifyRequest) => request.user?.username ?? 'unknown';

  async function requireDraft(slug: string): Promise<Draft> {
    const draft = await fastify.store.getDraft(slug);
    if (!draft) throw new AppError('wheel_not_found', `No wheel named ${slug}`);
    return draft;
  }

  fastify.get('/', async () => {
    const wheels = await fastify.store.listWheels();
    return {
      wheels: await Promise.all(
        wheels.map(async (wheel) =>
          // Only the demo wheel says so (`demo: true`): the admin opens on the first-draw checklist.
          (await isDemoWheel(fastify.store, wheel)) ? { ...wheel, demo: true } : wheel,
        ),
      ),
    };
  });

  fastify.post('/', { config: { openapi: { body: createWheelSchema } } }, async (request, reply) => {
    const { slug, title } = parseRequest(createWheelSchema, request.body);
    const settings: WheelSettings = { ...NEW_WHEEL_SETTINGS };
    const wheel = await fastify.store.createWheel(
      { slug, title, settings },
      { actor: actorOf(request), action: 'create_wheel', wheel: slug, details: { title } },
    );
    return reply.code(201).send({ wheel: { ...wheel, latestVersion: null, publishedAt: null, entries: 0 } });
  });

  fastify.get<SlugParams>('/:slug/draft', async (request) =>
    draftView(await requireDraft(request.params.slug)),
  );

  fastify.post<SlugParams>(
    '/:slug/draft/import',
    { config: { openapi: { querystring: importQuerySchema } } },
    async (request) => {
      const { slug } = request.params;
      // NOTE: not requireDraft: reading a 100,000-entry draft here would hold up every other request.
      if (!(await fastify.store.getWheel(slug)))
        throw new AppError('wheel_not_found', `No wheel named ${slug}`);
      const { acceptValidRows, mode } = parseRequest(importQuerySchema, request.query, 'query');
      const { bytes, fileName } = await readUploadedFile(request, importLimits.maxBytes, 'the list');
      const importStarted = performance.now();
      const { report, draftReplaced, appended } = await importDraftFromFile(
        fastify.store,
        fastify.readParticipantList,
        {
          slug,
          bytes,
          handOverBytes: true,
          fileName,
          acceptValidRows: acceptValidRows === 'true',
          actor: actorOf(request),
          limits: importLimits,
          append: mode === 'append',
        },
      );
      fastify.metrics.importDuration.observe((performance.now() - importStarted) / 1000);
      fastify.metrics.imports.inc({
        result: draftReplaced ? 'replaced' : report.fileError ? 'rejected' : 'kept',
      });
      return { ...report, draftReplaced, ...(appended === undefined ? {} : { appended }) };
    },
  );

  fastify.put<SlugParams>(
    '/:slug/draft/entries',
    { bodyLimit: DRAFT_ENTRIES_BODY_LIMIT_BYTES, config: { openapi: { body: entriesBodySchema } } },
    async (request, reply) => {
      const { slug } = request.params;
      await requireDraft(slug);
      const { entries } = parseRequest(entriesBodySchema, request.body);
      const errors = validateEntries(entries);
      if (errors.length > 0) {
        return reply.code(422).send({
          error: {
            code: 'invalid_entries',
            message: `${errors.length} entr${errors.length === 1 ? 'y has a problem' : 'ies have problems'}; nothing was saved`,
          },
          errors: errors.map(({ index, column, code, message }): EntryError => ({
            index,
            column,
            code,
            message,
          })),
        });
      }
      const cleaned: DraftEntry[] = entries.map((entry) => {
        const base: DraftEntry = {
          ticket: entry.ticket.trim(),
          name: entry.name.trim(),
          weight: entry.weight,
        };
        const person = entry.person?.trim() ?? '';
        const group = entry.group?.trim() ?? '';
        if (person !== '') base.person = person;
        if (group !== '') base.group = group;
        const label = entry.label?.trim() ?? '';
        if (label !== '') base.label = label;
        return entry.extra ? { ...base, extra: entry.extra } : base;
      });
      const draft = await fastify.store.replaceDraftEntries(slug, cleaned, {
        actor: actorOf(request),
        action: 'edit_entries',
        wheel: slug,
        details: { entries: cleaned.length },
      });
      return draftView(draft);
    },
  );

  fastify.put<SlugParams>(
    '/:slug/draft/settings',
    { config: { openapi: { body: settingsSchema } } },
    async (request) => {
      const { slug } = request.params;
      const current = await requireDraft(slug);
      const changes = parseRequest(settingsSchema, request.body);
      const settings: WheelSettings = { ...current.settings, ...changes };
      // `full` is stored as no setting at all: lists published as before keep their snapshots' shape.
      if (settings.publicNames === DEFAULT_PUBLIC_NAMES) delete settings.publicNames;
      if (settings.minRotations > settings.maxRotations) {
        throw new AppError('invalid_request', 'At minRotations: must not be greater than maxRotations');
      }
      const draft = await fastify.store.updateDraftSettings(slug, settings, {
        actor: actorOf(request),
        action: 'settings',
        wheel: slug,
        details: { settings },
      });
      return draftView(draft);
    },
  );

  fastify.get<SlugParams>('/:slug/draft/preview', async (request) => {
    const { slug } = request.params;
    const draft = await requireDraft(slug);
    const latest = await fastify.snapshots.readLatest(slug);
    const latestEntries = latest?.snapshot.entries ?? null;
    const entries = await previewPublicEntries(
      fastify.store,
      slug,
      draft.entries,
      draft.settings.publicNames,
    );
    const diff = {
      ...diffEntries(latestEntries, entries, { maxListed: PREVIEW_LISTED_MAX }),
      prizes: diffPrizes(latest?.snapshot.prizes, draft.prizes),
      settings: diffSettings(latest?.snapshot.settings ?? null, draft.settings),
    };
    const returningWinners = await findReturningWinners(fastify.store, slug, latestEntries, draft.entries);
    const warnings = prizeWarnings(draft.prizes, entries);
    return { latestVersion: latest?.snapshot.version ?? null, diff, returningWinners, warnings };
  });

  fastify.post<SlugParams>(
    '/:slug/publish',
    {
      config: {
        openapi: {
          body: emptyBodySchema,
          summary:
            'Publish the draft as the next version (409 draft_invalid; 409 epoch_open while a verifiable epoch is open)',
        },
      },
    },
    async (request, reply) => {
      const { slug } = request.params;
      parseRequest(emptyBodySchema, request.body);
      const { snapshot, diff } = await publishDraftToDisplays(
        fastify,
        slug,
        actorOf(request),
        fastify.clock(),
      );
      fastify.metrics.publishes.inc({ wheel: slug });
      return reply.code(201).send({ version: snapshot.version, checksum: snapshot.checksum, diff });
    },
  );

  fastify.get<SlugParams>('/:slug/snapshots', async (request) => {
    const { slug } = request.params;
    await requireDraft(slug);
    const snapshots = await fastify.store.listSnapshots(slug);
    // A version a presenter link published (a "remove winners" draw) names the link by its label.
    const labels = await loadPresenterLabels(
      fastify.store,
      snapshots.map((snapshot) => ({ wheel: slug, actor: snapshot.publishedBy })),
    );
    return {
      snapshots: snapshots.map((snapshot) => ({
        ...snapshot,
        publishedByLabel: describeActor(snapshot.publishedBy, labels),
      })),
    };
  });

  fastify.get<SlugParams>(
    '/:slug/draws',
    { config: { openapi: { querystring: drawsQuerySchema } } },
    async (request, reply) => {
      const { slug } = request.params;
      await requireDraft(slug);
      const { format, tz } = parseRequest(drawsQuerySchema, request.query, 'query');
      if (format === 'csv' || format === 'xlsx') {
        const table = await loadResultsTable(fastify, slug, tz ?? serverTimeZone());
        return reply
          .type(format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_CONTENT_TYPE)
          .header('Content-Disposition', `attachment; filename="${slug}-draws.${format}"`)
          .send(
            format === 'csv'
              ? toCsvTable(table.columns, table.rows)
              : toXlsxTable('Results', table.columns, table.rows),
          );
      }
      // The admin reads every draw with its full name (a draw records the public one it was published with).
      const stored = await drawsWithFullNames(fastify.store, slug, await fastify.store.listDraws(slug));
      const labels = await loadPresenterLabels(
        fastify.store,
        stored.map((draw) => ({ wheel: slug, actor: draw.startedBy })),
      );
      const draws = stored.map((draw): DrawLogEntry => ({
        id: draw.id,
        seq: draw.seq,
        version: draw.version,
        checksum: draw.checksum,
        ticket: draw.ticket,
        name: draw.name,
        targetIndex: draw.targetIndex,
        mode: draw.mode,
        createdAt: draw.createdAt,
        landedIndex: draw.landedIndex,
        durationMs: draw.durationMs,
        landedAt: draw.landedAt,
        startedBy: draw.startedBy,
        startedByLabel: describeActor(draw.startedBy, labels),
        displayId: draw.displayId,
        voided: draw.voided,
        voidReason: draw.voidReason,
        voidedAt: draw.voidedAt,
        voidedBy: draw.voidedBy,
        epoch: draw.epoch,
        prizeId: draw.prizeId,
        batchId: draw.batchId,
        role: draw.role,
        rank: draw.rank,
        substitutes: draw.substitutes,
        promotedFrom: draw.promotedFrom,
        declined: draw.declined,
        rehearsal: draw.rehearsal,
      }));
      return { draws };
    },
  );

  fastify.get<SlugParams>('/:slug/plan', async (request) => ({
    tickets: await fastify.store.getPlan(request.params.slug),
    prizes: await fastify.store.getPrizePlans(request.params.slug),
  }));

  fastify.put<SlugParams>(
    '/:slug/plan',
    { config: { openapi: { body: planBodySchema } } },
    async (request) => {
      const { slug } = request.params;
      const { tickets, prizes } = parseRequest(planBodySchema, request.body);
      const saved = await fastify.store.setPlan(slug, tickets, {
        actor: actorOf(request),
        action: 'plan',
        wheel: slug,
        // The plan is secret until drawn, but the audit log is admin-only and must show what was set.
        details: { tickets },
      });
      const savedPrizes =
        prizes === undefined
          ? await fastify.store.getPrizePlans(slug)
          : await fastify.store.setPrizePlans(slug, prizes, {
              actor: actorOf(request),
              action: 'prize_plan',
              wheel: slug,
              details: { prizes },
            });
      return { tickets: saved, prizes: savedPrizes };
    },
  );
}
