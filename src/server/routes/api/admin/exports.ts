// /api/admin/wheels/:slug/draft/export and …/snapshots/:version/export — a participant list as a
// download (CSV or XLSX): ticket, name, weight, then the extra columns in first-seen order.
// Registered under /api/admin (sessions checked there).
import * as XLSX from '@e965/xlsx';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { DraftEntry } from '../../../../core/index.ts';
import { AppError } from '../../../errors.ts';
import { parseRequest } from '../../../validation.ts';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

// NOTE: a cell starting with one of these runs as a formula when the file is opened (CSV/formula
// injection); a leading apostrophe shows it as text. Tab and carriage return as OWASP recommends.
const FORMULA_TRIGGER = /^[=+\-@\t\r]/;

const exportQuerySchema = z.object({ format: z.enum(['csv', 'xlsx']).default('csv') }).strict();
const snapshotParamsSchema = z.object({ slug: z.string(), version: z.coerce.number().int().min(1) });

type ExportFormat = z.output<typeof exportQuerySchema>['format'];

/** Prefixes a formula trigger with an apostrophe; other text is returned as it is. */
export function neutralizeCell(text: string): string {
  return FORMULA_TRIGGER.test(text) ? `'${text}` : text;
}

/** The header and the rows of text cells (already neutralized) of a participant list. */
export function toEntryTable(entries: readonly DraftEntry[]): { header: string[]; rows: string[][] } {
  const extraColumns = new Set<string>();
  for (const entry of entries)
    if (entry.extra) for (const key of Object.keys(entry.extra)) extraColumns.add(key);
  const extras = [...extraColumns];
  const header = ['ticket', 'name', 'weight', ...extras].map(neutralizeCell);
  const rows = entries.map((entry) =>
    [entry.ticket, entry.name, String(entry.weight), ...extras.map((key) => entry.extra?.[key] ?? '')].map(
      neutralizeCell,
    ),
  );
  return { header, rows };
}

/** RFC 4180 with a UTF-8 BOM (spreadsheet programs then read accents right) and CRLF line ends. */
export function toEntriesCsv(entries: readonly DraftEntry[]): string {
  const { header, rows } = toEntryTable(entries);
  const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);
  return `\uFEFF${[header, ...rows].map((cells) => cells.map(quote).join(',')).join('\r\n')}\r\n`;
}

/**
 * One sheet. Ticket, name and extra cells are typed strings (`t: 's'`), so `00042` stays `00042`
 * and nothing is ever a formula; the weight is a number.
 */
export function toEntriesXlsx(entries: readonly DraftEntry[], sheetName: string): Buffer {
  const { header, rows } = toEntryTable(entries);
  const sheet: XLSX.WorkSheet = {};
  const weightColumn = 2;
  header.forEach((text, c) => (sheet[XLSX.utils.encode_cell({ r: 0, c })] = { t: 's', v: text }));
  rows.forEach((cells, index) => {
    const r = index + 1;
    cells.forEach((text, c) => {
      const weight = entries[index]?.weight;
      sheet[XLSX.utils.encode_cell({ r, c })] =
        c === weightColumn && typeof weight === 'number' ? { t: 'n', v: weight } : { t: 's', v: text };
    });
  });
  sheet['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: rows.length, c: header.length - 1 } });
  const workbook = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(workbook, sheet, sheetName.slice(0, 31));
  return XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
}

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
  return reply.type('text/csv; charset=utf-8').send(toEntriesCsv(entries));
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
