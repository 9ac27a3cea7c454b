/**
 * Edits of a statement's `NAME = value` properties, as splices at token offsets (every other byte
 * stays): appending properties in the statement's own layout, and adding items to a
 * parenthesised list property such as `EXTERNAL_ACCESS_INTEGRATIONS = (a, b)`. Callers apply the
 * splices with their own edit (`edit.replace(start, end, text)`), so this module writes nothing.
 */
import { Token } from './lexer';
import { findProperty } from './ddl';
import { Statement } from './statements';

export interface PropertySplice {
  start: number;
  end: number;
  text: string;
}

/**
 * Adds `lines` (`NAME = value` each) after the statement's last token: on the same line for a
 * one-line statement, else each on a line of its own, indented as the statement's second line.
 */
export function appendedProperties(source: string, statement: Statement, lines: string[]): PropertySplice[] {
  if (lines.length === 0) return [];
  const tokens = statement.tokens;
  const end = tokens[tokens.length - 1].end;
  const multiline = tokens.some((token) => token.line !== tokens[0].line);
  const text = multiline ? lines.map((line) => `\n${propertyIndent(source, tokens)}${line}`).join('') : ` ${lines.join(' ')}`;
  return [{ start: end, end, text }];
}

/**
 * The items written in the parenthesised list of property `name` (`(a, "B")` gives `a`, `"B"`);
 * undefined when the statement does not set it. An item of several tokens is kept as written.
 */
export function listPropertyItems(source: string, statement: Statement, name: string): string[] | undefined {
  const property = findProperty(statement.tokens, name);
  if (!property?.items) return undefined;
  return property.items.filter((item) => item.length > 0).map((item) => source.slice(item[0].start, item[item.length - 1].end));
}

/**
 * Splices that make the list of property `name` hold each of `items` (compared with `key`): the
 * missing ones are appended after the last item, on a line of their own when the list puts its
 * items on lines of their own. A statement without the property gets `name = (items)` appended.
 * Nothing when every item is listed, or when the property's value is not a list.
 */
export function mergedListProperty(source: string, statement: Statement, name: string, items: string[],
  key: (item: string) => string): PropertySplice[] {
  const property = findProperty(statement.tokens, name);
  if (!property) return appendedProperties(source, statement, [`${name} = (${items.join(', ')})`]);
  if (!property.items) return [];
  const present = new Set((listPropertyItems(source, statement, name) ?? []).map(key));
  const missing = items.filter((item, index) => !present.has(key(item)) && items.findIndex((other) => key(other) === key(item)) === index);
  if (missing.length === 0) return [];
  const written = property.items.filter((item) => item.length > 0);
  const open = property.value[0];
  if (written.length === 0) return [{ start: open.end, end: open.end, text: missing.join(', ') }];
  const last = written[written.length - 1];
  const lastToken = last[last.length - 1];
  if (last[0].line === open.line) {
    return [{ start: lastToken.end, end: lastToken.end, text: missing.map((item) => `, ${item}`).join('') }];
  }
  // Items on lines of their own: each new one on its own line, after a comment that ends the last one's line.
  const indent = lineIndent(source, last[0].start);
  const lineEnd = source.slice(lastToken.end).search(/[\r\n]|$/) + lastToken.end;
  const rest = source.slice(lastToken.end, lineEnd).trim();
  const after = rest.startsWith('--') || rest.startsWith('//') ? lineEnd : lastToken.end;
  const added = missing.map((item, index) => `${index === 0 && after !== lastToken.end ? '' : ','}\n${indent}${item}`).join('');
  return after === lastToken.end
    ? [{ start: after, end: after, text: added }]
    : [{ start: lastToken.end, end: lastToken.end, text: ',' }, { start: after, end: after, text: added }];
}

/** The indentation of the statement's second line (where its properties start). */
function propertyIndent(source: string, tokens: Token[]): string {
  const second = tokens.find((token) => token.line !== tokens[0].line)!;
  return lineIndent(source, second.start);
}

function lineIndent(source: string, offset: number): string {
  let start = offset;
  while (start > 0 && source[start - 1] !== '\n' && source[start - 1] !== '\r') start--;
  return source.slice(start, offset).match(/^[ \t]*/)![0];
}
