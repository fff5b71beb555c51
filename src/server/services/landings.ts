// A display's report that its wheel came to rest: recorded once per spin, announced to every
// display, and checked against the plan (another entry, or a duration far off, is logged and counted).
import type { LandedReport } from '../../core/index.ts';
import { AppError } from '../errors.ts';
import type { WheelEventBus } from '../events.ts';
import type { StoredDraw } from '../storage/draw-store.ts';
import type { Store } from '../storage/store.ts';
import type { SpinReceipts } from './spin-receipts.ts';

/** A display's measured spin duration further than this from the plan is a warning: the animation
 * ran off its schedule, though it may still have landed right. */
export const SPIN_DURATION_TOLERANCE_MS = 100;

interface WheelCounter {
  inc(labels: { wheel: string }): void;
}

export interface LandingDependencies {
  store: Store;
  receipts: SpinReceipts;
  events: WheelEventBus;
  metrics: { landingMismatches: WheelCounter; durationWarnings: WheelCounter };
}

/** Where a landing that disagrees with its plan is reported (the request's logger). */
export interface LandingLog {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** Who sends a landing report. */
export interface LandingReporter {
  /** An admin may report any spin's landing. */
  isAdmin: boolean;
  /** The caller's presenter identity on this wheel (as recorded in startedBy), or null. */
  presenter: string | null;
  /** The display the report comes from, when it says. */
  displayId: string | null;
  /** Whether the request carried any credential (no credential and no display: 401). */
  hasCredential: boolean;
}

/**
 * Records the landing of spin `spinId`; only the first report of a spin is announced and checked.
 * Accepted from an admin, the presenter or display that started the spin, or a display that
 * received it; anyone else is refused and nothing is recorded.
 */
export async function recordLanding(
  deps: LandingDependencies,
  slug: string,
  spinId: string,
  report: LandedReport,
  reporter: LandingReporter,
  log: LandingLog,
): Promise<void> {
  const draw = await deps.store.findDraw(slug, spinId);
  if (!draw) throw new AppError('not_found', `No spin ${spinId} on wheel ${slug}`);
  if (!mayReportLanding(deps.receipts, slug, draw, reporter)) {
    if (!reporter.hasCredential && reporter.displayId === null)
      throw new AppError('unauthorized', 'Sign in, or open the wheel with its presenter link');
    throw new AppError(
      'forbidden',
      'Only the presenter or screen that started this spin, or a screen that received it, may report its landing',
    );
  }
  const actor = reporter.presenter ?? `display:${reporter.displayId ?? 'unknown'}`;
  const landed = await deps.store.recordLanded(slug, spinId, report, { actor });
  if (!landed) throw new AppError('not_found', `No spin ${spinId} on wheel ${slug}`);
  if (!landed.firstReport) return;
  deps.events.publish(slug, { type: 'landed', data: { spinId, ticket: landed.ticket } });
  if (report.landedIndex !== landed.targetIndex) {
    deps.metrics.landingMismatches.inc({ wheel: slug });
    log.error(
      { wheel: slug, spinId, ...report, targetIndex: landed.targetIndex },
      'display landed on another entry',
    );
  }
  if (Math.abs(report.durationMs - landed.plannedDurationMs) > SPIN_DURATION_TOLERANCE_MS) {
    deps.metrics.durationWarnings.inc({ wheel: slug });
    log.warn(
      { wheel: slug, spinId, durationMs: report.durationMs, plannedDurationMs: landed.plannedDurationMs },
      'spin duration off the plan',
    );
  }
}

function mayReportLanding(
  receipts: SpinReceipts,
  slug: string,
  draw: StoredDraw,
  reporter: LandingReporter,
): boolean {
  if (reporter.isAdmin) return true;
  if (reporter.presenter !== null && reporter.presenter === draw.startedBy) return true;
  const displayId = reporter.displayId;
  if (displayId === null) return false;
  return displayId === draw.displayId || receipts.wasReceived(slug, draw.id, displayId);
}
