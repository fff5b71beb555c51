// Runs the server: listen, and close gracefully on SIGTERM / SIGINT.
import { buildApp } from './app.ts';
import { readConfigFromProcess } from './config.ts';

const SHUTDOWN_TIMEOUT_MS = 10_000;

/** Starts the server and resolves once it has closed after a signal. */
export async function runServer(): Promise<void> {
  const config = readConfigFromProcess();
  const app = await buildApp(config);
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }

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
