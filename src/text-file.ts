/**
 * Bytes on disk <-> text the transforms edit.
 *
 * A file's UTF-8 BOM is taken off before transforms see the text and put back on write, so no
 * transform can lose it or see it as part of the first token. Line endings are left in the
 * text exactly as found; `eol` records the file's own style so inserted lines can match it.
 */

const BOM = '\ufeff';
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export type LineEnding = '\n' | '\r\n' | '\r';

export interface DecodedText {
  text: string;
  hasBom: boolean;
  eol: LineEnding;
}

export class UndecodableFileError extends Error {}

/** Decodes a file's bytes, refusing binary and non-UTF-8 content with a reason a user can act on. */
export function decodeText(bytes: Uint8Array): DecodedText {
  const sniffLength = Math.min(bytes.length, 8000);
  for (let i = 0; i < sniffLength; i++) {
    if (bytes[i] === 0) throw new UndecodableFileError('binary file (contains NUL bytes)');
  }
  let decoded: string;
  try {
    decoded = strictUtf8.decode(bytes);
  } catch {
    throw new UndecodableFileError('not valid UTF-8 text');
  }
  // TextDecoder drops a leading BOM by default; check the raw bytes instead of the string.
  const hasBom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const text = decoded.startsWith(BOM) ? decoded.slice(1) : decoded;
  return { text, hasBom, eol: detectLineEnding(text) };
}

export function encodeText(text: string, hasBom: boolean): Buffer {
  return Buffer.from(hasBom ? BOM + text : text, 'utf8');
}

/** The style of the file's first line break (as ruff's Stylist does); LF for one-line files. */
export function detectLineEnding(text: string): LineEnding {
  const index = text.search(/[\r\n]/);
  if (index === -1) return '\n';
  if (text[index] === '\n') return '\n';
  return text[index + 1] === '\n' ? '\r\n' : '\r';
}

/** Rewrites the LF line breaks of generated text into the target file's style. */
export function withLineEnding(text: string, eol: LineEnding): string {
  return eol === '\n' ? text : text.replace(/\r?\n/g, eol);
}

/** 1-based line and column (in UTF-16 code units, as editors count them) of an offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10 || (ch === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** The offsets where lines start (after `\n`, `\r\n` or a lone `\r`), as `lineAndColumn` counts them. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10 || (ch === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}

/** The 1-based line of an offset, given `lineStarts(text)`. */
export function lineOf(starts: number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle] <= offset) low = middle;
    else high = middle - 1;
  }
  return low + 1;
}

/** `lineAndColumn(text, offset)` from the text's `lineStarts`, for locating many offsets in one text. */
export function lineAndColumnAt(starts: number[], textLength: number, offset: number): { line: number; column: number } {
  const line = lineOf(starts, Math.min(offset, textLength));
  return { line, column: offset - starts[line - 1] + 1 };
}
