// Errors are values with codes; the app's one error handler maps each code to an HTTP status.

export type ErrorCode =
  | 'invalid_request'
  | 'unauthorized'
  | 'forbidden'
  | 'bad_origin'
  | 'invalid_credentials'
  | 'not_found'
  | 'wheel_not_found'
  | 'not_published'
  | 'wheel_exists'
  | 'outdated_version'
  | 'draft_invalid'
  | 'draft_empty'
  | 'import_conflict'
  | 'invalid_entries'
  | 'payload_too_large'
  | 'unsupported_image'
  | 'too_many_attempts'
  | 'too_many_streams'
  | 'spin_in_progress'
  | 'rate_limited'
  | 'not_ready'
  | 'verifiable_mode'
  | 'plan_not_empty'
  | 'already_voided'
  | 'nothing_to_reveal'
  | 'offline_refused'
  | 'voucher_not_found'
  | 'voucher_used'
  | 'voucher_retired'
  | 'draw_id_taken'
  | 'epoch_open'
  | 'no_open_epoch'
  | 'witness_already_set'
  | 'epoch_has_draws'
  | 'verification_key_mismatch'
  // The event program's draws (issue #18).
  | 'no_prize_selected'
  | 'prize_not_found'
  | 'prize_exhausted'
  | 'no_eligible_entries'
  | 'not_a_winner'
  | 'already_declined'
  | 'internal_error';

export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  invalid_request: 400,
  unauthorized: 401,
  invalid_credentials: 401,
  forbidden: 403,
  bad_origin: 403,
  not_found: 404,
  wheel_not_found: 404,
  not_published: 404,
  wheel_exists: 409,
  outdated_version: 409,
  draft_invalid: 409,
  draft_empty: 409,
  import_conflict: 409,
  invalid_entries: 422,
  payload_too_large: 413,
  unsupported_image: 415,
  too_many_attempts: 429,
  too_many_streams: 429,
  spin_in_progress: 409,
  rate_limited: 429,
  not_ready: 503,
  verifiable_mode: 409,
  plan_not_empty: 409,
  already_voided: 409,
  nothing_to_reveal: 409,
  offline_refused: 403,
  voucher_not_found: 404,
  voucher_used: 409,
  voucher_retired: 409,
  draw_id_taken: 409,
  epoch_open: 409,
  no_open_epoch: 409,
  witness_already_set: 409,
  epoch_has_draws: 409,
  verification_key_mismatch: 500,
  no_prize_selected: 409,
  prize_not_found: 404,
  prize_exhausted: 409,
  no_eligible_entries: 409,
  not_a_winner: 409,
  already_declined: 409,
  internal_error: 500,
};

/**
 * An expected failure. `extra` is merged into the response body next to `error`
 * (e.g. `latestVersion` for outdated_version, `report` for draft_invalid).
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }

  get statusCode(): number {
    return STATUS_BY_CODE[this.code];
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
