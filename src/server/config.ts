// The server's configuration, read once from the environment (contract: "Configuration").
// Nothing else in the codebase reads process.env: the config flows down as `fastify.config`.
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_IMPORT_LIMITS, MAX_ROWS_CEILING, type ImportLimits } from './import/limits.ts';
import { PASSWORD_MIN_CHARACTERS } from './services/secrets.ts';
import { ENTRANT_CHECKS_PER_MINUTE_LIMIT, ENTRANT_CHECKS_PER_WINDOW_MAX } from './services/entrant-check.ts';
import { SPIN_REQUESTS_PER_MINUTE_MAX } from './services/spin-rate-limit.ts';

export const VERIFICATION_KEY_FILE_NAME = 'verification.key';
export const SIGNING_KEY_FILE_NAME = 'signing-key.pem';
/** The longest organizer name a certificate states. */
export const ORGANIZER_MAX_CHARACTERS = 200;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Open Server-Sent Events streams: how many in all, per client address, and for how long each. */
export interface EventStreamLimits {
  totalMax: number;
  perAddressMax: number;
  lifetimeMs: number;
}

// NOTE: 5,000 in all is the capacity measured with `npm run loadtest` (docs/RUNBOOK.md); 500 per
// address because a venue's audience often shares one NAT address.
export const DEFAULT_EVENT_STREAM_LIMITS: EventStreamLimits = {
  totalMax: 5_000,
  perAddressMax: 500,
  lifetimeMs: 30 * 60_000,
};

/** A setting that may be unset; set to blanks counts as unset. */
const optionalSetting = () =>
  z
    .string()
    .optional()
    .transform((value) => (value === undefined || value.trim() === '' ? undefined : value));

const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: optionalSetting(),
  ADMIN_PASSWORD: z
    .string()
    .optional()
    .transform((value) => (value === undefined || value === '' ? undefined : value))
    .refine((value) => value === undefined || value.length >= PASSWORD_MIN_CHARACTERS, {
      message: `must have at least ${PASSWORD_MIN_CHARACTERS} characters (unset it to have one generated)`,
    }),
  LOG_LEVEL: z.enum(LOG_LEVELS).optional(),
  NODE_ENV: z.string().optional(),
  PUBLIC_URL: z
    .string()
    .optional()
    .transform((value, context) => parsePublicUrl(value, context)),
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((value, context) => parseTrustProxy(value, context)),
  ALLOWED_ORIGINS: z
    .string()
    .optional()
    .transform((value, context) => parseOrigins(value, context)),
  FRAME_ANCESTORS: z
    .string()
    .optional()
    .refine(
      (value) => value === undefined || !/[;\r\n,]/.test(value),
      'space-separated CSP sources, no ; or ,',
    )
    .transform((value) =>
      value === undefined || value.trim() === '' ? ["'self'"] : value.trim().split(/\s+/),
    ),
  IMPORT_MAX_BYTES: z.coerce.number().int().positive().default(DEFAULT_IMPORT_LIMITS.maxBytes),
  IMPORT_MAX_UNCOMPRESSED_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(DEFAULT_IMPORT_LIMITS.maxUncompressedBytes),
  IMPORT_MAX_ROWS: z.coerce
    .number()
    .int()
    .positive()
    .max(MAX_ROWS_CEILING)
    .default(DEFAULT_IMPORT_LIMITS.maxRows),
  IMPORT_MAX_COLUMNS: z.coerce.number().int().positive().default(DEFAULT_IMPORT_LIMITS.maxColumns),
  SSE_STREAMS_MAX: z.coerce.number().int().positive().default(DEFAULT_EVENT_STREAM_LIMITS.totalMax),
  SSE_STREAMS_PER_ADDRESS_MAX: z.coerce
    .number()
    .int()
    .positive()
    .default(DEFAULT_EVENT_STREAM_LIMITS.perAddressMax),
  EVENT_STREAM_LIFETIME_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .default(DEFAULT_EVENT_STREAM_LIMITS.lifetimeMs),
  SPIN_REQUESTS_PER_MINUTE: z.coerce.number().int().positive().default(SPIN_REQUESTS_PER_MINUTE_MAX),
  ENTRANT_CHECKS_PER_MINUTE: z.coerce
    .number()
    .int()
    .positive()
    .max(ENTRANT_CHECKS_PER_MINUTE_LIMIT)
    .default(ENTRANT_CHECKS_PER_WINDOW_MAX),
  VERIFICATION_KEY_FILE: optionalSetting(),
  SIGNING_KEY_FILE: optionalSetting(),
  ORGANIZER: z
    .string()
    .max(ORGANIZER_MAX_CHARACTERS)
    .optional()
    .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim())),
});

/** `true`/`false`, or a comma-separated list of proxy addresses/CIDRs (Fastify's trustProxy). */
function parseTrustProxy(value: string | undefined, context: z.RefinementCtx): TrustProxy {
  const text = value?.trim() ?? '';
  if (text === '' || text === 'false') return false;
  if (text === 'true') return true;
  const addresses = text.split(',').map((part) => part.trim());
  if (addresses.some((address) => !/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(address))) {
    context.addIssue({
      code: 'custom',
      message: 'true, false, or comma-separated addresses/CIDRs',
    });
  }
  return addresses;
}

