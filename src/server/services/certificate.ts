// The draw certificate (issue #19 req. 2): gathers what the server can state about a wheel's draws
// (or one prize's), in the event's running order, and signs it. Rehearsal draws are left out; voided
// draws are listed apart; declines carry their reason and who took the place. Public: names are in
// their public form (publicNameOf) and nothing from the draft is read.
import {
  CERTIFICATE_FORMAT,
  certificateIdOf,
  certificateSignedText,
  describePredrawn,
  totalWeightOf,
  type CertificateDecline,
  type CertificateEpoch,
  type CertificateSnapshot,
  type CertificateVoided,
  type CertificateWinner,
  type DrawCertificate,
  type Prize,
  type SignedCertificate,
  type Snapshot,
  type PublicNamesPolicy,
  type WheelSettings,
  publicNameNow,
  DEFAULT_PUBLIC_NAMES,
} from '../../core/index.ts';
import type { BuildInfo } from '../build-info.ts';
import { AppError } from '../errors.ts';
import type { StoredDraw, Store } from '../storage/store.ts';
import { createStatusOf, orderDrawsByPrize } from './results-export.ts';
import type { SigningKey } from './signing-key.ts';
import type { SnapshotReader } from './snapshot-reader.ts';
import { toPublicVerification } from './verification.ts';

export interface CertificateDependencies {
  store: Store;
  snapshots: SnapshotReader;
  signingKey: SigningKey;
  clock: () => Date;
  organizer: string | undefined;
  buildInfo: () => BuildInfo;
}

/** Everything buildCertificate needs, already read. */
export interface CertificateSources {
  wheel: string;
  prizeId: string | null;
  title: string;
  organizer: string | null;
  issuedAt: string;
  software: BuildInfo;
  /** The latest intact snapshot (its prizes give the running order). */
  latest: Snapshot;
  /**
   * Intact versions the certificate needs besides the latest: the version of the first certified
   * draw, and those holding a drawn prize the latest no longer has (wantedVersions). Others are
   * named by the checksum their draws recorded, not read (removeWinners makes one per winner).
   */
  drawnSnapshots: ReadonlyMap<number, Snapshot>;
  /** The wheel's whole draw log, any order. */
  draws: readonly StoredDraw[];
  /** Public epochs and, per seq, the epoch holding the draw. */
  epochs: readonly CertificateEpoch[];
  epochOfSeq: ReadonlyMap<number, number>;
  auditHead: { id: number; hash: string } | null;
  /** The private checksum of each version published with a policy other than `full` (snapshot_private_names). */
  privateChecksums: ReadonlyMap<number, string>;
}

/** What the certificate says of the names it lists, per policy. */
const NAMES_RULE: Record<PublicNamesPolicy, string> = {
  full: 'Names are listed in full, as in the published list.',
  masked:
    'Names are masked (e.g. "Ana L."); the full list is covered by its own checksum, stated with the list.',
  ticket:
    'Names are left out: each winner is listed by ticket; the full list is covered by its own checksum.',
  label: "Names are the list's label column (e.g. a nickname); the full list is covered by its own checksum.",
};

/** Rules that hold on every wheel, and those a prize's fields add, in plain words. */
function describeRules(settings: WheelSettings, prizes: readonly Prize[]): string[] {
  const rules = [
    'Every winner is drawn by the server with a cryptographic random source, each entry weighted by its weight (weight / total weight).',
    'Rehearsal draws count for nothing and are not listed; voided draws count for nothing and are listed apart.',
  ];
  if (settings.removeWinners)
    rules.push('A winner is removed from the list for the next draws (a new version is published).');
  if (prizes.length > 0)
    rules.push(
      'One person (all tickets of one person) wins a prize at most once; a person holding a prize is out of the other prizes unless that prize allows previous winners.',
      "A winner who declines keeps nothing: the batch's first unused reserve takes the place, else a fresh draw from the prize's eligible entries.",
    );
  for (const prize of prizes) {
    const parts = [
      `${prize.quantity} winner${prize.quantity === 1 ? '' : 's'}`,
      `${prize.batchSize} per press`,
      `${prize.reserves} reserve${prize.reserves === 1 ? '' : 's'} per batch`,
      prize.groups === null ? 'open to every group' : `open to groups: ${prize.groups.join(', ')}`,
      prize.allowPreviousWinners ? 'previous winners allowed' : 'previous winners excluded',
    ];
    rules.push(`Prize "${prize.name}" (${prize.id}): ${parts.join('; ')}.`);
  }
  return rules;
}

