import cookie from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors.ts';
import { presenterActor } from '../services/actor-labels.ts';
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
    /** Like requireUser, and throws 403 `forbidden` unless the user is an admin. */
    requireAdmin(request: FastifyRequest): Promise<User>;
    /**
     * Who may spin this wheel: an admin, a presenter account granted this wheel, or a presenter key of this
     * wheel (`?key=` or `X-Presenter-Key`). Returns the actor recorded in the draw log and audit;
     * throws 401 without any credential, 403 with a key that is not valid for this wheel.
     */
    requirePresenter(request: FastifyRequest, slug: string): Promise<string>;
    /** Like requirePresenter, but answers null instead of throwing. */
    presenterOf(request: FastifyRequest, slug: string): Promise<string | null>;
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

/** The presenter key a request carries: `X-Presenter-Key`, else the `key` query parameter. */
export function presenterKeyOf(request: FastifyRequest): string | null {
  const header = request.headers[PRESENTER_KEY_HEADER];
  if (typeof header === 'string' && header !== '') return header;
  const query = request.query as Record<string, unknown> | undefined;
  const key = query?.key;
  return typeof key === 'string' && key !== '' ? key : null;
}

export const PRESENTER_KEY_HEADER = 'x-presenter-key';

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

    fastify.decorate('requireAdmin', async (request: FastifyRequest) => {
      const user = await fastify.requireUser(request);
      if (user.role !== 'admin') throw new AppError('forbidden', 'This needs an admin account');
      return user;
    });

    async function presenterOf(request: FastifyRequest, slug: string): Promise<string | null> {
      const user = await fastify.identify(request);
      if (user?.role === 'admin') return user.username;
      // A presenter account spins the wheels it is granted; another wheel only with that wheel's key.
      if (user && (await fastify.store.isPresenterGranted(user.username, slug))) return user.username;
      const key = presenterKeyOf(request);
      if (key === null) return null;
      const found = await fastify.store.findPresenterKey(hashToken(key));
      return found && found.wheel === slug ? presenterActor(found.id) : null;
    }
    fastify.decorate('presenterOf', presenterOf);

    fastify.decorate('requirePresenter', async (request: FastifyRequest, slug: string) => {
      const actor = await presenterOf(request, slug);
      if (actor !== null) return actor;
      if (presenterKeyOf(request) === null && credentialOf(request) === null)
        throw new AppError('unauthorized', 'Sign in, or open the wheel with its presenter link');
      if (request.user && presenterKeyOf(request) === null)
        throw new AppError('forbidden', `This account is not granted wheel ${slug}`);
      throw new AppError('forbidden', 'This presenter link is not valid for this wheel (revoked?)');
    });

    fastify.decorate('setSessionCookie', (reply: FastifyReply, token: string) => {
      // NOTE: the cookie is a random 32-byte token that the server keeps only as a SHA-256 hash:
      // unguessable and revocable server-side, which is at least what a signed cookie offers.
      reply.setCookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'strict',
        // Behind TRUST_PROXY, X-Forwarded-Proto decides; otherwise the connection itself.
        secure: reply.request.protocol === 'https',
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
