// The server's configuration, read once from the environment (contract: "Configuration").
// Nothing else in the codebase reads process.env: the config flows down as `fastify.config`.
import { resolve } from 'node:path';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .optional()
    .transform((value) => (value === undefined || value.trim() === '' ? undefined : value)),
  ADMIN_PASSWORD: z
    .string()
    .optional()
    .transform((value) => (value === undefined || value === '' ? undefined : value)),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
});

export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  port: number;
  host: string;
  /** Absolute path of the data directory (SQLite database, backups). */
  dataDir: string;
  /** Unset: SQLite in dataDir. `postgres://…`: PostgreSQL (a later issue). */
  databaseUrl: string | undefined;
  /** The password of `admin` on first start; unset means one is generated and printed once. */
  adminPassword: string | undefined;
  logLevel: LogLevel;
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
    databaseUrl: env.DATABASE_URL,
    adminPassword: env.ADMIN_PASSWORD,
    logLevel: env.LOG_LEVEL,
  };
}

/** The one place that touches process.env. */
export function readConfigFromProcess(): Config {
  return readConfig(process.env);
}
