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

/**
 * Presenter link id → label for the wheels where one of these actors is a presenter link, revoked
 * links included (the logs outlive them). Nothing is read when none is.
 */
export async function loadPresenterLabels(
  store: Pick<Store, 'listPresenterKeys'>,
  acts: Iterable<{ wheel: string | null; actor: string }>,
): Promise<Map<string, string>> {
  const wheels = new Set<string>();
  for (const { wheel, actor } of acts)
    if (wheel !== null && actor.startsWith(PRESENTER_ACTOR_PREFIX)) wheels.add(wheel);
  const labels = new Map<string, string>();
  for (const wheel of wheels) {
    for (const key of await store.listPresenterKeys(wheel, { includeRevoked: true }))
      labels.set(key.id, key.label);
  }
  return labels;
}
