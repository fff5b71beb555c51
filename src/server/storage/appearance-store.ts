// The appearance part of the Store: a wheel's live presentation settings (title, logo, offline
// spins). Not versioned: a change shows on the screens without a publish.
import type { LogoContentType, OfflineSpinPolicy } from '../../core/index.ts';
import type { AuditActor } from './store-types.ts';

export interface StoredLogo {
  /** SHA-256 hex of the bytes: the logo's content address. */
  sha256: string;
  contentType: LogoContentType;
  bytes: number;
}

/** A wheel's presentation settings (live, not versioned); the defaults until first changed. */
export interface StoredAppearance {
  title: string;
  offlineSpins: OfflineSpinPolicy;
  logo: StoredLogo | null;
  /** Null while the wheel has the defaults. */
  updatedAt: string | null;
}

/** Fields left out stay as they are; `logo: null` removes the logo. */
export interface AppearanceChange {
  title?: string;
  offlineSpins?: OfflineSpinPolicy;
  logo?: { sha256: string; contentType: LogoContentType; data: Uint8Array } | null;
}

export interface AppearanceStore {
  /** Throws AppError wheel_not_found. */
  getAppearance(slug: string): Promise<StoredAppearance>;
  /** One transaction: apply the change, audit `appearance` (the logo by hash, never its bytes). */
  updateAppearance(slug: string, change: AppearanceChange, audit: AuditActor): Promise<StoredAppearance>;
  /** The wheel's current logo when its hash is `sha256`, else null (an old or unknown address). */
  getLogo(slug: string, sha256: string): Promise<{ contentType: LogoContentType; data: Uint8Array } | null>;
}
