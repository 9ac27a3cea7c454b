import Parser from 'tree-sitter';
import Python from 'tree-sitter-python';
import { ChangedRegion } from '../text-edit';

export type SyntaxNode = Parser.SyntaxNode;
export type Tree = Parser.Tree;
export type TreeCursor = Parser.TreeCursor;

let parser: Parser | undefined;

/**
 * The binding answers every property of a node (`type`, `startIndex`, `parent`, ...) with a call
 * into native code and a fresh object or string, and transforms ask the same node the same
 * question many times: on the 1,000-file benchmark these calls were a quarter of a run. A tree is
 * never edited in place here (an edit is committed by parsing the new text), so a node's answers
 * never change, and each is kept on the node after the first time. Arrays are handed out as
 * copies, so that no caller can change what the next one gets.
 */
function rememberNodeAnswers(sample: Tree): void {
  let prototype = Object.getPrototypeOf(sample.rootNode);
  while (prototype && !Object.getOwnPropertyDescriptor(prototype, 'startIndex')) prototype = Object.getPrototypeOf(prototype);
  if (!prototype) return;
  for (const property of ['type', 'startIndex', 'endIndex', 'id', 'parent', 'text']) {
    rememberProperty(prototype, property, (value) => value);
  }
  for (const property of ['children', 'namedChildren']) {
    rememberProperty(prototype, property, (value) => (value as SyntaxNode[]).slice());
  }
  rememberMethod(prototype, 'childForFieldName', (value) => value);
  rememberMethod(prototype, 'childrenForFieldName', (value) => (value as SyntaxNode[]).slice());
}

function rememberProperty(prototype: object, property: string, handOut: (value: unknown) => unknown): void {
  const descriptor = Object.getOwnPropertyDescriptor(prototype, property);
  const get = descriptor?.get;
  if (!get) return;
  const key = Symbol(property);
  Object.defineProperty(prototype, property, {
    ...descriptor,
    get(this: Record<symbol, unknown>) {
      if (!(key in this)) this[key] = get.call(this);
      return handOut(this[key]);
    },
  });
}

function rememberMethod(prototype: Record<string, unknown>, method: string, handOut: (value: unknown) => unknown): void {
  const original = prototype[method];
  if (typeof original !== 'function') return;
  const key = Symbol(method);
  prototype[method] = function (this: Record<symbol, Map<unknown, unknown>>, argument: unknown) {
    const answers = this[key] ??= new Map();
    if (!answers.has(argument)) answers.set(argument, original.call(this, argument));
    return handOut(answers.get(argument));
  };
}

/**
 * Parses Python source. The binding is given a JavaScript string and parses it as UTF-16, so
 * every node offset is a string index (not a UTF-8 byte offset) and can be spliced directly.
 */
export function parsePython(text: string): Tree {
  if (!parser) {
    parser = new Parser();
    parser.setLanguage(Python as unknown as Parser.Language);
    rememberNodeAnswers(parser.parse(''));
  }
  return withText(parser.parse(asLineFeeds(text), undefined, { bufferSize: bufferSizeFor(text) }), text);
}

/**
 * tree-sitter-python ends a line only at LF, so a file whose lines end with a lone CR (old Mac
 * style, which CPython reads like any other) would not parse. The grammar is given the text with
 * each lone CR as LF instead: the same length, so every offset still holds.
 */
function asLineFeeds(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/**
 * Makes the tree's nodes answer `text` from the file's own text. The binding slices node texts
 * from the string it parsed (`tree.input`), which differs from the file's only by `asLineFeeds`.
 */
function withText(tree: Tree, text: string): Tree {
  const input = tree as unknown as { input: unknown };
  if (typeof input.input === 'string' && input.input !== text) input.input = text;
  return tree;
}

/** The default 32 KiB buffer makes the binding re-read large files in chunks; one chunk is faster. */
function bufferSizeFor(text: string): number {
  return Math.max(32 * 1024, text.length + 1);
}

/**
 * Parses the edited text of a file whose tree is at hand, telling tree-sitter which regions
 * changed so that it reuses the rest of the old tree: about half the cost of a fresh parse, for
 * the same tree.
 *
 * The binding's `tree.edit` moves every node object it has handed out for the tree (eight
 * crossings into JavaScript each), and a tree that transforms have looked at has thousands: on
 * the bench corpus the edits cost as much as the re-parses. So the edits go to a twin of the
 * tree instead, which has handed out no nodes: the old text parsed again with the old tree,
 * which tree-sitter does by taking over the old tree's nodes (about a fifth of a parse; on the
 * bench corpus the twins cost half of what the edits had). The twin shares the old tree's nodes
 * and tree-sitter copies a shared node before it edits it, so the old tree and its nodes stay
 * as they were.
 * Splices close together are still told as one region (`TextEdit.changedRegions`).
 */
export function reparsePython(tree: Tree, oldText: string, newText: string, regions: readonly ChangedRegion[]): Tree {
  const oldLines = asLineFeeds(oldText);
  const oldRows = new RowIndex(oldLines);
  const newLines = asLineFeeds(newText);
  const twin = parser!.parse(oldLines, tree, { bufferSize: bufferSizeFor(oldText) });
  // From the last region back, so that the text before each region is still as in `oldText`.
  for (const region of [...regions].reverse()) {
    const startPosition = oldRows.pointAt(region.start);
    twin.edit({
      startIndex: region.start,
      oldEndIndex: region.end,
      newEndIndex: region.start + region.newEnd - region.newStart,
      startPosition,
      oldEndPosition: oldRows.pointAt(region.end),
      newEndPosition: pointAfter(startPosition, newLines, region.newStart, region.newEnd),
    });
  }
  return withText(parser!.parse(newLines, twin, { bufferSize: bufferSizeFor(newText) }), newText);
}

/**
 * Rows and columns as tree-sitter counts them for a JavaScript string: a row ends at each LF
 * only (CR alone does not count), and columns are UTF-16 units (the binding doubles them into bytes).
 */
class RowIndex {
  private readonly lineFeeds: number[] = [];

  constructor(text: string) {
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) this.lineFeeds.push(at);
  }

  pointAt(offset: number): Parser.Point {
    let low = 0;
    let high = this.lineFeeds.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.lineFeeds[middle] < offset) low = middle + 1;
      else high = middle;
    }
    return { row: low, column: offset - (low === 0 ? 0 : this.lineFeeds[low - 1] + 1) };
  }
}

/** The point reached from `start` by the text `text[from, to)`. */
function pointAfter(start: Parser.Point, text: string, from: number, to: number): Parser.Point {
  let rows = 0;
  let lastLineFeed = -1;
  for (let at = text.indexOf('\n', from); at >= 0 && at < to; at = text.indexOf('\n', at + 1)) {
    rows++;
    lastLineFeed = at;
  }
  if (rows === 0) return { row: start.row, column: start.column + to - from };
  return { row: start.row + rows, column: to - lastLineFeed - 1 };
}

/** The first place the parser could not make sense of, or undefined for a clean parse. */
export function firstSyntaxError(tree: Tree): SyntaxNode | undefined {
  if (!tree.rootNode.hasError) return undefined;
  const cursor = tree.walk();
  for (;;) {
    const node = cursor.currentNode;
    if (node.type === 'ERROR' || node.isMissing) return node;
    if (node.hasError && cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) return tree.rootNode;
    }
  }
}
