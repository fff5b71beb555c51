// Signing in and out: POST/GET/DELETE /api/admin/session.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { credentialOf, SESSION_MAX_AGE_SECONDS } from '../../../plugins/auth.ts';
import { KNOWN_DEVICE_COOKIE, KNOWN_DEVICE_MAX_AGE_SECONDS } from '../../../services/known-device.ts';
import { hashToken } from '../../../services/secrets.ts';
import { createSignInService } from '../../../services/sign-in.ts';
import { parseRequest } from '../../../validation.ts';

const MAX_CREDENTIAL_CHARACTERS = 1_000;
const signInSchema = z
  .object({
    username: z.string().max(MAX_CREDENTIAL_CHARACTERS),
    password: z.string().max(MAX_CREDENTIAL_CHARACTERS),
  })
  .strict();

export async function sessionRoutes(fastify: FastifyInstance): Promise<void> {
  const signIns = createSignInService({
    store: fastify.store,
    clock: fastify.clock,
    metrics: fastify.metrics,
  });

  fastify.post(
    '/',
    {
      schema: {
        description:
          '200 {user} with the session cookie and the known-device cookie (prizewheel_device, 1 year, path /api/admin/session). ' +
          '401 invalid_credentials. 429 too_many_attempts {error, retryAfterMs} (and Retry-After): too many failed sign-ins from this address, ' +
          'the account slowed down after failures (not for a device that signed in to it before), or too many password checks in flight.',
      },
      config: { openapi: { body: signInSchema, summary: 'Sign in' } },
    },
    async (request, reply) => {
      const { username, password } = parseRequest(signInSchema, request.body);
      const signedIn = await signIns.signIn(
        { username, password, address: request.ip, deviceCookie: request.cookies[KNOWN_DEVICE_COOKIE] },
        request.log,
      );
      const { user, sessionToken } = signedIn;
      const expiresAt = new Date(fastify.clock().getTime() + SESSION_MAX_AGE_SECONDS * 1000).toISOString();
      await fastify.store.createSession(
        { tokenHash: hashToken(sessionToken), username: user.username, expiresAt },
        { actor: user.username, action: 'login', wheel: null, details: { expiresAt } },
      );
      fastify.setSessionCookie(reply, sessionToken);
      // Sent only to the sign-in endpoint: it matters nowhere else.
      void reply.setCookie(KNOWN_DEVICE_COOKIE, signedIn.deviceCookie, {
        httpOnly: true,
        sameSite: 'strict',
        secure: request.protocol === 'https',
        path: '/api/admin/session',
        maxAge: KNOWN_DEVICE_MAX_AGE_SECONDS,
      });
      return { user };
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
