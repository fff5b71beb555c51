// Reads a chosen logo (or prize image) file for upload: checked here first by content (the same rule as the
// server, which decides), so the organizer hears at once what is wrong.
import { LOGO_MAX_BYTES, sniffLogoType } from '../../core/index.ts';

export type LogoFileResult = { ok: true; base64: string; bytes: number } | { ok: false; message: string };

/** Base64 of bytes, in chunks (a spread of 512 KB into String.fromCharCode would overflow the stack). */
export function toBase64(bytes: Uint8Array): string {
  const CHUNK_BYTES = 0x8000;
  let binary = '';
  for (let start = 0; start < bytes.length; start += CHUNK_BYTES) {
    binary += String.fromCharCode(...bytes.subarray(start, start + CHUNK_BYTES));
  }
  return btoa(binary);
}

export function checkLogoBytes(bytes: Uint8Array): LogoFileResult {
  return checkImageBytes(bytes, LOGO_MAX_BYTES, 'logos');
}

/** The logo's rule for any uploaded image (prize images too): size limit, then sniffed type. */
export function checkImageBytes(bytes: Uint8Array, maxBytes: number, what: string): LogoFileResult {
  if (bytes.length === 0) return { ok: false, message: 'The file is empty.' };
  if (bytes.length > maxBytes) {
    return {
      ok: false,
      message: `The image is ${Math.ceil(bytes.length / 1024)} KB; ${what} may be at most ${maxBytes / 1024} KB.`,
    };
  }
  const sniffed = sniffLogoType(bytes);
  if (!sniffed.ok) {
    return {
      ok: false,
      message:
        sniffed.code === 'svg'
          ? `SVG ${what} are not accepted (an SVG can carry script). Use a PNG, JPEG or WebP.`
          : 'This file is not a PNG, JPEG or WebP image.',
    };
  }
  return { ok: true, base64: toBase64(bytes), bytes: bytes.length };
}