function describeSnapshot(snapshot: Snapshot, privateChecksum: string | null): CertificateSnapshot {
  return {
    version: snapshot.version,
    checksum: snapshot.checksum,
    entries: snapshot.entries.length,
    totalWeight: totalWeightOf(snapshot.entries),
    publishedAt: snapshot.publishedAt,
    privateChecksum,
  };
}

/** The version of the earliest draw (by seq), or null. */
function firstDrawnVersion(draws: readonly StoredDraw[]): number | null {
  let first: StoredDraw | null = null;
  for (const draw of draws) if (first === null || draw.seq < first.seq) first = draw;
  return first?.version ?? null;
}

/** The certified draws of a wheel's log (rehearsal left out; one prize's with prizeId). */
function certifiedDraws(draws: readonly StoredDraw[], prizeId: string | null): StoredDraw[] {
  return draws.filter((draw) => !draw.rehearsal && (prizeId === null || draw.prizeId === prizeId));
}

/** The versions buildCertificate reads besides the latest (see CertificateSources.drawnSnapshots). */
export function wantedVersions(
  draws: readonly StoredDraw[],
  prizeId: string | null,
  latest: Snapshot,
): number[] {
  const certified = certifiedDraws(draws, prizeId);
  const wanted = new Set<number>();
  const first = firstDrawnVersion(certified);
  if (first !== null) wanted.add(first);
  const running = new Set((latest.prizes ?? []).map((prize) => prize.id));
  const formerSeen = new Set<string>();
  for (const draw of certified)
    if (draw.prizeId !== null && !running.has(draw.prizeId) && !formerSeen.has(draw.prizeId)) {
      formerSeen.add(draw.prizeId);
      wanted.add(draw.version);
    }
  wanted.delete(latest.version);
  return [...wanted];
}

/** The certificate, unsigned. Pure: every input is in `sources`. */
export function buildCertificate(sources: CertificateSources): DrawCertificate {
  const draws = certifiedDraws(sources.draws, sources.prizeId);
  const running = (sources.latest.prizes ?? []).map((prize) => prize.id);
  const ordered = orderDrawsByPrize(draws, running);
  const statusOf = createStatusOf(draws);
  // NOTE: each draw recorded its list's public name; the policy in force now may hide more of it.
  const policy = sources.latest.settings.publicNames ?? DEFAULT_PUBLIC_NAMES;
  const nameOf = (draw: StoredDraw) => publicNameNow(draw, policy);

  const counted = ordered.filter((draw) => !draw.voided);
  const winners: CertificateWinner[] = counted.map((draw) => ({
    prizeId: draw.prizeId,
    seq: draw.seq,
    ticket: draw.ticket,
    name: nameOf(draw),
    role: draw.role,
    rank: draw.rank,
    status: statusOf(draw) as CertificateWinner['status'],
    substitutes: draw.substitutes,
    version: draw.version,
    drawnAt: draw.createdAt,
  }));
  const substituteOf = new Map<number, StoredDraw>();
  for (const draw of counted) if (draw.substitutes !== null) substituteOf.set(draw.substitutes, draw);
  const declines: CertificateDecline[] = counted.flatMap((draw) => {
    if (draw.declined === null) return [];
    const substitute = substituteOf.get(draw.seq);
    return [
      {
        prizeId: draw.prizeId,
        seq: draw.seq,
        ticket: draw.ticket,
        name: nameOf(draw),
        reason: draw.declined.reason,
        at: draw.declined.at,
        substitute:
          substitute === undefined
            ? null
            : { seq: substitute.seq, ticket: substitute.ticket, name: nameOf(substitute) },
      },
    ];
  });
  const voided: CertificateVoided[] = ordered
    .filter((draw) => draw.voided)
    .map((draw) => ({
      prizeId: draw.prizeId,
      seq: draw.seq,
      ticket: draw.ticket,
      name: nameOf(draw),
      reason: draw.voidReason,
      voidedAt: draw.voidedAt,
    }));

  const snapshotOf = (version: number) =>
    version === sources.latest.version ? sources.latest : sources.drawnSnapshots.get(version);
  const checksumOf = new Map<number, string | null>();
  for (const draw of [...draws].sort((a, b) => a.seq - b.seq))
    if (!checksumOf.get(draw.version))
      checksumOf.set(draw.version, draw.checksum ?? snapshotOf(draw.version)?.checksum ?? null);
  const snapshots = [...checksumOf]
    .map(([version, checksum]) => ({ version, checksum }))
    .sort((a, b) => a.version - b.version);
  const firstVersion = firstDrawnVersion(draws);
  const first = firstVersion === null ? undefined : snapshotOf(firstVersion);
  const described = first ?? sources.latest;
  const snapshot = describeSnapshot(described, sources.privateChecksums.get(described.version) ?? null);
  // The latest version's prizes in running order, then any drawn prize it no longer has, as it was.
  const allPrizes = [...(sources.latest.prizes ?? [])];
  for (const draw of draws) {
    if (draw.prizeId === null || allPrizes.some((prize) => prize.id === draw.prizeId)) continue;
    const former = snapshotOf(draw.version)?.prizes?.find((prize) => prize.id === draw.prizeId);
    if (former) allPrizes.push(former);
  }
  const prizes =
    sources.prizeId === null ? allPrizes : allPrizes.filter((prize) => prize.id === sources.prizeId);
  const epochNumbers = new Set(draws.flatMap((draw) => sources.epochOfSeq.get(draw.seq) ?? []));
  const predrawnCount = counted.filter((draw) => draw.mode === 'predrawn').length;

  const facts: Omit<DrawCertificate, 'id' | 'issuedAt'> = {
    format: CERTIFICATE_FORMAT,
    wheel: sources.wheel,
    prizeId: sources.prizeId,
    title: sources.title,
    organizer: sources.organizer,
    software: { name: 'prizewheel', version: sources.software.version, commit: sources.software.commit },
    snapshot,
    snapshots,
    settings: { removeWinners: (first ?? sources.latest).settings.removeWinners, publicNames: policy },
    prizes,
    rules: [...describeRules((first ?? sources.latest).settings, prizes), NAMES_RULE[policy]],
    epochs: sources.epochs.filter((epoch) => epochNumbers.has(epoch.epoch)),
    winners,
    declines,
    voided,
    predrawnCount,
    predrawn: describePredrawn(predrawnCount, counted.length),
    auditHead: sources.auditHead,
  };
  return { ...facts, id: certificateIdOf(facts), issuedAt: sources.issuedAt };
}

