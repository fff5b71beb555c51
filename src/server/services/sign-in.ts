// Signing in: throttled, bounded, and never lockable by strangers.
// - Each attempt is checked and counted before the first await, so parallel guesses cannot all pass
//   the check (countAttempt); a success takes its count back.
// - scrypt runs under a concurrency cap; beyond it the answer is 429 at once, not a queue.
// - A request with a genuine known-device cookie for the account is limited by its own device's
//   failures only (and hashes in slots of its own), so failures from other addresses never stop it.
// - Failures for a username that does not exist are logged and counted, not written to the audit
//   chain (a flood of made-up names would fill the permanent log).
import type { Role } from '../storage/account-store.ts';
import { AppError } from '../errors.ts';
import type { Store } from '../storage/store.ts';
import {
  countAttempt,
  createLoginThrottle,
  createUserLoginDelay,
  type AttemptLimiter,
} from './login-throttle.ts';
import { deviceCookieValue, isGenuineClaim, newDeviceId, parseDeviceClaim } from './known-device.ts';
import { generateToken, verifyPassword } from './secrets.ts';

/** scrypt hashes of sign-ins from unknown devices in flight at once, process-wide per app. */
export const SCRYPT_CONCURRENCY_MAX = 4;
/** Slots kept for known devices, so a flood that fills the others cannot stop the organizer. */
export const KNOWN_DEVICE_SCRYPT_CONCURRENCY_MAX = 2;
/** What a sign-in refused for a busy server is told to wait (a hash takes tens of ms). */
export const SCRYPT_BUSY_RETRY_AFTER_MS = 1_000;
const LOGGED_USERNAME_MAX_CHARACTERS = 100;

// NOTE: a fixed scrypt hash verified for unknown users, so the answer takes as long either way.
const UNKNOWN_USER_HASH = 'scrypt$16384$8$1$00000000000000000000000000000000$' + '0'.repeat(128);

export interface SignInAttempt {
  username: string;
  password: string;
  address: string;
  /** The known-device cookie the request carried, if any. */
  deviceCookie: string | undefined;
}

export interface SignedIn {
  user: { username: string; role: Role };
  sessionToken: string;
  /** The known-device cookie to set (renewed on every sign-in). */
  deviceCookie: string;
}

export interface SignInLog {
  warn(details: object, message: string): void;
}

export interface SignInDependencies {
  store: Pick<Store, 'findUser' | 'appendAudit'>;
  clock: () => Date;
  metrics: { failedLogins: { inc(): void } };
}

interface ConcurrencyGate {
  /** A release function, or null when every slot is taken. */
  tryEnter(): (() => void) | null;
}

function createConcurrencyGate(max: number): ConcurrencyGate {
  let inFlight = 0;
  return {
    tryEnter() {
      if (inFlight >= max) return null;
      inFlight += 1;
      let left = false;
      return () => {
        if (left) return;
        left = true;
        inFlight -= 1;
      };
    },
  };
}

export interface SignInService {
  /** Throws 429 too_many_attempts (with retryAfterMs) or 401 invalid_credentials. */
  signIn(attempt: SignInAttempt, log: SignInLog): Promise<SignedIn>;
}

export function createSignInService(deps: SignInDependencies): SignInService {
  const byAddress = createLoginThrottle(deps.clock);
  const byAccount = createUserLoginDelay(deps.clock);
  const byDevice = createLoginThrottle(deps.clock);
  const unknownDeviceGate = createConcurrencyGate(SCRYPT_CONCURRENCY_MAX);
  const knownDeviceGate = createConcurrencyGate(KNOWN_DEVICE_SCRYPT_CONCURRENCY_MAX);

  const refuse = (waitMs: number, log: SignInLog, attempt: SignInAttempt, why: string): never => {
    deps.metrics.failedLogins.inc();
    log.warn({ username: loggable(attempt.username), address: attempt.address }, `sign-in ${why}`);
    const seconds = Math.ceil(waitMs / 1000);
    throw new AppError('too_many_attempts', `Too many sign-in attempts; try again in ${seconds} s`, {
      retryAfterMs: waitMs,
    });
  };

  /** Counts the attempt in `checks` and takes a hashing slot, or refuses (counting nothing). */
  const admit = (
    checks: ReadonlyArray<readonly [AttemptLimiter, string]>,
    gate: ConcurrencyGate,
    attempt: SignInAttempt,
    log: SignInLog,
  ): (() => void) => {
    const waitMs = countAttempt(checks);
    if (waitMs > 0) return refuse(waitMs, log, attempt, 'throttled');
    const leave = gate.tryEnter();
    if (leave) return leave;
    for (const [limiter, key] of checks) limiter.cancelFailure(key);
    return refuse(SCRYPT_BUSY_RETRY_AFTER_MS, log, attempt, 'refused: too many at once');
  };

  return {
    async signIn(attempt, log) {
      const { username, address } = attempt;
      const claim = parseDeviceClaim(attempt.deviceCookie);
      const deviceId = claim?.username === username ? claim.deviceId : null;
      const strangerChecks = [
        [byAddress, address],
        [byAccount, username],
      ] as const;
      // Before the first await: a claimed device counts against itself, anyone else against the
      // address and the account. The claim's signature needs the account's hash (read below).
      let leave =
        deviceId === null
          ? admit(strangerChecks, unknownDeviceGate, attempt, log)
          : admit([[byDevice, deviceId]], knownDeviceGate, attempt, log);
      let user;
      try {
        user = await deps.store.findUser(username);
      } catch (error) {
        leave();
        throw error;
      }
      const knownDevice =
        deviceId !== null &&
        user !== null &&
        claim !== null &&
        isGenuineClaim(claim, user.passwordHash, deps.clock());
      if (deviceId !== null && !knownDevice) {
        // A forged or stale claim: from here on a stranger like any other.
        leave();
        leave = admit(strangerChecks, unknownDeviceGate, attempt, log);
      }
      let valid: boolean;
      try {
        valid = await verifyPassword(attempt.password, user?.passwordHash ?? UNKNOWN_USER_HASH);
      } finally {
        leave();
      }
      if (!user || !valid) {
        await recordFailure(deps, attempt, user !== null, log);
        throw new AppError('invalid_credentials', 'Wrong username or password');
      }
      // NOTE: a known device's success clears its own count only: the account's delay and the
      // address's count are what strangers caused, and the organizer signing in must not reset them.
      if (knownDevice) byDevice.recordSuccess(deviceId);
      else {
        byAddress.recordSuccess(address);
        byAccount.recordSuccess(username);
      }
      return {
        user: { username: user.username, role: user.role },
        sessionToken: generateToken(),
        deviceCookie: deviceCookieValue(
          user.passwordHash,
          user.username,
          knownDevice ? deviceId : newDeviceId(),
          deps.clock(),
        ),
      };
    },
  };
}

async function recordFailure(
  deps: SignInDependencies,
  attempt: SignInAttempt,
  userExists: boolean,
  log: SignInLog,
): Promise<void> {
  deps.metrics.failedLogins.inc();
  // Never the password: only who was tried, and from where.
  const details = { username: loggable(attempt.username), address: attempt.address };
  if (!userExists) {
    log.warn(details, 'sign-in failed: no such user');
    return;
  }
  log.warn(details, 'sign-in failed');
  await deps.store.appendAudit({
    actor: details.username,
    action: 'login_failed',
    wheel: null,
    details: { address: attempt.address },
  });
}

function loggable(username: string): string {
  return username.slice(0, LOGGED_USERNAME_MAX_CHARACTERS);
}
