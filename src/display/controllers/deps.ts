import type { DisplayEvent, DisplayState } from '../machine/display-machine.ts';
import type { Clock, FetchFunction } from '../net/clock.ts';

/** What every controller of the page is given: the state, a way to change it, time and the network. */
export interface ControllerDeps {
  getState(): DisplayState;
  dispatch(event: DisplayEvent): void;
  clock: Clock;
  fetch: FetchFunction;
}

/** A rejection handler for work the page starts and does not wait for: logged, never thrown. */
export function logFailure(what: string): (error: unknown) => void {
  return (error) => console.error(`prizewheel: ${what} failed`, error);
}
