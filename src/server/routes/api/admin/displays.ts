// GET /api/admin/displays: every display that sent a heartbeat to this instance, flagged stale
// (silent too long) and outdated (showing an older version than the latest published).
// PUT …/:wheel/:id/name names a screen; DELETE …/:wheel/:id forgets one (a closed screen's row).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { DISPLAY_NAME_MAX_CHARACTERS, type DisplayStatus } from '../../../../core/index.ts';
import { AppError } from '../../../errors.ts';
import { classifyDisplay, displayRegistryFor } from '../../../services/display-registry.ts';
import { parseRequest } from '../../../validation.ts';

const displayParamsSchema = z
  .object({ wheel: z.string().min(1).max(100), id: z.string().min(1).max(100) })
  .strict();
const displayNameBodySchema = z.object({ name: z.string().trim().max(DISPLAY_NAME_MAX_CHARACTERS) }).strict();

export async function adminDisplayRoutes(fastify: FastifyInstance): Promise<void> {
  fastify.get('/', async (_request, reply) => {
    const now = fastify.clock();
    const records = displayRegistryFor(fastify.store).list(now);
    const latestByWheel = new Map<string, number | null>();
    for (const wheel of new Set(records.map((record) => record.wheel))) {
      try {
        latestByWheel.set(wheel, await fastify.store.latestVersion(wheel));
      } catch {
        latestByWheel.set(wheel, null); // an unknown wheel: nothing is latest
      }
    }
    reply.header('cache-control', 'no-store');
    return {
      displays: records
        .sort((a, b) => a.wheel.localeCompare(b.wheel) || a.id.localeCompare(b.id))
        .map((record): DisplayStatus => {
          const latestVersion = latestByWheel.get(record.wheel) ?? null;
          return {
            id: record.id,
            wheel: record.wheel,
            version: record.version,
            latestVersion,
            state: record.state,
            connection: record.connection,
            fps: record.fps,
            heapMb: record.heapMb,
            lastSyncAt: record.lastSyncAt,
            lastSeenAt: record.lastSeenAt,
            userAgent: record.userAgent,
            damagedSnapshots: record.damagedSnapshots,
            ...(record.spinSource === undefined ? {} : { spinSource: record.spinSource }),
            ...(record.name === undefined ? {} : { name: record.name }),
            ...classifyDisplay(record, latestVersion, now.getTime()),
          };
        }),
    };
  });

  fastify.put(
    '/:wheel/:id/name',
    {
      config: {
        openapi: {
          params: displayParamsSchema,
          body: displayNameBodySchema,
          summary: 'Name a screen on the Displays page (an empty name removes it; 404 for an unknown screen)',
        },
      },
    },
    async (request, reply) => {
      const { wheel, id } = parseRequest(displayParamsSchema, request.params, 'params');
      const { name } = parseRequest(displayNameBodySchema, request.body);
      if (!displayRegistryFor(fastify.store).name(wheel, id, name))
        throw new AppError('not_found', `No display ${id} on wheel ${wheel}`);
      return reply.code(204).send();
    },
  );

  fastify.delete(
    '/:wheel/:id',
    {
      config: {
        openapi: {
          params: displayParamsSchema,
          summary: 'Forget a screen (it reappears, unnamed, if it reports in again)',
        },
      },
    },
    async (request, reply) => {
      const { wheel, id } = parseRequest(displayParamsSchema, request.params, 'params');
      if (!displayRegistryFor(fastify.store).forget(wheel, id))
        throw new AppError('not_found', `No display ${id} on wheel ${wheel}`);
      return reply.code(204).send();
    },
  );
}
