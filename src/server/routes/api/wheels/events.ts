// GET /api/wheels/:slug/events — Server-Sent Events: `snapshot` {version}, `spin` (a plan, plus
// `startedAt`: when the server started it), `landed` {spinId, ticket}, `appearance` {title, logoUrl,
// offlineSpins}. Written by hand on reply.raw: one stream per display.
import type { FastifyInstance } from 'fastify';
import type { WheelEvent } from '../../../events.ts';
import { spinReceiptsFor } from '../../../services/spin-receipts.ts';
import { displayQuerySchema } from './displays.ts';
import { parseRequest } from '../../../validation.ts';

export const SSE_KEEP_ALIVE_MS = 15_000;
const SSE_RETRY_MS = 3_000;
/** The reconnect delay sent to open streams when the server shuts down (a restart takes about this long). */
export const SHUTDOWN_RETRY_MS = 2_000;

// One event goes to every open stream of its wheel (thousands of displays): serialize it once.
const framesByEvent = new WeakMap<WheelEvent, string>();

function sseFrame(event: WheelEvent): string {
  let frame = framesByEvent.get(event);
  if (frame === undefined) {
    const data = event.type === 'spin' ? { ...event.data, startedAt: event.startedAt } : event.data;
    frame = `event: ${event.type}\ndata: ${JSON.stringify(data)}\n\n`;
    framesByEvent.set(event, frame);
  }
  return frame;
}

export async function wheelEventRoutes(fastify: FastifyInstance): Promise<void> {
  const openStreams = new Set<(retryMs?: number) => void>();
  fastify.addHook('preClose', async () => {
    for (const end of openStreams) end(SHUTDOWN_RETRY_MS);
  });

  fastify.get<{ Params: { slug: string } }>(
    '/:slug/events',
    { config: { openapi: { querystring: displayQuerySchema } } },
    async (request, reply) => {
      const { slug } = request.params;
      // A display that names itself here may report the landing of every spin its stream carried.
      const { displayId } = parseRequest(displayQuerySchema, request.query, 'query');
      const receipts = spinReceiptsFor(fastify.store);
      const latest = await fastify.store.latestVersion(slug);
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-cache, no-transform',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
      });
      const write = (event: WheelEvent) => {
        if (displayId !== undefined && event.type === 'spin')
          receipts.recordReceived(slug, event.data.id, displayId);
        return raw.write(sseFrame(event));
      };
      raw.write(`retry: ${SSE_RETRY_MS}\n\n`);
      // The current version at once, so a display that reconnects catches up without waiting.
      if (latest !== null) write({ type: 'snapshot', data: { version: latest } });

      const unsubscribe = fastify.events.subscribe(slug, write);
      fastify.metrics.eventStreams.inc({ wheel: slug });
      const keepAlive = setInterval(() => raw.write(': keep-alive\n\n'), SSE_KEEP_ALIVE_MS);
      let ended = false;
      /** Ends the stream; on shutdown with a retry hint, so displays come back soon after a restart. */
      const end = (retryMs?: number) => {
        if (ended) return;
        ended = true;
        if (retryMs !== undefined && !raw.writableEnded) raw.write(`retry: ${retryMs}\n\n`);
        clearInterval(keepAlive);
        unsubscribe();
        fastify.metrics.eventStreams.dec({ wheel: slug });
        openStreams.delete(end);
        if (!raw.writableEnded) raw.end();
      };
      openStreams.add(end);
      raw.on('close', () => end());
      request.raw.on('close', () => end());
    },
  );
}
