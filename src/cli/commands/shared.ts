import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { ValidationReport } from '../../core/index.ts';

export const EXIT_OK = 0;
export const EXIT_ROW_ERRORS = 1;
export const EXIT_FILE_REJECTED = 2;
export const EXIT_DAMAGE_FOUND = 1;
export const EXIT_USAGE = 2;
/** verify-draws: nothing failed, but some draws wait for their seed's reveal. */
export const EXIT_PENDING = 3;

export class UsageError extends Error {}

/** parseArgs that reports bad options as a UsageError. */
export function parseCommandArgs<T extends ParseArgsConfig['options']>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export function exitCodeOf(report: ValidationReport): number {
  if (report.fileError) return EXIT_FILE_REJECTED;
  return report.errors.length > 0 ? EXIT_ROW_ERRORS : EXIT_OK;
}

/** The file's bytes and the name shown in reports, or a message when it cannot be read. */
export async function readListFile(
  path: string,
): Promise<{ bytes: Uint8Array; fileName: string } | { problem: string }> {
  try {
    const buffer = await readFile(path);
    return {
      bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength),
      fileName: basename(path),
    };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      problem:
        code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot be read (${code ?? String(error)})`,
    };
  }
}

/** A readable summary: what was read, then every error by row. */
export function formatReport(report: ValidationReport): string {
  const lines: string[] = [];
  const { file } = report;
  const where = [
    file.format,
    file.sheet ? `sheet ${file.sheet}` : null,
    file.headerRow ? `header row ${file.headerRow}` : null,
  ]
    .filter(Boolean)
    .join(', ');
  lines.push(`${file.name}${where ? ` (${where})` : ''}`);
  if (report.fileError) {
    lines.push(`Rejected: ${report.fileError.message} [${report.fileError.code}]`);
    return `${lines.join('\n')}\n`;
  }
  lines.push(`${report.rows} rows read, ${report.entries} valid entries, ${report.errors.length} error(s)`);
  if (report.persons !== undefined) lines.push(`${report.persons} distinct person(s)`);
  if (report.groups !== undefined) {
    const groups = report.groups.map((group) => `${group.name} (${group.entries})`).join(', ');
    lines.push(`${report.groups.length} group(s)${groups ? `: ${groups}` : ''}`);
  }
  for (const error of report.errors) lines.push(`  ${error.message} [${error.code}]`);
  for (const warning of report.warnings) lines.push(`  warning: ${warning.message}`);
  lines.push(report.ok ? 'OK: the list is valid.' : 'Not valid: fix the rows above.');
  return `${lines.join('\n')}\n`;
}
