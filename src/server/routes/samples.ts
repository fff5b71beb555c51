// GET /samples/participants.csv and /samples/prizes.csv: the sample participant list and prize
// sheet (repository folder samples/) a new organizer downloads, fills in and imports.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';

export const SAMPLE_FILES = ['participants.csv', 'prizes.csv'] as const;

export async function sampleRoutes(
  fastify: FastifyInstance,
  options: { samplesRoot: string },
): Promise<void> {
  for (const name of SAMPLE_FILES) {
    fastify.get(`/samples/${name}`, async (_request, reply) => {
      let content: Buffer;
      try {
        content = await readFile(join(options.samplesRoot, name));
      } catch {
        throw new AppError('not_found', `The sample ${name} is not installed with this server`);
      }
      return reply
        .header('Content-Type', 'text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="${name}"`)
        .header('Cache-Control', 'no-cache')
        .send(content);
    });
  }
}
