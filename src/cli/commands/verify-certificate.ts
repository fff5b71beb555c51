// prizewheel verify-certificate FILE [--key PUBKEY] [--url URL | --db] — checks a draw certificate
// (the JSON of GET …/certificate, or the PDF of …/certificate.pdf, which carries that JSON attached):
// its Ed25519 signature over the RFC 8785 canonical JSON of `certificate`, with the public key from
// the --key file (offline), from --url's GET /api/signing-key, or (--db) the server's own key file.
// With --url, what the public data lets anyone recompute (core's checkCertificateAgainstPublished);
// with --db, the same check over the configured database (DATA_DIR / DATABASE_URL, as `prizewheel
// verify`), plus what only the organizer's database holds: the full list's private checksum and the
// audit chain's head. Exit 0 when the signature holds and no check failed, 1 otherwise.
import { readFile } from 'node:fs/promises';
import {
  certificateSignedText,
  certificateVersionsToFetch,
  checkCertificateAgainstPublished,
  CERTIFICATE_FORMAT,
  type CertificateCheck,
  type DrawCertificate,
  type PublicVerification,
  type SignedCertificate,
} from '../../core/index.ts';
import { readConfigFromProcess, type Config } from '../../server/config.ts';
import { describePublicKey, parsePublicKey, verifySignature } from '../../server/services/signing-key.ts';
import { createSnapshotReader } from '../../server/services/snapshot-reader.ts';
import { checkStoreIntegrity } from '../../server/services/store-integrity.ts';
import { readPublicVerification } from '../../server/services/verification.ts';
import { openStore } from '../../server/storage/open-store.ts';
import { toTerminalText } from '../terminal-text.ts';
import { fetchLimitedJson } from './fetch-limited.ts';
import { readPdfAttachment } from './pdf-attachment.ts';
import { EXIT_DAMAGE_FOUND, EXIT_OK, parseCommandArgs, UsageError } from './shared.ts';

/** The file's signed certificate, or a message saying what is wrong with it. */
export function parseSignedCertificate(text: string): SignedCertificate | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: 'not JSON' };
  }
  const signed = value as Partial<SignedCertificate> | null;
  if (typeof signed !== 'object' || signed === null) return { problem: 'not a JSON object' };
  if (typeof signed.signature !== 'string') return { problem: 'no "signature" string' };
  if (typeof signed.keyFingerprint !== 'string') return { problem: 'no "keyFingerprint" string' };
  const certificate = signed.certificate as Partial<SignedCertificate['certificate']> | undefined;
  if (typeof certificate !== 'object' || certificate === null) return { problem: 'no "certificate" object' };
  if (certificate.format !== CERTIFICATE_FORMAT)
    return { problem: `"certificate.format" is not ${CERTIFICATE_FORMAT}` };
  return signed as SignedCertificate;
}

const PDF_MAGIC = '%PDF-';
const ATTACHMENT_NAME = 'certificate.json';

/** The certificate's JSON text: the file itself, or a PDF's certificate.json attachment. */
async function readCertificateText(file: string): Promise<string> {
  const bytes = await readFile(file);
  if (bytes.subarray(0, PDF_MAGIC.length).toString('latin1') !== PDF_MAGIC) return bytes.toString('utf8');
  const attached = await readPdfAttachment(bytes, ATTACHMENT_NAME);
  return attached === null ? '' : new TextDecoder().decode(attached);
}

