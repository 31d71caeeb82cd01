/**
 * One line of plain text from a value someone else chose (a title from config/
 * or Zendesk, a name, Zendesk's error text): for terminals, diagnostics and
 * fenced code blocks. render/inert.ts builds GitLab's escaping on top of it.
 * Pure; imports nothing.
 */

/** Shown where a value had a line break, so a reviewer sees that it had one. */
export const LINE_BREAK_MARK = '⏎';

/**
 * Terminal escape sequences, removed whole so no `[31m` is left behind
 * (ECMA-48 §5: CSI, then parameters, intermediates and a final byte; OSC,
 * DCS, SOS, PM and APC strings up to their terminator). A string without its
 * terminator is not removed whole: only its introducer goes, and what follows
 * stays visible rather than hiding the rest of the value.
 */
const ESCAPE_SEQUENCE = /(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]|(?:\x1b[\]PX^_]|[\x90\x98\x9d-\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)|\x1b[ -/]*[0-~]/g;
/** Line breaks of every kind, including those only some renderers honour (VT, FF, NEL, U+2028/9). */
const LINE_BREAK = /\r\n|[\n\r\v\f\x85\u2028\u2029]/g;
/**
 * Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069):
 * invisible, they make text display in another order than it is stored, so
 * "delete" could read as something else ("Trojan Source", CVE-2021-42574).
 * The plain marks LRM/RLM/ALM only nudge neutral characters and are kept.
 */
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/g;
/** C0 (tabs and newlines included: they were handled above), DEL and C1. */
const CONTROL = /[\x00-\x1f\x7f-\x9f]/g;

/**
 * One line of plain text: escape sequences and control characters removed,
 * line breaks shown as "⏎", tabs as a space. For terminal output of any value
 * from config/ or Zendesk (a title holding `\x1b[2J` must not clear the
 * reviewer's screen, nor `\x1b]8;;` plant a link), and for lines inside fenced
 * code blocks, where GitLab renders nothing but a line break could still fake
 * a diff line.
 */
export function plainText(text: string): string {
  return text
    .replace(ESCAPE_SEQUENCE, '')
    .replace(BIDI_CONTROL, '')
    .replace(LINE_BREAK, LINE_BREAK_MARK)
    .replace(/\t/g, ' ')
    .replace(CONTROL, '');
}

