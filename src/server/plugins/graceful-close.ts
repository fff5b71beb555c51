// Closing (SIGTERM): Fastify stops accepting connections, ends the connections with no answer
// pending (`forceCloseConnections: 'idle'` in app.ts; the event streams were ended just before, in
// their route's preClose hook) and waits for the requests in flight. An answer sent once closing
// has started says `Connection: close`, so its connection ends with it instead of staying open as
// keep-alive until the client drops it (which would hold the shutdown until main.ts's SHUTDOWN_TIMEOUT_MS).
// A request that still arrives on an open connection gets Fastify's own 503.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export const gracefulClosePlugin = fp(
  async (fastify: FastifyInstance) => {
    let closing = false;
    fastify.addHook('preClose', (done) => {
      closing = true;
      done();
    });
    fastify.addHook('onSend', (_request, reply, payload, done) => {
      if (closing) void reply.header('connection', 'close');
      done(null, payload);
    });
  },
  { name: 'graceful-close' },
);
