// The known-device cookie: after a correct sign-in the browser keeps a long-lived cookie naming the
// account and a random device id, signed by the server. Failures from elsewhere slow the account
// down for everyone else; a request presenting a valid cookie for that account is limited only by
// its own device's failures, so a flood from other addresses cannot lock the organizer out.
// NOTE: the signing key is derived from the account's password hash (random salt, never leaves the
// database): every instance on one database agrees on it without a new secret to configure, and
// changing the password makes every known device of the account unknown again.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const KNOWN_DEVICE_COOKIE = 'prizewheel_device';
export const KNOWN_DEVICE_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;
const DEVICE_ID_BYTES = 16;
const COOKIE_FORMAT = 'd1';
/** Instances sharing a database may disagree on the time by this much. */
const CLOCK_SKEW_ALLOWED_SECONDS = 300;

/** What a cookie says before its signature is checked (checking needs the account's hash). */
export interface DeviceClaim {
  username: string;
  deviceId: string;
  issuedAtSeconds: number;
  signature: string;
}

function signingKey(passwordHash: string): Buffer {
  return createHash('sha256').update(`prizewheel known device\n${passwordHash}`, 'utf8').digest();
}

function sign(passwordHash: string, username: string, deviceId: string, issuedAtSeconds: number): string {
  return createHmac('sha256', signingKey(passwordHash))
    .update(`${username}\n${deviceId}\n${issuedAtSeconds}`, 'utf8')
    .digest('base64url');
}

export function newDeviceId(): string {
  return randomBytes(DEVICE_ID_BYTES).toString('base64url');
}

/** The cookie value for this account and device, signed now. */
export function deviceCookieValue(
  passwordHash: string,
  username: string,
  deviceId: string,
  now: Date,
): string {
  const issuedAtSeconds = Math.floor(now.getTime() / 1000);
  const encodedUser = Buffer.from(username, 'utf8').toString('base64url');
  return [
    COOKIE_FORMAT,
    encodedUser,
    deviceId,
    issuedAtSeconds,
    sign(passwordHash, username, deviceId, issuedAtSeconds),
  ].join('.');
}

/** Reads a cookie's claim (synchronously, no key needed); null when it is not one of ours. */
export function parseDeviceClaim(value: string | undefined): DeviceClaim | null {
  const parts = value?.split('.') ?? [];
  if (parts.length !== 5 || parts[0] !== COOKIE_FORMAT) return null;
  const [, encodedUser, deviceId, issuedAt, signature] = parts as [string, string, string, string, string];
  if (!/^[\w-]{1,64}$/.test(deviceId) || !/^\d{1,12}$/.test(issuedAt) || !/^[\w-]{43}$/.test(signature))
    return null;
  return {
    username: Buffer.from(encodedUser, 'base64url').toString('utf8'),
    deviceId,
    issuedAtSeconds: Number(issuedAt),
    signature,
  };
}

/** True when the claim was signed with this account's current password hash and has not expired. */
export function isGenuineClaim(claim: DeviceClaim, passwordHash: string, now: Date): boolean {
  const ageSeconds = now.getTime() / 1000 - claim.issuedAtSeconds;
  if (ageSeconds < -CLOCK_SKEW_ALLOWED_SECONDS || ageSeconds > KNOWN_DEVICE_MAX_AGE_SECONDS) return false;
  const expected = Buffer.from(sign(passwordHash, claim.username, claim.deviceId, claim.issuedAtSeconds));
  const actual = Buffer.from(claim.signature);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
