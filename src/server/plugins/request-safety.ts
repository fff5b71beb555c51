// Request safety for every route: security headers with a strict CSP (@fastify/helmet), the CSRF
// origin check on state-changing requests, and the OpenAPI description at /api/openapi.json.
import { randomUUID } from 'node:crypto';
import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import swagger from '@fastify/swagger';
import Fastify, {
  type FastifyContextConfig,
  type FastifyInstance,
  type FastifyRequest,
  type FastifySchema,
} from 'fastify';
import { z } from 'zod';
import fp from 'fastify-plugin';
import { AppError } from '../errors.ts';
import { SESSION_COOKIE } from './auth.ts';

const STATE_CHANGING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const OPENAPI_PATH = '/api/openapi.json';

/** API routes that validate their query string themselves, each with a strict schema. */
const ROUTES_WITH_OWN_QUERY_SCHEMA = new Set([
  '/api/wheels/:slug/snapshot',
  '/api/wheel/snapshot',
  '/api/admin/wheels/:slug/draft/import',
  '/api/admin/wheels/:slug/draws',
  '/api/admin/wheels/:slug/draft/export',
  '/api/admin/wheels/:slug/snapshots/:version/export',
  '/api/admin/audit',
  '/api/admin/audit/',
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

declare module 'fastify' {
  interface FastifyInstance {
    /** Every answer's security headers (helmet's output for this configuration), as name/value pairs. */
    securityHeaders: ReadonlyArray<readonly [string, string]>;
  }
  interface FastifyContextConfig {
    /**
     * The zod schemas a route validates with (in its handler), for the OpenAPI description only:
     * converted with zod's own z.toJSONSchema, never handed to Fastify's validator.
     */
    openapi?: { body?: z.ZodType; querystring?: z.ZodType; params?: z.ZodType; summary?: string };
  }
}

/** Adds a route's documented zod schemas (config.openapi) to its OpenAPI operation. */
function describeRoute(
  schema: FastifySchema | undefined,
  config: { openapi?: FastifyContextConfigOpenApi } | undefined,
): FastifySchema {
  const documented = config?.openapi;
  if (!documented) return schema ?? {};
  const toJson = (type: z.ZodType) => z.toJSONSchema(type, { target: 'openapi-3.0', io: 'input' });
  return {
    ...schema,
    ...(documented.summary ? { summary: documented.summary } : {}),
    ...(documented.body ? { body: toJson(documented.body) } : {}),
    ...(documented.querystring ? { querystring: toJson(documented.querystring) } : {}),
    ...(documented.params ? { params: toJson(documented.params) } : {}),
  };
}
type FastifyContextConfigOpenApi = NonNullable<FastifyContextConfig['openapi']>;

export const requestSafetyPlugin = fp(
  async (fastify: FastifyInstance) => {
    const { frameAncestors, allowedOrigins } = fastify.config;
    const onlySelfFrames = frameAncestors.length === 1 && frameAncestors[0] === "'self'";
    const securityHeaders = await computeSecurityHeaders({
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
    fastify.decorate('securityHeaders', securityHeaders);
    // On the raw response, as helmet does, so hijacked replies (the event stream) carry them too;
    // with the request's id, which a user or an operator can quote from the answer.
    fastify.addHook('onRequest', (request, reply, done) => {
      for (const [name, value] of securityHeaders) reply.raw.setHeader(name, value);
      reply.raw.setHeader(REQUEST_ID_HEADER, request.id);
      done();
    });

    fastify.addHook('onRequest', (request, _reply, done) => {
      const problem = crossSiteProblem(request, allowedOrigins);
      if (problem === null) return done();
      request.log.warn({ origin: request.headers.origin, url: request.url }, 'cross-site request refused');
      done(new AppError('bad_origin', problem));
    });

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

    await fastify.register(swagger, {
      transform: ({ schema, url, route }) => ({
        schema: describeRoute(schema, route.config as { openapi?: FastifyContextConfigOpenApi } | undefined),
        url,
      }),
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

/**
 * The headers helmet sets for these options, computed once. @fastify/helmet builds helmet (and
 * parses the CSP directives) again on every request: with thousands of displays polling, that was
 * the largest cost of a poll. The options are the same and do not change while the server runs,
 * so neither do the headers: helmet runs once here, on a probe app, and its output is replayed.
 */
export async function computeSecurityHeaders(
  options: FastifyHelmetOptions,
): Promise<Array<[string, string]>> {
  const probe = Fastify({ logger: false });
  await probe.register(helmet, options);
  let headers: Array<[string, string]> = [];
  probe.get('/', (_request, reply) => {
    // Only helmet's onRequest hooks have run: whatever is on the response now is theirs.
    const raw = reply.raw;
    headers = raw.getHeaderNames().map((name) => [name, String(raw.getHeader(name))]);
    return reply.code(204).send();
  });
  try {
    await probe.inject({ method: 'GET', url: '/' });
  } finally {
    await probe.close();
  }
  if (headers.length === 0) throw new Error('helmet set no headers on the probe');
  return headers;
}

/** A URL fit for logs: a presenter key in the query string is replaced (it grants spins). */
export function redactUrl(url: string): string {
  return url.replace(/([?&]key=)[^&#]*/gi, '$1[redacted]');
}

/**
 * Secrets that never reach a log line, whoever logs what: credentials in headers and any
 * `password` field. The request serializer below already leaves headers out; this is the net.
 */
export const LOG_REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-presenter-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["x-presenter-key"]',
  'password',
  '*.password',
];

export const REQUEST_ID_HEADER = 'x-request-id';
/** What a proxy's request id may look like (nginx's `$request_id` is 32 hex digits). */
const PROXY_REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * Fastify's genReqId: a random UUID, unique across restarts and instances (their logs are read
 * together), or, behind a trusted proxy (TRUST_PROXY), the proxy's own X-Request-Id when it looks
 * like one, so the proxy's access log and ours name a request alike. A client's header is ignored
 * without a trusted proxy: it would let anyone label their requests with another's id.
 */
export function requestIdGenerator(trustProxy: boolean | readonly string[]) {
  const fromProxy = trustProxy === true || (Array.isArray(trustProxy) && trustProxy.length > 0);
  return (request: { headers: Record<string, string | string[] | undefined> }): string => {
    const given = fromProxy ? request.headers[REQUEST_ID_HEADER] : undefined;
    return typeof given === 'string' && PROXY_REQUEST_ID.test(given) ? given : randomUUID();
  };
}

/** The app's pino options: level, the redacting request serializer, redacted paths. */
export function createLoggerOptions(level: string) {
  return {
    level,
    serializers: requestLogSerializers,
    redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' },
  };
}

/** Pino's request serializer without secrets in the URL. */
export const requestLogSerializers = {
  req(request: { method: string; url: string; ip?: string; hostname?: string }) {
    return {
      method: request.method,
      url: redactUrl(request.url),
      host: request.hostname,
      remoteAddress: request.ip,
    };
  },
};
