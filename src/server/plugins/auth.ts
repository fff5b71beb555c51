import cookie from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors.ts';
import { hashToken } from '../services/secrets.ts';
import type { User } from '../storage/store.ts';

export const SESSION_COOKIE = 'prizewheel_session';
export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

declare module 'fastify' {
  interface FastifyInstance {
    /** The user behind the request's session cookie or bearer token, or null. Cached per request. */
    identify(request: FastifyRequest): Promise<User | null>;
    /** Like identify, but throws 401 `unauthorized` when there is no valid session. */
    requireUser(request: FastifyRequest): Promise<User>;
    setSessionCookie(reply: FastifyReply, token: string): void;
    clearSessionCookie(reply: FastifyReply): void;
  }
  interface FastifyRequest {
    user: User | null | undefined;
  }
}

/** The raw credential a request carries: the session cookie first, else `Authorization: Bearer`. */
export function credentialOf(request: FastifyRequest): { kind: 'session' | 'bearer'; token: string } | null {
  const session = request.cookies[SESSION_COOKIE];
  if (session) return { kind: 'session', token: session };
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1] ? { kind: 'bearer', token: match[1] } : null;
}

export const authPlugin = fp(
  async (fastify) => {
    await fastify.register(cookie);
    fastify.decorateRequest('user', undefined);

    fastify.decorate('identify', async (request: FastifyRequest) => {
      if (request.user !== undefined) return request.user;
      const credential = credentialOf(request);
      let user: User | null = null;
      if (credential?.kind === 'session') {
        user = await fastify.store.findSessionUser(
          hashToken(credential.token),
          fastify.clock().toISOString(),
        );
      }
      if (!user) {
        const header = request.headers.authorization;
        const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
        if (match?.[1]) user = await fastify.store.findApiTokenUser(hashToken(match[1]));
      }
      request.user = user;
      return user;
    });

    fastify.decorate('requireUser', async (request: FastifyRequest) => {
      const user = await fastify.identify(request);
      if (!user) throw new AppError('unauthorized', 'Sign in as an admin first');
      return user;
    });

    fastify.decorate('setSessionCookie', (reply: FastifyReply, token: string) => {
      reply.setCookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'strict',
        path: '/',
        maxAge: SESSION_MAX_AGE_SECONDS,
      });
    });

    fastify.decorate('clearSessionCookie', (reply: FastifyReply) => {
      reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict' });
    });
  },
  { name: 'auth', dependencies: ['storage', 'services'] },
);
