import fp from 'fastify-plugin';
import type { RandomSource } from '../../core/index.ts';
import { createWheelEventBus, type WheelEventBus } from '../events.ts';
import type { readParticipantList } from '../import/index.ts';
import type { SeedVault } from '../services/seed-vault.ts';
import type { SigningKey } from '../services/signing-key.ts';
import { createSpinReceipts, type SpinReceipts } from '../services/spin-receipts.ts';

export type ParticipantListReader = typeof readParticipantList;

declare module 'fastify' {
  interface FastifyInstance {
    events: WheelEventBus;
    /** The randomness of draws: node:crypto in production, seeded in tests. */
    random: RandomSource;
    clock: () => Date;
    readParticipantList: ParticipantListReader;
    /** Seals and unseals verifiable seeds with the verification key file's key. */
    seedVault: SeedVault;
    /** Signs draw certificates (the key file's Ed25519 key). */
    signingKey: SigningKey;
    /** Which displays received which spin (they may report its landing), per server instance. */
    spinReceipts: SpinReceipts;
  }
}

export interface ServicesOptions {
  events?: WheelEventBus;
  random: RandomSource;
  clock: () => Date;
  readParticipantList: ParticipantListReader;
  seedVault: SeedVault;
  signingKey: SigningKey;
}

export const servicesPlugin = fp<ServicesOptions>(
  async (fastify, options) => {
    fastify.decorate('events', options.events ?? createWheelEventBus());
    fastify.decorate('random', options.random);
    fastify.decorate('clock', options.clock);
    fastify.decorate('readParticipantList', options.readParticipantList);
    fastify.decorate('seedVault', options.seedVault);
    fastify.decorate('signingKey', options.signingKey);
    fastify.decorate('spinReceipts', createSpinReceipts());
  },
  { name: 'services' },
);
