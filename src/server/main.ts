// Runs the server: listen, and close gracefully on SIGTERM / SIGINT.
import { buildApp } from './app.ts';
import { readConfigFromProcess, type Config } from './config.ts';
import { createLoggerOptions } from './plugins/request-log.ts';
import { ADMIN_USERNAME, printGeneratedAdminPassword } from './services/bootstrap.ts';
import { lanAddresses, listeningPort } from './services/public-address.ts';
import { boxed, startupLines } from './services/startup-banner.ts';
import { sqliteFileIn } from './storage/sqlite/open-sqlite-store.ts';

const SHUTDOWN_TIMEOUT_MS = 10_000;

/**
 * The log level of this start: an interactive start (a terminal, not NODE_ENV=production) at the
 * default level logs warnings only, so the banner is not buried under request lines; production,
 * a service without a terminal, or an explicit LOG_LEVEL keep JSON logs at LOG_LEVEL.
 */
export function startLogLevel(config: Config, interactive: boolean): string {
  return interactive && !config.production && !config.logLevelSet ? 'warn' : config.logLevel;
}

/** Starts the server and resolves once it has closed after a signal. */
export async function runServer(): Promise<void> {
  const config = readConfigFromProcess();
  const interactive = process.stdout.isTTY === true;
  let generatedPassword: string | undefined;
  // A generated password is printed in the banner; if the start fails after it was stored, at once.
  const printPasswordAlone = () => {
    if (generatedPassword !== undefined) printGeneratedAdminPassword(generatedPassword);
  };
  const app = await buildApp(config, {
    logger: createLoggerOptions(startLogLevel(config, interactive)),
    announceAdminPassword: (password) => {
      generatedPassword = password;
    },
  }).catch((error: unknown) => {
    printPasswordAlone();
    throw error;
  });
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    printPasswordAlone();
    await app.close().catch(() => undefined);
    throw error;
  }
  process.stdout.write(
    boxed(
      startupLines({
        host: config.host,
        port: listeningPort(app),
        lanAddresses: lanAddresses(),
        publicUrl: config.publicUrl,
        username: ADMIN_USERNAME,
        generatedPassword,
        data:
          config.databaseUrl === undefined
            ? { kind: 'sqlite', file: sqliteFileIn(config.dataDir) }
            : { kind: 'postgres', url: config.databaseUrl },
      }),
    ),
  );

  await new Promise<void>((resolveClosed) => {
    let closing = false;
    const shutDown = (signal: NodeJS.Signals) => {
      if (closing) return;
      closing = true;
      app.log.info({ signal }, 'shutting down');
      const forced = setTimeout(() => {
        app.log.error('graceful shutdown timed out; exiting');
        process.exit(1);
      }, SHUTDOWN_TIMEOUT_MS);
      forced.unref();
      app.close().then(
        () => resolveClosed(),
        (error: unknown) => {
          app.log.error({ err: error }, 'error while closing');
          resolveClosed();
        },
      );
    };
    process.once('SIGTERM', shutDown);
    process.once('SIGINT', shutDown);
  });
}
