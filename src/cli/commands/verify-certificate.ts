// prizewheel verify-certificate FILE [--key PUBKEY] [--url URL | --db] — checks a draw certificate
// (the JSON of GET …/certificate, or the PDF of …/certificate.pdf, which carries that JSON attached
// and whose every byte is signed as well: core's splitSignedPdf): its Ed25519 signature over the RFC 8785 canonical JSON of `certificate`, with the public key from
// the --key file (offline), from --url's GET /api/signing-key, or (--db) the server's own key file.
// With --url, what the public data lets anyone recompute (core's checkCertificateAgainstPublished);
// with --db, the same check over the configured database (DATA_DIR / DATABASE_URL, as `prizewheel
// verify`), plus what only the organizer's database holds: the full list's private checksum and the
// audit chain's head. Exit 0 when the signature holds and no check failed, 1 otherwise.
import { readFile, stat } from 'node:fs/promises';
import {
  certificateSignedText,
  certificateVersionsToFetch,
  checkCertificateAgainstPublished,
  CERTIFICATE_FORMAT,
  splitSignedPdf,
  type CertificateCheck,
  type DrawCertificate,
  type SignedCertificate,
} from '../../core/index.ts';
import type { KeyObject } from 'node:crypto';
import { readConfigFromProcess, type Config } from '../../server/config.ts';
import {
  describePublicKey,
  KeyTypeError,
  parsePublicKey,
  verifyBytesSignature,
  verifySignature,
} from '../../server/services/signing-key.ts';
import { checkStoreIntegrity } from '../../server/services/store-integrity.ts';
import { openStore } from '../../server/storage/open-store.ts';
import { toTerminalText } from '../terminal-text.ts';
import { fetchLimitedJson } from './fetch-limited.ts';
import { readPdfAttachment } from './pdf-attachment.ts';
import { httpSource, readSnapshots, storeSource } from './published-source.ts';
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
/** A certificate for 500 winners is a few hundred KB; anything far larger is not one. */
export const CERTIFICATE_FILE_MAX_BYTES = 64 * 1024 * 1024;

/** What a file-system error means, in words (the code kept for searching). */
function fileProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'a folder, not a file';
  if (code === 'EACCES' || code === 'EPERM') return `not readable (${code})`;
  return `cannot be read (${code ?? (error instanceof Error ? error.message : String(error))})`;
}

/**
 * The certificate's JSON text: the file itself, or a PDF's certificate.json attachment (with the PDF's
 * bytes, whose own signature is checked apart); or what is wrong with the file. Never throws for what
 * the file holds.
 */
async function readCertificateText(
  file: string,
): Promise<{ text: string; pdf: Uint8Array | null } | { problem: string; pdf: Uint8Array | null }> {
  let bytes: Buffer;
  try {
    const { size } = await stat(file);
    if (size > CERTIFICATE_FILE_MAX_BYTES)
      return {
        problem: `${size} bytes: a certificate file is at most ${CERTIFICATE_FILE_MAX_BYTES} bytes`,
        pdf: null,
      };
    bytes = await readFile(file);
  } catch (error) {
    return { problem: fileProblem(error), pdf: null };
  }
  if (bytes.subarray(0, PDF_MAGIC.length).toString('latin1') !== PDF_MAGIC)
    return { text: bytes.toString('utf8'), pdf: null };
  let attached: Uint8Array | null;
  try {
    attached = await readPdfAttachment(bytes, ATTACHMENT_NAME);
  } catch {
    return { problem: 'a damaged PDF: its attached certificate.json cannot be read', pdf: bytes };
  }
  if (attached === null) return { problem: `a PDF without an attached ${ATTACHMENT_NAME}`, pdf: bytes };
  return { text: new TextDecoder().decode(attached), pdf: bytes };
}

/** The PDF's own signature (core splitSignedPdf): its line names this key and covers every byte before it. */
function checkPdfSignature(pdf: Uint8Array, publicKey: KeyObject, fingerprint: string): CertificateCheck {
  const split = splitSignedPdf(pdf);
  const failed = (problem: string): CertificateCheck => ({ status: 'failed', what: 'the PDF', problem });
  if ('problem' in split) return failed(split.problem);
  if (split.keyFingerprint !== fingerprint)
    return failed(`its signature line names key ${split.keyFingerprint}, not ${fingerprint}`);
  if (!verifyBytesSignature(publicKey, split.body, split.signature))
    return failed('its bytes do not match its signature: the file was changed after it was signed');
  return { status: 'ok', what: "the PDF's pages (every byte signed)", problem: null };
}

