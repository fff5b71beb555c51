// Draw integrity for admins: the audit log listing, voiding a draw, restoring a version into the
// draft, and the verifiable mode (toggle, reveal). Registered under /api/admin (sessions checked there).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { VoidedDraw } from '../../../../core/index.ts';
import { AppError } from '../../../errors.ts';
import {
  readPublicVerification,
  revealEpochSeed,
  setEpochWitness,
  setVerifiableMode,
  WITNESS_MAX_CHARACTERS,
} from '../../../services/verification.ts';
import { restoreDraftPersons } from '../../../services/person-pseudonyms.ts';
import { describeActor, loadPresenterLabels } from '../../../services/actor-labels.ts';
import { parseRequest } from '../../../validation.ts';

export const AUDIT_PAGE_DEFAULT = 100;
export const AUDIT_PAGE_MAX = 1_000;
const VOID_REASON_MAX_CHARACTERS = 500;

const auditQuerySchema = z
  .object({
    wheel: z.string().min(1).max(100).optional(),
    action: z.string().min(1).max(100).optional(),
    actor: z.string().min(1).max(100).optional(),
    since: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_MAX).optional(),
    before: z.coerce.number().int().min(1).optional(),
  })
  .strict();
const drawParamsSchema = z.object({ slug: z.string(), id: z.string().min(1).max(100) });
const voidBodySchema = z
  .object({ reason: z.string().trim().min(1).max(VOID_REASON_MAX_CHARACTERS) })
  .strict();
const verifiableBodySchema = z.object({ verifiable: z.boolean() }).strict();
const witnessBodySchema = z
  .object({
    entropy: z
      .string()
      .trim()
      .min(1, 'entropy: type 1 to 200 characters')
      .max(WITNESS_MAX_CHARACTERS, `entropy: at most ${WITNESS_MAX_CHARACTERS} characters`),
  })
  .strict();
const emptyBodySchema = z.object({}).strict();
const restoreParamsSchema = z.object({ slug: z.string(), version: z.coerce.number().int().min(1) });

type SlugParams = { Params: { slug: string } };

export async function auditRoutes(fastify: FastifyInstance): Promise<void> {
  /** `{ events, nextBefore }`: newest first; pass `before=nextBefore` for the next page (null at the end). */
  fastify.get('/', { config: { openapi: { querystring: auditQuerySchema } } }, async (request) => {
    const query = parseRequest(auditQuerySchema, request.query, 'query');
    const limit = query.limit ?? AUDIT_PAGE_DEFAULT;
    const events = await fastify.store.queryAuditEvents({
      ...query,
      ...(query.since ? { since: new Date(query.since).toISOString() } : {}),
      limit,
    });
    // A presenter link's events name it by its label too (`actorLabel`); `actor` stays as stored.
    const labels = await loadPresenterLabels(fastify.store, events);
    return {
      events: events.map((event) => ({ ...event, actorLabel: describeActor(event.actor, labels) })),
      nextBefore: events.length === limit ? (events.at(-1)?.id ?? null) : null,
    };
  });
}

export async function wheelIntegrityRoutes(fastify: FastifyInstance): Promise<void> {
  const actorOf = (request: FastifyRequest) => request.user?.username ?? 'unknown';

  const verificationView = (slug: string) => readPublicVerification(fastify.store, slug);

  fastify.post(
    '/:slug/draws/:id/void',
    { config: { openapi: { params: drawParamsSchema, body: voidBodySchema } } },
    async (request) => {
      const { slug, id } = parseRequest(drawParamsSchema, request.params, 'params');
      const { reason } = parseRequest(voidBodySchema, request.body);
      const draw = await fastify.store.voidDraw(
        slug,
        id,
        { reason, voidedAt: fastify.clock().toISOString() },
        { actor: actorOf(request) },
      );
      if (!draw) throw new AppError('not_found', `No draw ${id} on wheel ${slug}`);
      const voided: VoidedDraw = {
        id: draw.id,
        seq: draw.seq,
        ticket: draw.ticket,
        voided: draw.voided,
        voidReason: draw.voidReason,
        voidedAt: draw.voidedAt,
        voidedBy: draw.voidedBy,
      };
      return { draw: voided };
    },
  );

  // Puts a published version's entries back into the draft (its settings stay as they are);
  // publishing it is a separate, audited step.
  fastify.post(
    '/:slug/snapshots/:version/restore',
    { config: { openapi: { params: restoreParamsSchema, body: emptyBodySchema } } },
    async (request) => {
      const { slug, version } = parseRequest(restoreParamsSchema, request.params, 'params');
      parseRequest(emptyBodySchema, request.body);
      const restored = await fastify.snapshots.readVersion(slug, version);
      if (!restored) throw new AppError('not_found', `Wheel ${slug} has no intact version ${version}`);
      const current = await fastify.store.getDraft(slug);
      const entries = restoreDraftPersons(
        restored.snapshot.entries,
        current?.entries ?? [],
        await fastify.store.readPersonKey(slug),
        (await fastify.store.readPrivateNames(slug, version))?.names ?? null,
      );
      const draft = await fastify.store.replaceDraftEntries(slug, entries, {
        actor: actorOf(request),
        action: 'restore',
        wheel: slug,
        details: { version, checksum: restored.snapshot.checksum, entries: restored.snapshot.entries.length },
      });
      return {
        wheel: draft.wheel,
        entries: draft.entries,
        settings: draft.settings,
        updatedAt: draft.updatedAt,
        basedOnVersion: draft.basedOnVersion,
      };
    },
  );

  fastify.get<SlugParams>('/:slug/verification', async (request) => verificationView(request.params.slug));

  fastify.put<SlugParams>(
    '/:slug/verifiable',
    {
      config: {
        openapi: {
          body: verifiableBodySchema,
          summary:
            'Turn verifiable mode on (opens an epoch frozen to the latest version) or off (closes the open epoch: revealed with draws, closedAt without)',
        },
      },
    },
    async (request) => {
      const { slug } = request.params;
      const { verifiable } = parseRequest(verifiableBodySchema, request.body);
      await setVerifiableMode(fastify, slug, verifiable, actorOf(request));
      return verificationView(slug);
    },
  );

  fastify.post<SlugParams>(
    '/:slug/verification/reveal',
    {
      config: {
        openapi: {
          body: emptyBodySchema,
          summary:
            "Reveal the open epoch's seed and, with the mode on, open the next epoch (409 nothing_to_reveal)",
        },
      },
    },
    async (request) => {
      const { slug } = request.params;
      parseRequest(emptyBodySchema, request.body);
      const { revealed } = await revealEpochSeed(fastify, slug, actorOf(request));
      return {
        revealed: { epoch: revealed.epoch, seed: revealed.seed, commitment: revealed.commitment },
        verification: await verificationView(slug),
      };
    },
  );

  // Witness entropy: text an independent person types once the commitment is public, before the
  // epoch's first draw. Mixed into every draw's key, so the organizer could not know it when committing.
  fastify.put<SlugParams>(
    '/:slug/verification/witness',
    {
      config: {
        openapi: {
          body: witnessBodySchema,
          summary:
            "Record the open epoch's witness entropy (once, before its first draw; 409 no_open_epoch, witness_already_set, epoch_has_draws)",
        },
      },
    },
    async (request) => {
      const { slug } = request.params;
      const { entropy } = parseRequest(witnessBodySchema, request.body);
      await setEpochWitness(fastify, slug, entropy, actorOf(request));
      return verificationView(slug);
    },
  );
}
