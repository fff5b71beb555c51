// A draw made on the display itself, only when the server cannot be reached (mode `offline`): the
// winner is never the display's choice but a server-issued voucher's (core deriveOfflineIndex over
// the voucher's seed and the snapshot checksum), which the server derives again on upload. Only
// the spin's shape (turns, landing fraction) comes from the browser's crypto.getRandomValues, with
// core's planSpinShape, so it runs the same animation as a server plan; it decides nothing.
import {
  deriveOfflineIndex,
  planSpinShape,
  type OfflineDrawUpload,
  type OfflineVoucher,
  type RandomSource,
  type Snapshot,
  type SpinPlan,
} from '../core/index.ts';

const RANDOM_BATCH = 64;

/** crypto.getRandomValues as a RandomSource (batched: a spin takes a handful of words). */
export function createCryptoRandom(cryptoSource: Pick<Crypto, 'getRandomValues'> = crypto): RandomSource {
  const buffer = new Uint32Array(RANDOM_BATCH);
  let next = RANDOM_BATCH;
  return {
    nextUint32() {
      if (next >= RANDOM_BATCH) {
        cryptoSource.getRandomValues(buffer);
        next = 0;
      }
      return buffer[next++]!;
    },
  };
}

/** A random version-4 UUID from the RandomSource (crypto.randomUUID needs a secure context). */
export function randomId(random: RandomSource): string {
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 16; i += 4) {
    const word = random.nextUint32();
    bytes[i] = word >>> 24;
    bytes[i + 1] = (word >>> 16) & 0xff;
    bytes[i + 2] = (word >>> 8) & 0xff;
    bytes[i + 3] = word & 0xff;
  }
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The spin of the voucher's winner on the snapshot it was issued for (the caller checks the version
 * and checksum match), and its upload. The snapshot must have entries.
 */
export function drawFromVoucher(
  random: RandomSource,
  snapshot: Snapshot,
  voucher: OfflineVoucher,
  drawnAt: Date,
  displayId?: string,
): { plan: SpinPlan; draw: OfflineDrawUpload } {
  const targetIndex = deriveOfflineIndex(
    voucher.seed,
    snapshot.checksum,
    snapshot.entries.map((entry) => entry.weight),
  );
  const shape = planSpinShape(random, snapshot.settings);
  const target = snapshot.entries[targetIndex]!;
  const plan: SpinPlan = {
    id: randomId(random),
    wheel: snapshot.wheel,
    version: snapshot.version,
    targetIndex,
    ticket: target.ticket,
    name: target.name,
    rotations: shape.rotations,
    landingFraction: shape.landingFraction,
    durationMs: snapshot.settings.spinDurationMs,
  };
  const draw: OfflineDrawUpload = {
    id: plan.id,
    voucherId: voucher.id,
    version: plan.version,
    rotations: plan.rotations,
    landingFraction: plan.landingFraction,
    durationMs: plan.durationMs,
    drawnAt: drawnAt.toISOString(),
    ...(displayId === undefined ? {} : { displayId }),
  };
  return { plan, draw };
}
