import Parser from 'tree-sitter';
import Python from 'tree-sitter-python';

export type SyntaxNode = Parser.SyntaxNode;
export type Tree = Parser.Tree;
export type TreeCursor = Parser.TreeCursor;

let parser: Parser | undefined;

/**
 * Parses Python source. The binding is given a JavaScript string and parses it as UTF-16, so
 * every node offset is a string index (not a UTF-8 byte offset) and can be spliced directly.
 */
export function parsePython(text: string): Tree {
  if (!parser) {
    parser = new Parser();
    parser.setLanguage(Python as unknown as Parser.Language);
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
