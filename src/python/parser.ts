import Parser from 'tree-sitter';
import Python from 'tree-sitter-python';

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
  // The default 32 KiB buffer makes the binding re-read large files in chunks; one chunk is faster.
  return parser.parse(text, undefined, { bufferSize: Math.max(32 * 1024, text.length + 1) });
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
