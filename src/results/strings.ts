// Every word the results page shows, one table per language. The page picks the first of the
// browser's languages it has (else English) and sets <html lang> to it; dates and numbers are
// formatted with Intl in the browser's own locale.

export interface ResultsStrings {
  title: (event: string) => string;
  loading: string;
  loadFailed: (reason: string) => string;
  notPublished: string;
  published: (when: string, version: number) => string;
  rehearsal: string;
  winnersTitle: string;
  noResults: string;
  place: (place: number) => string;
  ticket: (ticket: string) => string;
  placeOpen: string;
  tookPlaceOfDeclined: string;
  reserves: string;
  quantity: (drawn: number, total: number) => string;
  sponsor: (sponsor: string) => string;
  certificateTitle: string;
  certificateEvent: string;
  certificatePrize: string;
  certificateJson: string;
  certificatePdf: string;
  verifyLink: string;
  checkTitle: string;
  checkLead: string;
  checkLeadPerson: string;
  ticketLabel: string;
  personLabel: string;
  checkButton: string;
  checking: string;
  notInList: (ticket: string) => string;
  notInListPerson: (ticket: string) => string;
  inList: (ticket: string, versions: string) => string;
  wonPlace: (prize: string, place: number) => string;
  reservePlace: (prize: string, rank: number) => string;
  noWin: string;
  tooMany: (seconds: number) => string;
  checkFailed: (reason: string) => string;
}

const en: ResultsStrings = {
  title: (event) => `Results of ${event}`,
  loading: 'Loading…',
  loadFailed: (reason) => `The results could not be loaded: ${reason}`,
  notPublished: 'Nothing is published for this event yet.',
  published: (when, version) => `Participant list version ${version}, published ${when}.`,
  rehearsal: 'A rehearsal is running: its draws are not results and are not shown.',
  winnersTitle: 'Winners',
  noResults: 'No prize has been drawn yet.',
  place: (place) => `${place}.`,
  ticket: (ticket) => `ticket ${ticket}`,
  placeOpen: 'Place open: the winner declined and nobody has taken it yet.',
  tookPlaceOfDeclined: 'took the place of a winner who declined',
  reserves: 'Reserves',
  quantity: (drawn, total) => `${drawn} of ${total} drawn`,
  sponsor: (sponsor) => `Sponsored by ${sponsor}`,
  certificateTitle: 'Draw certificate',
  certificateEvent: 'The whole event',
  certificatePrize: 'This prize',
  certificateJson: 'signed JSON',
  certificatePdf: 'PDF',
  verifyLink: 'Check every draw yourself on the verification page',
  checkTitle: 'Did my ticket take part? Did it win?',
  checkLead: 'Type your ticket. The answer is only about that ticket.',
  checkLeadPerson:
    'Type your ticket and the email address or phone number you registered with. The answer is only about that ticket.',
  ticketLabel: 'Ticket',
  personLabel: 'Email or phone number you registered with',
  checkButton: 'Check',
  checking: 'Checking…',
  notInList: (ticket) => `Ticket ${ticket} is not in the published list.`,
  notInListPerson: (ticket) =>
    `Ticket ${ticket} is not in the published list with that email address or phone number.`,
  inList: (ticket, versions) => `Ticket ${ticket} is in the published list (version ${versions}).`,
  wonPlace: (prize, place) => `It won ${prize} (place ${place}).`,
  reservePlace: (prize, rank) => `It is reserve ${rank} for ${prize}.`,
  noWin: 'It has not won a prize.',
  tooMany: (seconds) => `Too many checks from this connection: try again in ${seconds} s.`,
  checkFailed: (reason) => `The check failed: ${reason}`,
};

const de: ResultsStrings = {
  title: (event) => `Ergebnisse: ${event}`,
  loading: 'Wird geladen…',
  loadFailed: (reason) => `Die Ergebnisse konnten nicht geladen werden: ${reason}`,
  notPublished: 'Für diese Veranstaltung ist noch nichts veröffentlicht.',
  published: (when, version) => `Teilnehmerliste Version ${version}, veröffentlicht ${when}.`,
  rehearsal: 'Eine Probe läuft: ihre Ziehungen sind keine Ergebnisse und werden nicht gezeigt.',
  winnersTitle: 'Gewinner',
  noResults: 'Es wurde noch kein Preis gezogen.',
  place: (place) => `${place}.`,
  ticket: (ticket) => `Los ${ticket}`,
  placeOpen: 'Platz offen: Der Gewinner hat verzichtet, und noch niemand hat den Platz übernommen.',
  tookPlaceOfDeclined: 'rückt für einen Gewinner nach, der verzichtet hat',
  reserves: 'Nachrücker',
  quantity: (drawn, total) => `${drawn} von ${total} gezogen`,
  sponsor: (sponsor) => `Gesponsert von ${sponsor}`,
  certificateTitle: 'Ziehungszertifikat',
  certificateEvent: 'Die ganze Veranstaltung',
  certificatePrize: 'Dieser Preis',
  certificateJson: 'signiertes JSON',
  certificatePdf: 'PDF',
  verifyLink: 'Jede Ziehung selbst prüfen: zur Prüfseite',
  checkTitle: 'War mein Los dabei? Hat es gewonnen?',
  checkLead: 'Geben Sie Ihr Los ein. Die Antwort betrifft nur dieses Los.',
  checkLeadPerson:
    'Geben Sie Ihr Los und die E-Mail-Adresse oder Telefonnummer ein, mit der Sie sich angemeldet haben. Die Antwort betrifft nur dieses Los.',
  ticketLabel: 'Los',
  personLabel: 'E-Mail-Adresse oder Telefonnummer der Anmeldung',
  checkButton: 'Prüfen',
  checking: 'Wird geprüft…',
  notInList: (ticket) => `Los ${ticket} ist nicht in der veröffentlichten Liste.`,
  notInListPerson: (ticket) =>
    `Los ${ticket} ist mit dieser E-Mail-Adresse oder Telefonnummer nicht in der veröffentlichten Liste.`,
  inList: (ticket, versions) => `Los ${ticket} ist in der veröffentlichten Liste (Version ${versions}).`,
  wonPlace: (prize, place) => `Es hat ${prize} gewonnen (Platz ${place}).`,
  reservePlace: (prize, rank) => `Es ist Nachrücker ${rank} für ${prize}.`,
  noWin: 'Es hat keinen Preis gewonnen.',
  tooMany: (seconds) => `Zu viele Prüfungen von dieser Verbindung: bitte in ${seconds} s erneut versuchen.`,
  checkFailed: (reason) => `Die Prüfung ist fehlgeschlagen: ${reason}`,
};

export const RESULTS_STRINGS = { en, de } as const;
export type ResultsLanguage = keyof typeof RESULTS_STRINGS;

/** The first of `preferred` (BCP 47 tags, e.g. navigator.languages) the page has, else English. */
export function pickLanguage(preferred: readonly string[]): ResultsLanguage {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0] ?? '';
    if (Object.hasOwn(RESULTS_STRINGS, base)) return base as ResultsLanguage;
  }
  return 'en';
}
