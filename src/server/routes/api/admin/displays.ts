// GET /api/admin/displays: every display that sent a heartbeat to this instance, flagged stale
// (silent too long) and outdated (showing an older version than the latest published).
import type { FastifyInstance } from 'fastify';
import type { DisplayStatus } from '../../../../core/index.ts';
import { classifyDisplay, displayRegistryFor } from '../../../services/display-registry.ts';

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
            ...classifyDisplay(record, latestVersion, now.getTime()),
          };
        }),
    };
  });
}
