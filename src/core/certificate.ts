// The signed draw certificate (issue #19; contract "Evidence and privacy"): what the server states
// about an event, or one prize of it, signed with its Ed25519 key. The server builds it
// (services/certificate.ts), the PDF renders it, `prizewheel verify-certificate` checks it. The
// signature covers the RFC 8785 canonical JSON of `certificate` (certificateSignedText), nothing else.
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalJson, sha256Hex, verifySnapshot } from './canonical.ts';
import type { PublicNamesPolicy } from './public-names.ts';
import type { DrawRole, Entry, Prize, WheelSettings } from './types.ts';
import { isSeedHex, seedCommitment } from './verifiable.ts';
import { verifyPublishedDraws, versionsToVerify } from './verify-published.ts';
import type { PublicVerification } from './wire.ts';

export const CERTIFICATE_FORMAT = 'prizewheel-certificate/1';

/** GET /api/signing-key. */
export interface PublicSigningKey {
  algorithm: 'Ed25519';
  /** SPKI, PEM. */
  publicKey: string;
  /** `sha256:` + hex of the DER SPKI. */
  fingerprint: string;
}

/** One published version a certified draw was made on. */
export interface CertificateSnapshot {
  version: number;
  checksum: string;
  entries: number;
  totalWeight: number;
  publishedAt: string;
  /**
   * The checksum the list has with its full names, when the version was published with a policy
   * other than `full` (the public checksum then covers the public names); null otherwise. The same
   * value is in the publish's audit event.
   */
  privateChecksum: string | null;
}

/** A verifiable epoch whose seed (or window) holds a certified draw. The seed is null until revealed. */
export interface CertificateEpoch {
  epoch: number;
  commitment: string;
  witness: string | null;
  seed: string | null;
  version: number | null;
  checksum: string | null;
  revealedAt: string | null;
}

/** What became of a counted draw (the results export adds `voided`). */
export type CertificateWinnerStatus = 'won' | 'declined' | 'reserve' | 'reserve used';

/** One draw that counts (not rehearsal, not voided), in the event's running order. */
export interface CertificateWinner {
  prizeId: string | null;
  seq: number;
  ticket: string;
  /** The public form of the name (publicNameOf). */
  name: string;
  /** Null on draws made without a prize (an ordinary wheel). */
  role: DrawRole | null;
  rank: number | null;
  status: CertificateWinnerStatus;
  /** The seq of the declined winner whose place this draw took, else null. */
  substitutes: number | null;
  version: number;
  drawnAt: string;
}

export interface CertificateDecline {
  prizeId: string | null;
  seq: number;
  ticket: string;
  name: string;
  reason: string;
  at: string;
  /** The draw that took the place (a promoted reserve or a fresh draw); null when nobody could. */
  substitute: { seq: number; ticket: string; name: string } | null;
}

export interface CertificateVoided {
  prizeId: string | null;
  seq: number;
  ticket: string;
  name: string;
  reason: string | null;
  voidedAt: string | null;
}

export interface DrawCertificate {
  format: typeof CERTIFICATE_FORMAT;
  /** `cert-` + 32 hex of the SHA-256 of everything but id and issuedAt: the same facts, the same id. */
  id: string;
  wheel: string;
  /** The prize this certificate is for (`?prize=ID`); null: the whole event. */
  prizeId: string | null;
  /** The wheel's title (its appearance's, else the wheel's). */
  title: string;
  /** ORGANIZER of the server; null when unset. */
  organizer: string | null;
  /** UTC, ISO 8601. */
  issuedAt: string;
  software: { name: 'prizewheel'; version: string; commit: string | null };
  /** The version the first certified draw was made on (the latest one when nothing was drawn). */
  snapshot: CertificateSnapshot;
  /**
   * Every version a certified draw was made on, by version, with the checksum its draws name (one,
   * unless winners were removed as drawn; null for draws recorded before checksums were kept).
   */
  snapshots: Array<{ version: number; checksum: string | null }>;
  /** The rules the wheel's draws follow, as published in `snapshot`. */
  settings: Pick<WheelSettings, 'removeWinners'> & {
    /** What the certificate (and every public page) shows of a name: the policy in force when issued. */
    publicNames: PublicNamesPolicy;
  };
  prizes: Prize[];
  /** The rules in plain words. */
  rules: string[];
  /** Verification epochs holding a certified draw; [] on a standard wheel. */
  epochs: CertificateEpoch[];
  winners: CertificateWinner[];
  declines: CertificateDecline[];
  voided: CertificateVoided[];
  /**
   * Certified draws that came from the organizer's pre-drawn plan. NOTE: a count, not which ones:
   * the draw log's modes stay the organizer's (the public plan says nothing of how a spin was drawn).
   */
  predrawnCount: number;
  /** predrawnCount in plain words. */
  predrawn: string;
  /** The audit chain's newest event when the certificate was issued. */
  auditHead: { id: number; hash: string } | null;
}

