import { startDisplay } from './app.ts';
import { createBrowserClock } from './net/clock.ts';
import { readPageParams } from './page-params.ts';

// The wheel page: /wheel/:slug[?key=…][&diagnostics=1]. Everything is wired in app.ts with the
// page's own fetch, clock and randomness; tests inject theirs.
window.addEventListener('unhandledrejection', (event) => {
  console.error('prizewheel: unhandled rejection', event.reason);
});
startDisplay(readPageParams(window.location), {
  fetch: (input, init) => window.fetch(input, init),
  clock: createBrowserClock(),
  random: Math.random,
  // Absent outside a secure context (plain-HTTP LAN addresses): the page then has no offline shell.
  ...('serviceWorker' in navigator ? { serviceWorker: navigator.serviceWorker } : {}),
});
