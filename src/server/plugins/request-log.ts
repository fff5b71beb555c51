// Request ids and what the logs may hold: every answer names its request (X-Request-Id), and no
// secret (credentials, a presenter key in the URL, a password) reaches a log line.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** A URL fit for logs: a presenter key in the query string is replaced (it grants spins). */
export function redactUrl(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart < 0) return url;
  const hashStart = url.indexOf('#', queryStart);
  const queryEnd = hashStart < 0 ? url.length : hashStart;
  // NOTE: each parameter's name is compared decoded and case-folded (`%6Bey`, `KEY`), and `;` counts
  // as a separator too: whatever a parser might read as the key is hidden.
  const query = url
    .slice(queryStart + 1, queryEnd)
    .split(/([&;])/)
    .map((part) => {
      const equals = part.indexOf('=');
      if (equals < 0 || !isKeyParameter(part.slice(0, equals))) return part;
      return `${part.slice(0, equals)}=[redacted]`;
    })
    .join('');
  return `${url.slice(0, queryStart + 1)}${query}${url.slice(queryEnd)}`;
}

function isKeyParameter(rawName: string): boolean {
  let name = rawName.replace(/\+/g, ' ');
  try {
    name = decodeURIComponent(name);
  } catch {
    // A malformed escape: compared as written.
  }
  return name.trim().toLowerCase() === 'key';
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

/** Sends every answer's request id, which a user or an operator can quote from it. */
export const requestIdPlugin = fp(
  async (fastify: FastifyInstance) => {
    // On the raw response, so hijacked replies (the event stream) carry it too.
    fastify.addHook('onRequest', (request, reply, done) => {
      reply.raw.setHeader(REQUEST_ID_HEADER, request.id);
      done();
    });
  },
  { name: 'request-id' },
);
