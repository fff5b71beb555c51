// The server's secret key files (the certificate signing key, the verification key): read, or made
// on first start with mode 0600. A file that cannot be read or made stops the start with a message
// that names the file, its setting and the reason in words, not a bare system error code.
import { accessSync, constants, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Secret key files, and their copies next to backups: readable by the owner only. */
export const KEY_FILE_MODE = 0o600;

export interface KeyFile {
  /** Where it is. */
  file: string;
  /** What it is, for messages: "the signing key". */
  what: string;
  /** The setting that names it: "SIGNING_KEY_FILE". */
  setting: string;
}

/** The key file's text; when it does not exist, `create()`'s text written there first (0600). */
export function readOrCreateKeyFile(key: KeyFile, create: () => string): string {
  try {
    return readFileSync(key.file, 'utf8');
  } catch (error) {
    if (codeOf(error) !== 'ENOENT') throw keyFileError(key, 'cannot read it', error);
  }
  const folder = dirname(key.file);
  try {
    mkdirSync(folder, { recursive: true });
  } catch (error) {
    throw keyFileError(key, `cannot create its folder ${folder}`, whyNotWritable(folder) ?? error);
  }
  try {
    // NOTE: 'wx' — two processes starting together: the second one reads what the first wrote.
    writeFileSync(key.file, create(), { flag: 'wx', mode: KEY_FILE_MODE });
  } catch (error) {
    if (codeOf(error) !== 'EEXIST') throw keyFileError(key, 'cannot create it', error);
  }
  return readFileSync(key.file, 'utf8');
}

function codeOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

const REASONS: Record<string, string> = {
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of its path is a file, not a folder',
  ENOSPC: 'no space left on the device',
};

function keyFileError(key: KeyFile, doing: string, error: unknown): Error {
  const code = codeOf(error);
  const reason =
    (code !== undefined && REASONS[code]) || (error instanceof Error ? error.message : String(error));
  return new Error(
    `${key.file}: ${doing}: ${reason}${code ? ` (${code})` : ''}. It is ${key.what}: set ${key.setting} ` +
      `to another file, or DATA_DIR to a folder the server may write.`,
    { cause: error },
  );
}

/**
 * Why `folder` cannot be made, from its nearest existing parent. NOTE: a recursive mkdir under a
 * read-only parent reports ENOENT, which would send the reader looking for a missing folder.
 */
function whyNotWritable(folder: string): unknown {
  let parent = folder;
  while (!existsSync(parent) && dirname(parent) !== parent) parent = dirname(parent);
  try {
    accessSync(parent, constants.W_OK);
    return null;
  } catch (error) {
    return error;
  }
}