/** Comma-separated origins (`https://kiosk.example.org`), normalized to scheme://host[:port]. */
function parseOrigins(value: string | undefined, context: z.RefinementCtx): string[] {
  if (value === undefined || value.trim() === '') return [];
  const origins: string[] = [];
  for (const part of value.split(',')) {
    try {
      const url = new URL(part.trim());
      if (url.origin === 'null') throw new Error('opaque origin');
      origins.push(url.origin);
    } catch {
      context.addIssue({ code: 'custom', message: `not an origin: ${part.trim()}` });
    }
  }
  return origins;
}

/** `https://draw.example.org[/prefix]`, kept without a trailing slash; unset or empty: undefined. */
function parsePublicUrl(value: string | undefined, context: z.RefinementCtx): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  try {
    const url = new URL(value.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http(s)');
    if (url.search !== '' || url.hash !== '') throw new Error('query or fragment');
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    context.addIssue({
      code: 'custom',
      message: `an http:// or https:// address without query, e.g. http://192.168.1.20:8080 (got ${value.trim()})`,
    });
    return undefined;
  }
}

export type TrustProxy = boolean | string[];

export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  port: number;
  host: string;
  /** Absolute path of the data directory (SQLite database, backups). */
  dataDir: string;
  /** Unset: SQLite in dataDir. `postgres://…`: PostgreSQL. */
  databaseUrl: string | undefined;
  /** The password of `admin` on first start; unset means one is generated and printed once. */
  adminPassword: string | undefined;
  logLevel: LogLevel;
  /** Whether LOG_LEVEL was set: an interactive start is quiet only at the default level. */
  logLevelSet: boolean;
  /** NODE_ENV=production: JSON logs at LOG_LEVEL whatever the terminal (systemd, containers). */
  production: boolean;
  /**
   * The address screens and phones use to reach the server (PUBLIC_URL, no trailing slash):
   * presenter links and their QR codes are built on it; unset, on the LAN address.
   */
  publicUrl: string | undefined;
  /** Fastify's trustProxy: whether X-Forwarded-For/-Proto from a reverse proxy are believed. */
  trustProxy: TrustProxy;
  /** Origins besides the server's own that may send state-changing requests (CSRF check). */
  allowedOrigins: string[];
  /** CSP frame-ancestors sources: who may embed the pages (kiosk frames). */
  frameAncestors: string[];
  /** What an imported list may be: file size, unpacked size, rows, columns. */
  importLimits: ImportLimits;
  /** Caps on open event streams (the endpoint is public). */
  eventStreamLimits: EventStreamLimits;
  /** Spin requests one presenter (key or user) may make per minute, per server instance. */
  spinRequestsPerMinute: number;
  /**
   * Entrant self-checks (POST …/entrant-check) one address may make per minute, per instance:
   * raise it for a venue whose audience shares one NAT address (or set TRUST_PROXY behind a proxy).
   */
  entrantChecksPerMinute: number;
  /**
   * The key sealing unrevealed verifiable seeds (created on first start); outside the database so a
   * database copy alone does not tell them. Default DATA_DIR/verification.key.
   */
  verificationKeyFile: string;
  /**
   * The Ed25519 private key (PKCS#8 PEM, 0600) that signs draw certificates, created on first
   * start. Default DATA_DIR/signing-key.pem; `prizewheel backup` copies it next to the backup.
   */
  signingKeyFile: string;
  /** ORGANIZER: who runs the draws, as certificates state it; unset: certificates say null. */
  organizer: string | undefined;
}

export class ConfigError extends Error {
  readonly code = 'invalid_config';
}

/** Validates the environment into a Config. Throws ConfigError naming the bad variable. */
export function readConfig(environment: Record<string, string | undefined>): Config {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = issue?.path.join('.') ?? 'environment';
    throw new ConfigError(`${variable}: ${issue?.message ?? 'invalid value'}`);
  }
  const env = parsed.data;
  return {
    port: env.PORT,
    host: env.HOST,
    dataDir: resolve(env.DATA_DIR),
    verificationKeyFile: resolve(env.VERIFICATION_KEY_FILE ?? join(env.DATA_DIR, VERIFICATION_KEY_FILE_NAME)),
    signingKeyFile: resolve(env.SIGNING_KEY_FILE ?? join(env.DATA_DIR, SIGNING_KEY_FILE_NAME)),
    organizer: env.ORGANIZER,
    databaseUrl: env.DATABASE_URL,
    adminPassword: env.ADMIN_PASSWORD,
    logLevel: env.LOG_LEVEL ?? 'info',
    logLevelSet: env.LOG_LEVEL !== undefined,
    production: env.NODE_ENV === 'production',
    publicUrl: env.PUBLIC_URL,
    trustProxy: env.TRUST_PROXY,
    allowedOrigins: env.ALLOWED_ORIGINS,
    frameAncestors: env.FRAME_ANCESTORS,
    importLimits: {
      maxBytes: env.IMPORT_MAX_BYTES,
      maxUncompressedBytes: env.IMPORT_MAX_UNCOMPRESSED_BYTES,
      maxRows: env.IMPORT_MAX_ROWS,
      maxColumns: env.IMPORT_MAX_COLUMNS,
    },
    eventStreamLimits: {
      totalMax: env.SSE_STREAMS_MAX,
      perAddressMax: env.SSE_STREAMS_PER_ADDRESS_MAX,
      lifetimeMs: env.EVENT_STREAM_LIFETIME_MS,
    },
    spinRequestsPerMinute: env.SPIN_REQUESTS_PER_MINUTE,
    entrantChecksPerMinute: env.ENTRANT_CHECKS_PER_MINUTE,
  };
}

/** The one place that touches process.env. */
export function readConfigFromProcess(): Config {
  return readConfig(process.env);
}
