// /api/admin/wheels/:slug/draft/prizes (GET, PUT), …/draft/prizes/import (a prize sheet) and
// …/prize-images (upload): the event's prizes in the draft. Published with the list (publishing.ts).
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  PRIZES_MAX,
  PRIZE_IMAGE_MAX_BYTES,
  completePrizes,
  validatePrizes,
  type Prize,
  type PrizeProblem,
} from '../../../../core/index.ts';
import { AppError } from '../../../errors.ts';
import { readPrizeSheet } from '../../../import/read-prize-sheet.ts';
import { prepareImage } from '../../../services/appearance.ts';
import { readUploadedFile } from '../../../services/upload-bytes.ts';
import { parseRequest } from '../../../validation.ts';

/** A PUT may send more than PRIZES_MAX prizes (answered too_many_prizes), not without end. */
const PRIZES_BODY_MAX = PRIZES_MAX * 2;
const PRIZES_BODY_LIMIT_BYTES = 8 * 1024 * 1024;
/** Room for a base64 image somewhat over the limit, so it is answered with the limit named. */
const PRIZE_IMAGE_BODY_LIMIT_BYTES = Math.ceil((PRIZE_IMAGE_MAX_BYTES * 4) / 3) * 2;
const BASE64_PATTERN = /^[A-Za-z0-9+/]*={0,2}$/;

const prizeInputSchema = z
  .object({
    id: z.string().optional(),
    name: z.string(),
    quantity: z.number(),
    description: z.string().optional(),
    sponsor: z.string().optional(),
    image: z.string().optional(),
    groups: z.array(z.string()).nullable().optional(),
    allowPreviousWinners: z.boolean().optional(),
    batchSize: z.number().optional(),
    reserves: z.number().optional(),
  })
  .strict();
const prizesBodySchema = z.object({ prizes: z.array(prizeInputSchema).max(PRIZES_BODY_MAX) }).strict();
const prizeImageBodySchema = z.object({ image: z.string().min(1) }).strict();

type SlugParams = { Params: { slug: string } };

/** Where a wheel's uploaded prize image is served (public: the screens show it). */
export function prizeImageUrlOf(slug: string, sha256: string): string {
  return `/api/wheels/${encodeURIComponent(slug)}/prize-images/${sha256}`;
}

