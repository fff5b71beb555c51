// The event program's public and presenter endpoints (issue #18): the program every screen
// follows (GET), the stage the presenter sets (PUT), and a winner's decline (POST).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  PRIZE_ID_PATTERN,
  STAGE_SCENES,
  type ProgramState,
  type StageState,
} from '../../../../core/index.ts';
import {
  declineWinner,
  publishProgram,
  requirePrize,
  toPublicProgramDraw,
} from '../../../services/prize-draws.ts';
import { AppError } from '../../../errors.ts';
import { fullNameLookup, drawWithFullName } from '../../../services/private-names.ts';
import { parseRequest } from '../../../validation.ts';

type SlugParams = { Params: { slug: string } };

const DECLINE_REASON_MAX_CHARACTERS = 500;

const stageBodySchema = z
  .object({
    prizeId: z.string().regex(PRIZE_ID_PATTERN).nullable().optional(),
    scene: z.enum(STAGE_SCENES).optional(),
    blank: z.boolean().optional(),
  })
  .strict();
const declineParamsSchema = z.object({ slug: z.string(), seq: z.coerce.number().int().min(1) });
const declineBodySchema = z
  .object({ reason: z.string().trim().min(1).max(DECLINE_REASON_MAX_CHARACTERS) })
  .strict();

export async function wheelProgramRoutes(fastify: FastifyInstance): Promise<void> {
  fastify.get<SlugParams>(
    '/:slug/program',
    {
      config: {
        openapi: {
          summary:
            'The event program (public): rehearsal, the stage, every prize draw (rehearsal ones flagged) by seq, ' +
            'and a revision that changes with any of it (the `program` event carries it). Names in the public ' +
            "form of the wheel's settings.publicNames; in full for the wheel's presenter (session or presenter key)",
        },
      },
    },
    async (request, reply): Promise<ProgramState> => {
      const { slug } = request.params;
      const read = await fastify.store.readProgram(slug);
      let draws = read.draws.map(toPublicProgramDraw);
      // The presenter's console names the winners in full; nobody else gets more than the public form.
      if ((await fastify.presenterOf(request, slug)) !== null) {
        const lookup = fullNameLookup(fastify.store, slug);
        draws = await Promise.all(draws.map((draw) => drawWithFullName(lookup, draw)));
        void reply.header('cache-control', 'private, no-store');
      }
      return { wheel: slug, rehearsal: read.rehearsal, stage: read.stage, draws, revision: read.revision };
    },
  );

  fastify.put<SlugParams>(
    '/:slug/stage',
    {
      config: {
        openapi: {
          body: stageBodySchema,
          summary:
            'What the big screens show (presenter rights): the prize on stage (a prize of the latest version; ' +
            '404 prize_not_found), the scene, blank. Fields left out stay as they are',
        },
      },
    },
    async (request): Promise<StageState> => {
      const { slug } = request.params;
      await fastify.requirePresenter(request, slug);
      const change = parseRequest(stageBodySchema, request.body);
      if (change.prizeId !== undefined && change.prizeId !== null) {
        const latest = await fastify.snapshots.readLatest(slug);
        if (!latest) throw new AppError('not_published', `Nothing is published on wheel ${slug}`);
        requirePrize(latest.snapshot, change.prizeId);
      }
      const status = await fastify.store.setStage(slug, {
        ...(change.prizeId === undefined ? {} : { prizeId: change.prizeId }),
        ...(change.scene === undefined ? {} : { scene: change.scene }),
        ...(change.blank === undefined ? {} : { blank: change.blank }),
      });
      publishProgram(fastify, slug, status);
      return status.stage;
    },
  );

  fastify.post(
    '/:slug/draws/:seq/decline',
    {
      config: {
        openapi: {
          body: declineBodySchema,
          params: declineParamsSchema,
          summary:
            'A winner does not take the prize (presenter rights): marks the draw declined with the reason; the ' +
            "batch's first unused reserve takes the place, else a fresh draw from the prize's eligible pool, " +
            'else none (substitute null). 409 not_a_winner, 409 already_declined, 404 not_found',
        },
      },
    },
    async (request) => {
      const { slug, seq } = parseRequest(declineParamsSchema, request.params, 'params');
      const actor = await fastify.requirePresenter(request, slug);
      const { reason } = parseRequest(declineBodySchema, request.body);
      const answer = await declineWinner(fastify, slug, seq, reason, actor);
      // A presenter's answer: full names (the `program` event only says the program changed).
      const lookup = fullNameLookup(fastify.store, slug);
      return {
        declined: await drawWithFullName(lookup, answer.declined),
        substitute: answer.substitute && (await drawWithFullName(lookup, answer.substitute)),
      };
    },
  );
}
