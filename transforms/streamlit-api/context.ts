import { ImportBinding } from '../../src/python/imports';
import { PythonModule } from '../../src/python/module';
import { SyntaxNode } from '../../src/python/parser';
import { NameResolver } from '../../src/python/name-resolution';
import { QuickQualifier } from '../../src/python/quick-qualify';
import { importsOf } from '../../src/python/scope';
import { NodeFinding, PythonReporter } from '../../src/transform';

/** One splice: replace `start..end` of the original text with `text`. */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

/**
 * The edits of one visit, applied together at the end. Rules look at the original tree and may
 * propose edits that nest (a rewritten call inside the arguments of another); the outer edit
 * wins and the inner one is dropped for this pass. The runner visits a changed file again, so
 * the inner rewrite lands in the next pass, on the new text.
 */
export class EditSet {
  private readonly edits: Edit[] = [];

  add(...edits: Edit[]): void {
    this.edits.push(...edits);
  }

  replaceNode(node: SyntaxNode, text: string): void {
    this.add({ start: node.startIndex, end: node.endIndex, text });
  }

  applyTo(module: PythonModule): void {
    const sorted = [...this.edits].sort((a, b) => a.start - b.start || b.end - a.end);
    const taken: Edit[] = [];
    for (const edit of sorted) {
      const overlaps = taken.some((other) => edit.start < other.end && other.start < edit.end
        || (edit.start === edit.end && other.start < edit.start && edit.start < other.end));
      if (overlaps) continue;
      if (edit.start === edit.end ? edit.text === '' : module.text.slice(edit.start, edit.end) === edit.text) continue;
      try {
        if (edit.text === '') module.edit.remove(edit.start, edit.end);
        else module.edit.replace(edit.start, edit.end, edit.text);
        taken.push(edit);
      } catch (error) {
        // It overlaps an import removal made directly on the module: it lands next pass.
        if (!(error instanceof RangeError)) throw error;
      }
    }
  }
}

/** A finding to report once the rewrite it belongs to is known to happen. */
export interface Note {
  kind: 'manual' | 'warning';
  node: SyntaxNode;
  finding: NodeFinding;
}

/**
 * What every rule of the transform works with. Scope analysis costs about as much as the parse,
 * so it is built on first use: rules first look for a candidate in the text or the node lists.
 */
export class Context {
  readonly edits = new EditSet();
  private scopesValue?: NameResolver;
  private qualifierValue?: QuickQualifier;
  private quoteMark?: string;

  constructor(readonly module: PythonModule, readonly report: PythonReporter) {}

  get scopes(): NameResolver {
    this.scopesValue ??= NameResolver.of(this.module);
    return this.scopesValue;
  }

  /**
   * `scopes.qualify` that builds the scope analysis only for names bound other than by a
   * module-level import: most rules only ask what `st.<member>` is.
   */
  get qualifier(): QuickQualifier {
    this.qualifierValue ??= new QuickQualifier(this.module, () => this.scopes);
    return this.qualifierValue;
  }

  /** The module's imports (`scopes.imports`), without the scope analysis when that is all a rule needs. */
  get imports(): ImportBinding[] {
    return importsOf(this.module);
  }

  /**
   * Identifier nodes spelled `word` (`whole`: `module.identifiersNamed`) or starting with it
   * (`prefix`), in source order: the same as filtering `nodes('identifier')`, without listing
   * every identifier of the module. For a prefix, an ASCII letter or underscore just before it
   * puts it inside a longer name, so only the other places are asked of the tree.
   */
  identifiers(word: string, match: 'whole' | 'prefix'): SyntaxNode[] {
    if (match === 'whole') return [...this.module.identifiersNamed(word)];
    const { text, root } = this.module;
    const found: SyntaxNode[] = [];
    for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
      if (/[A-Za-z_]/.test(text[at - 1] ?? '')) continue;
      const node = root.descendantForIndex(at, at + word.length);
      if (node.type === 'identifier' && node.startIndex === at) found.push(node);
    }
    return found;
  }

  /** The calls that pass the keyword argument `name`, in source order (outer calls first). */
  callsWithKeyword(name: string): SyntaxNode[] {
    const calls = new Map<number, SyntaxNode>();
    for (const identifier of this.identifiers(name, 'whole')) {
      const keyword = identifier.parent;
      if (keyword?.type !== 'keyword_argument' || keyword.childForFieldName('name')?.id !== identifier.id) continue;
      const call = keyword.parent?.parent;
      if (keyword.parent?.type === 'argument_list' && call?.type === 'call') calls.set(call.id, call);
    }
    return inSourceOrder([...calls.values()]);
  }

  /** The attributes whose member (the name after the dot) is spelled `member`, in source order. */
  attributesNamed(members: Iterable<string>, match: 'whole' | 'prefix' = 'whole'): SyntaxNode[] {
    const attributes = new Map<number, SyntaxNode>();
    for (const member of new Set(members)) {
      for (const identifier of this.identifiers(member, match)) {
        const attribute = identifier.parent;
        if (attribute?.type === 'attribute' && attribute.childForFieldName('attribute')?.id === identifier.id) {
          attributes.set(attribute.id, attribute);
        }
      }
    }
    return inSourceOrder([...attributes.values()]);
  }

  /** `module.nodesOfType(type)` (memoised by the module). */
  nodes(type: string): readonly SyntaxNode[] {
    return this.module.nodesOfType(type);
  }

  /** `"text"`, or `'text'` when the file writes more single-quoted strings than double-quoted ones. */
  quote(text: string): string {
    // A file without a single quote anywhere has no single-quoted string to count.
    if (this.quoteMark === undefined && !this.module.text.includes("'")) this.quoteMark = '"';
    if (this.quoteMark === undefined) {
      let single = 0;
      let double = 0;
      for (const start of this.nodes('string_start')) {
        const quote = start.text.replace(/^[a-zA-Z]*/, '');
        if (quote.startsWith("'")) single++;
        else if (quote.startsWith('"')) double++;
      }
      this.quoteMark = single > double ? "'" : '"';
    }
    return `${this.quoteMark}${text}${this.quoteMark}`;
  }
}

/** Nodes in the order a tree walk lists them: by start, an enclosing node before the nodes inside it. */
export function inSourceOrder(nodes: SyntaxNode[]): SyntaxNode[] {
  return nodes.sort((a, b) => a.startIndex - b.startIndex || b.endIndex - a.endIndex);
}

export function emit(report: PythonReporter, notes: Note[]): void {
  for (const note of notes) {
    if (note.kind === 'manual') report.manualAt(note.node, note.finding);
    else report.warnAt(note.node, note.finding);
  }
}

/** True inside the braces of an f-string, where Python 3.11 forbids the string's own quote. */
export function isInsideFString(node: SyntaxNode): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'interpolation') return true;
  }
  return false;
}
