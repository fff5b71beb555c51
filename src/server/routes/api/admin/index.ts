// Everything under /api/admin needs a valid admin session or API token, checked once here. A
// presenter account may only look at and end its own session.
import type { FastifyInstance } from 'fastify';
import { wheelAppearanceAdminRoutes } from './appearance.ts';
import { wheelExportRoutes } from './exports.ts';
import { adminMetricsRoutes } from './metrics.ts';
import { adminDisplayRoutes } from './displays.ts';
import { auditRoutes, wheelIntegrityRoutes } from './integrity.ts';
import { presenterKeyRoutes } from './presenter-keys.ts';
import { wheelProgramAdminRoutes } from './program.ts';
import { prizeAdminRoutes } from './prizes.ts';
import { sessionRoutes } from './session.ts';
import { userAdminRoutes } from './users.ts';
import { wheelAdminRoutes } from './wheels.ts';

export async function adminRoutes(fastify: FastifyInstance): Promise<void> {
  fastify.addHook('onRequest', async (request) => {
    // Signing in is the one admin request that comes without a session.
    const route = request.routeOptions.url;
    if (request.method === 'POST' && route === '/api/admin/session') return;
    if (route === '/api/admin/session') await fastify.requireUser(request);
    else await fastify.requireAdmin(request);
  });
  await fastify.register(sessionRoutes, { prefix: '/session' });
  await fastify.register(wheelAdminRoutes, { prefix: '/wheels' });
  await fastify.register(wheelExportRoutes, { prefix: '/wheels' });
  await fastify.register(presenterKeyRoutes, { prefix: '/wheels' });
  await fastify.register(wheelIntegrityRoutes, { prefix: '/wheels' });
  await fastify.register(wheelAppearanceAdminRoutes, { prefix: '/wheels' });
  await fastify.register(wheelProgramAdminRoutes, { prefix: '/wheels' });
  await fastify.register(prizeAdminRoutes, { prefix: '/wheels' });
  await fastify.register(auditRoutes, { prefix: '/audit' });
  await fastify.register(adminDisplayRoutes, { prefix: '/displays' });
  await fastify.register(adminMetricsRoutes, { prefix: '/metrics' });
  await fastify.register(userAdminRoutes, { prefix: '/users' });
}
