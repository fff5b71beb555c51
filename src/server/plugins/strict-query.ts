// API routes refuse query parameters they do not know, so a typo is an error rather than ignored.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors.ts';

/** API routes that validate their query string themselves, each with a strict schema. */
const ROUTES_WITH_OWN_QUERY_SCHEMA = new Set([
  '/api/wheels/:slug/snapshot',
  '/api/wheel/snapshot',
  '/api/wheels/:slug/events',
  '/api/wheels/:slug/spins/current',
  '/api/admin/wheels/:slug/draft/import',
  '/api/admin/wheels/:slug/draws',
  '/api/admin/wheels/:slug/draft/export',
  '/api/admin/wheels/:slug/snapshots/:version/export',
  '/api/admin/audit',
  '/api/admin/audit/',
  '/api/wheels/:slug/certificate',
  '/api/wheels/:slug/certificate.pdf',
]);
/** The only query parameter other API routes accept: a presenter link's key. */
const PRESENTER_KEY_PARAMETER = 'key';

/** Every other API route takes no query parameters (but a presenter key): unknown ones are refused. */
export function unknownQueryProblem(query: unknown): string | null {
  if (typeof query !== 'object' || query === null) return null;
  const unknown = Object.keys(query).filter((name) => name !== PRESENTER_KEY_PARAMETER);
  return unknown.length === 0
    ? null
    : `At query: unknown parameter ${unknown.map((name) => `"${name}"`).join(', ')}`;
}

export const strictQueryPlugin = fp(
  async (fastify: FastifyInstance) => {
    fastify.addHook('onRoute', (route) => {
      if (!route.url.startsWith('/api/') || ROUTES_WITH_OWN_QUERY_SCHEMA.has(route.url)) return;
      const rejectUnknownQuery = async (request: FastifyRequest) => {
        const problem = unknownQueryProblem(request.query);
        if (problem !== null) throw new AppError('invalid_request', problem);
      };
      const existing = route.preValidation;
      route.preValidation = existing
        ? [...(Array.isArray(existing) ? existing : [existing]), rejectUnknownQuery]
        : rejectUnknownQuery;
    });
  },
  { name: 'strict-query' },
);
