// The randomness of every real draw: the operating system's CSPRNG through node:crypto.
import { randomFillSync } from 'node:crypto';
import type { RandomSource } from '../../core/index.ts';

const BUFFERED_VALUES = 256;

/** A RandomSource over crypto.randomFillSync, refilled a buffer at a time (a syscall per 256 draws). */
export function createCryptoRandom(): RandomSource {
  const buffer = new Uint32Array(BUFFERED_VALUES);
  let next = BUFFERED_VALUES;
  return {
    nextUint32() {
      if (next === BUFFERED_VALUES) {
        randomFillSync(buffer);
        next = 0;
      }
      return buffer[next++] as number;
    },
  };
}