/** The public key of a PEM text; throws naming `where` when it is not an Ed25519 key. */
function publicKeyOf(pem: string, where: string): KeyObject {
  try {
    return parsePublicKey(pem);
  } catch (error) {
    const problem =
      error instanceof KeyTypeError
        ? error.message
        : 'not a PEM public key (GET /api/signing-key answers one)';
    throw new Error(`${where}: ${problem}`);
  }
}

/** The --key file's public key; throws naming the file when it cannot be read or is no Ed25519 key. */
async function readPublicKeyFile(file: string): Promise<KeyObject> {
  let pem: string;
  try {
    pem = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`--key ${file}: ${fileProblem(error)}`);
  }
  return publicKeyOf(pem, `--key ${file}`);
}

/** The text the signature covers, or '' when the document cannot have one (e.g. a number JSON cannot write). */
function signedTextOf(certificate: SignedCertificate['certificate']): string {
  try {
    return certificateSignedText(certificate);
  } catch {
    return '';
  }
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

  let base: URL | null = null;
  if (values.url !== undefined) {
    try {
      base = new URL(values.url);
    } catch {
      throw new UsageError(`--url ${values.url}: not an address (e.g. http://192.168.1.20:8080)`);
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:')
      throw new UsageError(`--url ${values.url}: an http:// or https:// address`);
  }

  // The key first: a PDF's own signature is checked even when its attached JSON cannot be read.
  let publicKey: KeyObject;
  if (values.key !== undefined) publicKey = await readPublicKeyFile(values.key);
  else if (config !== null) publicKey = await readPublicKeyFile(config.signingKeyFile);
  else {
    const served = (await fetchLimitedJson(new URL('/api/signing-key', base!))) as { publicKey?: unknown };
    if (typeof served.publicKey !== 'string')
      throw new Error(`${base!.href}: GET /api/signing-key has no publicKey`);
    publicKey = publicKeyOf(served.publicKey, `GET ${new URL('/api/signing-key', base!).href}`);
  }
  const { fingerprint } = describePublicKey(publicKey);

  const LABEL = { ok: 'ok     ', failed: 'FAIL   ', unchecked: 'UNCHECK' } as const;
  const print = (check: CertificateCheck) =>
    out(`${LABEL[check.status]} ${check.what}${check.problem === null ? '' : `: ${check.problem}`}`);
  const read = await readCertificateText(file);
  const checks: CertificateCheck[] = [];
  if (read.pdf !== null) checks.push(checkPdfSignature(read.pdf, publicKey, fingerprint));
  const parsed = 'problem' in read ? read : parseSignedCertificate(read.text);
  if ('problem' in parsed) {
    checks.forEach(print);
    out(`FAIL    ${file}: ${parsed.problem}`);
    return EXIT_DAMAGE_FOUND;
  }
  const { certificate } = parsed;

  checks.push({
    status: fingerprint === parsed.keyFingerprint ? 'ok' : 'failed',
    what: `key ${fingerprint}`,
    problem:
      fingerprint === parsed.keyFingerprint ? null : `the certificate names key ${parsed.keyFingerprint}`,
  });
  const signatureHolds = verifySignature(publicKey, signedTextOf(certificate), parsed.signature);
  checks.push({
    status: signatureHolds ? 'ok' : 'failed',
    what: 'signature',
    problem: signatureHolds
      ? null
      : 'does not match the certificate: it was changed, or signed with another key',
  });

  if (base !== null) {
    const source = httpSource(base, String(certificate.wheel));
    const published = await source.verification();
    try {
      const snapshots = await readSnapshots(source, certificateVersionsToFetch(certificate, published));
      checks.push(...checkCertificateAgainstPublished(certificate, published, snapshots));
    } catch {
      // NOTE: only a document whose signature fails gets here: the server writes every field.
      checks.push({
        status: 'failed',
        what: 'public data',
        problem: 'not compared: the certificate is not in the form prizewheel writes',
      });
    }
  }
  if (config !== null) checks.push(...(await checkAgainstDatabase(config, certificate)));

  checks.forEach(print);
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
    const source = storeSource(store, wheel);
    const published = await source.verification();
    const snapshots = await readSnapshots(source, certificateVersionsToFetch(certificate, published));
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