export async function verifyCertificateCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    key: { type: 'string' },
    url: { type: 'string' },
    db: { type: 'boolean' },
  });
  const [file, ...rest] = positionals;
  if (!file || rest.length > 0) throw new UsageError('verify-certificate takes exactly one FILE');
  if (values.url !== undefined && values.db === true)
    throw new UsageError('verify-certificate takes --url URL or --db, not both');
  if (values.key === undefined && values.url === undefined && values.db !== true)
    throw new UsageError(
      "verify-certificate needs --key PUBKEY (a PEM file), --url URL (the server) or --db (this server's database)",
    );
  const config = values.db === true ? readConfigFromProcess() : null;
  const out = (line: string) => process.stdout.write(`${toTerminalText(line)}\n`);

  const parsed = parseSignedCertificate(await readCertificateText(file));
  if ('problem' in parsed) {
    out(`FAIL    ${file}: ${parsed.problem}`);
    return EXIT_DAMAGE_FOUND;
  }
  const { certificate } = parsed;
  const base = values.url === undefined ? null : new URL(values.url);

  let keyPem: string;
  if (values.key !== undefined) keyPem = await readFile(values.key, 'utf8');
  else if (config !== null) keyPem = await readFile(config.signingKeyFile, 'utf8');
  else {
    const served = (await fetchLimitedJson(new URL('/api/signing-key', base!))) as { publicKey?: unknown };
    if (typeof served.publicKey !== 'string')
      throw new Error(`${base!.href}: GET /api/signing-key has no publicKey`);
    keyPem = served.publicKey;
  }
  const publicKey = parsePublicKey(keyPem);
  const { fingerprint } = describePublicKey(publicKey);
  const checks: CertificateCheck[] = [];
  checks.push({
    status: fingerprint === parsed.keyFingerprint ? 'ok' : 'failed',
    what: `key ${fingerprint}`,
    problem:
      fingerprint === parsed.keyFingerprint ? null : `the certificate names key ${parsed.keyFingerprint}`,
  });
  const signatureHolds = verifySignature(publicKey, certificateSignedText(certificate), parsed.signature);
  checks.push({
    status: signatureHolds ? 'ok' : 'failed',
    what: 'signature',
    problem: signatureHolds
      ? null
      : 'does not match the certificate: it was changed, or signed with another key',
  });

  if (base !== null) {
    const wheelUrl = new URL(`/api/wheels/${encodeURIComponent(certificate.wheel)}/`, base);
    const published = (await fetchLimitedJson(new URL('verification', wheelUrl))) as PublicVerification;
    const versions = certificateVersionsToFetch(certificate, published);
    const snapshots = new Map(
      await Promise.all(
        versions.map(
          async (version) =>
            [
              version,
              await fetchLimitedJson(new URL(`snapshots/${version}`, wheelUrl)).catch(() => null),
            ] as const,
        ),
      ),
    );
    checks.push(...checkCertificateAgainstPublished(certificate, published, snapshots));
  }
  if (config !== null) checks.push(...(await checkAgainstDatabase(config, certificate)));

  const LABEL = { ok: 'ok     ', failed: 'FAIL   ', unchecked: 'UNCHECK' } as const;
  for (const check of checks)
    out(`${LABEL[check.status]} ${check.what}${check.problem === null ? '' : `: ${check.problem}`}`);
  const failed = checks.filter((check) => check.status === 'failed').length;
  out(
    failed === 0
      ? `Valid: certificate ${certificate.id} (${certificate.wheel}${certificate.prizeId === null ? '' : `, prize ${certificate.prizeId}`}) is signed by ${fingerprint}${base === null && config === null ? ' (signature only; add --url to check it against the public data, or --db on the server)' : ''}.`
      : `Not valid: ${failed} check(s) failed.`,
  );
  return failed === 0 ? EXIT_OK : EXIT_DAMAGE_FOUND;
}

/**
 * The certificate against the configured database: the public check over the same data the server
 * would publish, then the full list's private checksum and the audit chain's head as stored.
 */
async function checkAgainstDatabase(
  config: Config,
  certificate: DrawCertificate,
): Promise<CertificateCheck[]> {
  const store = await openStore(config);
  try {
    const wheel = certificate.wheel;
    const published = await readPublicVerification(store, wheel);
    const reader = createSnapshotReader(store, { error: () => undefined });
    const snapshots = new Map<number, unknown>();
    for (const version of certificateVersionsToFetch(certificate, published))
      snapshots.set(version, (await reader.readVersion(wheel, version))?.snapshot ?? null);
    const checks = checkCertificateAgainstPublished(certificate, published, snapshots);
    const check = (what: string, problem: string | null) =>
      checks.push({ status: problem === null ? 'ok' : 'failed', what, problem });

    const { version, privateChecksum } = certificate.snapshot;
    const stored = await store.readPrivateNames(wheel, version);
    const storedChecksum = stored?.privateChecksum ?? null;
    check(
      `full-name checksum of list version ${version}`,
      (privateChecksum ?? null) === storedChecksum
        ? null
        : `the database holds ${storedChecksum ?? 'none'}, the certificate says ${privateChecksum ?? 'none'}`,
    );

    const { damage } = await checkStoreIntegrity(store);
    check(
      'database integrity (snapshot checksums, full names, audit chain)',
      damage.length === 0 ? null : damage.join('; '),
    );
    if (certificate.auditHead === null) check('audit chain head', null);
    else {
      const { id, hash } = certificate.auditHead;
      const [event] = await store.queryAuditEvents({ before: id + 1, limit: 1 });
      check(
        `audit chain head (event ${id})`,
        event?.id !== id
          ? 'no such event in the database'
          : event.hash !== hash
            ? `the database's event has hash ${event.hash}`
            : null,
      );
    }
    return checks;
  } finally {
    await store.close();
  }
}
