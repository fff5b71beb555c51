// The words for verification verdicts, shared by the /verify page and `prizewheel verify-draws`, so
// both say the same thing: a draw whose epoch's seed is not revealed yet is pending (neither a
// mark of failure nor FAIL), and only a failed draw reads as one.
import type { DrawStatus, DrawVerdict } from './verify-published.ts';

/** What a list of verdicts adds up to: `none` when there is nothing to verify. */
export type VerificationOutcome = 'verified' | 'pending' | 'failed' | 'none';

/** The page's mark per draw. */
export const VERDICT_MARK: Readonly<Record<DrawStatus, string>> = Object.freeze({
  verified: '✓',
  failed: '✗',
  pending: '…',
  rehearsal: 'R',
});

/** The CLI's first column per draw (padded by the CLI). */
export const VERDICT_LABEL: Readonly<Record<DrawStatus, string>> = Object.freeze({
  verified: 'ok',
  failed: 'FAIL',
  pending: 'PENDING',
  rehearsal: 'REHEARSAL',
});

/**
 * Failed wins over pending, pending over verified; rehearsal draws count for nothing (a list of
 * only rehearsal draws has nothing to verify).
 */
export function verificationOutcome(verdicts: readonly DrawVerdict[]): VerificationOutcome {
  if (verdicts.every((verdict) => verdict.status === 'rehearsal')) return 'none';
  if (verdicts.some((verdict) => verdict.status === 'failed')) return 'failed';
  if (verdicts.some((verdict) => verdict.status === 'pending')) return 'pending';
  return 'verified';
}

/** One sentence for the whole list, the same on the page and in the terminal. */
export function verificationSummary(verdicts: readonly DrawVerdict[], mode: string): string {
  const count = (status: DrawStatus): number =>
    verdicts.filter((verdict) => verdict.status === status).length;
  const total = verdicts.length - count('rehearsal');
  const rehearsals =
    count('rehearsal') === 0 ? '' : ` ${count('rehearsal')} rehearsal draw(s) count for nothing.`;
  switch (verificationOutcome(verdicts)) {
    case 'none':
      return `No verifiable draws yet (mode: ${mode}).${rehearsals}`;
    case 'failed':
      return `Not verified: ${count('failed')} of ${total} draw(s) failed.${rehearsals}`;
    case 'pending':
      return `Pending: ${count('pending')} of ${total} draw(s) wait for the reveal of their seed; ${count('verified')} verified, none failed.${rehearsals}`;
    case 'verified':
      return `Verified: all ${total} draw(s) follow from the committed seeds and the published lists.${rehearsals}`;
  }
}
