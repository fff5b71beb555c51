import type { FastifyInstance } from 'fastify';
import { compareMigrations } from '../storage/migrations/index.ts';

// Probed every few seconds: request logs only for warnings and errors.
const QUIET = { logLevel: 'warn' } as const;

export async function healthRoutes(fastify: FastifyInstance): Promise<void> {
  fastify.get('/healthz', QUIET, async () => ({ status: 'ok' }));

  // Ready: the database answers and holds exactly the migrations this code knows. Another
  // instance of a newer (or older) release on the same PostgreSQL makes this one not ready.
  fastify.get('/readyz', QUIET, async (request, reply) => {
    let applied: string[];
    try {
      applied = await fastify.store.listAppliedMigrations();
    } catch (error) {
      request.log.error({ err: error }, 'database is not reachable');
      return reply.code(503).send({
        error: { code: 'not_ready', message: 'The database does not answer' },
        reason: 'database_unreachable',
      });
    }
    const migrations = compareMigrations(applied);
    if (!migrations.current) {
      const problems = [
        migrations.missing.length > 0 ? `not applied: ${migrations.missing.join(', ')}` : null,
        migrations.unknown.length > 0 ? `unknown to this release: ${migrations.unknown.join(', ')}` : null,
      ].filter((problem) => problem !== null);
      request.log.error({ ...migrations }, 'database migrations are not current');
      return reply.code(503).send({
        error: { code: 'not_ready', message: `Database migrations are not current (${problems.join('; ')})` },
        reason: 'migrations_not_current',
        missing: migrations.missing,
        unknown: migrations.unknown,
      });
    }
    return { status: 'ok' };
  });
}
