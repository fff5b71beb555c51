// An uploaded file in one buffer, gathered without holding up the displays' polls.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import { formatBytes } from '../import/limits.ts';

/** Bytes copied per turn of the event loop: ~1 ms of work between two chances to answer a poll. */
const SLICE_BYTES = 256 * 1024;

/**
 * Every chunk of the stream in one Uint8Array that owns its whole ArrayBuffer (so the import may
 * hand it to its worker without another copy). NOTE: a single Buffer.concat of a 4 MB upload
 * blocked the event loop ~20 ms on this machine (page faults on fresh memory), so the chunks are
 * copied a slice at a time, yielding to other requests in between.
 */
export async function collectInSlices(stream: AsyncIterable<Uint8Array>): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of stream) {
    chunks.push(chunk);
    total += chunk.byteLength;
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  let sinceTurn = 0;
  for (const chunk of chunks) {
    for (let from = 0; from < chunk.byteLength;) {
      const piece = chunk.subarray(from, from + SLICE_BYTES - sinceTurn);
      bytes.set(piece, offset);
      offset += piece.byteLength;
      from += piece.byteLength;
      sinceTurn += piece.byteLength;
      if (sinceTurn >= SLICE_BYTES) {
        sinceTurn = 0;
        await nextTurn();
      }
    }
  }
  return bytes;
}

/**
 * The file of a multipart request's field "file" (a list or prize sheet import), gathered with
 * collectInSlices. Throws AppError invalid_request when it is missing, payload_too_large when it
 * is over `maxBytes` (the multipart limit the route registered). `what` names it: `the list`.
 */
export async function readUploadedFile(
  request: FastifyRequest,
  maxBytes: number,
  what: string,
): Promise<{ bytes: Uint8Array<ArrayBuffer>; fileName: string }> {
  if (!request.isMultipart())
    throw new AppError('invalid_request', `Send ${what} as multipart/form-data in the field "file"`);
  const file = await request.file();
  if (!file || file.fieldname !== 'file')
    throw new AppError('invalid_request', 'At file: the multipart field "file" is missing');
  const bytes = await collectInSlices(file.file);
  if (file.file.truncated) {
    throw new AppError(
      'payload_too_large',
      `The file is larger than the ${formatBytes(maxBytes)} limit (IMPORT_MAX_BYTES)`,
    );
  }
  return { bytes, fileName: file.filename || 'upload' };
}
