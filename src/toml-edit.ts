/**
 * Targeted TOML value edits (a key in a table, an element added to an array), for files where a
 * transform changes one value; toml-document.ts models whole documents for merges. Both splice at
 * toml-eslint-parser's exact ranges, never re-print, and validate with @iarna/toml.
 */
import { AST, parseTOML } from 'toml-eslint-parser';
import { TextEdit } from './text-edit';
import { lineEnd } from './text-lines';
import { keyPath, TomlError, tomlError } from './toml-document';

export { TomlError, tomlError };

export type TomlTable = AST.TOMLTable;
export type TomlKeyValue = AST.TOMLKeyValue;
export type TomlArray = AST.TOMLArray;
export type TomlDocument = AST.TOMLProgram;

/** Parses for editing; a document either parser rejects is an error with its position. */
export function parseToml(text: string): TomlDocument | TomlError {
  const invalid = tomlError(text);
  if (invalid) return invalid;
  try {
    return parseTOML(text, { tomlVersion: '1.0' });
  } catch (error) {
    const { message, index } = error as { message: string; index?: number };
    return { message, offset: index ?? 0 };
  }
}

/** The `[a.b]` table (a standard table, not an array of tables) with exactly this key. */
export function findTable(document: TomlDocument, key: string[]): TomlTable | undefined {
  const top = document.body[0];
  return top.body.find((node): node is TomlTable =>
    node.type === 'TOMLTable' && node.kind === 'standard' && sameKey(node.key, key));
}

/** Whether the document defines anything under `key` other than its `[key]` table (dotted keys, inline tables). */
export function definedOutsideTable(document: TomlDocument, key: string): boolean {
  const top = document.body[0];
  return top.body.some((node) => (node.type === 'TOMLKeyValue' && keyPath(node.key)[0] === key)
    || (node.type === 'TOMLTable' && keyPath(node.key)[0] === key && keyPath(node.key).length > 1 && node.kind === 'array'));
}

export function findKeyValue(table: TomlTable, key: string): TomlKeyValue | undefined {
  return table.body.find((node) => sameKey(node.key, [key]));
}

function sameKey(key: AST.TOMLKey, expected: string[]): boolean {
  const parts = keyPath(key);
  return parts.length === expected.length && parts.every((part, index) => part === expected[index]);
}

/** A TOML string for the value: literal (`'...'`) when asked and possible, else basic (`"..."`). */
export function tomlString(value: string, style: 'basic' | 'literal' = 'basic'): string {
  if (style === 'literal' && !/['\r\n]/.test(value)) return `'${value}'`;
  const escaped = value.replace(/[\\"\u0000-\u001f\u007f]/g, (ch) => {
    const named: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\t': '\\t', '\r': '\\r' };
    return named[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  return `"${escaped}"`;
}

/** The whitespace before `offset` on its line, when nothing else precedes it there. */
export function indentationAt(text: string, offset: number): string | undefined {
  const lineStart = Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
  const before = text.slice(lineStart, offset);
  return /^[ \t]*$/.test(before) ? before : undefined;
}

/**
 * Appends already-written TOML values to an array, in its own layout: one per line at the
 * indentation of its elements in a multi-line array (keeping a trailing comma if it has one,
 * and the comment after its last element where it is), inline in a one-line array. An empty
 * one-line array becomes a multi-line one.
 */
export function appendToArray(edit: TextEdit, array: TomlArray, values: string[], defaultIndent = '    '): void {
  if (values.length === 0) return;
  const text = edit.original;
  const open = array.range[0];
  const close = array.range[1] - 1;
  const multiline = /[\r\n]/.test(text.slice(open, close));
  const last = array.elements[array.elements.length - 1];
  if (!last) {
    if (multiline) {
      edit.insert(open + 1, values.map((value) => `\n${defaultIndent}${value},`).join(''));
    } else {
      edit.replace(open, close + 1, `[\n${values.map((value) => `${defaultIndent}${value},\n`).join('')}]`);
    }
    return;
  }
  const comma = /^[ \t]*,/.exec(text.slice(last.range[1], close));
  const afterLast = comma ? last.range[1] + comma[0].length : last.range[1];
  if (!multiline) {
    edit.insert(afterLast, `${comma ? ' ' : ', '}${values.join(', ')}${comma ? ',' : ''}`);
    return;
  }
  const indent = indentationAt(text, last.range[0]) ?? defaultIndent;
  const endOfLine = lineEnd(text, afterLast);
  const point = endOfLine < close && /^\s*(#.*)?$/.test(text.slice(afterLast, endOfLine)) ? endOfLine : afterLast;
  if (!comma) edit.insert(last.range[1], ',');
  edit.insert(point, comma
    ? values.map((value) => `\n${indent}${value},`).join('')
    : values.map((value) => `\n${indent}${value}`).join(','));
}
