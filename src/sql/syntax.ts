import { Token } from './lexer';

/** The upper-cased text of a word token, or '' for any other token. */
export function keyword(token: Token | undefined): string {
  return token?.kind === 'word' ? token.text.toUpperCase() : '';
}

/** True when the token is an unquoted word equal (case-insensitively) to one of `words`. */
export function isWord(token: Token | undefined, ...words: string[]): boolean {
  const text = keyword(token);
  return text !== '' && words.includes(text);
}

export function isPunct(token: Token | undefined, text: string): boolean {
  return token?.kind === 'punct' && token.text === text;
}

/**
 * Whether `words` (upper case; a `|` in one entry allows alternatives, `COLUMN|` with nothing after
 * the bar makes it optional) follow in order from `index`. Returns the index just after the match,
 * or -1. Comments never appear in statement tokens, so they never break a match.
 */
export function matchWords(tokens: readonly Token[], index: number, words: readonly string[]): number {
  let at = index;
  for (const expected of words) {
    const alternatives = expected.split('|');
    if (isWord(tokens[at], ...alternatives.filter(Boolean))) {
      at++;
    } else if (alternatives.includes('')) {
      continue;
    } else {
      return -1;
    }
  }
  return at;
}

/** The first index at or after `from` where `words` match, outside parentheses; -1 when none. */
export function findWords(tokens: readonly Token[], words: readonly string[], from = 0): number {
  let depth = 0;
  for (let i = from; i < tokens.length; i++) {
    if (isPunct(tokens[i], '(')) depth++;
    else if (isPunct(tokens[i], ')')) depth = Math.max(0, depth - 1);
    else if (depth === 0 && matchWords(tokens, i, words) !== -1) return i;
  }
  return -1;
}

/** The index of the `)` that closes the `(` at `open`, or the last index when it is never closed. */
export function closingParen(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (isPunct(tokens[i], '(')) depth++;
    else if (isPunct(tokens[i], ')') && --depth === 0) return i;
  }
  return tokens.length - 1;
}

/** The items of a parenthesised list starting at `open`: token ranges split at top-level commas. */
export function listItems(tokens: readonly Token[], open: number): Token[][] {
  const items = splitTopLevel(tokens, open + 1, closingParen(tokens, open));
  return items.length === 1 && items[0].length === 0 ? [] : items;
}

/**
 * The items of a comma-separated list from `from` to `to` (exclusive), split only at commas
 * outside parentheses. The last item is always there, empty after a trailing comma.
 */
export function splitTopLevel(tokens: readonly Token[], from: number, to = tokens.length): Token[][] {
  const items: Token[][] = [];
  let item: Token[] = [];
  let depth = 0;
  for (let i = from; i < to; i++) {
    const token = tokens[i];
    if (isPunct(token, '(')) depth++;
    if (isPunct(token, ')')) depth--;
    if (depth === 0 && isPunct(token, ',')) {
      items.push(item);
      item = [];
      continue;
    }
    item.push(token);
  }
  items.push(item);
  return items;
}

/** One part of a (possibly qualified) object name. */
export interface NamePart {
  /** The identifier with quotes removed. */
  value: string;
  quoted: boolean;
  /** What Snowflake compares: unquoted identifiers upper-cased, quoted ones exactly. */
  key: string;
}

export interface ObjectName {
  /** One to three parts: [name], [schema, name] or [database, schema, name]. */
  parts: NamePart[];
  /** The name as written (an `IDENTIFIER(...)` call included). */
  text: string;
  start: number;
  end: number;
  /** Index of the first token after the name. */
  next: number;
  /** `IDENTIFIER($var)` or `IDENTIFIER(:bind)`: the real name is only known at run time. */
  dynamic: boolean;
}

export function identifierKey(value: string, quoted: boolean): string {
  return quoted ? value : value.toUpperCase();
}

/** The key of a whole name, parts joined with `.` (for maps and comparisons). */
export function nameKey(parts: readonly NamePart[]): string {
  return parts.map((part) => JSON.stringify(part.key)).join('.');
}

/**
 * Reads an object name at `index`: `name`, `schema.name`, `db.schema.name`, each part a word or a
 * `"quoted"` identifier, or `IDENTIFIER('schema.name')` / `IDENTIFIER($var)`. Undefined when no
 * name starts there.
 */
export function readName(tokens: readonly Token[], index: number, source: string): ObjectName | undefined {
  const first = tokens[index];
  if (!first) return undefined;
  if (isWord(first, 'IDENTIFIER') && isPunct(tokens[index + 1], '(')) {
    const close = closingParen(tokens, index + 1);
    const inner = tokens.slice(index + 2, close);
    const end = tokens[close].end;
    const base = { text: source.slice(first.start, end), start: first.start, end, next: close + 1 };
    if (inner.length === 1 && inner[0].kind === 'string') {
      const parts = parseNameString(inner[0].value ?? '');
      if (parts) return { ...base, parts, dynamic: false };
    }
    return { ...base, parts: [], dynamic: true };
  }
  const parts: NamePart[] = [];
  let at = index;
  while (tokens[at] && (tokens[at].kind === 'word' || tokens[at].kind === 'quoted')) {
    const token = tokens[at];
    const quoted = token.kind === 'quoted';
    const value = quoted ? token.value ?? '' : token.text;
    parts.push({ value, quoted, key: identifierKey(value, quoted) });
    at++;
    if (!isPunct(tokens[at], '.') || parts.length === 3) break;
    at++;
  }
  if (parts.length === 0) return undefined;
  // A trailing '.' that was consumed without a part after it is not part of the name.
  if (isPunct(tokens[at - 1], '.')) at--;
  const end = tokens[at - 1].end;
  return { parts, text: source.slice(first.start, end), start: first.start, end, next: at, dynamic: false };
}

/** Parses `schema.name` or `"My Schema"."x"` as written inside a string; undefined when malformed. */
export function parseNameString(text: string): NamePart[] | undefined {
  const parts: NamePart[] = [];
  let at = 0;
  const source = text.trim();
  while (at <= source.length) {
    if (source[at] === '"') {
      let value = '';
      let index = at + 1;
      for (; index < source.length; index++) {
        if (source[index] === '"') {
          if (source[index + 1] === '"') {
            value += '"';
            index++;
            continue;
          }
          break;
        }
        value += source[index];
      }
      if (index >= source.length) return undefined;
      parts.push({ value, quoted: true, key: value });
      at = index + 1;
    } else {
      const match = /^[\p{L}_][\p{L}\p{N}_$]*/u.exec(source.slice(at));
      if (!match) return undefined;
      parts.push({ value: match[0], quoted: false, key: match[0].toUpperCase() });
      at += match[0].length;
    }
    if (at === source.length) break;
    if (source[at] !== '.') return undefined;
    at++;
  }
  return parts.length > 0 && parts.length <= 3 ? parts : undefined;
}

/** A name as a reader would write it: unquoted parts as written, quoted ones quoted again. */
export function displayName(parts: readonly NamePart[]): string {
  return parts.map((part) => (part.quoted ? `"${part.value.replace(/"/g, '""')}"` : part.value)).join('.');
}
