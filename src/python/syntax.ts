import { SyntaxNode } from './parser';

const scopeTypes = new Set(['function_definition', 'lambda', 'class_definition']);
const importTypes = new Set(['import_statement', 'import_from_statement', 'future_import_statement']);

/** The statement a node belongs to: the ancestor whose parent is a block or the module. */
export function statementOf(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.parent && current.parent.type !== 'block' && current.parent.type !== 'module') {
    current = current.parent;
  }
  return current;
}

/** True when the node sits directly in the module body, not inside a function, class or lambda. */
export function isModuleLevel(node: SyntaxNode): boolean {
  return enclosingScope(node) === undefined;
}

/** The nearest function, lambda or class around a node. */
export function enclosingScope(node: SyntaxNode): SyntaxNode | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (scopeTypes.has(current.type)) return current;
  }
  return undefined;
}

/** The nearest enclosing function or lambda (the code that runs each time it is called). */
export function enclosingFunction(node: SyntaxNode): SyntaxNode | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'function_definition' || current.type === 'lambda') return current;
  }
  return undefined;
}

export function isImportStatement(node: SyntaxNode): boolean {
  return importTypes.has(node.type);
}

/** The `except` clause holding a node, if any, up to the nearest scope. */
export function enclosingExceptClause(node: SyntaxNode): SyntaxNode | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'except_clause' || current.type === 'except_group_clause') return current;
    if (scopeTypes.has(current.type)) return undefined;
  }
  return undefined;
}

/** A dotted expression (`a.b.c`) as text with whitespace and comments removed, or undefined. */
export function dottedName(node: SyntaxNode): string | undefined {
  if (node.type === 'identifier') return node.text;
  if (node.type === 'attribute') {
    const object = node.childForFieldName('object');
    const attribute = node.childForFieldName('attribute');
    const prefix = object && dottedName(object);
    return prefix && attribute ? `${prefix}.${attribute.text}` : undefined;
  }
  return undefined;
}

/** The content of a plain string literal (no f-string, no concatenation), or undefined. */
export function stringLiteralValue(node: SyntaxNode): string | undefined {
  if (node.type !== 'string') return undefined;
  const start = node.children[0];
  if (!start || /[fF]/.test(start.text)) return undefined;
  const parts = node.children.filter((child) => child.type === 'string_content' || child.type === 'escape_sequence'
    || child.type === 'interpolation');
  if (parts.some((part) => part.type !== 'string_content')) return undefined;
  return parts.map((part) => part.text).join('');
}

/** True when an identifier is a name being read or bound, not an attribute or keyword name. */
export function isNameReference(identifier: SyntaxNode): boolean {
  const parent = identifier.parent;
  if (!parent) return false;
  if (parent.type === 'attribute' && parent.childForFieldName('attribute')?.id === identifier.id) return false;
  if (parent.type === 'keyword_argument' && parent.childForFieldName('name')?.id === identifier.id) return false;
  // Inside an import, an identifier sits in a dotted_name, perhaps in an aliased_import: the
  // statement is at most three levels up, so the walk stops there instead of at the block.
  let current: SyntaxNode | null = parent;
  for (let depth = 0; current && depth < 3; depth++, current = current.parent) {
    if (importTypes.has(current.type)) return false;
    if (current.type !== 'dotted_name' && current.type !== 'aliased_import' && current.type !== 'relative_import') break;
  }
  return true;
}

/** True when an identifier is where a name gets bound (a def, class, parameter or assignment target). */
export function isBindingSite(identifier: SyntaxNode): boolean {
  const parent = identifier.parent;
  if (!parent) return false;
  const is = (field: string) => parent.childForFieldName(field)?.id === identifier.id;
  switch (parent.type) {
    case 'function_definition':
    case 'class_definition':
      return is('name');
    case 'assignment':
    case 'augmented_assignment':
    case 'for_statement':
    case 'for_in_clause':
      return is('left');
    case 'parameters':
    case 'lambda_parameters':
    case 'global_statement':
    case 'nonlocal_statement':
      return true;
    case 'default_parameter':
    case 'typed_default_parameter':
      return is('name');
    case 'typed_parameter':
      return parent.firstNamedChild?.id === identifier.id;
    case 'as_pattern_target':
      return true;
    default:
      return false;
  }
}

/**
 * Nodes of one tree that nest (functions, `try` statements), looked up by offsets: which of them
 * hold a node. Walking `parent` costs a native call per step that is itself as slow as the node is
 * deep (tree-sitter finds a parent by descending from the root), so walks up from many nodes of an
 * expression thousands of levels deep (`a() + b() + ...`) grew with the square of its depth: 9 s
 * of `session` on 4,000 terms. The nodes are sorted once; a look-up binary-searches and then
 * climbs only the nodes of this kind around it.
 */
export class Nesting {
  private readonly entries: { node: SyntaxNode; start: number; end: number; within?: number }[];

  constructor(nodes: Iterable<SyntaxNode>) {
    this.entries = [...nodes].map((node) => ({ node, start: node.startIndex, end: node.endIndex }))
      // Of nodes that start together, the outer one first, so that each is within the ones before it.
      .sort((a, b) => a.start - b.start || b.end - a.end);
    const open: number[] = [];
    this.entries.forEach((entry, index) => {
      while (open.length > 0 && this.entries[open[open.length - 1]].end <= entry.start) open.pop();
      if (open.length > 0) entry.within = open[open.length - 1];
      open.push(index);
    });
  }

  /** The nodes that hold `node` (not `node` itself), innermost first. */
  holding(node: SyntaxNode): SyntaxNode[] {
    const start = node.startIndex;
    const end = node.endIndex;
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.entries[middle].start <= start) low = middle + 1;
      else high = middle;
    }
    const holders: SyntaxNode[] = [];
    for (let index = low - 1; index >= 0; index = this.entries[index].within ?? -1) {
      const entry = this.entries[index];
      if (end <= entry.end && entry.node.id !== node.id) holders.push(entry.node);
    }
    return holders;
  }
}
