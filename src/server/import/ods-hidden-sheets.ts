// SheetJS does not read which ODS sheets are hidden; LibreOffice stores it as a table style
// with table:display="false". Found here by scanning content.xml's tags, without an XML parser.
function attribute(tag: string, name: string): string | null {
  const match = new RegExp(`${name}="([^"]*)"`).exec(tag);
  return match?.[1] ?? null;
}

function decodeXmlText(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, decimal: string) => String.fromCodePoint(Number(decimal)))
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'")
    .replaceAll('&amp;', '&');
}

/** The names of the hidden sheets of an ODS file, from its inflated content.xml. */
export function findHiddenOdsSheets(contentXml: Uint8Array | undefined): Set<string> {
  const hidden = new Set<string>();
  if (!contentXml) return hidden;
  const content = Buffer.from(contentXml.buffer, contentXml.byteOffset, contentXml.byteLength);
  const bodyStart = content.indexOf('<office:body');
  if (bodyStart < 0) return hidden;

  const hiddenStyles = new Set<string>();
  const styles = content.subarray(0, bodyStart).toString('utf8');
  for (const block of styles.matchAll(/<style:style\b([^>]*)>([\s\S]*?)<\/style:style>/g)) {
    const [, attributes = '', inner = ''] = block;
    if (attribute(attributes, 'style:family') !== 'table') continue;
    if (/table:display="false"/.test(inner)) hiddenStyles.add(attribute(attributes, 'style:name') ?? '');
  }
  if (hiddenStyles.size === 0) return hidden;

  for (
    let at = content.indexOf('<table:table ', bodyStart);
    at >= 0;
    at = content.indexOf('<table:table ', at + 1)
  ) {
    const tag = content.subarray(at, content.indexOf('>', at)).toString('utf8');
    const style = attribute(tag, 'table:style-name');
    const name = attribute(tag, 'table:name');
    if (style !== null && name !== null && hiddenStyles.has(style)) hidden.add(decodeXmlText(name));
  }
  return hidden;
}
