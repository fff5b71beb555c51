// Builds the real app on a real SQLite file in a fresh temporary directory, for route tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createSeededRandom } from '../../core/index.ts';
import { buildApp, type BuildAppOptions } from '../app.ts';
import { DEFAULT_EVENT_STREAM_LIMITS, type Config } from '../config.ts';
import { DEFAULT_IMPORT_LIMITS } from '../import/limits.ts';
import { generateToken, hashToken } from '../services/secrets.ts';
import { ENTRANT_CHECKS_PER_WINDOW_MAX } from '../services/entrant-check.ts';
import { SPIN_REQUESTS_PER_MINUTE_MAX } from '../services/spin-rate-limit.ts';

export const TEST_ADMIN_PASSWORD = 'correct horse battery staple';

export interface TestApp {
  app: FastifyInstance;
  dataDir: string;
  config: Config;
  /** Signs in as admin; returns the Cookie header value. */
  signIn(): Promise<string>;
  close(): Promise<void>;
}

export function makeTempDir(prefix = 'prizewheel-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function testConfig(dataDir: string, overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir,
    databaseUrl: undefined,
    adminPassword: TEST_ADMIN_PASSWORD,
    logLevel: 'silent',
    logLevelSet: true,
    production: false,
    publicUrl: undefined,
    trustProxy: false,
    allowedOrigins: [],
    frameAncestors: ["'self'"],
    importLimits: DEFAULT_IMPORT_LIMITS,
    eventStreamLimits: DEFAULT_EVENT_STREAM_LIMITS,
    spinRequestsPerMinute: SPIN_REQUESTS_PER_MINUTE_MAX,
    entrantChecksPerMinute: ENTRANT_CHECKS_PER_WINDOW_MAX,
    verificationKeyFile: join(dataDir, 'verification.key'),
    signingKeyFile: join(dataDir, 'signing-key.pem'),
    organizer: undefined,
    ...overrides,
  };
}

export async function createTestApp(
  options: BuildAppOptions & { config?: Partial<Config> } = {},
): Promise<TestApp> {
  const dataDir = makeTempDir();
  const { config: configOverrides, ...appOptions } = options;
  const config = testConfig(dataDir, configOverrides);
  const app = await buildApp(config, {
    demo: false,
    logger: false,
    random: createSeededRandom(42),
    ...appOptions,
  });
  await app.ready();
  return {
    app,
    dataDir,
    config,
    async signIn() {
      const response = await app.inject({
        method: 'POST',
        url: '/api/admin/session',
        payload: { username: 'admin', password: TEST_ADMIN_PASSWORD },
      });
      if (response.statusCode !== 200)
        throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
      const cookie = response.cookies.find((c) => c.name === 'prizewheel_session');
      if (!cookie) throw new Error('no session cookie');
      return `prizewheel_session=${cookie.value}`;
    },
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** An API token of the admin, stored hashed as `prizewheel token create` does; returns the token. */
export async function createAdminToken(testApp: TestApp, name = 'test'): Promise<string> {
  const token = generateToken();
  await testApp.app.store.createApiToken(
    { tokenHash: hashToken(token), username: 'admin', name },
    { actor: 'admin', action: 'create_api_token', wheel: null, details: {} },
  );
  return token;
}

/** Puts entries into a wheel's draft and publishes them; returns the new version. */
export async function publishEntries(
  testApp: TestApp,
  cookie: string,
  slug: string,
  entries: Array<{ ticket: string; name: string; weight: number; person?: string; group?: string }>,
): Promise<number> {
  const put = await testApp.app.inject({
    method: 'PUT',
    url: `/api/admin/wheels/${slug}/draft/entries`,
    headers: { cookie },
    payload: { entries },
  });
  if (put.statusCode !== 200) throw new Error(`draft entries: ${put.statusCode} ${put.body}`);
  const publish = await testApp.app.inject({
    method: 'POST',
    url: `/api/admin/wheels/${slug}/publish`,
    headers: { cookie },
    payload: {},
  });
  if (publish.statusCode !== 201) throw new Error(`publish: ${publish.statusCode} ${publish.body}`);
  return (publish.json() as { version: number }).version;
}

export function sampleEntries(count: number): Array<{ ticket: string; name: string; weight: number }> {
  return Array.from({ length: count }, (_, i) => ({
    ticket: String(i + 1).padStart(4, '0'),
    name: `Person ${i + 1}`,
    weight: 1,
  }));
}

/**
 * Turns "Remove winners" off in a wheel's draft (new wheels start with it on), for tests that spin
 * the same version again and again.
 */
export async function keepWinners(testApp: TestApp, cookie: string, slug = 'default'): Promise<void> {
  const response = await testApp.app.inject({
    method: 'PUT',
    url: `/api/admin/wheels/${slug}/draft/settings`,
    headers: { cookie },
    payload: { removeWinners: false },
  });
  if (response.statusCode !== 200) throw new Error(`draft settings: ${response.statusCode} ${response.body}`);
}
