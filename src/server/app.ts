// The application as a plugin tree: config, storage, services and auth as decorators, then the
// routes (folder = URL). `buildApp` takes the config as a value so tests pass their own.
import { resolve } from 'node:path';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import fp from 'fastify-plugin';
import type { RandomSource } from '../core/index.ts';
import type { Config } from './config.ts';
import { isAppError } from './errors.ts';
import type { WheelEventBus } from './events.ts';
import { hotPathServerFactory, hotPollPlugin, type HotPathSlot } from './plugins/hot-poll.ts';
import { closeImportWorker, readParticipantList } from './import/index.ts';
import { authPlugin } from './plugins/auth.ts';
import { configPlugin } from './plugins/config.ts';
import { gracefulClosePlugin } from './plugins/graceful-close.ts';
import { metricsPlugin } from './plugins/metrics.ts';
import { openApiPlugin } from './plugins/openapi.ts';
import { originCheckPlugin } from './plugins/origin-check.ts';
import { createLoggerOptions, requestIdGenerator, requestIdPlugin } from './plugins/request-log.ts';
import { securityHeadersPlugin } from './plugins/security-headers.ts';
import { strictQueryPlugin } from './plugins/strict-query.ts';
import { servicesPlugin, type ParticipantListReader } from './plugins/services.ts';
import { storagePlugin } from './plugins/storage.ts';
import { adminRoutes } from './routes/api/admin/index.ts';
import { publicWheelRoutes } from './routes/api/wheels/index.ts';
import { defaultWheelRoutes } from './routes/api/wheel/index.ts';
import { healthRoutes } from './routes/health.ts';
import { metricsRoutes } from './routes/metrics.ts';
import { pageRoutes } from './routes/pages.ts';
import { sampleRoutes } from './routes/samples.ts';
import { ensureAdminUser, ensureDefaultWheel, printGeneratedAdminPassword } from './services/bootstrap.ts';
import { createCryptoRandom } from './services/crypto-random.ts';
import { createSeedVault, loadOrCreateVerificationKey } from './services/seed-vault.ts';
import { loadOrCreateSigningKey } from './services/signing-key.ts';
import { signingKeyRoutes } from './routes/api/signing-key.ts';
import type { Store } from './storage/store.ts';

const JSON_BODY_LIMIT_BYTES = 1024 * 1024;

export const DEFAULT_WEB_ROOT = resolve(import.meta.dirname, '../../dist/web');
/** The repository's samples/ folder, by the same relative path from source and build. */
const DEFAULT_SAMPLES_ROOT = resolve(DEFAULT_WEB_ROOT, '../../samples');

export interface BuildAppOptions {
  /** An already open store (closed with the app); by default the configured one is opened. */
  store?: Store;
  /** Seed the demo wheel on a fresh database (default true; tests turn it off). */
  demo?: boolean;
  /** Fastify logger option; by default pino at config.logLevel. */
  logger?: FastifyServerOptions['logger'];
  random?: RandomSource;
  clock?: () => Date;
  events?: WheelEventBus;
  /** The participant list reader (a seam for tests); by default src/server/import. */
  readParticipantList?: ParticipantListReader;
  /** Where the built pages are (default dist/web). */
  webRoot?: string;
  /** Receives the generated admin password, once, on a first start (default: printed on stdout). */
  announceAdminPassword?: (password: string) => void;
}

export async function buildApp(config: Config, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const hotPath: HotPathSlot = { current: null };
  const app = Fastify({
    // The displays' most frequent poll is answered before Fastify's routing when it can be (hot-poll.ts).
    serverFactory: hotPathServerFactory(hotPath),
    logger: options.logger ?? createLoggerOptions(config.logLevel),
    genReqId: requestIdGenerator(config.trustProxy),
    // Closing ends idle keep-alive connections only: requests in flight are finished (the event
    // streams are ended by their route, plugins/graceful-close.ts closes the rest after their answer).
    forceCloseConnections: 'idle',
    // JSON bodies; the routes that take more (draft entries, uploads) set their own limit.
    bodyLimit: JSON_BODY_LIMIT_BYTES,
    trustProxy: config.trustProxy,
    routerOptions: { maxParamLength: URL_PARAM_MAX_CHARACTERS },
    frameworkErrors: answerFrameworkError,
  });
  try {
    await app.register(appPlugin, { config, ...options });
    await app.register(hotPollPlugin, { slot: hotPath });
  } catch (error) {
    // Whatever opened before the failure (database pool, listener, import worker) must not keep
    // the process alive: close it, then report the failure.
    await app.close().catch(() => undefined);
    throw error;
  }
  return app;
}

