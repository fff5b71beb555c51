// Decides a file's format by its content, never by its name.
import { unzipSync, strFromU8 } from 'fflate';

export type SniffedFormat =
  | { kind: 'zip' }
  | { kind: 'cfb' }
  | { kind: 'text'; encoding: 'utf-8' | 'utf-16le' | 'utf-16be'; bomLength: number }
  | { kind: 'binary'; description: string };

const ZIP_MAGIC = [0x50, 0x4b];
const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const KNOWN_BINARY: { magic: number[]; description: string }[] = [
  { magic: [0x89, 0x50, 0x4e, 0x47], description: 'a PNG image' },
  { magic: [0xff, 0xd8, 0xff], description: 'a JPEG image' },
  { magic: [0x47, 0x49, 0x46, 0x38], description: 'a GIF image' },
  { magic: [0x25, 0x50, 0x44, 0x46], description: 'a PDF document' },
  { magic: [0x1f, 0x8b], description: 'a gzip archive' },
  { magic: [0x52, 0x61, 0x72, 0x21], description: 'a RAR archive' },
  { magic: [0x37, 0x7a, 0xbc, 0xaf], description: 'a 7-Zip archive' },
  { magic: [0x7b, 0x5c, 0x72, 0x74, 0x66], description: 'an RTF document' },
];
/** How much of a text file is looked at for NUL and control bytes. */
const TEXT_PROBE_BYTES = 64 * 1024;

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return bytes.length >= magic.length && magic.every((byte, index) => bytes[index] === byte);
}

export function sniffFormat(bytes: Uint8Array): SniffedFormat {
  if (startsWith(bytes, ZIP_MAGIC) && bytes.length >= 4 && (bytes[2] ?? 0) < 0x09) return { kind: 'zip' };
  if (startsWith(bytes, CFB_MAGIC)) return { kind: 'cfb' };
  for (const known of KNOWN_BINARY)
    if (startsWith(bytes, known.magic)) return { kind: 'binary', description: known.description };
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return { kind: 'text', encoding: 'utf-8', bomLength: 3 };
  if (startsWith(bytes, [0xff, 0xfe])) return { kind: 'text', encoding: 'utf-16le', bomLength: 2 };
  if (startsWith(bytes, [0xfe, 0xff])) return { kind: 'text', encoding: 'utf-16be', bomLength: 2 };

  const probe = bytes.subarray(0, TEXT_PROBE_BYTES);
  let controlBytes = 0;
  for (const byte of probe) {
    // NOTE: a NUL in text without a UTF-16 BOM means binary (or BOM-less UTF-16, which is not supported).
    if (byte === 0) return { kind: 'binary', description: 'a binary file' };
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) controlBytes++;
  }
  if (controlBytes > probe.length / 100 + 2) return { kind: 'binary', description: 'a binary file' };
  return { kind: 'text', encoding: 'utf-8', bomLength: 0 };
}

export type ZipContent =
  | { kind: 'xlsx'; declaredBytes: number }
  | { kind: 'ods'; declaredBytes: number }
  | { kind: 'encrypted-ods' }
  | { kind: 'other'; description: string; declaredBytes: number };

/** Entries read for sniffing are small; anything declaring more is not what it claims to be. */
const SNIFF_ENTRY_MAX_BYTES = 1024 * 1024;

/**
 * Lists a zip's entries from its central directory — declared sizes only, nothing inflated —
 * then reads the two small entries that tell the formats apart. Throws for a damaged zip.
 */
export function inspectZip(bytes: Uint8Array): ZipContent & { declaredBytes?: number } {
  const names = new Set<string>();
  let declaredBytes = 0;
  unzipSync(bytes, {
    filter(file) {
      names.add(file.name);
      declaredBytes += file.originalSize;
      return false;
    },
  });
  if (names.has('xl/workbook.xml') || names.has('[Content_Types].xml')) {
    if (names.has('xl/workbook.xml')) return { kind: 'xlsx', declaredBytes };
    if (names.has('xl/workbook.bin'))
      return { kind: 'other', description: 'an Excel binary workbook (.xlsb)', declaredBytes };
    if (names.has('word/document.xml'))
      return { kind: 'other', description: 'a Word document', declaredBytes };
    if (names.has('ppt/presentation.xml'))
      return { kind: 'other', description: 'a PowerPoint presentation', declaredBytes };
    return { kind: 'other', description: 'an Office document that is not a workbook', declaredBytes };
  }
  if (names.has('mimetype') || names.has('META-INF/manifest.xml')) {
    const small = unzipSync(bytes, {
      filter: (file) =>
        (file.name === 'mimetype' || file.name === 'META-INF/manifest.xml') &&
        file.originalSize <= SNIFF_ENTRY_MAX_BYTES,
    });
    const mimetype = small['mimetype'] ? strFromU8(small['mimetype']).trim() : '';
    const manifest = small['META-INF/manifest.xml'] ? strFromU8(small['META-INF/manifest.xml']) : '';
    const isSpreadsheet =
      mimetype === 'application/vnd.oasis.opendocument.spreadsheet' ||
      manifest.includes('application/vnd.oasis.opendocument.spreadsheet"');
    if (!isSpreadsheet)
      return { kind: 'other', description: 'an OpenDocument file that is not a spreadsheet', declaredBytes };
    if (/encryption-data/.test(manifest)) return { kind: 'encrypted-ods' };
    return { kind: 'ods', declaredBytes };
  }
  return { kind: 'other', description: 'a zip archive that is not a workbook', declaredBytes };
}
