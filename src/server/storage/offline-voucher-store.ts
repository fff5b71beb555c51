// The offline-voucher part of the Store: single-use seeds issued to one presenter for one published
// version. An offline draw is recorded only by using one (DrawRequest.offline), so a display never
// chooses a winner: the voucher's seed and the snapshot checksum do (core deriveOfflineIndex).
export interface OfflineVoucher {
  id: string;
  wheel: string;
  /** The actor it was issued to: `presenter-key:<id>` or a user name. */
  holder: string;
  /** The display the presenter named when asking, null when none. */
  displayId: string | null;
  /** 64 lowercase hex: the holder's secret until used. */
  seed: string;
  version: number;
  checksum: string;
  issuedAt: string;
  usedAt: string | null;
  drawId: string | null;
  retiredAt: string | null;
}

export interface OfflineVoucherIssue {
  holder: string;
  displayId: string | null;
  /** How many unused vouchers the holder should hold for the latest version. */
  count: number;
  /** A fresh id and seed (node:crypto), made by the caller. */
  newVoucher(): { id: string; seed: string };
}

export interface OfflineVoucherStore {
  /**
   * One transaction: retires the holder's unused vouchers for older versions, keeps the unused ones
   * for the latest version and tops them up to `count` (audited when anything changed). Asking
   * again answers the same vouchers. Throws AppError wheel_not_found, not_published.
   */
  issueOfflineVouchers(slug: string, issue: OfflineVoucherIssue): Promise<OfflineVoucher[]>;
  /** The voucher of this wheel with this id, in any state; null when unknown. */
  findOfflineVoucher(slug: string, id: string): Promise<OfflineVoucher | null>;
}
