/**
 * A Snowflake SQL lexer for setup and deploy scripts.
 *
 * No npm SQL parser reads these scripts: each one tried fails on `GRANT ... TO APPLICATION ROLE`,
 * `CREATE OR ALTER VERSIONED SCHEMA`, `CREATE STREAMLIT` or `$$` bodies. This lexer does not
 * parse SQL; it only cuts the text into tokens with exact positions, so a transform can find
 * keywords while skipping comments and strings, and splice at token offsets while every other
 * byte stays as it was.
 *
 * Like Snowflake's own clients, it reads an unquoted `file://...` URL (the local side of PUT and
 * GET) and an unquoted `@stage/path` as one token each, so `*`, `/*` and `--` inside them are
 * part of the path, not comments.
 *
 * It never throws. Text it does not understand becomes a one-character `punct` token; a string,
 * quoted identifier, `$$` body or block comment that is never closed runs to the end of the text
 * and is reported in `errors` with the line it was opened on.
 */
import { lineOf, lineStarts } from '../text-file';

export type TokenKind =
  /** An unquoted identifier or keyword: `create`, `my_table`, `SYSTEM$WAREHOUSE_RUNTIME`. */
  | 'word'
  /** A double-quoted identifier, `"My Table"` (`""` inside is one quote). */
  | 'quoted'
  /** A single-quoted string, `'it''s'` or `'it\'s'`. */
  | 'string'
  /** A dollar-quoted body, `$$ ... $$`; opaque (its content is not lexed). */
  | 'dollar'
  | 'number'
  /** A session variable or positional column: `$name`, `$1`. */
  | 'variable'
  /** A bind variable: `:name`, `:1`, `?`. */
  | 'bind'
  /** An unquoted stage reference: `@stage/path/file.sql`, `@~/x`, `@%table`, `@db.sch."My Stage"/p`, `@s/dir/*`. */
  | 'stage'
  /** An unquoted local file URL of PUT or GET: `file:///tmp/*.csv`, `file://app_utils/*.zip` (see `fileUrl`). */
  | 'url'
  /** Punctuation and operators: `(` `)` `,` `.` `;` `=` `::` `:=` `=>` `->` `||` `<=` ... */
  | 'punct'
  /** `-- ...`, `// ...` (to the end of the line, line break excluded) or `/* ... *\/`; not `file://`. */
  | 'comment';

export interface Token {
  kind: TokenKind;
  /** The token exactly as written: `text === source.slice(start, end)`. */
  text: string;
  /** Offsets into the source (JavaScript string indices), end exclusive. */
  start: number;
  end: number;
  /** 1-based line of `start`. */
  line: number;
  /** For `string`, `quoted` and `dollar`: the content with quotes removed and escapes resolved. */
  value?: string;
  /** Set on a string, quoted identifier, `$$` body or block comment that is never closed. */
  unterminated?: true;
}

export interface LexError {
  message: string;
  offset: number;
  line: number;
}

export interface LexResult {
  /** Every token in order, comments included, whitespace excluded. */
  tokens: Token[];
  errors: LexError[];
}

/** A part of the source to lex, so a `$$` body can be lexed with positions in its file. */
export interface LexRange {
  start: number;
  end: number;
}