/** GET /api/wheels/:slug/certificate. */
export interface SignedCertificate {
  certificate: DrawCertificate;
  /** Base64 Ed25519 signature over certificateSignedText(certificate). */
  signature: string;
  keyFingerprint: string;
}

/** The exact text the signature covers: the RFC 8785 canonical JSON of the certificate. */
export function certificateSignedText(certificate: DrawCertificate): string {
  return canonicalJson(certificate);
}

/**
 * The certificate PDF is signed byte for byte: the server renders it (ending in `%%EOF`), adds a
 * newline when it has none, signs those bytes (the body) with the same Ed25519 key, and appends one
 * last line, a PDF comment readers ignore: `%prizewheel-signature ed25519 <keyFingerprint> <base64>\n`.
 * The signature covers every byte of the file before that last line (so `head -n -1` gives them).
 */
export const PDF_SIGNATURE_PREFIX = '%prizewheel-signature ';
const PDF_SIGNATURE_ALGORITHM = 'ed25519';
const NEWLINE = 0x0a;
const PDF_SIGNATURE_LINE_MAX = 512;

/** The bytes the PDF's signature covers: the rendered PDF, ending in a newline. */
export function pdfSignedBody(rendered: Uint8Array): Uint8Array {
  if (rendered.length > 0 && rendered[rendered.length - 1] === NEWLINE) return rendered;
  const body = new Uint8Array(rendered.length + 1);
  body.set(rendered);
  body[rendered.length] = NEWLINE;
  return body;
}

/** The signed PDF: the body, then its signature line. */
export function appendPdfSignature(body: Uint8Array, keyFingerprint: string, signature: string): Uint8Array {
  const line = utf8ToBytes(
    `${PDF_SIGNATURE_PREFIX}${PDF_SIGNATURE_ALGORITHM} ${keyFingerprint} ${signature}\n`,
  );
  const signed = new Uint8Array(body.length + line.length);
  signed.set(body);
  signed.set(line, body.length);
  return signed;
}

/**
 * A signed PDF split into the body and its signature line's fields, or what is wrong: the line must
 * be the file's last (nothing may follow it, so nothing unsigned can be added after it).
 */
export function splitSignedPdf(
  file: Uint8Array,
): { body: Uint8Array; keyFingerprint: string; signature: string } | { problem: string } {
  const missing = {
    problem: 'not a certificate PDF from prizewheel, or its signature line was removed',
  };
  if (file.length === 0 || file[file.length - 1] !== NEWLINE) return missing;
  const start = file.lastIndexOf(NEWLINE, file.length - 2) + 1;
  if (start === 0) return missing;
  // NOTE: the line is ASCII and short (an Ed25519 signature is 88 base64 characters); a longer last
  // line is a PDF's own content, not decoded.
  if (file.length - 1 - start > PDF_SIGNATURE_LINE_MAX) return missing;
  const line = String.fromCharCode(...file.subarray(start, file.length - 1));
  if (!line.startsWith(PDF_SIGNATURE_PREFIX)) return missing;
  const fields = line.slice(PDF_SIGNATURE_PREFIX.length).split(' ');
  const [algorithm, keyFingerprint, signature] = fields;
  if (
    fields.length !== 3 ||
    algorithm !== PDF_SIGNATURE_ALGORITHM ||
    !/^sha256:[0-9a-f]{64}$/.test(keyFingerprint!) ||
    !/^[A-Za-z0-9+/]+={0,2}$/.test(signature!)
  )
    return {
      problem: `its signature line is not "${PDF_SIGNATURE_PREFIX}${PDF_SIGNATURE_ALGORITHM} <key fingerprint> <base64>"`,
    };
  return { body: file.subarray(0, start), keyFingerprint: keyFingerprint!, signature: signature! };
}

