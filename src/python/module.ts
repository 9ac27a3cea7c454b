import { TextEdit } from '../text-edit';
import { lineStart, nextLineStart } from '../text-lines';
import { LineEnding } from '../text-file';
import { SyntaxNode, Tree } from './parser';

/** Texts from this size on have their words indexed (see `wordOffsets`); below, a search per word is cheaper. */
const WORD_INDEX_FROM = 64 * 1024;
/** A word `wordOffsets` can find in the index: only characters that continue an identifier. */
const WORD = /^\p{ID_Continue}+$/u;

/** Every maximal run of identifier characters in the text, by its spelling, with its offsets. */
function indexWords(text: string): Map<string, number[]> {
  const index = new Map<string, number[]>();
  for (const match of text.matchAll(/\p{ID_Continue}+/gu)) {
    const offsets = index.get(match[0]);
    if (offsets) offsets.push(match.index);
    else index.set(match[0], [match.index]);
  }
  return index;
}

/**
 * One parsed Python file as a transform sees it: the syntax tree says where to edit, `edit`
 * takes the splices. Offsets are string indices into `text`.
 */
export class PythonModule {
  readonly root: SyntaxNode;
  readonly edit: TextEdit;
  private cachedIndentUnit?: string;
  private readonly queries = new Map<string, SyntaxNode[]>();
  private readonly memos = new Map<string, unknown>();
  private wordIndex?: Map<string, number[]>;

  constructor(
    readonly path: string,
    readonly text: string,
    readonly tree: Tree,
    readonly eol: LineEnding,
  ) {
    this.root = tree.rootNode;
    this.edit = new TextEdit(text, eol);
  }

  /**
   * Every node of the given types, in source order. Memoised: the tree never changes while a
   * transform looks at it, and each query marshals nodes across N-API. Do not mutate the result.
   */
  nodesOfType(...types: string[]): readonly SyntaxNode[] {
    const key = types.join(',');
    let nodes = this.queries.get(key);
    if (!nodes) {
      nodes = this.root.descendantsOfType(types);
      this.queries.set(key, nodes);
    }
    return nodes;
  }

  /**
   * Prepares `nodesOfType(type)` for each of several types with one walk of the tree instead of
   * one walk each (a walk costs about a tenth of the parse, whatever it finds). For callers that
   * know which lists they will ask for.
   */
  indexTypes(types: readonly string[]): void {
    const missing = [...new Set(types)].filter((type) => !this.queries.has(type));
    if (missing.length < 2) return;
    const byType = new Map(missing.map((type) => [type, [] as SyntaxNode[]]));
    for (const node of this.root.descendantsOfType(missing)) byType.get(node.type)?.push(node);
    for (const [type, nodes] of byType) this.queries.set(type, nodes);
  }

  /**
   * A value computed once per tree and shared by every transform that sees this module unchanged
   * (a name resolver, say). Keys are namespaced by their owner: `'name-resolution:streamlit'`.
   */
  memo<T>(key: string, compute: () => T): T {
    if (!this.memos.has(key)) this.memos.set(key, compute());
    return this.memos.get(key) as T;
  }

  lineStart(offset: number): number {
    return lineStart(this.text, offset);
  }

  /** Offset just past the line break that ends the line holding `offset` (or the end of text). */
  nextLineStart(offset: number): number {
    return nextLineStart(this.text, offset);
  }

  /**
   * The smallest node spanning each whole-word occurrence of `word` in the text: an identifier, a
   * keyword token, or the string or comment it sits in. Searching the text and asking the tree
   * about each hit is many times cheaper than walking every node through the binding, and most
   * words a transform looks for are rare. Memoised; do not mutate the result.
   */
  nodesAtWord(word: string): readonly SyntaxNode[] {
    const key = `word:${word}`;
    let nodes = this.queries.get(key);
    if (!nodes) {
      nodes = this.wordOffsets(word).map((offset) => this.root.descendantForIndex(offset, offset + word.length));
      this.queries.set(key, nodes);
    }
    return nodes;
  }

