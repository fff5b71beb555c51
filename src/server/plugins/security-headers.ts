// Every answer's security headers with a strict CSP (@fastify/helmet's output, computed once).
import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every answer's security headers (helmet's output for this configuration), as name/value pairs. */
    securityHeaders: ReadonlyArray<readonly [string, string]>;
  }
}

export const securityHeadersPlugin = fp(
  async (fastify: FastifyInstance) => {
    const { frameAncestors } = fastify.config;
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
    // On the raw response, as helmet does, so hijacked replies (the event stream) carry them too.
    fastify.addHook('onRequest', (_request, reply, done) => {
      for (const [name, value] of securityHeaders) reply.raw.setHeader(name, value);
      done();
    });
  },
  { name: 'security-headers', dependencies: ['config'] },
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
