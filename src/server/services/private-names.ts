// The full names behind a wheel's public ones (settings.publicNames other than `full`): only for
// answers to the presenter and the admin. Every public surface (snapshot, event stream,
// spins/current, the program read without presenter rights, /verify) carries what the snapshot
// and the draw log hold: the public form. A draw records the name its snapshot published; its
// full name is that version's full name at the draw's targetIndex (snapshot_private_names).
import type { BatchPlace, SpinPlan } from '../../core/index.ts';
import type { Store, StoredDraw } from '../storage/store.ts';

/** The full name of entry `index` of `version`, or null when that version was published with `full`. */
export type FullNameLookup = (version: number, index: number) => Promise<string | null>;

/** A lookup that reads each version's full names once. */
export function fullNameLookup(store: Pick<Store, 'readPrivateNames'>, slug: string): FullNameLookup {
  const byVersion = new Map<number, Promise<string[] | null>>();
  return async (version, index) => {
    let names = byVersion.get(version);
    if (names === undefined) {
      names = store.readPrivateNames(slug, version).then((found) => found?.names ?? null);
      byVersion.set(version, names);
    }
    return (await names)?.[index] ?? null;
  };
}

/** The presenter's spin answer: the plan with each winner's and reserve's full name. A new object: the event keeps the public one. */
export async function withFullNames(lookup: FullNameLookup, plan: SpinPlan): Promise<SpinPlan> {
  const name = (await lookup(plan.version, plan.targetIndex)) ?? plan.name;
  if (plan.batch === undefined) return { ...plan, name };
  const batch: BatchPlace[] = [];
  for (const place of plan.batch)
    batch.push({ ...place, name: (await lookup(plan.version, place.targetIndex)) ?? place.name });
  return { ...plan, name, batch };
}

/** A draw (program draw or stored one) with its full name: presenter and admin answers. */
export async function drawWithFullName<D extends { version: number; targetIndex: number; name: string }>(
  lookup: FullNameLookup,
  draw: D,
): Promise<D> {
  return { ...draw, name: (await lookup(draw.version, draw.targetIndex)) ?? draw.name };
}

/** The draw log as the admin reads it: each draw with its full name. */
export async function drawsWithFullNames(
  store: Pick<Store, 'readPrivateNames'>,
  slug: string,
  draws: readonly StoredDraw[],
): Promise<StoredDraw[]> {
  const lookup = fullNameLookup(store, slug);
  const named: StoredDraw[] = [];
  for (const draw of draws) named.push(await drawWithFullName(lookup, draw));
  return named;
}
