// A display's report that its wheel came to rest: recorded once per spin, announced to every
// display, and checked against the plan (another entry, or a duration far off, is logged and counted).
import type { LandedReport } from '../../core/index.ts';
import { AppError } from '../errors.ts';
import type { WheelEventBus } from '../events.ts';
import type { Store } from '../storage/store.ts';

/** A display's measured spin duration further than this from the plan is a warning: the animation
 * ran off its schedule, though it may still have landed right. */
export const SPIN_DURATION_TOLERANCE_MS = 100;

interface WheelCounter {
  inc(labels: { wheel: string }): void;
}

export interface LandingDependencies {
  store: Store;
  events: WheelEventBus;
  metrics: { landingMismatches: WheelCounter; durationWarnings: WheelCounter };
}

/** Where a landing that disagrees with its plan is reported (the request's logger). */
export interface LandingLog {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** Records the landing of spin `spinId`; only the first report of a spin is announced and checked. */
export async function recordLanding(
  deps: LandingDependencies,
  slug: string,
  spinId: string,
  report: LandedReport,
  actor: string,
  log: LandingLog,
): Promise<void> {
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