const WORD = /[\p{L}_][\p{L}\p{N}_$]*/uy;
const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const VARIABLE = /\$(?:[\p{L}_][\p{L}\p{N}_$]*|\d+)/uy;
const BIND = /:(?:[\p{L}_][\p{L}\p{N}_$]*|\d+)/uy;
const TWO_CHAR_OPERATORS = new Set(['::', ':=', '=>', '->', '||', '<=', '>=', '<>', '!=', '==']);
/** Characters that end an unquoted stage reference. */
const STAGE_END = /[\s;,()']/;
/** Where an unquoted `file://` URL may start, and the characters that end it (see `fileUrl`). */
const FILE_URL = /file:\/\//y;
const FILE_URL_END = /[\s;'"]/;

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '0': '\0', Z: '\x1a' };

export function tokenize(source: string, range: LexRange = { start: 0, end: source.length }): LexResult {
  return new Lexer(source, range).run();
}

class Lexer {
  private readonly tokens: Token[] = [];
  private readonly errors: LexError[] = [];
  private readonly starts: number[];
  private position: number;
  private readonly start: number;
  private readonly end: number;

  constructor(
    private readonly source: string,
    range: LexRange,
  ) {
    this.position = Math.max(0, range.start);
    this.start = this.position;
    this.end = Math.min(source.length, Math.max(this.position, range.end));
    this.starts = lineStarts(source);
  }

  run(): LexResult {
    while (this.position < this.end) {
      const ch = this.source[this.position];
      if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\f' || ch === '\v' || ch === '\ufeff') {
        this.position++;
        continue;
      }
      this.next(ch);
    }
    return { tokens: this.tokens, errors: this.errors };
  }

  private next(ch: string): void {
    const start = this.position;
    const following = this.source[start + 1];
    if (ch === 'f' && this.fileUrl(start)) return;
    if ((ch === '-' && following === '-') || (ch === '/' && following === '/' && !this.inUrl(start))) {
      return this.lineComment(start);
    }
    if (ch === '/' && following === '*') return this.blockComment(start);
    if (ch === "'") return this.quoted(start, "'", 'string', 'string literal');
    if (ch === '"') return this.quoted(start, '"', 'quoted', 'quoted identifier');
    if (ch === '$' && following === '$') return this.dollar(start);
    if (ch === '$' && this.match(VARIABLE, start, 'variable')) return;
    if (ch === ':' && following !== ':' && following !== '=' && !this.followsName(start) && this.match(BIND, start, 'bind')) {
      return;
    }
    if (ch === '?') {
      this.push('bind', start, start + 1);
      return;
    }
    if (ch === '@') return this.stage(start);
    if (ch >= '0' && ch <= '9') {
      if (this.match(NUMBER, start, 'number')) return;
    }
    if (ch === '.' && following >= '0' && following <= '9' && !this.followsName(start)) {
      if (this.match(NUMBER, start, 'number')) return;
    }
    if (this.match(WORD, start, 'word')) return;
    const pair = this.source.slice(start, start + 2);
    if (start + 2 <= this.end && TWO_CHAR_OPERATORS.has(pair)) {
      this.push('punct', start, start + 2);
      return;
    }
    // One code point, so an emoji outside a string is one token, not two halves.
    const width = (this.source.codePointAt(start) ?? 0) > 0xffff ? 2 : 1;
    this.push('punct', start, Math.min(this.end, start + width));
  }

  /**
   * An unquoted `file://...` URL (the local side of PUT and GET) is one token, so `*`, `/*`, `--`
   * and `//` in it are part of the path: `PUT file://app_utils/*.zip @stage`. This is how Snowflake's
   * clients split scripts (snowflake-connector-python `split_statements`, which Snowflake CLI and
   * SnowSQL use): in a whitespace-separated word that starts with `file://` (lower case, as they
   * check it), comment markers are not comments; a quote still opens a string and `;` still ends
   * the statement. A URL written in quotes (`'file://C:/my data/*.csv'`) is a string as any other.
   */
  private fileUrl(start: number): boolean {
    if (start > this.start && !/[\s;\ufeff]/.test(this.source[start - 1])) return false;
    FILE_URL.lastIndex = start;
    if (start + 'file://'.length > this.end || !FILE_URL.test(this.source)) return false;
    let index = start + 'file://'.length;
    while (index < this.end && !FILE_URL_END.test(this.source[index])) index++;
    this.push('url', start, index);
    return true;
  }

  /** The slashes of `file://` or `https://` (a PUT or GET command) do not start a comment. */
  private inUrl(offset: number): boolean {
    let index = offset;
    while (index > 0 && this.source[index - 1] === '/') index--;
    return this.source[index - 1] === ':';
  }

  /** A `:name` or `.5` right after a name or `)` is a path or member access, not a bind or number. */
  private followsName(offset: number): boolean {
    const previous = this.tokens[this.tokens.length - 1];
    if (!previous || previous.end !== offset) return false;
    return previous.kind === 'word' || previous.kind === 'quoted' || previous.kind === 'variable'
      || previous.kind === 'bind' || previous.text === ')' || previous.text === ']';
  }

  private match(pattern: RegExp, start: number, kind: TokenKind): boolean {
    pattern.lastIndex = start;
    const found = pattern.exec(this.source);
    if (!found || start + found[0].length > this.end) return false;
    this.push(kind, start, start + found[0].length);
    return true;
  }

  private lineComment(start: number): void {
    let index = start + 2;
    while (index < this.end && this.source[index] !== '\n' && this.source[index] !== '\r') index++;
    this.push('comment', start, index);
  }

  private blockComment(start: number): void {
    const close = this.source.indexOf('*/', start + 2);
    if (close === -1 || close + 2 > this.end) {
      const hint = this.inUpperCaseFileUrl(start)
        ? " (Snowflake's clients read /* in an unquoted FILE:// URL as a comment: write file:// in lower case, or quote the URL)"
        : '';
      return this.unterminated('comment', start, 'block comment', '/*', undefined, hint);
    }
    this.push('comment', start, close + 2);
  }

  /** `/*` inside a word like `FILE:///tmp/*.csv`, which clients take for a comment (they look for `file://` only). */
  private inUpperCaseFileUrl(offset: number): boolean {
    let index = offset;
    while (index > this.start && !/[\s;]/.test(this.source[index - 1])) index--;
    return /^file:\/\//i.test(this.source.slice(index, offset + 2));
  }

  /** `'...'` (with `''` and backslash escapes) or `"..."` (with `""`). */
  private quoted(start: number, quote: string, kind: TokenKind, what: string): void {
    let value = '';
    let index = start + 1;
    while (index < this.end) {
      const ch = this.source[index];
      if (ch === quote) {
        if (this.source[index + 1] === quote && index + 1 < this.end) {
          value += quote;
          index += 2;
          continue;
        }
        this.push(kind, start, index + 1, value);
        return;
      }
      if (ch === '\\' && kind === 'string' && index + 1 < this.end) {
        const escaped = this.source[index + 1];
        value += ESCAPES[escaped] ?? escaped;
        index += 2;
        continue;
      }
      value += ch;
      index++;
    }
    this.unterminated(kind, start, what, quote, value);
  }

  private dollar(start: number): void {
    const close = this.source.indexOf('$$', start + 2);
    if (close === -1 || close + 2 > this.end) {
      return this.unterminated('dollar', start, '$$ body', '$$', this.source.slice(start + 2, this.end));
    }
    this.push('dollar', start, close + 2, this.source.slice(start + 2, close));
  }

  /** `@` and what follows up to whitespace, `;`, `,`, a parenthesis or a quote; `"..."` parts whole. */
  private stage(start: number): void {
    let index = start + 1;
    while (index < this.end) {
      const ch = this.source[index];
      if (ch === '"') {
        const close = this.source.indexOf('"', index + 1);
        if (close === -1 || close >= this.end) break;
        index = close + 1;
        continue;
      }
      if (STAGE_END.test(ch)) break;
      index++;
    }
    this.push(index === start + 1 ? 'punct' : 'stage', start, index);
  }

  private unterminated(kind: TokenKind, start: number, what: string, opener: string, value?: string, hint = ''): void {
    const token = this.push(kind, start, this.end, value);
    token.unterminated = true;
    this.errors.push({
      message: `unterminated ${what}: the ${opener} opened at line ${token.line} is never closed${hint}`,
      offset: start,
      line: token.line,
    });
  }

  private push(kind: TokenKind, start: number, end: number, value?: string): Token {
    const token: Token = { kind, text: this.source.slice(start, end), start, end, line: lineOf(this.starts, start) };
    if (value !== undefined) token.value = value;
    this.tokens.push(token);
    this.position = end;
    return token;
  }
}
