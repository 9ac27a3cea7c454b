/**
 * Byte-faithful YAML edits: splices at the ranges the `yaml` package gives each node, never a
 * re-print of the document.
 */
import { Node, Scalar } from 'yaml';
import { TextEdit } from './text-edit';

/** Replaces a scalar's value, written in the scalar's own quoting style. */
export function replaceScalar(edit: TextEdit, scalar: Scalar, value: string): void {
  const [start, end] = scalar.range!;
  edit.replace(start, end, yamlScalar(value, scalar.type));
}

/** A scalar in the given style; a plain scalar that YAML would read differently is double-quoted. */
export function yamlScalar(value: string, type?: Scalar.Type | null): string {
  if (type === Scalar.QUOTE_SINGLE) return `'${value.replace(/'/g, "''")}'`;
  if (type === Scalar.QUOTE_DOUBLE || !/^[A-Za-z0-9_./][A-Za-z0-9_./ -]*$/.test(value) || /\s$/.test(value)) {
    return JSON.stringify(value);
  }
  return value;
}

/**
 * Removes an item of a block sequence with the whole line it is on (`  - item  # comment\n`).
 * Returns false, changing nothing, when the item does not have its line to itself.
 */
export function removeBlockSequenceItem(edit: TextEdit, item: Node): boolean {
  const text = edit.original;
  const [start, valueEnd] = item.range!;
  const lineStart = Math.max(text.lastIndexOf('\n', start - 1), text.lastIndexOf('\r', start - 1)) + 1;
  if (!/^[ \t]*-[ \t]+$/.test(text.slice(lineStart, start))) return false;
  const rest = /^[ \t]*(#[^\r\n]*)?(\r\n|\n|\r|$)/.exec(text.slice(valueEnd));
  if (!rest) return false;
  edit.remove(lineStart, valueEnd + rest[0].length);
  return true;
}