/** The certificate's id: a digest of its facts, without id and issuedAt. */
export function certificateIdOf(certificate: Omit<DrawCertificate, 'id' | 'issuedAt'>): string {
  const facts: Record<string, unknown> = { ...certificate };
  delete facts.id;
  delete facts.issuedAt;
  return `cert-${sha256Hex(canonicalJson(facts)).slice(0, 32)}`;
}

/** "No winner was pre-drawn." and so on: predrawnCount in words, out of the certified winners. */
export function describePredrawn(predrawnCount: number, winnerCount: number): string {
  if (predrawnCount === 0) return 'No winner was pre-drawn: every draw was made at the moment of the spin.';
  const of = `${predrawnCount} of the ${winnerCount} draw${winnerCount === 1 ? '' : 's'} listed`;
  return `${of} ${predrawnCount === 1 ? 'was' : 'were'} pre-drawn by the organizer before the event and disclosed as such in the draw log (mode "predrawn").`;
}

/** The sum of the entries' weights, rounded to 12 significant digits so float noise does not leak into the text. */
export function totalWeightOf(entries: readonly Pick<Entry, 'weight'>[]): number {
  let total = 0;
  for (const entry of entries) total += entry.weight;
  return Number(total.toPrecision(12));
}

/** One finding of checkCertificateAgainstPublished. `unchecked`: the public data does not say. */
export interface CertificateCheck {
  status: 'ok' | 'failed' | 'unchecked';
  what: string;
  problem: string | null;
}

/** The versions a checker fetches (GET …/snapshots/:version) to check a certificate and its verifiable draws. */
export function certificateVersionsToFetch(
  certificate: DrawCertificate,
  published: PublicVerification,
): number[] {
  const versions = new Set(versionsToVerify(published));
  versions.add(certificate.snapshot.version);
  for (const snapshot of certificate.snapshots) versions.add(snapshot.version);
  return [...versions].sort((a, b) => a - b);
}

/**
 * Recomputes what the public data allows (the wheel's GET …/verification and the snapshots fetched
 * for certificateVersionsToFetch, unverified): each stated list exists with that checksum, entry
 * count and total weight; each epoch's commitment, witness and seed; each winner, decline and
 * voided draw against the public program; nothing public is missing from the certificate up to its
 * last draw; every verifiable draw it lists recomputes. The signature is checked elsewhere.
 */
