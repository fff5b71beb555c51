// The text of a PDF as a reader's copy-and-paste gets it, for tests: pdf-lib parses the file, each
// page's content streams are inflated, every shown string (`<hex> Tj`) is mapped back to Unicode
// through its font's ToUnicode CMap (embedded fonts), or read as Latin-1 (standard fonts). Good
// enough for the PDFs pdf-lib writes, which is all it is for.
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFRawStream,
  PDFRef,
  type PDFObject,
} from 'pdf-lib';

function streamText(object: PDFObject | undefined, document: PDFDocument): string {
  const resolved = object instanceof PDFRef ? document.context.lookup(object) : object;
  if (resolved instanceof PDFRawStream)
    return new TextDecoder('latin1').decode(decodePDFRawStream(resolved).decode());
  if (resolved instanceof PDFArray)
    return resolved
      .asArray()
      .map((part) => streamText(part, document))
      .join('\n');
  return '';
}

function hexToCodeUnits(hex: string): string {
  let out = '';
  for (let i = 0; i + 4 <= hex.length; i += 4) out += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
  return out;
}

/** glyph code (hex, as in the content stream) → text, from a ToUnicode CMap. */
function parseToUnicode(cmap: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const pair of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g))
      map.set(pair[1]!.toUpperCase(), hexToCodeUnits(pair[2]!));
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
    for (const range of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      const width = range[1]!.length;
      const start = parseInt(range[1]!, 16);
      const end = parseInt(range[2]!, 16);
      const first = parseInt(range[3]!, 16);
      for (let code = start; code <= end; code++)
        map.set(
          code.toString(16).toUpperCase().padStart(width, '0'),
          String.fromCodePoint(first + code - start),
        );
    }
  return map;
}

/** Each page's text, one string per page, shown strings separated by newlines. */
export async function extractPdfText(bytes: Uint8Array): Promise<string[]> {
  const document = await PDFDocument.load(bytes);
  return document.getPages().map((page) => {
    const fonts = new Map<string, { map: Map<string, string> | null; width: number }>();
    const fontDict = page.node.Resources()?.lookup(PDFName.of('Font'));
    if (fontDict instanceof PDFDict)
      for (const [name, ref] of fontDict.entries()) {
        const font = document.context.lookup(ref);
        if (!(font instanceof PDFDict)) continue;
        const toUnicode = font.get(PDFName.of('ToUnicode'));
        const cmap = toUnicode === undefined ? null : parseToUnicode(streamText(toUnicode, document));
        // pdf-lib shows embedded fonts' glyphs as 2-byte codes, standard fonts' as 1-byte WinAnsi.
        const width = cmap === null ? 2 : 4;
        fonts.set(name.asString(), { map: cmap, width });
      }
    const content = streamText(page.node.Contents(), document);
    const shown: string[] = [];
    let current: { map: Map<string, string> | null; width: number } | undefined;
    for (const match of content.matchAll(/(\/\S+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]*)>\s*Tj/g)) {
      if (match[1] !== undefined) {
        current = fonts.get(match[1]);
        continue;
      }
      const hex = match[2]!.toUpperCase();
      const width = current?.width ?? 2;
      let text = '';
      for (let i = 0; i + width <= hex.length; i += width) {
        const code = hex.slice(i, i + width);
        text += current?.map ? (current.map.get(code) ?? '\uFFFD') : String.fromCharCode(parseInt(code, 16));
      }
      shown.push(text);
    }
    return shown.join('\n');
  });
}
