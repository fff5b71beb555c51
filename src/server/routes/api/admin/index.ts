// Everything under /api/admin needs a valid admin session or API token, checked once here.
import type { FastifyInstance } from 'fastify';
import { wheelExportRoutes } from './exports.ts';
import { adminDisplayRoutes } from './displays.ts';
import { auditRoutes, wheelIntegrityRoutes } from './integrity.ts';
import { sessionRoutes } from './session.ts';
import { wheelAdminRoutes } from './wheels.ts';

export async function adminRoutes(fastify: FastifyInstance): Promise<void> {
  fastify.addHook('onRequest', async (request) => {
    // Signing in is the one admin request that comes without a session.
    if (request.method === 'POST' && request.routeOptions.url === '/api/admin/session') return;
    await fastify.requireUser(request);
  });
  await fastify.register(sessionRoutes, { prefix: '/session' });
  await fastify.register(wheelAdminRoutes, { prefix: '/wheels' });
  await fastify.register(wheelExportRoutes, { prefix: '/wheels' });
  await fastify.register(wheelIntegrityRoutes, { prefix: '/wheels' });
  await fastify.register(auditRoutes, { prefix: '/audit' });
  await fastify.register(adminDisplayRoutes, { prefix: '/displays' });
}
