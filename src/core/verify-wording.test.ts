import { describe, expect, it } from 'vitest';
import type { DrawStatus, DrawVerdict } from './verify-published.ts';
import { VERDICT_LABEL, VERDICT_MARK, verificationOutcome, verificationSummary } from './verify-wording.ts';

function verdict(seq: number, status: DrawStatus): DrawVerdict {
  return {
    seq,
    epoch: 1,
    version: 1,
    ticket: `T${seq}`,
    status,
    ok: status === 'verified',
    problem: status === 'verified' ? null : `why ${status}`,
    voided: false,
    redrawOf: null,
    withoutWitness: false,
  };
}

const list = (...statuses: DrawStatus[]) => statuses.map((status, i) => verdict(i + 1, status));

describe('verificationSummary', () => {
  it('calls draws whose seed is not revealed yet pending, never failed', () => {
    const verdicts = list('verified', 'pending', 'pending');
    expect(verificationOutcome(verdicts)).toBe('pending');
    const text = verificationSummary(verdicts, 'verifiable');
    expect(text).toBe('Pending: 2 of 3 draw(s) wait for the reveal of their seed; 1 verified, none failed.');
    expect(text).not.toMatch(/✗|FAIL|not verified/);
  });

  it('reports a failure over pending draws, and counts only the failed ones as failed', () => {
    const verdicts = list('verified', 'failed', 'pending');
    expect(verificationOutcome(verdicts)).toBe('failed');
    expect(verificationSummary(verdicts, 'verifiable')).toBe('Not verified: 1 of 3 draw(s) failed.');
  });

  it('says verified when every draw is, rehearsal draws set apart', () => {
    expect(verificationSummary(list('verified', 'verified'), 'verifiable')).toBe(
      'Verified: all 2 draw(s) follow from the committed seeds and the published lists.',
    );
    const withRehearsal = list('rehearsal', 'verified');
    expect(verificationOutcome(withRehearsal)).toBe('verified');
    expect(verificationSummary(withRehearsal, 'verifiable')).toBe(
      'Verified: all 1 draw(s) follow from the committed seeds and the published lists. 1 rehearsal draw(s) count for nothing.',
    );
  });

  it('has nothing to verify without draws, or with rehearsal draws only', () => {
    expect(verificationOutcome([])).toBe('none');
    expect(verificationSummary([], 'standard')).toBe('No verifiable draws yet (mode: standard).');
    expect(verificationOutcome(list('rehearsal'))).toBe('none');
  });
});

describe('VERDICT_MARK and VERDICT_LABEL', () => {
  it('mark only a failed draw as a failure, on the page and in the terminal', () => {
    expect(VERDICT_MARK).toEqual({ verified: '✓', failed: '✗', pending: '…', rehearsal: 'R' });
    expect(VERDICT_LABEL).toEqual({
      verified: 'ok',
      failed: 'FAIL',
      pending: 'PENDING',
      rehearsal: 'REHEARSAL',
    });
    for (const status of ['verified', 'pending', 'rehearsal'] as const) {
      expect(VERDICT_MARK[status]).not.toBe('✗');
      expect(VERDICT_LABEL[status]).not.toMatch(/fail/i);
    }
  });
});