/** The longest part of a path a route takes as a parameter (a slug, an id). */
const URL_PARAM_MAX_CHARACTERS = 100;

/**
 * What the router refuses before any route runs (a bad percent-encoding, an overlong path part),
 * answered in the API's error shape like every other refusal, without echoing the address.
 */
function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  // No hook runs for these: the headers every answer carries are set here.
  for (const [name, value] of request.server.securityHeaders) void reply.header(name, value);
  const message =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? `A part of the address is longer than ${URL_PARAM_MAX_CHARACTERS} characters`
      : error.code === 'FST_ERR_BAD_URL'
        ? 'The address is not valid (a bad %-encoding)'
        : 'The request is not valid';
  void reply.code(400).send({ error: { code: 'invalid_request', message } });
}

/**
 * The whole application as one plugin. Wrapped with fastify-plugin so its decorators
 * (`store`, `config`, …) are visible on the instance that registers it.
 */
export const appPlugin = fp(registerApp, { name: 'prizewheel' });

async function registerApp(
  fastify: FastifyInstance,
  options: BuildAppOptions & { config: Config },
): Promise<void> {
  const clock = options.clock ?? (() => new Date());
  await fastify.register(configPlugin, { config: options.config });
  await fastify.register(metricsPlugin);
  await fastify.register(servicesPlugin, {
    random: options.random ?? createCryptoRandom(),
    clock,
    readParticipantList: options.readParticipantList ?? readParticipantList,
    seedVault: createSeedVault(loadOrCreateVerificationKey(options.config.verificationKeyFile)),
    signingKey: loadOrCreateSigningKey(options.config.signingKeyFile),
    ...(options.events ? { events: options.events } : {}),
  });
  await fastify.register(storagePlugin, { ...(options.store ? { store: options.store } : {}), now: clock });
  await fastify.register(authPlugin);
  // Request safety, in this order: headers on every answer (even a refused one), then refusals.
  await fastify.register(securityHeadersPlugin);
  await fastify.register(requestIdPlugin);
  await fastify.register(originCheckPlugin);
  await fastify.register(strictQueryPlugin);
  await fastify.register(openApiPlugin);
  await fastify.register(gracefulClosePlugin);
  if (!options.readParticipantList) fastify.addHook('onClose', closeImportWorker);

  fastify.setErrorHandler(handleError);
  fastify.setNotFoundHandler((request, reply) => {
    void reply.code(404).send({
      error: { code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}` },
    });
  });

  await ensureAdminUser(
    fastify.store,
    options.config.adminPassword,
    options.announceAdminPassword ?? printGeneratedAdminPassword,
  );
  await ensureDefaultWheel(fastify.store, options.demo ?? true, clock());

  await fastify.register(healthRoutes);
  await fastify.register(metricsRoutes);
  await fastify.register(signingKeyRoutes, { prefix: '/api' });
  await fastify.register(publicWheelRoutes, { prefix: '/api/wheels' });
  await fastify.register(defaultWheelRoutes, { prefix: '/api/wheel' });
  await fastify.register(adminRoutes, { prefix: '/api/admin' });
  await fastify.register(sampleRoutes, { samplesRoot: DEFAULT_SAMPLES_ROOT });
  await fastify.register(pageRoutes, { webRoot: options.webRoot ?? DEFAULT_WEB_ROOT });
}

/** The one place errors become HTTP answers: `{ error: { code, message } }`, 5xx details hidden. */
function handleError(
  this: FastifyInstance,
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  if (isAppError(error)) {
    if (error.statusCode >= 500) request.log.error({ err: error }, 'request failed');
    const { retryAfterMs } = error.extra;
    if (typeof retryAfterMs === 'number')
      void reply.header('Retry-After', String(Math.ceil(retryAfterMs / 1000)));
    return reply
      .code(error.statusCode)
      .send({ error: { code: error.code, message: error.message }, ...error.extra });
  }
  const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500;
  if (status >= 500) {
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send({ error: { code: 'internal_error', message: 'Internal server error' } });
  }
  const code =
    status === 413
      ? 'payload_too_large'
      : status === 401
        ? 'unauthorized'
        : status === 404
          ? 'not_found'
          : 'invalid_request';
  return reply.code(status).send({ error: { code, message: error.message } });
}
