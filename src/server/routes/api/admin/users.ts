// /api/admin/users/:name/wheels — the wheels a presenter account may spin (admins spin every wheel).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseRequest } from '../../../validation.ts';

const MAX_GRANTED_WHEELS = 1_000;
export const presenterWheelsSchema = z
  .object({ wheels: z.array(z.string().min(1).max(100)).max(MAX_GRANTED_WHEELS) })
  .strict();
const userParamsSchema = z.object({ name: z.string().min(1).max(100) });

export async function userAdminRoutes(fastify: FastifyInstance): Promise<void> {
  fastify.get('/:name/wheels', { config: { openapi: { params: userParamsSchema } } }, async (request) => {
    const { name } = parseRequest(userParamsSchema, request.params, 'params');
    return { username: name, wheels: await fastify.store.listPresenterWheels(name) };
  });

  fastify.put(
    '/:name/wheels',
    {
      config: {
        openapi: {
          params: userParamsSchema,
          body: presenterWheelsSchema,
          summary: 'Set the wheels a presenter account may spin (replaces the list)',
        },
      },
    },
    async (request) => {
      const { name } = parseRequest(userParamsSchema, request.params, 'params');
      const { wheels } = parseRequest(presenterWheelsSchema, request.body);
      const actor = request.user?.username ?? 'unknown';
      const granted = await fastify.store.setPresenterWheels(name, wheels, {
        actor,
        action: 'grant_wheels',
        wheel: null,
        details: {},
      });
      return { username: name, wheels: granted };
    },
  );
}
