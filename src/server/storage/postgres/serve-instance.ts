// One server instance on PostgreSQL with the cross-instance event relay: what
// `prizewheel serve` does once DATABASE_URL is wired into the storage plugin. The two-instance
// test runs this file as real processes; prints `listening <port>` once it accepts requests.
import { buildApp } from '../../app.ts';
import { readConfigFromProcess } from '../../config.ts';
import { attachEventRelay } from './event-relay.ts';
import { openPostgresStore } from './open-postgres-store.ts';

const config = readConfigFromProcess();
if (config.databaseUrl === undefined) throw new Error('DATABASE_URL must name the PostgreSQL database');
const store = await openPostgresStore(config.databaseUrl);
const app = await buildApp(config, { store, demo: false });
await attachEventRelay(app.events, store, (error) => app.log.warn({ err: error }, 'event relay failed'));
await app.listen({ port: config.port, host: config.host });
const address = app.server.address();
process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : config.port}\n`);
process.once('SIGTERM', () => {
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
