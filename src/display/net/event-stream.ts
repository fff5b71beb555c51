import type { SpinPlan } from '../../core/index.ts';
import type { Clock } from './clock.ts';
import { BACKOFF_MAX_MS, POLL_INTERVAL_MS } from './poller.ts';
import { parseSpinPlan } from './spin-plan.ts';

export interface WheelEventHandlers {
  /** A new version was published: fetch it now. */
  onSnapshotHint(version: number): void;
  /**
   * A spin plan was decided: every display animates it. `startedAtMs` is when the server started
   * it (its own clock, ms since the epoch), or null when the event does not say.
   */
  onSpin(plan: SpinPlan, startedAtMs: number | null): void;
  onLanded?(spinId: string, ticket: string): void;
  /** The wheel's title, logo or offline policy changed (the body is untrusted: check it). */
  onAppearance?(body: unknown): void;
  /** The open epoch's commitment changed, or a spin carried one (the body is untrusted: check it). */
  onVerification?(body: unknown): void;
  /** The event program changed (stage, rehearsal, draws): `revision` names the new state. */
  onProgram?(revision: string): void;
  /** The stream is open again after a drop. */
  onReconnect?(): void;
  /** The stream opened (true) or dropped (false): shown on the page for people debugging a screen. */
  onStreamState?(open: boolean): void;
  /**
   * An event arrived (its name), before its handler runs: the stream delivers. An open stream that
   * never calls this is silent (a proxy that buffers it); keep-alive comments do not count.
   */
  onEventReceived?(name: string): void;
}

export type EventSourceFactory = (url: string) => EventSource;

/** EventSource.CLOSED: the browser gave up on the stream (an HTTP error or a wrong content type). */
const EVENT_SOURCE_CLOSED = 2;

function parseJson(data: unknown): unknown {
  if (typeof data !== 'string') return null;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return null;
  }
}

/**
 * Listens to the wheel's Server-Sent Events. EventSource reconnects by itself after a network drop
 * (at the server's `retry:` pace); after an HTTP error (a proxy's 502 during a restart) the browser
 * gives up for good, so the stream is opened anew after a backoff (5 s doubling to 60 s). A malformed
 * event is logged and skipped. Returns a function that closes the stream.
 */
export function listenToWheelEvents(
  slug: string,
  handlers: WheelEventHandlers,
  options: { createEventSource?: EventSourceFactory; clock?: Clock; displayId?: string } = {},
): () => void {
  const createEventSource = options.createEventSource ?? ((url: string) => new EventSource(url));
  const clock = options.clock;
  // The display names itself: the server then accepts its landing report of any spin the stream carried.
  const displayQuery =
    options.displayId === undefined ? '' : `?displayId=${encodeURIComponent(options.displayId)}`;
  const url = `/api/wheels/${encodeURIComponent(slug)}/events${displayQuery}`;
  let source: EventSource | null = null;
  let reopenTimer: unknown = null;
  let reopenDelayMs = POLL_INTERVAL_MS;
  let opened = false;
  let closed = false;

  const guard = (name: string, handle: (body: unknown) => void) => (event: Event) => {
    try {
      handlers.onEventReceived?.(name);
      handle(parseJson((event as MessageEvent).data));
    } catch (error) {
      console.error(`prizewheel: ${name} event handler failed`, error);
    }
  };

  const open = (): void => {
    reopenTimer = null;
    if (closed) return;
    let current: EventSource;
    try {
      current = createEventSource(url);
    } catch (error) {
      console.warn('prizewheel: no event stream', error);
      return;
    }
    source = current;
    current.addEventListener('open', () => {
      handlers.onStreamState?.(true);
      reopenDelayMs = POLL_INTERVAL_MS;
      if (opened) handlers.onReconnect?.();
      opened = true;
    });
    current.addEventListener('error', () => {
      handlers.onStreamState?.(false);
      if (current.readyState !== EVENT_SOURCE_CLOSED || closed || clock === undefined) return;
      if (source !== current || reopenTimer !== null) return;
      current.close();
      reopenTimer = clock.setTimeout(open, reopenDelayMs);
      reopenDelayMs = Math.min(BACKOFF_MAX_MS, reopenDelayMs * 2);
    });
    current.addEventListener(
      'snapshot',
      guard('snapshot', (body) => {
        const version = (body as { version?: unknown } | null)?.version;
        if (typeof version === 'number') handlers.onSnapshotHint(version);
      }),
    );
    current.addEventListener(
      'spin',
      guard('spin', (body) => {
        const plan = parseSpinPlan(body);
        if (plan === null) return console.warn('prizewheel: malformed spin event skipped');
        const startedAt = (body as { startedAt?: unknown }).startedAt;
        const startedAtMs = typeof startedAt === 'string' ? Date.parse(startedAt) : NaN;
        const commitment = (body as { commitment?: unknown }).commitment;
        if (typeof commitment === 'string') handlers.onVerification?.({ commitment });
        handlers.onSpin(plan, Number.isFinite(startedAtMs) ? startedAtMs : null);
      }),
    );
    current.addEventListener(
      'landed',
      guard('landed', (body) => {
        const b = body as { spinId?: unknown; ticket?: unknown } | null;
        if (typeof b?.spinId === 'string' && typeof b.ticket === 'string')
          handlers.onLanded?.(b.spinId, b.ticket);
      }),
    );
    current.addEventListener(
      'appearance',
      guard('appearance', (body) => handlers.onAppearance?.(body)),
    );
    current.addEventListener(
      'program',
      guard('program', (body) => {
        const revision = (body as { revision?: unknown } | null)?.revision;
        if (typeof revision === 'string') handlers.onProgram?.(revision);
        else console.warn('prizewheel: malformed program event skipped');
      }),
    );
    current.addEventListener(
      'verification',
      guard('verification', (body) => handlers.onVerification?.(body)),
    );
  };

  open();
  return () => {
    closed = true;
    if (reopenTimer !== null) clock?.clearTimeout(reopenTimer);
    source?.close();
  };
}
