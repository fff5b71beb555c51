// /api/wheel/… : the same answers as /api/wheels/default/…
import type { FastifyInstance } from 'fastify';
import { DEFAULT_WHEEL_SLUG } from '../../../services/bootstrap.ts';
import { sendLatestSnapshot } from '../../../services/send-snapshot.ts';

export async function defaultWheelRoutes(fastify: FastifyInstance): Promise<void> {
  fastify.get('/snapshot', { logLevel: 'warn' }, (request, reply) =>
    sendLatestSnapshot(fastify, request, reply, DEFAULT_WHEEL_SLUG),
  );
}
