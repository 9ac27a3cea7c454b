/**
 * Range edits of YAML documents. The `yaml` package's document model says where each key and
 * value sits (`node.range`); the edits are splices at those offsets through a TextEdit, so
 * comments, quoting, key order and the file's line endings survive. Nothing is ever re-printed.
 */
import { isMap, isPair, isScalar, isSeq, Node, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { TextEdit } from './text-edit';
import { lineStart, nextLineStart } from './text-lines';

export type YamlNode = Node;

/** The pair of a mapping with this key (plain scalar keys only). */
export function pairOf(map: YAMLMap, key: string): Pair<Scalar, Node | null> | undefined {
  return map.items.find((pair): pair is Pair<Scalar, Node | null> => isPair(pair) && isScalar(pair.key)
    && String(pair.key.value) === key);
}

/** The value of a key when it is a scalar, as a string. */
export function scalarValue(map: YAMLMap, key: string): string | undefined {
  const value = pairOf(map, key)?.value;
  return isScalar(value) && value.value !== null && value.value !== undefined ? String(value.value) : undefined;
}

export function mapValue(map: YAMLMap, key: string): YAMLMap | undefined {
  const value = pairOf(map, key)?.value;
  return isMap(value) ? value : undefined;
}

export function seqValue(map: YAMLMap, key: string): YAMLSeq | undefined {
  const value = pairOf(map, key)?.value;
  return isSeq(value) ? value : undefined;
}

export function isFlow(node: YAMLMap | YAMLSeq): boolean {
  return Boolean(node.flow);
}

/** The column a node starts at. */
export function columnOf(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/** Where the text of a node ends: the start of the line after its last character. */
export function endOfNodeLines(text: string, node: Node): number {
  const end = node.range![1];
  if (end > 0 && (text[end - 1] === '\n' || text[end - 1] === '\r')) return end;
  return nextLineStart(text, end);
}

/** The lines of one pair of a block mapping, from its key's line to its value's last line. */
export function pairLines(text: string, pair: Pair): { start: number; end: number } {
  const key = pair.key as Node;
  const value = pair.value as Node | null;
  const start = lineStart(text, key.range![0]);
  const end = value?.range ? endOfNodeLines(text, value) : nextLineStart(text, key.range![1]);
  return { start, end };
}

/**
 * Inserts `key: value` lines into a block mapping, after `after` (or after its last pair),
 * at the mapping's own indentation. `lines` are relative to the mapping's indentation.
 */
export function insertIntoMap(edit: TextEdit, text: string, map: YAMLMap, lines: string[], after?: Pair): void {
  const anchor = after ?? (map.items[map.items.length - 1] as Pair | undefined);
  if (!anchor) throw new Error('cannot insert into an empty mapping');
  const indent = ' '.repeat(columnOf(text, (map.items[0].key as Node).range![0]));
  const offset = pairLines(text, anchor).end;
  const separator = offset === text.length && !/[\r\n]$/.test(text) ? '\n' : '';
  edit.insert(offset, separator + lines.map((line) => (line === '' ? line : indent + line)).join('\n') + '\n');
}

/** Replaces a scalar's value, written in the scalar's own quoting style. */
export function replaceScalar(edit: TextEdit, scalar: Scalar, value: string): void {
  const [start, end] = scalar.range!;
  edit.replace(start, end, yamlScalar(value, scalar.type));
}

/** Appends items to a sequence, block or flow, in the style of its existing items. */
export function appendToSeq(edit: TextEdit, text: string, seq: YAMLSeq, items: string[]): void {
  if (items.length === 0) return;
  if (isFlow(seq)) {
    const close = text.lastIndexOf(']', seq.range![1]);
    const before = text.slice(seq.range![0] + 1, close).trim();
    const prefix = before === '' ? '' : before.endsWith(',') ? ' ' : ', ';
    edit.insert(close, prefix + items.join(', '));
    return;
  }
  const indent = ' '.repeat(columnOf(text, seq.range![0]));
  const offset = endOfNodeLines(text, seq);
  const separator = offset === text.length && !/[\r\n]$/.test(text) ? '\n' : '';
  edit.insert(offset, separator + items.map((item) => `${indent}- ${item}`).join('\n') + '\n');
}

/**
 * Replaces one item of a sequence by others (none to remove it). A block item goes with its
 * line; a flow item with the comma that joins it to the next one.
 */
export function replaceSeqItem(edit: TextEdit, text: string, seq: YAMLSeq, item: Node, replacements: string[]): void {
  const items = seq.items as Node[];
  const index = items.indexOf(item);
  if (isFlow(seq)) {
    if (replacements.length > 0) {
      edit.replace(item.range![0], item.range![1], replacements.join(', '));
      return;
    }
    if (items.length === 1) {
      edit.remove(item.range![0], item.range![1]);
    } else if (index < items.length - 1) {
      edit.remove(item.range![0], items[index + 1].range![0]);
    } else {
      const previousEnd = items[index - 1].range![1];
      edit.remove(previousEnd, item.range![1]);
    }
    return;
  }
  const start = lineStart(text, item.range![0]);
  const end = endOfNodeLines(text, item);
  const indent = ' '.repeat(columnOf(text, start === item.range![0] ? item.range![0] : dashOffset(text, start)));
  if (replacements.length === 0 && items.length === 1) {
    // A block sequence cannot be empty; `[]` keeps the key's meaning of "nothing".
    edit.replace(dashOffset(text, start), item.range![1], '[]');
    return;
  }
  // A comment at the end of the item's line stays on the first item that replaces it.
  const comment = text.slice(item.range![1], nextLineStart(text, item.range![1])).match(/\s+#.*/)?.[0] ?? '';
  edit.replace(start, end, replacements.map((replacement, i) => `${indent}- ${replacement}${i === 0 ? comment.trimEnd() : ''}\n`).join(''));
}

function dashOffset(text: string, lineStartOffset: number): number {
  let index = lineStartOffset;
  while (text[index] === ' ' || text[index] === '\t') index++;
  return index;
}

/**
 * A scalar as YAML, in the given quoting style; plain only when YAML would read it back as the
 * same string (not a boolean, null or number), double-quoted otherwise.
 */
export function yamlScalar(value: string, type?: Scalar.Type | null): string {
  if (type === Scalar.QUOTE_SINGLE) return `'${value.replace(/'/g, "''")}'`;
  const plain = /^[A-Za-z0-9_$.][\w.\/$-]*$/.test(value) && !/^\.+$/.test(value)
    && !/^(true|false|null|yes|no|on|off|~)$/i.test(value) && Number.isNaN(Number(value));
  return type === Scalar.QUOTE_DOUBLE || !plain ? JSON.stringify(value) : value;
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

export { isMap, isScalar, isSeq, isPair };
