// The in-process event bus behind the SSE stream. One instance serves one process; a
// PostgreSQL LISTEN/NOTIFY relay can later publish into it to fan out across instances.
import { EventEmitter } from 'node:events';
import type { SpinPlan, WheelAppearance } from '../core/index.ts';

export type WheelEvent =
  | { type: 'snapshot'; data: { version: number } }
  // startedAt: when the server recorded the draw (the same instant spins/current reports), so every
  // screen can start the animation at the same moment; the plan itself stays the contract's plan.
  | { type: 'spin'; data: SpinPlan; startedAt: string }
  | { type: 'landed'; data: { spinId: string; ticket: string } }
  | { type: 'appearance'; data: WheelAppearance }
  // The open epoch's commitment changed (mode switched, seed revealed): null when none is open.
  | { type: 'verification'; data: { commitment: string | null } };

export type WheelEventListener = (event: WheelEvent) => void;

export interface WheelEventBus {
  publish(wheel: string, event: WheelEvent): void;
  /** Returns the function that unsubscribes. */
  subscribe(wheel: string, listener: WheelEventListener): () => void;
  /** Every wheel's events (caches that must forget a wheel's latest version); returns the unsubscribe. */
  subscribeAll(listener: (wheel: string, event: WheelEvent) => void): () => void;
  listenerCount(wheel: string): number;
}

const ALL_WHEELS = Symbol('all wheels');

export function createWheelEventBus(): WheelEventBus {
  const emitter = new EventEmitter();
  // Every open display holds one listener; the default cap of 10 is a leak warning, not a limit.
  emitter.setMaxListeners(0);
  const channel = (wheel: string) => `wheel:${wheel}`;
  return {
    publish(wheel, event) {
      emitter.emit(channel(wheel), event);
      emitter.emit(ALL_WHEELS, wheel, event);
    },
    subscribe(wheel, listener) {
      emitter.on(channel(wheel), listener);
      return () => emitter.off(channel(wheel), listener);
    },
    subscribeAll(listener) {
      emitter.on(ALL_WHEELS, listener);
      return () => emitter.off(ALL_WHEELS, listener);
    },
    listenerCount(wheel) {
      return emitter.listenerCount(channel(wheel));
    },
  };
}
