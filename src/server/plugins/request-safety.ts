// Request safety for every route: security headers with a strict CSP (@fastify/helmet), the CSRF
// origin check on state-changing requests, and the OpenAPI description at /api/openapi.json.
import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors.ts';
import { SESSION_COOKIE } from './auth.ts';

const STATE_CHANGING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const OPENAPI_PATH = '/api/openapi.json';

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

export const requestSafetyPlugin = fp(
  async (fastify: FastifyInstance) => {
    const { frameAncestors, allowedOrigins } = fastify.config;
    const onlySelfFrames = frameAncestors.length === 1 && frameAncestors[0] === "'self'";
    await fastify.register(helmet, {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          // canvas-confetti draws in a worker it creates from a blob: URL.
          workerSrc: ["'self'", 'blob:'],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors,
        },
      },
      // NOTE: no upgrade-insecure-requests: screens on a LAN load the pages over plain HTTP.
      // X-Frame-Options cannot name other origins; frame-ancestors decides when kiosks embed the page.
      frameguard: onlySelfFrames ? { action: 'sameorigin' } : false,
      // Plain-HTTP LAN installs are common; HSTS is the TLS proxy's business.
      strictTransportSecurity: false,
      crossOriginEmbedderPolicy: false,
    });

    fastify.addHook('onRequest', async (request) => {
      const problem = crossSiteProblem(request, allowedOrigins);
      if (problem !== null) {
        request.log.warn({ origin: request.headers.origin, url: request.url }, 'cross-site request refused');
        throw new AppError('bad_origin', problem);
      }
    });

    await fastify.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: {
          title: 'prizewheel',
          version: '1',
          description:
            'Public wheel endpoints, presenter spins (session or presenter key) and the admin API (session cookie or Authorization: Bearer).',
        },
        components: {
          securitySchemes: {
            session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
            bearer: { type: 'http', scheme: 'bearer' },
            presenterKey: { type: 'apiKey', in: 'header', name: 'X-Presenter-Key' },
          },
        },
      },
    });
    fastify.get(OPENAPI_PATH, { schema: { hide: true } }, async () => fastify.swagger());
  },
  { name: 'request-safety', dependencies: ['config', 'auth'] },
);