  /** Identifier nodes spelled `name` (names, attributes, keywords of calls alike). */
  identifiersNamed(name: string): readonly SyntaxNode[] {
    return this.nodesAtWord(name).filter((node) => node.type === 'identifier');
  }

  /** True when `word` appears anywhere in the text as a whole word (code, string or comment). */
  mentionsWord(word: string): boolean {
    if (this.wordIndex || this.indexesWords(word)) return this.wordOffsets(word).length > 0;
    if (WORD.test(word)) return nextWholeWord(this.text, word, 0) >= 0;
    return new RegExp(`(?<![\\p{ID_Continue}])${escapeRegExp(word)}(?![\\p{ID_Continue}])`, 'u').test(this.text);
  }

  /**
   * Where `word` stands as a whole word. In a large text, where a transform asks for many words
   * (each function's name, say) and a search of the whole text for each made the run quadratic,
   * every word of the text is indexed once instead.
   */
  private wordOffsets(word: string): number[] {
    if (this.indexesWords(word)) {
      this.wordIndex ??= indexWords(this.text);
      return this.wordIndex.get(word) ?? [];
    }
    if (WORD.test(word)) {
      const offsets: number[] = [];
      for (let at = nextWholeWord(this.text, word, 0); at >= 0; at = nextWholeWord(this.text, word, at + word.length)) {
        offsets.push(at);
      }
      return offsets;
    }
    const pattern = new RegExp(`(?<![\\p{ID_Continue}])${escapeRegExp(word)}(?![\\p{ID_Continue}])`, 'gu');
    return [...this.text.matchAll(pattern)].map((match) => match.index);
  }

  private indexesWords(word: string): boolean {
    return this.text.length >= WORD_INDEX_FROM && WORD.test(word);
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

/** The indentation of the first top-level compound statement's body that starts on its own line. */
function detectIndentUnit(module: PythonModule): string {
  for (const statement of module.root.namedChildren) {
    const compound = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    const block = compound?.namedChildren.find((child) => child.type === 'block');
    const first = block?.firstNamedChild;
    if (!first || !module.startsLine(first.startIndex)) continue;
    const inner = module.indentationAt(first.startIndex);
    if (inner.length > 0) return inner;
  }
  return '    ';
}

/**
 * Where `word` (identifier characters only) next stands as a whole word from `from` on, or -1:
 * what a search for it between `\p{ID_Continue}` look-arounds finds, at about half the cost of
 * the regular expression (`indexOf` and a look at the characters on either side).
 */
function nextWholeWord(text: string, word: string, from: number): number {
  for (let at = text.indexOf(word, from); at >= 0; at = text.indexOf(word, at + 1)) {
    const end = at + word.length;
    if (!continuesIdentifier(codePointBefore(text, at)) && !continuesIdentifier(text.codePointAt(end))) return at;
  }
  return -1;
}

const ID_CONTINUE = /\p{ID_Continue}/u;

function continuesIdentifier(codePoint: number | undefined): boolean {
  if (codePoint === undefined) return false;
  if (codePoint < 128) {
    return (codePoint >= 0x30 && codePoint <= 0x39) || (codePoint >= 0x41 && codePoint <= 0x5a)
      || (codePoint >= 0x61 && codePoint <= 0x7a) || codePoint === 0x5f;
  }
  return ID_CONTINUE.test(String.fromCodePoint(codePoint));
}

/** The code point that ends just before `offset` (a whole surrogate pair when one ends there). */
function codePointBefore(text: string, offset: number): number | undefined {
  if (offset === 0) return undefined;
  const last = text.charCodeAt(offset - 1);
  if (last >= 0xdc00 && last <= 0xdfff && offset >= 2) {
    const lead = text.charCodeAt(offset - 2);
    if (lead >= 0xd800 && lead <= 0xdbff) return text.codePointAt(offset - 2);
  }
  return last;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
