// What the storage contract suites share: an audit entry by the admin, and a list of plain entries.
import type { Entry } from '../../../core/index.ts';
import type { AuditInput } from '../store.ts';

export function audit(action: string, wheel: string | null = null): AuditInput {
  return { actor: 'admin', action, wheel, details: {} };
}

/** `count` entries T1, T2, … of weight 1. */
export function entriesOf(count: number): Entry[] {
  return Array.from({ length: count }, (_, i) => ({
    ticket: `T${i + 1}`,
    name: `Person ${i + 1}`,
    weight: 1,
  }));
}
