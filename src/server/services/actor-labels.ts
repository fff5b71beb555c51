// Who did something, as people know them: a presenter link acts as `presenter-key:<id>` (stored in
// the draw log and the audit log, never the key itself), and every screen shows it by its label.
import type { Store } from '../storage/store.ts';

const PRESENTER_ACTOR_PREFIX = 'presenter-key:';

/** The actor a presenter link acts as (spins, declines, landings, rate limits). */
export function presenterActor(keyId: string): string {
  return `${PRESENTER_ACTOR_PREFIX}${keyId}`;
}

/** Who started a draw or wrote an event: a presenter link by its label, a user by name. */
export function describeActor(actor: string, presenterLabels: ReadonlyMap<string, string>): string {
  if (!actor.startsWith(PRESENTER_ACTOR_PREFIX)) return actor;
  const label = presenterLabels.get(actor.slice(PRESENTER_ACTOR_PREFIX.length));
  return label !== undefined ? `${label} (presenter link)` : 'an unknown presenter link';
}

/** Presenter link id → label for these wheels, revoked links included (the logs outlive them). */
export async function loadPresenterLabels(
  store: Pick<Store, 'listPresenterKeys'>,
  wheels: Iterable<string>,
): Promise<Map<string, string>> {
  const labels = new Map<string, string>();
  for (const wheel of new Set(wheels)) {
    for (const key of await store.listPresenterKeys(wheel, { includeRevoked: true }))
      labels.set(key.id, key.label);
  }
  return labels;
}

/** Whether any of these actors is a presenter link (so its labels are worth loading). */
export function isPresenterActor(actor: string): boolean {
  return actor.startsWith(PRESENTER_ACTOR_PREFIX);
}
