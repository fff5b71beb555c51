import type { SpinPlan } from '../../core/index.ts';
import { parseSpinPlan } from './spin-plan.ts';

export interface WheelEventHandlers {
  /** A new version was published: fetch it now. */
  onSnapshotHint(version: number): void;
  /** A spin plan was decided: every display animates it. */
  onSpin(plan: SpinPlan): void;
  onLanded?(spinId: string, ticket: string): void;
  /** The stream is open again after a drop. */
  onReconnect?(): void;
}

export type EventSourceFactory = (url: string) => EventSource;

function parseJson(data: unknown): unknown {
  if (typeof data !== 'string') return null;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return null;
  }
}

/**
 * Listens to the wheel's Server-Sent Events. EventSource reconnects by itself; a malformed event is
 * logged and skipped. Returns a function that closes the stream.
 */
export function listenToWheelEvents(
  slug: string,
  handlers: WheelEventHandlers,
  createEventSource: EventSourceFactory = (url) => new EventSource(url),
): () => void {
  let source: EventSource;
  try {
    source = createEventSource(`/api/wheels/${encodeURIComponent(slug)}/events`);
  } catch (error) {
    console.warn('prizewheel: no event stream', error);
    return () => {};
  }
  const guard = (name: string, handle: (body: unknown) => void) => (event: Event) => {
    try {
      handle(parseJson((event as MessageEvent).data));
    } catch (error) {
      console.error(`prizewheel: ${name} event handler failed`, error);
    }
  };
  let opened = false;
  source.addEventListener('open', () => {
    if (opened) handlers.onReconnect?.();
    opened = true;
  });
  source.addEventListener(
    'snapshot',
    guard('snapshot', (body) => {
      const version = (body as { version?: unknown } | null)?.version;
      if (typeof version === 'number') handlers.onSnapshotHint(version);
    }),
  );
  source.addEventListener(
    'spin',
    guard('spin', (body) => {
      const plan = parseSpinPlan(body);
      if (plan === null) console.warn('prizewheel: malformed spin event skipped');
      else handlers.onSpin(plan);
    }),
  );
  source.addEventListener(
    'landed',
    guard('landed', (body) => {
      const b = body as { spinId?: unknown; ticket?: unknown } | null;
      if (typeof b?.spinId === 'string' && typeof b.ticket === 'string')
        handlers.onLanded?.(b.spinId, b.ticket);
    }),
  );
  return () => source.close();
}
