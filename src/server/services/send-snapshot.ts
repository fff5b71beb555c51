// The snapshot answers shared by /api/wheels/:slug/… and /api/wheel/snapshot.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import type { VerifiedSnapshot } from './snapshot-reader.ts';
import { parseRequest } from '../validation.ts';

const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
/** How the latest snapshot and the poll's 204 are cached: revalidated every time. */
export const LATEST_CACHE_CONTROL = 'no-cache';

/** A snapshot's ETag: its checksum. */
export function snapshotEtag(checksum: string): string {
  return `"${checksum}"`;
}

const latestQuerySchema = z.object({ currentVersion: z.coerce.number().int().min(0).optional() }).strict();

function etagOf(verified: VerifiedSnapshot): string {
  return snapshotEtag(verified.snapshot.checksum);
}

function matchesIfNoneMatch(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match'];
  if (!header) return false;
  return header.split(',').some((candidate) => {
    const tag = candidate.trim().replace(/^W\//, '');
    return tag === etag || tag === '*';
  });
}

function sendVerified(
  request: FastifyRequest,
  reply: FastifyReply,
  verified: VerifiedSnapshot,
  cacheControl: string,
) {
  const etag = etagOf(verified);
  void reply.header('ETag', etag).header('Cache-Control', cacheControl);
  if (matchesIfNoneMatch(request, etag)) return reply.code(304).send();
  return reply.code(200).type('application/json; charset=utf-8').send(verified.json);
}

/** 200 the newest intact snapshot when newer than ?currentVersion, 204 when that is the latest, 404 when none. */
export async function sendLatestSnapshot(
  fastify: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  slug: string,
) {
  const { currentVersion } = parseRequest(latestQuerySchema, request.query, 'query');
  // NOTE: displays poll every few seconds; when they are current, answer without loading the body.
  const peeked = currentVersion === undefined ? null : await fastify.snapshots.peekLatest(slug);
  if (peeked && peeked.version === currentVersion) {
    return reply
      .code(204)
      .header('Cache-Control', LATEST_CACHE_CONTROL)
      .header('ETag', snapshotEtag(peeked.checksum))
      .send();
  }
  const latest = await fastify.snapshots.readLatest(slug);
  if (!latest) throw new AppError('not_published', `Nothing is published on wheel ${slug}`);
  void reply.header('Cache-Control', LATEST_CACHE_CONTROL);
  if (currentVersion !== undefined && currentVersion === latest.snapshot.version) {
    return reply.code(204).header('ETag', etagOf(latest)).send();
  }
  return sendVerified(request, reply, latest, LATEST_CACHE_CONTROL);
}

export async function sendSnapshotVersion(
  fastify: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  slug: string,
  version: number,
) {
  const verified = await fastify.snapshots.readVersion(slug, version);
  if (!verified) throw new AppError('not_found', `Wheel ${slug} has no intact version ${version}`);
  return sendVerified(request, reply, verified, IMMUTABLE_CACHE);
}
