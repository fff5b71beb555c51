// A wheel's presentation settings as the public sees them, and the checks an uploaded logo passes
// before it is stored: its type by magic bytes (never the name or the declared type), its size.
import { createHash } from 'node:crypto';
import {
  LOGO_MAX_BYTES,
  sniffLogoType,
  type LogoContentType,
  type WheelAppearance,
} from '../../core/index.ts';
import { AppError } from '../errors.ts';
import type { WheelEventBus } from '../events.ts';
import type { AppearanceChange, Store, StoredAppearance } from '../storage/store.ts';

/** The logo's content address: a new image gets a new URL, so the old one may be cached forever. */
export function logoUrlOf(slug: string, sha256: string): string {
  return `/api/wheels/${encodeURIComponent(slug)}/logo/${sha256}`;
}

/** Exactly what displays get: no actor, no time, nothing the organizer did not mean to show. */
export function toPublicAppearance(slug: string, stored: StoredAppearance): WheelAppearance {
  return {
    title: stored.title,
    logoUrl: stored.logo === null ? null : logoUrlOf(slug, stored.logo.sha256),
    offlineSpins: stored.offlineSpins,
  };
}

function formatKilobytes(bytes: number): string {
  return `${Math.ceil(bytes / 1024)} KB`;
}

/**
 * Checks an uploaded logo: PNG, JPEG or WebP by content, at most LOGO_MAX_BYTES. Throws an
 * AppError that says what is wrong; on success the bytes with their type and SHA-256.
 */
export function prepareLogo(data: Uint8Array): PreparedImage {
  return prepareImage(data, 'logo', LOGO_MAX_BYTES);
}

export interface PreparedImage {
  sha256: string;
  contentType: LogoContentType;
  data: Uint8Array;
}

/**
 * Checks an uploaded image (a logo, a prize's picture): PNG, JPEG or WebP by content, at most
 * `maxBytes`. Throws an AppError naming `field` and what is wrong; on success the bytes with their
 * type and SHA-256.
 */
export function prepareImage(data: Uint8Array, field: string, maxBytes: number): PreparedImage {
  if (data.byteLength === 0) throw new AppError('invalid_request', `At ${field}: the image is empty`);
  if (data.byteLength > maxBytes) {
    throw new AppError(
      'payload_too_large',
      `At ${field}: the image is ${formatKilobytes(data.byteLength)}, over the ${formatKilobytes(maxBytes)} limit`,
    );
  }
  const sniffed = sniffLogoType(data);
  if (!sniffed.ok) {
    throw new AppError(
      'unsupported_image',
      sniffed.code === 'svg'
        ? `At ${field}: SVG is not accepted (an SVG can carry script); upload a PNG, JPEG or WebP`
        : `At ${field}: not a PNG, JPEG or WebP image (judged by its content, not its name)`,
    );
  }
  return { sha256: createHash('sha256').update(data).digest('hex'), contentType: sniffed.contentType, data };
}

/** Stores the change and shows the new appearance on every display of the wheel at once. */
export async function changeAppearance(
  deps: { store: Store; events: WheelEventBus },
  slug: string,
  change: AppearanceChange,
  actor: string,
): Promise<StoredAppearance> {
  const stored = await deps.store.updateAppearance(slug, change, { actor });
  deps.events.publish(slug, { type: 'appearance', data: toPublicAppearance(slug, stored) });
  return stored;
}
