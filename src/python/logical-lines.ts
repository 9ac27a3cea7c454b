/**
 * Python source split into logical lines without parsing it, for text checks that must decide
 * cheaply whether a file is worth parsing at all. A logical line runs on across brackets and
 * backslash continuations (Python language reference, "Line structure"). Comments are dropped
 * and every string literal is replaced by `""`, so that what is left is code.
 */

export interface LogicalLine {
  /** True when the line starts at column 0: a statement of the module itself (or a syntax error). */
  topLevel: boolean;
  /** The line's code: comments removed, each string literal replaced by `""`, continuations joined. */
  code: string;
}

const SPECIAL = /[#'"\\\n()[\]{}]/g;

/**
 * The logical lines of `text`, or undefined when it ends inside a string or a bracket: then the
 * text is no Python the checks could reason about, and they must assume the worst.
 */
export function logicalLines(text: string): LogicalLine[] | undefined {
  const lines: LogicalLine[] = [];
  let code = '';
  let depth = 0;
  let lineStart = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let at = lineStart;
  const endLine = () => {
    const first = text[lineStart];
    lines.push({ topLevel: first !== ' ' && first !== '\t', code });
    code = '';
  };
  for (;;) {
    SPECIAL.lastIndex = at;
    const match = SPECIAL.exec(text);
    if (!match) break;
    const special = match.index;
    code += text.slice(at, special);
    const char = text[special];
    if (char === '#') {
      const newline = text.indexOf('\n', special);
      at = newline === -1 ? text.length : newline;
    } else if (char === '"' || char === "'") {
      const end = stringEnd(text, special);
      if (end === undefined) return undefined;
      code += '""';
      at = end;
    } else if (char === '\\') {
      // A continuation joins the next line; any other backslash outside a string is an error.
      at = special + 1;
      if (text[at] === '\r') at++;
      if (text[at] === '\n') at++;
      code += ' ';
    } else if (char === '\n') {
      if (depth > 0) {
        code += ' ';
        at = special + 1;
      } else {
        endLine();
        at = lineStart = special + 1;
      }
    } else {
      depth += char === '(' || char === '[' || char === '{' ? 1 : -1;
      code += char;
      at = special + 1;
    }
  }
  if (depth > 0) return undefined;
  code += text.slice(at);
  endLine();
  return lines;
}

/**
 * Where the string literal whose opening quote is at `start` ends (just past its closing quote),
 * or undefined when it does not end. A backslash always takes the next character with it, raw
 * strings included (`r"\""` is one string). A one-quote string that meets a line end is an
 * error; it is taken to end there, which is what the tokenizer reports, not a reason to give up.
 */
function stringEnd(text: string, start: number): number | undefined {
  const quote = text[start];
  const triple = text.startsWith(quote.repeat(3), start);
  const closing = triple ? quote.repeat(3) : quote;
  for (let at = start + closing.length; at < text.length; at++) {
    const char = text[at];
    if (char === '\\') at++;
    else if (!triple && char === '\n') return at;
    else if (text.startsWith(closing, at)) return at + closing.length;
  }
  return undefined;
}
