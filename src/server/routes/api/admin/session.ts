// Signing in and out: POST/GET/DELETE /api/admin/session.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../../errors.ts';
import { credentialOf, SESSION_MAX_AGE_SECONDS } from '../../../plugins/auth.ts';
import { createLoginThrottle, createUserLoginDelay } from '../../../services/login-throttle.ts';
import { generateToken, hashToken, verifyPassword } from '../../../services/secrets.ts';
import { parseRequest } from '../../../validation.ts';

const MAX_CREDENTIAL_CHARACTERS = 1_000;
const signInSchema = z
  .object({
    username: z.string().max(MAX_CREDENTIAL_CHARACTERS),
    password: z.string().max(MAX_CREDENTIAL_CHARACTERS),
  })
  .strict();

// NOTE: a fixed scrypt hash verified for unknown users, so the answer takes as long either way.
const UNKNOWN_USER_HASH = 'scrypt$16384$8$1$00000000000000000000000000000000$' + '0'.repeat(128);

export async function sessionRoutes(fastify: FastifyInstance): Promise<void> {
  const throttle = createLoginThrottle(fastify.clock);
  const userDelay = createUserLoginDelay(fastify.clock);

  fastify.post(
    '/',
    { config: { openapi: { body: signInSchema, summary: 'Sign in' } } },
    async (request, reply) => {
      const { username, password } = parseRequest(signInSchema, request.body);
      const retryAfterMs = Math.max(throttle.retryAfterMs(request.ip), userDelay.retryAfterMs(username));
      if (retryAfterMs > 0) {
        const retryAfterSeconds = Math.ceil(retryAfterMs / 1000);
        fastify.metrics.failedLogins.inc();
        request.log.warn({ username: username.slice(0, 100), address: request.ip }, 'sign-in throttled');
        void reply.header('Retry-After', String(retryAfterSeconds));
        throw new AppError(
          'too_many_attempts',
          `Too many failed sign-ins; try again in ${retryAfterSeconds} s`,
        );
      }
      const user = await fastify.store.findUser(username);
      const valid = await verifyPassword(password, user?.passwordHash ?? UNKNOWN_USER_HASH);
      if (!user || !valid) {
        throttle.recordFailure(request.ip);
        userDelay.recordFailure(username);
        fastify.metrics.failedLogins.inc();
        // Never the password: only who was tried, and from where.
        request.log.warn({ username: username.slice(0, 100), address: request.ip }, 'sign-in failed');
        await fastify.store.appendAudit({
          actor: username.slice(0, 100),
          action: 'login_failed',
          wheel: null,
          details: { address: request.ip },
        });
        throw new AppError('invalid_credentials', 'Wrong username or password');
      }
      userDelay.recordSuccess(username);
      throttle.recordSuccess(request.ip);
      const token = generateToken();
      const expiresAt = new Date(fastify.clock().getTime() + SESSION_MAX_AGE_SECONDS * 1000).toISOString();
      await fastify.store.createSession(
        { tokenHash: hashToken(token), username: user.username, expiresAt },
        { actor: user.username, action: 'login', wheel: null, details: { expiresAt } },
      );
      fastify.setSessionCookie(reply, token);
      return { user: { username: user.username, role: user.role } };
    },
  );

  fastify.get('/', async (request) => {
    const user = await fastify.requireUser(request);
    return { user: { username: user.username, role: user.role } };
  });

  fastify.delete('/', async (request, reply) => {
    const user = await fastify.requireUser(request);
    const credential = credentialOf(request);
    if (credential?.kind === 'session') {
      await fastify.store.deleteSession(hashToken(credential.token), {
        actor: user.username,
        action: 'logout',
        wheel: null,
        details: {},
      });
    }
    fastify.clearSessionCookie(reply);
    return reply.code(204).send();
  });
}
