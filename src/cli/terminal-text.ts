// Text from data (participant names, tickets, wheel titles, messages from a server or a file) made
// safe to print on a terminal: an escape sequence in a name must not move the cursor, rewrite
// earlier lines, retitle the window or plant a link.
/* eslint-disable no-control-regex -- matching control characters is what this module is for */

/** Escape sequences as a whole (CSI, OSC, DCS/SOS/PM/APC strings, two-character escapes; 7- and 8-bit). */
const ESCAPE_SEQUENCES = [
  /\u001b\[[0-?]*[ -/]*[@-~]/g, // CSI
  /\u009b[0-?]*[ -/]*[@-~]/g, // 8-bit CSI
  /(?:\u001b[\]PX^_]|[\u0090\u0098\u009d\u009e\u009f])[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?/g, // OSC, DCS, SOS, PM, APC
  /\u001b[ -/]*[0-~]/g, // other escapes (ESC 7, ESC c, ESC ( B…)
];
/** C0 and C1 controls and DEL, but tab and line feed. */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** The text without terminal control characters and escape sequences; tabs and line feeds stay. */
export function toTerminalText(text: string): string {
  let clean = text;
  for (const sequence of ESCAPE_SEQUENCES) clean = clean.replace(sequence, '');
  return clean.replace(CONTROL_CHARACTERS, '');
}

/**
 * JSON for the terminal: the same document, with the C1 controls JSON.stringify leaves as they are
 * written as \u escapes (C0 controls are escaped by JSON.stringify already).
 */
export function toTerminalJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    /[\u007f-\u009f]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
