// /api/admin/wheels/:slug/draft/export and …/snapshots/:version/export — a participant list as a
// download (CSV or XLSX): ticket, name, weight, then the extra columns in first-seen order.
// Registered under /api/admin (sessions checked there).
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { buildEntriesCsv, type DraftEntry } from '../../../../core/index.ts';
import { AppError } from '../../../errors.ts';
import { toEntriesXlsx, XLSX_CONTENT_TYPE } from '../../../services/spreadsheet-export.ts';
import { parseRequest } from '../../../validation.ts';

const exportQuerySchema = z.object({ format: z.enum(['csv', 'xlsx']).default('csv') }).strict();
const snapshotParamsSchema = z.object({ slug: z.string(), version: z.coerce.number().int().min(1) });

type ExportFormat = z.output<typeof exportQuerySchema>['format'];

function sendEntries(
  reply: FastifyReply,
  entries: readonly DraftEntry[],
  format: ExportFormat,
  baseName: string,
  sheetName: string,
) {
  // Slugs are [a-z0-9-], so the file name needs no escaping.
  const fileName = `${baseName}.${format}`;
  void reply.header('Content-Disposition', `attachment; filename="${fileName}"`);
  void reply.header('Cache-Control', 'no-store');
  if (format === 'xlsx') return reply.type(XLSX_CONTENT_TYPE).send(toEntriesXlsx(entries, sheetName));
  return reply.type('text/csv; charset=utf-8').send(buildEntriesCsv(entries));
}

export async function wheelExportRoutes(fastify: FastifyInstance): Promise<void> {
  fastify.get<{ Params: { slug: string } }>(
    '/:slug/draft/export',
    { config: { openapi: { querystring: exportQuerySchema } } },
    async (request, reply) => {
      const { slug } = request.params;
      const { format } = parseRequest(exportQuerySchema, request.query, 'query');
      const draft = await fastify.store.getDraft(slug);
      if (!draft) throw new AppError('wheel_not_found', `No wheel named ${slug}`);
      return sendEntries(reply, draft.entries, format, `${slug}-draft`, 'Draft');
    },
  );

  fastify.get(
    '/:slug/snapshots/:version/export',
    { config: { openapi: { params: snapshotParamsSchema, querystring: exportQuerySchema } } },
    async (request, reply) => {
      const { slug, version } = parseRequest(snapshotParamsSchema, request.params, 'params');
      const { format } = parseRequest(exportQuerySchema, request.query, 'query');
      const verified = await fastify.snapshots.readVersion(slug, version);
      if (!verified) throw new AppError('not_found', `Wheel ${slug} has no intact version ${version}`);
      return sendEntries(
        reply,
        verified.snapshot.entries,
        format,
        `${slug}-v${version}`,
        `Version ${version}`,
      );
    },
  );
}
