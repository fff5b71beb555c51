// Reads a file attached to a PDF (the certificate PDF carries its signed JSON as certificate.json),
// so `verify-certificate` takes the PDF as well as the JSON.
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFRawStream,
  PDFString,
} from 'pdf-lib';

/** The bytes of the attachment named `name`, or null when the PDF has none by that name. */
export async function readPdfAttachment(pdf: Uint8Array, name: string): Promise<Uint8Array | null> {
  const document = await PDFDocument.load(pdf, { updateMetadata: false });
  const names = document.catalog.lookupMaybe(PDFName.of('Names'), PDFDict);
  const embedded = names?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict);
  const list = embedded?.lookupMaybe(PDFName.of('Names'), PDFArray);
  if (!list) return null;
  for (let index = 0; index + 1 < list.size(); index += 2) {
    const key = list.lookup(index);
    const text = key instanceof PDFString || key instanceof PDFHexString ? key.decodeText() : null;
    if (text !== name) continue;
    const spec = list.lookup(index + 1, PDFDict);
    const stream = spec.lookupMaybe(PDFName.of('EF'), PDFDict)?.lookup(PDFName.of('F'));
    if (stream instanceof PDFRawStream) return decodePDFRawStream(stream).decode();
  }
  return null;
}
