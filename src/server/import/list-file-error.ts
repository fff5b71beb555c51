import type { FileErrorCode } from '../../core/index.ts';

/** A problem with the whole file, found while reading it; becomes the report's `fileError`. */
export class ListFileError extends Error {
  constructor(
    readonly code: FileErrorCode,
    message: string,
  ) {
    super(message);
  }
}
