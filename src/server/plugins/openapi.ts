// The API's OpenAPI description at /api/openapi.json, drawn from the routes as they are registered
// (each route's zod schemas in its config.openapi).
import swagger from '@fastify/swagger';
import type { FastifyContextConfig, FastifyInstance, FastifySchema } from 'fastify';
import fp from 'fastify-plugin';
import { z } from 'zod';
import { SESSION_COOKIE } from './auth.ts';

export const OPENAPI_PATH = '/api/openapi.json';

declare module 'fastify' {
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

export const openApiPlugin = fp(
  async (fastify: FastifyInstance) => {
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
  { name: 'openapi', dependencies: ['auth'] },
);
