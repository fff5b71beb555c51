// GET /api/wheels/:slug/events — Server-Sent Events: `snapshot` {version}, `spin` (a plan, plus
// `startedAt`: when the server started it; `commitment` on verifiable wheels), `landed` {spinId,
// ticket}, `appearance` {title, logoUrl, offlineSpins}, `verification` {commitment: the open
// epoch's, or null}. Written by hand on reply.raw: one stream per display.
// Bounded (the endpoint is public): a wheel that does not exist is a 404 before anything is held;
// open streams are capped in all and per address (429 too_many_streams); each stream ends after
// EVENT_STREAM_LIFETIME_MS and the display's EventSource comes back after the `retry:` hint.
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../errors.ts';
import type { WheelEvent } from '../../../events.ts';
import { createEventStreamSlots } from '../../../services/event-stream-slots.ts';
import { displayQuerySchema } from './displays.ts';
import { parseRequest } from '../../../validation.ts';

export const SSE_KEEP_ALIVE_MS = 15_000;
export const SSE_RETRY_MS = 3_000;
/** Lifetimes are spread over their last tenth, so displays that connected together do not all come back together. */
const LIFETIME_SPREAD_FRACTION = 0.1;
/** The reconnect delay sent to open streams when the server shuts down (a restart takes about this long). */
export const SHUTDOWN_RETRY_MS = 2_000;

// One event goes to every open stream of its wheel (thousands of displays): serialize it once.
const framesByEvent = new WeakMap<WheelEvent, string>();

// NOTE: the frame's `event:` line comes from this table, never from the event object itself: an
// event relayed from elsewhere cannot put a name (or a line break) of its own on the wire.
const SSE_EVENT_NAMES: Record<WheelEvent['type'], string> = {
  snapshot: 'snapshot',
  spin: 'spin',
  landed: 'landed',
  appearance: 'appearance',
  verification: 'verification',
  program: 'program',
};

function sseFrame(event: WheelEvent): string | null {
  let frame = framesByEvent.get(event);
  if (frame === undefined) {
    const name = Object.hasOwn(SSE_EVENT_NAMES, event.type) ? SSE_EVENT_NAMES[event.type] : undefined;
    if (name === undefined) return null;
    const data = event.type === 'spin' ? { ...event.data, startedAt: event.startedAt } : event.data;
    frame = `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
    framesByEvent.set(event, frame);
  }
  return frame;
}

export async function wheelEventRoutes(fastify: FastifyInstance): Promise<void> {
  const limits = fastify.config.eventStreamLimits;
  const slots = createEventStreamSlots(limits);
  const openStreams = new Set<(retryMs?: number) => void>();
  fastify.addHook('preClose', async () => {
    for (const end of openStreams) end(SHUTDOWN_RETRY_MS);
  });

  fastify.get<{ Params: { slug: string } }>(
    '/:slug/events',
    {
      schema: {
        summary: 'Server-Sent Events of a wheel',
        description:
          'A text/event-stream: `snapshot` {version}, `spin` (a spin plan with startedAt), `landed` {spinId, ticket}, `appearance`, `verification` {commitment}. ' +
          'A display may name itself with ?displayId= (it may then report the landing of the spins its stream carried). ' +
          '404 wheel_not_found when the wheel does not exist (before any stream opens). ' +
          '429 too_many_streams {error, limit, retryAfterMs} (and Retry-After) beyond SSE_STREAMS_PER_ADDRESS_MAX streams from one address or SSE_STREAMS_MAX in all. ' +
          'The server ends each stream after EVENT_STREAM_LIFETIME_MS (less up to a tenth) with a `retry:` hint; EventSource reconnects by itself.',
      },
      config: { openapi: { querystring: displayQuerySchema } },
    },
    async (request, reply) => {
      const { slug } = request.params;
      // A display that names itself here may report the landing of every spin its stream carried.
      const { displayId } = parseRequest(displayQuerySchema, request.query, 'query');
      if (!(await fastify.existingWheels.exists(slug)))
        throw new AppError('wheel_not_found', 'No such wheel');
      const release = slots.take(request.ip);
      let latest: number | null;
      try {
        latest = await fastify.store.latestVersion(slug);
      } catch (error) {
        release();
        throw error;
      }
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
          fastify.spinReceipts.recordReceived(slug, event.data.id, displayId);
        const frame = sseFrame(event);
        if (frame !== null) raw.write(frame);
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
        clearTimeout(lifetimeTimer);
        release();
        unsubscribe();
        fastify.metrics.eventStreams.dec({ wheel: slug });
        openStreams.delete(end);
        if (!raw.writableEnded) raw.end();
      };
      // NOTE: ended by the server, cleanly: the display's EventSource reconnects after `retry:`.
      const lifetimeMs = limits.lifetimeMs * (1 - LIFETIME_SPREAD_FRACTION * Math.random());
      const lifetimeTimer = setTimeout(() => end(SSE_RETRY_MS), lifetimeMs);
      openStreams.add(end);
      raw.on('close', () => end());
      request.raw.on('close', () => end());
    },
  );
}
