// A wheel's presentation settings: the title and logo a display shows and what a presenter's page
// does when a spin cannot reach the server. Live settings of the wheel, not part of any snapshot
// (the snapshot's settings and checksum are fixed by the contract).

/** What a presenter page does when a spin cannot reach the server: draw locally, or say so. */
export type OfflineSpinPolicy = 'allow' | 'refuse';

export const OFFLINE_SPIN_POLICIES: readonly OfflineSpinPolicy[] = ['allow', 'refuse'];
export const DEFAULT_OFFLINE_SPIN_POLICY: OfflineSpinPolicy = 'allow';

/** The title is trimmed; empty means no title on screen. */
export const APPEARANCE_TITLE_MAX_CHARACTERS = 120;
/** Logos are decoded on every screen, phones included: small images only. */
export const LOGO_MAX_BYTES = 512 * 1024;

export type LogoContentType = 'image/png' | 'image/jpeg' | 'image/webp';

/** What every display reads from `GET /api/wheels/:slug/appearance` (and the `appearance` event). */
export interface WheelAppearance {
  title: string;
  /** Content-addressed (the URL changes with the image), or null without a logo. */
  logoUrl: string | null;
  offlineSpins: OfflineSpinPolicy;
}

export const DEFAULT_APPEARANCE: WheelAppearance = Object.freeze({
  title: '',
  logoUrl: null,
  offlineSpins: DEFAULT_OFFLINE_SPIN_POLICY,
});

export type LogoSniffResult =
  { ok: true; contentType: LogoContentType } | { ok: false; code: 'svg' | 'unknown' };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG_SIGNATURE = [0xff, 0xd8, 0xff];
const RIFF = [0x52, 0x49, 0x46, 0x46];
const WEBP = [0x57, 0x45, 0x42, 0x50];
/** How far into a text file an `<svg` tag is looked for (after an XML prolog, comments, a doctype). */
const SVG_SNIFF_BYTES = 1024;

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((byte, i) => bytes[offset + i] === byte);
}

/**
 * Decides an uploaded logo's type by its first bytes, never by its name or declared type. PNG,
 * JPEG and WebP are accepted; SVG is named separately because it is refused for a reason (it can
 * carry script), everything else is unknown.
 */
export function sniffLogoType(bytes: Uint8Array): LogoSniffResult {
  if (startsWith(bytes, PNG_SIGNATURE)) return { ok: true, contentType: 'image/png' };
  if (startsWith(bytes, JPEG_SIGNATURE)) return { ok: true, contentType: 'image/jpeg' };
  if (startsWith(bytes, RIFF) && startsWith(bytes, WEBP, 8)) return { ok: true, contentType: 'image/webp' };
  if (containsAsciiCaseless(bytes.subarray(0, SVG_SNIFF_BYTES), '<svg')) return { ok: false, code: 'svg' };
  return { ok: false, code: 'unknown' };
}

/** Whether the ASCII `needle` (lowercase) occurs in `bytes`, ignoring ASCII case. */
function containsAsciiCaseless(bytes: Uint8Array, needle: string): boolean {
  const lowered = (byte: number) => (byte >= 0x41 && byte <= 0x5a ? byte + 0x20 : byte);
  outer: for (let start = 0; start + needle.length <= bytes.length; start++) {
    for (let i = 0; i < needle.length; i++) {
      if (lowered(bytes[start + i]!) !== needle.charCodeAt(i)) continue outer;
    }
    return true;
  }
  return false;
}

/**
 * Reads an appearance from untrusted JSON (the network, a local cache) without coercing; null when
 * anything has the wrong shape. A logo URL must be a same-origin path: a display never loads an
 * image from elsewhere.
 */
export function parseWheelAppearance(value: unknown): WheelAppearance | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.title !== 'string' || v.title.length > APPEARANCE_TITLE_MAX_CHARACTERS) return null;
  if (v.offlineSpins !== 'allow' && v.offlineSpins !== 'refuse') return null;
  if (v.logoUrl !== null && (typeof v.logoUrl !== 'string' || !/^\/api\/wheels\/[^?#]+$/.test(v.logoUrl)))
    return null;
  return { title: v.title, logoUrl: v.logoUrl, offlineSpins: v.offlineSpins };
}
