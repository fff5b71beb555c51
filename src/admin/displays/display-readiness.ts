// What the Displays page says about one screen: whether it is still there (a closed screen stops
// reporting and is "gone", whatever its last heartbeat said) and whether it can show a spin now.
import type { DisplayStatus } from '../../core/index.ts';

export interface DisplayReadiness {
  /** The screen stopped reporting (closed, asleep or cut off): its last heartbeat is not the truth. */
  gone: boolean;
  /** The Connection column: the screen's own word while it reports, "gone" once it stopped. */
  connection: string;
  /** Whether a spin started now would turn on this screen. */
  canSpin: boolean;
  /** Why (or why not), in the organizer's words. */
  spinNote: string;
}

export function describeDisplay(
  display: Pick<DisplayStatus, 'stale' | 'outdated' | 'connection' | 'state' | 'version' | 'latestVersion'>,
): DisplayReadiness {
  if (display.stale)
    return { gone: true, connection: 'gone', canSpin: false, spinNote: 'No: the screen stopped reporting' };
  const connection = display.connection;
  if (display.connection === 'offline')
    return { gone: false, connection, canSpin: false, spinNote: 'No: it cannot reach the server' };
  if (display.state === 'spinning')
    return { gone: false, connection, canSpin: true, spinNote: 'Spinning now' };
  if (display.version === null || display.state === 'loading' || display.state === 'empty')
    return { gone: false, connection, canSpin: false, spinNote: 'No: no published list on it yet' };
  if (display.outdated)
    return {
      gone: false,
      connection,
      canSpin: true,
      spinNote: `Yes, after it loads v${display.latestVersion ?? '?'} (it shows v${display.version})`,
    };
  return { gone: false, connection, canSpin: true, spinNote: 'Yes' };
}
