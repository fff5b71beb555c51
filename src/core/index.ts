// The public entry of core: the only module the server, display, admin and CLI import from core.
export * from './types.ts';
export * from './report.ts';
export * from './canonical.ts';
export * from './geometry.ts';
export * from './random.ts';
export * from './spin.ts';
export * from './diff.ts';
export * from './participants.ts';
export * from './verifiable.ts';
export * from './verify-published.ts';
export * from './verify-wording.ts';
export * from './appearance.ts';
export * from './spreadsheet-export.ts';
export * from './wire.ts';
export * from './event-program.ts';
export * from './prizes.ts';