/** Reads a wheel's sources and builds its certificate; 404 wheel_not_found, 404 not_published, 404 prize_not_found. */
export async function issueCertificate(
  deps: CertificateDependencies,
  slug: string,
  prizeId: string | null,
): Promise<SignedCertificate> {
  const { store, snapshots } = deps;
  const wheel = await store.getWheel(slug);
  if (!wheel) throw new AppError('wheel_not_found', `No wheel named ${slug}`);
  const latest = await snapshots.readLatest(slug);
  if (!latest) throw new AppError('not_published', `Nothing is published on wheel ${slug}`);
  const [draws, storedVerification, appearance, audit] = await Promise.all([
    store.listDraws(slug),
    store.getVerification(slug),
    store.getAppearance(slug),
    store.queryAuditEvents({ limit: 1 }),
  ]);
  // NOTE: the public view from the draws read above (readPublicVerification would read them again).
  const verification = toPublicVerification(slug, storedVerification, draws);
  if (
    prizeId !== null &&
    !(latest.snapshot.prizes ?? []).some((prize) => prize.id === prizeId) &&
    !draws.some((draw) => draw.prizeId === prizeId)
  )
    throw new AppError('prize_not_found', `Wheel ${slug} has no prize ${JSON.stringify(prizeId)}`);

  const drawnSnapshots = new Map<number, Snapshot>();
  for (const version of wantedVersions(draws, prizeId, latest.snapshot)) {
    const read = await snapshots.readVersion(slug, version);
    if (read) drawnSnapshots.set(version, read.snapshot);
  }
  const privateChecksums = new Map<number, string>();
  for (const version of new Set([latest.snapshot.version, ...drawnSnapshots.keys()])) {
    const found = await store.readPrivateNames(slug, version);
    if (found) privateChecksums.set(version, found.privateChecksum);
  }
  const head = audit[0];
  const certificate = buildCertificate({
    wheel: slug,
    prizeId,
    // The title the screens show (appearance), else the wheel's own.
    title: appearance.title.trim() === '' ? wheel.title : appearance.title,
    organizer: deps.organizer ?? null,
    issuedAt: deps.clock().toISOString(),
    software: deps.buildInfo(),
    latest: latest.snapshot,
    drawnSnapshots,
    draws,
    epochs: verification.epochs.map((epoch) => ({
      epoch: epoch.epoch,
      commitment: epoch.commitment,
      witness: epoch.witness,
      seed: epoch.seed,
      version: epoch.version,
      checksum: epoch.checksum,
      revealedAt: epoch.revealedAt,
    })),
    epochOfSeq: new Map(verification.draws.map((draw) => [draw.seq, draw.epoch])),
    auditHead: head ? { id: head.id, hash: head.hash } : null,
    privateChecksums,
  });
  return {
    certificate,
    signature: deps.signingKey.sign(certificateSignedText(certificate)),
    keyFingerprint: deps.signingKey.fingerprint,
  };
}
