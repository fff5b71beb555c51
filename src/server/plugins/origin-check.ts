// The CSRF origin check: a state-changing request from another site is refused before any route.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors.ts';
import { SESSION_COOKIE } from './auth.ts';

const STATE_CHANGING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Why a state-changing request is refused as cross-site, or null when it may go on. Bearer-token
 * requests are exempt: a browser never adds that header to a cross-site request by itself.
 */
export function crossSiteProblem(request: FastifyRequest, allowedOrigins: readonly string[]): string | null {
  if (!STATE_CHANGING_METHODS.has(request.method)) return null;
  if (/^Bearer\s/i.test(request.headers.authorization ?? '')) return null;
  const origin = request.headers.origin;
  if (origin !== undefined) {
    const ownOrigin = `${request.protocol}://${request.host}`;
    if (origin === ownOrigin || allowedOrigins.includes(origin)) return null;
    return `Origin ${origin} may not change anything here`;
  }
  const hasSession = request.cookies[SESSION_COOKIE] !== undefined;
  if (hasSession && request.headers['sec-fetch-site'] === 'cross-site')
    return 'A cross-site request may not change anything here';
  return null;
}

export const originCheckPlugin = fp(
  async (fastify: FastifyInstance) => {
    const { allowedOrigins } = fastify.config;
    fastify.addHook('onRequest', (request, _reply, done) => {
      const problem = crossSiteProblem(request, allowedOrigins);
      if (problem === null) return done();
      request.log.warn({ origin: request.headers.origin, url: request.url }, 'cross-site request refused');
      done(new AppError('bad_origin', problem));
    });
  },
  { name: 'origin-check', dependencies: ['config', 'auth'] },
);
