// The event program's admin switch (issue #18): rehearsal. In rehearsal, draws are recorded with
// `rehearsal: true` and count for nothing; going live is one audited action.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { publishProgram } from '../../../services/prize-draws.ts';
import { parseRequest } from '../../../validation.ts';

type SlugParams = { Params: { slug: string } };

const rehearsalBodySchema = z.object({ rehearsal: z.boolean() }).strict();

export async function wheelProgramAdminRoutes(fastify: FastifyInstance): Promise<void> {
  const actorOf = (request: FastifyRequest) => request.user?.username ?? 'unknown';

  fastify.get<SlugParams>('/:slug/rehearsal', async (request) => ({
    rehearsal: (await fastify.store.readProgram(request.params.slug)).rehearsal,
  }));

  fastify.put<SlugParams>(
    '/:slug/rehearsal',
    {
      config: {
        openapi: {
          body: rehearsalBodySchema,
          summary:
            'Switch rehearsal: its draws are recorded with rehearsal true and count for nothing. Audited ' +
            '(rehearsal_on / go_live) when it changes; publishes the `program` event',
        },
      },
    },
    async (request) => {
      const { slug } = request.params;
      const { rehearsal } = parseRequest(rehearsalBodySchema, request.body);
      const status = await fastify.store.setRehearsal(slug, rehearsal, { actor: actorOf(request) });
      publishProgram(fastify, slug, status);
      return { rehearsal: status.rehearsal };
    },
  );
}
