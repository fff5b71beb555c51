// First start: the admin user and the demo wheel, so a fresh install shows a wheel at once.
import { NEW_WHEEL_SETTINGS, type DraftEntry } from '../../core/index.ts';
import { isAppError } from '../errors.ts';
import type { Store } from '../storage/store.ts';
import { publishDraft } from './publishing.ts';
import { generatePassword, hashPassword } from './secrets.ts';

export const ADMIN_USERNAME = 'admin';
export const DEFAULT_WHEEL_SLUG = 'default';
const SYSTEM_ACTOR = 'system';

/** A generated admin password on its own line of stdout (no banner: a test app, or a start that failed). */
export function printGeneratedAdminPassword(password: string): void {
  process.stdout.write(`Admin password (shown once): ${password}\n`);
}

/** Creates `admin` when there are no users; hands a generated password to `announce` exactly once. */
export async function ensureAdminUser(
  store: Store,
  password: string | undefined,
  announce: (generatedPassword: string) => void,
): Promise<void> {
  if ((await store.countUsers()) > 0) return;
  const chosen = password ?? generatePassword();
  const passwordHash = await hashPassword(chosen);
  // NOTE: announced before it is stored: a crash in between means a new password is generated and
  // announced on the next start (server/main.ts prints it at once if the start then fails).
  if (password === undefined) announce(chosen);
  try {
    await store.createUser(
      { username: ADMIN_USERNAME, role: 'admin', passwordHash },
      {
        actor: SYSTEM_ACTOR,
        action: 'create_user',
        wheel: null,
        details: { username: ADMIN_USERNAME, generatedPassword: password === undefined },
      },
    );
  } catch (error) {
    // Another instance starting on the same database created it first.
    if ((await store.countUsers()) > 0) return;
    throw error;
  }
}

const DEMO_NAMES = [
  'Ana Lima',
  'Kenji Watanabe',
  'Amara Okafor',
  'Lukas Müller',
  'Sofía Hernández',
  'Priya Raghunathan',
  'Mateus Oliveira',
  'Chloé Dubois',
  'Oluwaseun Adeyemi',
  'Ingrid Johansson',
  'Nguyễn Thị Hoa',
  'Rafael Costa',
  'Zainab Al-Farsi',
  'Mikhail Petrov',
  'Aoife Ní Bhriain',
  'Diego Ramírez',
  'Fatima Zahra Benali',
  'Jakub Nowak',
  'Mei-Ling Chen',
  'Tomás Ó Súilleabháin',
  'Leilani Kahale',
  'Ahmet Yılmaz',
  'Siobhan Murphy',
  'Arjun Mehta',
  'Eleni Papadopoulou',
  'Kwame Mensah',
  'Hannah Schmidt',
  'Yuki Tanaka',
  'Gabriel Martins',
  'Amélie Laurent',
  'Chukwuemeka Eze',
  'Astrid Nilsen',
  'Isabella Rossi',
  'Omar Haddad',
  'Min-jun Park',
  'Lucía Fernández',
  'Sipho Ndlovu',
  'Anja Kowalczyk',
  'Tariq Rahman',
  'Camille Moreau',
  'João Pereira',
  'Ayşe Demir',
  'Ravi Shankar',
  'Olga Ivanova',
  'Mariana Souza',
  'Björn Eriksson',
  'Nia Williams',
  'Hiroshi Sato',
  'Carmen Vidal',
  'Emeka Obi',
];

export function demoEntries(): DraftEntry[] {
  return DEMO_NAMES.map((name, index) => ({ ticket: String(index + 1).padStart(4, '0'), name, weight: 1 }));
}

/**
 * Whether a wheel still holds the demo: `default`, at most its demo version published, and the
 * draft is exactly the demo list (the admin then opens on the first-draw checklist).
 */
export async function isDemoWheel(
  store: Pick<Store, 'getDraft'>,
  wheel: { slug: string; latestVersion: number | null; draftEntries: number },
): Promise<boolean> {
  if (wheel.slug !== DEFAULT_WHEEL_SLUG || (wheel.latestVersion ?? 0) > 1) return false;
  if (wheel.draftEntries !== DEMO_NAMES.length) return false;
  const draft = await store.getDraft(wheel.slug);
  if (!draft) return false;
  const demo = demoEntries();
  return draft.entries.every(
    (entry, index) => entry.ticket === demo[index]?.ticket && entry.name === demo[index]?.name,
  );
}

/**
 * Makes sure the wheel `default` exists (the contract says it always does). With `withDemo`, a
 * fresh `default` gets ~50 sample participants published as version 1.
 */
export async function ensureDefaultWheel(store: Store, withDemo: boolean, now: Date): Promise<void> {
  const audit = { actor: SYSTEM_ACTOR, wheel: DEFAULT_WHEEL_SLUG };
  if (await store.getWheel(DEFAULT_WHEEL_SLUG)) {
    // A first start interrupted between creating the wheel and publishing the demo finishes it now.
    if (
      withDemo &&
      (await store.latestVersion(DEFAULT_WHEEL_SLUG)) === null &&
      (await store.getDraft(DEFAULT_WHEEL_SLUG))?.entries.length === 0
    ) {
      await seedDemo(store, now);
    }
    return;
  }
  try {
    await store.createWheel(
      {
        slug: DEFAULT_WHEEL_SLUG,
        title: withDemo ? 'Demo wheel' : 'Wheel',
        settings: { ...NEW_WHEEL_SETTINGS },
      },
      {
        ...audit,
        action: 'create_wheel',
        details: { title: withDemo ? 'Demo wheel' : 'Wheel', demo: withDemo },
      },
    );
  } catch (error) {
    // Another instance starting on the same database created it first, and seeds it.
    if (isAppError(error) && error.code === 'wheel_exists') return;
    throw error;
  }
  if (withDemo) await seedDemo(store, now);
}

async function seedDemo(store: Store, now: Date): Promise<void> {
  const audit = { actor: SYSTEM_ACTOR, wheel: DEFAULT_WHEEL_SLUG };
  const entries = demoEntries();
  await store.replaceDraftEntries(DEFAULT_WHEEL_SLUG, entries, {
    ...audit,
    action: 'replace_entries',
    details: { entries: entries.length, source: 'demo' },
  });
  try {
    await publishDraft(store, DEFAULT_WHEEL_SLUG, SYSTEM_ACTOR, now);
  } catch (error) {
    // Another instance seeding at the same time published version 1 first (a unique violation).
    if ((await store.latestVersion(DEFAULT_WHEEL_SLUG)) !== null) return;
    throw error;
  }
}
