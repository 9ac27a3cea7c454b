import { TextEdit } from '../text-edit';
import { LineEnding } from '../text-file';
import { SyntaxNode, Tree } from './parser';

/**
 * One parsed Python file as a transform sees it: the syntax tree says where to edit, `edit`
 * takes the splices. Offsets are string indices into `text`.
 */
export class PythonModule {
  readonly root: SyntaxNode;
  readonly edit: TextEdit;
  private cachedIndentUnit?: string;

  constructor(
    readonly path: string,
    readonly text: string,
    readonly tree: Tree,
    readonly eol: LineEnding,
  ) {
    this.root = tree.rootNode;
    this.edit = new TextEdit(text, eol);
  }

  /** Every node of the given types, in source order. */
  nodesOfType(...types: string[]): SyntaxNode[] {
    return this.root.descendantsOfType(types);
  }

  lineStart(offset: number): number {
    let index = offset;
    while (index > 0 && this.text[index - 1] !== '\n' && this.text[index - 1] !== '\r') index--;
    return index;
  }

  /** Offset just past the line break that ends the line holding `offset` (or the end of text). */
  nextLineStart(offset: number): number {
    let index = offset;
    while (index < this.text.length && this.text[index] !== '\n' && this.text[index] !== '\r') index++;
    if (this.text[index] === '\r') index++;
    if (this.text[index] === '\n') index++;
    return index;
  }

  /** The leading whitespace of the line holding `offset`. */
  indentationAt(offset: number): string {
    const start = this.lineStart(offset);
    let end = start;
    while (this.text[end] === ' ' || this.text[end] === '\t') end++;
    return this.text.slice(start, end);
  }

  /** One level of indentation as this file writes it (four spaces when it has no blocks). */
  get indentUnit(): string {
    if (this.cachedIndentUnit === undefined) this.cachedIndentUnit = detectIndentUnit(this);
    return this.cachedIndentUnit;
  }

  /** True when only spaces or tabs stand between the start of the line and `offset`. */
  startsLine(offset: number): boolean {
    return this.text.slice(this.lineStart(offset), offset).trim() === '';
  }

  /** True when only spaces, tabs and a comment stand between `offset` and the end of its line. */
  endsLine(offset: number): boolean {
    const rest = this.text.slice(offset, this.nextLineStart(offset)).trim();
    return rest === '' || rest.startsWith('#');
  }
}

function detectIndentUnit(module: PythonModule): string {
  for (const block of module.nodesOfType('block')) {
    const first = block.firstNamedChild;
    if (!first || !module.startsLine(first.startIndex)) continue;
    const inner = module.indentationAt(first.startIndex);
    const outer = module.indentationAt(block.parent!.startIndex);
    if (inner.length > outer.length && inner.startsWith(outer)) return inner.slice(outer.length);
  }
  return '    ';
}