export async function prizeAdminRoutes(fastify: FastifyInstance): Promise<void> {
  const { importLimits } = fastify.config;
  await fastify.register(multipart, { limits: { fileSize: importLimits.maxBytes, files: 1, fields: 10 } });

  const actorOf = (request: FastifyRequest) => request.user?.username ?? 'unknown';

  async function requirePrizes(slug: string): Promise<Prize[]> {
    const prizes = await fastify.store.getDraftPrizes(slug);
    if (prizes === null) throw new AppError('wheel_not_found', `No wheel named ${slug}`);
    return prizes;
  }

  /** A prize's image must be one uploaded for this wheel. */
  async function unknownImageProblems(slug: string, prizes: readonly Prize[]): Promise<PrizeProblem[]> {
    if (!prizes.some((prize) => prize.image !== undefined)) return [];
    const uploaded = await fastify.store.listPrizeImageHashes(slug);
    return prizes.flatMap((prize, index): PrizeProblem[] =>
      prize.image === undefined || uploaded.has(prize.image)
        ? []
        : [
            {
              index,
              field: 'image',
              code: 'unknown_image',
              message: `Prize ${index + 1}: image ${prize.image.slice(0, 12)}… was not uploaded for this wheel`,
            },
          ],
    );
  }

  function refusePrizes(reply: FastifyReply, errors: PrizeProblem[]) {
    return reply.code(422).send({
      error: {
        code: 'invalid_prizes',
        message: `${errors.length} problem(s) with the prizes; nothing was saved`,
        details: { errors },
      },
    });
  }

  fastify.get<SlugParams>(
    '/:slug/draft/prizes',
    { config: { openapi: { summary: "The draft's prizes in running order" } } },
    async (request) => ({ prizes: await requirePrizes(request.params.slug) }),
  );

  fastify.put<SlugParams>(
    '/:slug/draft/prizes',
    {
      bodyLimit: PRIZES_BODY_LIMIT_BYTES,
      config: {
        openapi: {
          body: prizesBodySchema,
          summary: "Replaces the draft's prizes (defaults filled); 422 invalid_prizes names each problem",
        },
      },
    },
    async (request, reply) => {
      const { slug } = request.params;
      await requirePrizes(slug);
      const prizes = completePrizes(parseRequest(prizesBodySchema, request.body).prizes);
      const problems = validatePrizes(prizes);
      problems.push(...(await unknownImageProblems(slug, prizes)));
      if (problems.length > 0) return refusePrizes(reply, problems);
      const saved = await fastify.store.replaceDraftPrizes(slug, prizes, {
        actor: actorOf(request),
        action: 'draft_prizes',
        wheel: slug,
        details: { prizes: prizes.length, source: 'edit' },
      });
      return { prizes: saved };
    },
  );

  fastify.post<SlugParams>(
    '/:slug/draft/prizes/import',
    {
      config: {
        openapi: {
          summary:
            'Imports a prize sheet (multipart field "file": xlsx, xls, ods or csv); replaces the draft\'s prizes only when the report is ok',
        },
      },
    },
    async (request) => {
      const { slug } = request.params;
      const current = await requirePrizes(slug);
      const { bytes, fileName } = await readUploadedFile(request, importLimits.maxBytes, 'the prize sheet');
      const report = readPrizeSheet(bytes, fileName, importLimits);
      if (!report.ok) return { ...report, draftReplaced: false };
      // A sheet has no images: a prize that keeps its id keeps the image uploaded for it.
      const imageById = new Map(current.flatMap((prize) => (prize.image ? [[prize.id, prize.image]] : [])));
      const prizes = report.prizes.map((prize) => {
        const image = imageById.get(prize.id);
        return image === undefined ? prize : completePrizes([{ ...prize, image }])[0]!;
      });
      const saved = await fastify.store.replaceDraftPrizes(slug, prizes, {
        actor: actorOf(request),
        action: 'draft_prizes',
        wheel: slug,
        details: {
          prizes: prizes.length,
          source: 'import',
          fileName: report.file.name,
          format: report.file.format,
        },
      });
      return { ...report, prizes: saved, draftReplaced: true };
    },
  );

  fastify.post<SlugParams>(
    '/:slug/prize-images',
    {
      bodyLimit: PRIZE_IMAGE_BODY_LIMIT_BYTES,
      config: {
        openapi: {
          body: prizeImageBodySchema,
          summary: `Uploads a prize image (base64 PNG, JPEG or WebP, at most ${PRIZE_IMAGE_MAX_BYTES / 1024} KB); name it in a prize's "image" by its sha256`,
        },
      },
    },
    async (request, reply) => {
      const { slug } = request.params;
      await requirePrizes(slug);
      const { image } = parseRequest(prizeImageBodySchema, request.body);
      const text = image.replace(/^data:[^,]*;base64,/, '').replace(/\s+/g, '');
      if (!BASE64_PATTERN.test(text)) throw new AppError('invalid_request', 'At image: not base64 text');
      const prepared = prepareImage(
        new Uint8Array(Buffer.from(text, 'base64')),
        'image',
        PRIZE_IMAGE_MAX_BYTES,
      );
      const saved = await fastify.store.savePrizeImage(
        slug,
        { sha256: prepared.sha256, contentType: prepared.contentType, bytes: prepared.data },
        {
          actor: actorOf(request),
          action: 'prize_image',
          wheel: slug,
          details: {
            sha256: prepared.sha256,
            contentType: prepared.contentType,
            bytes: prepared.data.byteLength,
          },
        },
      );
      return reply.code(201).send({
        sha256: saved.sha256,
        contentType: saved.contentType,
        bytes: saved.bytes,
        url: prizeImageUrlOf(slug, saved.sha256),
      });
    },
  );
}
