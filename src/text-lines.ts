/**
 * Line arithmetic on text with any line ending (LF, CRLF, CR), shared by every format's edits.
 * Offsets are string indices.
 */

/** The offset where the line holding `offset` starts. */
export function lineStart(text: string, offset: number): number {
  let index = offset;
  while (index > 0 && text[index - 1] !== '\n' && text[index - 1] !== '\r') index--;
  return index;
}

/** The offset of the end of the line holding `offset`, before its line break. */
export function lineEnd(text: string, offset: number): number {
  let index = offset;
  while (index < text.length && text[index] !== '\n' && text[index] !== '\r') index++;
  return index;
}

/** Offset just past the line break that ends the line holding `offset` (or the end of text). */
export function nextLineStart(text: string, offset: number): number {
  let index = lineEnd(text, offset);
  if (text[index] === '\r') index++;
  if (text[index] === '\n') index++;
  return index;
}

/** The start of the line before the one starting at `start`. */
export function previousLineStart(text: string, start: number): number {
  let index = start;
  if (text[index - 1] === '\n') index--;
  if (text[index - 1] === '\r') index--;
  return lineStart(text, index);
}
