// POST /api/wheels/:slug/entrant-check — public: the results page's self-check of one ticket
// (services/entrant-check.ts), limited per address.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  PERSON_MAX_CHARACTERS,
  TICKET_MAX_CHARACTERS,
  type EntrantCheckAnswer,
} from '../../../../core/index.ts';
import {
  ENTRANT_CHECKS_PER_WINDOW_MAX,
  checkEntrant,
  createEntrantCheckLimit,
} from '../../../services/entrant-check.ts';
import { parseRequest } from '../../../validation.ts';

const entrantCheckBodySchema = z
  .object({
    ticket: z.string().trim().min(1).max(TICKET_MAX_CHARACTERS),
    /** The entry's person value (email, phone…) as the organizer's list has it; needed where it has one. */
    person: z.string().trim().min(1).max(PERSON_MAX_CHARACTERS).optional(),
  })
  .strict();

export async function entrantCheckRoutes(fastify: FastifyInstance): Promise<void> {
  const limit = createEntrantCheckLimit(fastify.clock, fastify.config.entrantChecksPerMinute);
  fastify.post<{ Params: { slug: string } }>(
    '/:slug/entrant-check',
    {
      config: {
        openapi: {
          body: entrantCheckBodySchema,
          summary:
            'Whether one ticket was in the published list and what it won (public): {inList, versions, won: ' +
            '[{prizeId, rank, role}]}. Where its entry has a person (email, phone…), only when `person` is the ' +
            'same value; a wrong person answers like a ticket not in the list. Checks the latest version and ' +
            'every version a prize was drawn on; rehearsal, voided and declined draws hold nothing. ' +
            `429 rate_limited {retryAfterMs} beyond ENTRANT_CHECKS_PER_MINUTE (default ${ENTRANT_CHECKS_PER_WINDOW_MAX}) checks a minute per address`,
        },
      },
    },
    async (request): Promise<EntrantCheckAnswer> => {
      const { slug } = request.params;
      const { ticket, person } = parseRequest(entrantCheckBodySchema, request.body);
      limit.take(request.ip);
      return checkEntrant({ store: fastify.store, snapshots: fastify.snapshots }, slug, ticket, person);
    },
  );
}