export function checkCertificateAgainstPublished(
  certificate: DrawCertificate,
  published: PublicVerification,
  snapshots: ReadonlyMap<number, unknown>,
): CertificateCheck[] {
  const checks: CertificateCheck[] = [];
  const check = (what: string, problem: string | null) =>
    checks.push({ status: problem === null ? 'ok' : 'failed', what, problem });

  const stated: Array<Pick<CertificateSnapshot, 'version' | 'checksum'> & Partial<CertificateSnapshot>> = [
    certificate.snapshot,
    ...certificate.snapshots.flatMap((snapshot) =>
      snapshot.version === certificate.snapshot.version || snapshot.checksum === null
        ? []
        : [{ version: snapshot.version, checksum: snapshot.checksum }],
    ),
  ];
  for (const snapshot of stated) {
    const fetched = snapshots.get(snapshot.version);
    const what = `list version ${snapshot.version}`;
    if (!verifySnapshot(fetched)) check(what, 'not published, or it fails its checksum');
    else if (fetched.checksum !== snapshot.checksum)
      check(what, `published checksum ${fetched.checksum}, the certificate says ${snapshot.checksum}`);
    else if (snapshot.entries !== undefined && fetched.entries.length !== snapshot.entries)
      check(what, `${fetched.entries.length} entries published, the certificate says ${snapshot.entries}`);
    else if (snapshot.totalWeight !== undefined && totalWeightOf(fetched.entries) !== snapshot.totalWeight)
      check(
        what,
        `total weight ${totalWeightOf(fetched.entries)} published, the certificate says ${snapshot.totalWeight}`,
      );
    else check(what, null);
  }

  const epochs = new Map(published.epochs.map((epoch) => [epoch.epoch, epoch]));
  for (const epoch of certificate.epochs) {
    const what = `epoch ${epoch.epoch}`;
    const publicEpoch = epochs.get(epoch.epoch);
    if (!publicEpoch) check(what, 'not published');
    else if (publicEpoch.commitment !== epoch.commitment)
      check(what, 'its commitment differs from the published one');
    else if (publicEpoch.witness !== epoch.witness) check(what, 'its witness differs from the published one');
    else if (
      epoch.seed !== null &&
      (!isSeedHex(epoch.seed) || seedCommitment(epoch.seed) !== epoch.commitment)
    )
      check(what, 'its seed does not match its commitment');
    else if (epoch.seed !== null && publicEpoch.seed !== null && publicEpoch.seed !== epoch.seed)
      check(what, 'its seed differs from the published one');
    else check(what, null);
  }

  const program = new Map((published.program ?? []).map((draw) => [draw.seq, draw]));
  const epochDraws = new Map(published.draws.map((draw) => [draw.seq, draw]));
  for (const winner of certificate.winners) {
    const what = `draw ${winner.seq} (ticket ${winner.ticket})`;
    const draw = program.get(winner.seq);
    if (winner.prizeId === null) {
      const inEpoch = epochDraws.get(winner.seq);
      if (!inEpoch)
        checks.push({ status: 'unchecked', what, problem: 'an ordinary draw: not in the public data' });
      else if (inEpoch.ticket !== winner.ticket || inEpoch.voided || inEpoch.rehearsal)
        check(what, `published as ticket ${inEpoch.ticket}${inEpoch.voided ? ', voided' : ''}`);
      else check(what, null);
      continue;
    }
    if (!draw) check(what, 'not in the published program');
    else if (draw.rehearsal || draw.voided)
      check(what, `published as ${draw.rehearsal ? 'a rehearsal' : 'voided'}`);
    else if (
      draw.ticket !== winner.ticket ||
      draw.prizeId !== winner.prizeId ||
      draw.role !== winner.role ||
      draw.rank !== winner.rank ||
      draw.substitutes !== winner.substitutes
    )
      check(what, `published as ticket ${draw.ticket}, prize ${draw.prizeId}, ${draw.role} ${draw.rank}`);
    else if (draw.declined !== (winner.status === 'declined'))
      check(what, draw.declined ? 'published as declined' : 'not declined in the published program');
    else check(what, null);
  }
  for (const decline of certificate.declines) {
    const draw = program.get(decline.seq);
    const what = `decline of draw ${decline.seq}`;
    if (!draw?.declined) check(what, 'not declined in the published program');
    else if (draw.declineReason !== decline.reason) check(what, 'its reason differs from the published one');
    else check(what, null);
  }
  for (const voided of certificate.voided) {
    const draw = program.get(voided.seq) ?? epochDraws.get(voided.seq);
    const what = `voided draw ${voided.seq}`;
    if (!draw)
      checks.push({ status: 'unchecked', what, problem: 'an ordinary draw: not in the public data' });
    else check(what, draw.voided ? null : 'not voided in the published data');
  }

  // Nothing public left out: every counted program draw in scope up to the certificate's last draw.
  const listed = new Set([...certificate.winners, ...certificate.voided].map((draw) => draw.seq));
  let lastSeq = 0;
  for (const seq of listed) lastSeq = Math.max(lastSeq, seq);
  const missing = [...program.values()].filter(
    (draw) =>
      !draw.rehearsal &&
      draw.seq <= lastSeq &&
      !listed.has(draw.seq) &&
      (certificate.prizeId === null || draw.prizeId === certificate.prizeId),
  );
  check(
    'completeness',
    missing.length === 0 ? null : `published draws missing: ${missing.map((draw) => draw.seq).join(', ')}`,
  );

  for (const verdict of verifyPublishedDraws(published, snapshots)) {
    if (!listed.has(verdict.seq) || verdict.status === 'rehearsal') continue;
    const what = `verifiable draw ${verdict.seq} (epoch ${verdict.epoch})`;
    if (verdict.status === 'pending')
      checks.push({ status: 'unchecked', what, problem: verdict.problem ?? 'its seed is not revealed yet' });
    else check(what, verdict.status === 'verified' ? null : (verdict.problem ?? 'failed'));
  }
  return checks;
}
