/**
 * Text from the target (file names, file contents, values quoted in findings) as it may be shown
 * on a terminal: control characters escaped, never raw. A file named `\x1b[2J.py`, or a string
 * literal holding an escape sequence, could otherwise clear the screen or recolour and hide lines
 * of a diff under review; a lone CR returns to the start of the line and overwrites it, and the
 * bidirectional overrides of "Trojan Source" reorder what is shown.
 *
 * Escaped: C0 controls but tab and line feed, a CR that does not end a line, DEL, C1 controls,
 * and the bidirectional embeddings, overrides and isolates (U+202A-202E, U+2066-2069), as `\xNN`
 * or `\uNNNN`. Our own colours are added after this, so they are the only escape sequences shown.
 */

const UNPRINTABLE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;
const UNPRINTABLE_IN_LINE = /[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

/** Text of several lines (a diff line, a snippet): tabs, line feeds and a CR before a line feed or at the end stay. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (char, offset: number) => {
    if (char === '\r' && (offset === text.length - 1 || text[offset + 1] === '\n')) return char;
    return escape(char);
  });
}

/** Text that must stay on one line (a path, a message): tabs and line breaks are escaped too. */
export function printableLine(text: string): string {
  return text.replace(UNPRINTABLE_IN_LINE, escape);
}

/** JSON escapes what JSON.stringify leaves raw (DEL, C1, bidirectional controls): the same document, safe to print. */
export function printableJson(json: string): string {
  return json.replace(/[\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function escape(char: string): string {
  const code = char.charCodeAt(0);
  if (char === '\t') return '\\t';
  if (char === '\n') return '\\n';
  if (char === '\r') return '\\r';
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}
