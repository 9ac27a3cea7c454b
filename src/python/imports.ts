import { PythonModule } from './module';
import { SyntaxNode } from './parser';
import { isModuleLevel, isNameReference, stringLiteralValue } from './syntax';

/** One name an import statement binds. */
export interface ImportBinding {
  statement: SyntaxNode;
  /** The `dotted_name` or `aliased_import` node in the statement's list. */
  item: SyntaxNode;
  /** `from X import ...`: X (with leading dots); `import a.b`: `a.b`. */
  module: string;
  /** The imported name in a from-import (`*` for a wildcard); undefined for `import a.b`. */
  name?: string;
  /** The local name the statement binds. */
  bound: string;
  /** True when the statement runs at module level (not inside a function or class). */
  moduleLevel: boolean;
}

export function collectImports(module: PythonModule): ImportBinding[] {
  const bindings: ImportBinding[] = [];
  for (const statement of importStatements(module)) {
    const moduleLevel = isModuleLevel(statement);
    if (statement.type === 'import_statement') {
      for (const item of statement.childrenForFieldName('name')) {
        const { name, alias } = splitItem(item);
        bindings.push({ statement, item, module: name, bound: alias ?? name.split('.')[0], moduleLevel });
      }
      continue;
    }
    const from = statement.childForFieldName('module_name')?.text.replace(/\s+/g, '') ?? '';
    const wildcard = statement.namedChildren.find((child) => child.type === 'wildcard_import');
    if (wildcard) {
      bindings.push({ statement, item: wildcard, module: from, name: '*', bound: '*', moduleLevel });
      continue;
    }
    for (const item of statement.childrenForFieldName('name')) {
      const { name, alias } = splitItem(item);
      bindings.push({ statement, item, module: from, name, bound: alias ?? name, moduleLevel });
    }
  }
  return bindings;
}

/** Import statements, found from their `import` keyword (one per statement), in source order. */
function importStatements(module: PythonModule): SyntaxNode[] {
  return module.nodesAtWord('import')
    .filter((node) => node.type === 'import')
    .map((keyword) => keyword.parent!)
    .filter((statement) => statement.type === 'import_statement' || statement.type === 'import_from_statement');
}

function splitItem(item: SyntaxNode): { name: string; alias?: string } {
  if (item.type === 'aliased_import') {
    return { name: item.childForFieldName('name')!.text, alias: item.childForFieldName('alias')!.text };
  }
  return { name: item.text };
}

/**
 * How often each name is used outside import statements. A string literal equal to the name
 * counts too, so that names exported through `__all__` are never taken for unused.
 */
export function nameUses(module: PythonModule): Map<string, number> {
  const uses = new Map<string, number>();
  const count = (name: string) => uses.set(name, (uses.get(name) ?? 0) + 1);
  for (const node of module.nodesOfType('identifier', 'string')) {
    if (node.type === 'identifier') {
      if (isNameReference(node)) count(node.text);
    } else {
      const value = stringLiteralValue(node);
      if (value !== undefined && /^[A-Za-z_]\w*$/.test(value)) count(value);
    }
  }
  return uses;
}

/**
 * How often a name is used outside import statements; a string literal equal to the name counts
 * too, so that names exported through `__all__` are never taken for unused.
 */
export function usesOf(module: PythonModule, name: string): number {
  return module.nodesAtWord(name).filter((node) => {
    if (node.type === 'identifier') return isNameReference(node);
    const string = node.type === 'string_content' ? node.parent : undefined;
    return string !== undefined && string !== null && stringLiteralValue(string) === name;
  }).length;
}

/**
 * Removes import bindings, keeping the rest of each statement as written. A statement left with
 * no names is removed with its line; one that was the only statement of a block becomes `pass`.
 */
export function removeImportBindings(module: PythonModule, bindings: ImportBinding[]): void {
  const byStatement = new Map<number, { statement: SyntaxNode; items: Set<number> }>();
  for (const binding of bindings) {
    const entry = byStatement.get(binding.statement.id) ?? { statement: binding.statement, items: new Set<number>() };
    entry.items.add(binding.item.id);
    byStatement.set(binding.statement.id, entry);
  }
  for (const { statement, items } of byStatement.values()) {
    const all = statement.type === 'import_statement' || !statement.namedChildren.some((c) => c.type === 'wildcard_import')
      ? statement.childrenForFieldName('name')
      : [];
    if (all.length === 0 || all.every((item) => items.has(item.id))) {
      removeStatement(module, statement);
    } else {
      removeListItems(module, all, items);
    }
  }
}

/** Removes runs of list items together with the commas that separate them from kept items. */
function removeListItems(module: PythonModule, all: SyntaxNode[], removed: Set<number>): void {
  let index = 0;
  while (index < all.length) {
    if (!removed.has(all[index].id)) {
      index++;
      continue;
    }
    const runStart = index;
    while (index < all.length && removed.has(all[index].id)) index++;
    const runEnd = index - 1;
    if (index < all.length) {
      module.edit.remove(all[runStart].startIndex, all[index].startIndex);
    } else {
      module.edit.remove(all[runStart - 1].endIndex, all[runEnd].endIndex);
    }
  }
}

/**
 * Removes a whole simple statement. A statement alone on its lines goes with its line (and a
 * trailing comment on it); one sharing a line through `;` goes with its separator; the only
 * statement of a block is replaced by `pass` so the block stays valid.
 */
export function removeStatement(module: PythonModule, statement: SyntaxNode): void {
  const block = statement.parent;
  if (block?.type === 'block' && block.namedChildren.filter((c) => c.type !== 'comment').length === 1) {
    module.edit.replace(statement.startIndex, statement.endIndex, 'pass');
    return;
  }
  const next = statement.nextSibling;
  const previous = statement.previousSibling;
  if (next?.type === ';') {
    const following = next.nextSibling;
    const sameLine = following && !module.text.slice(next.endIndex, following.startIndex).includes('\n');
    module.edit.remove(statement.startIndex, sameLine ? following.startIndex : next.endIndex);
    return;
  }
  if (previous?.type === ';') {
    module.edit.remove(previous.startIndex, statement.endIndex);
    return;
  }
  const start = module.startsLine(statement.startIndex) ? module.lineStart(statement.startIndex) : statement.startIndex;
  let end = module.endsLine(statement.endIndex) ? module.nextLineStart(statement.endIndex) : statement.endIndex;
  // The first statement of a block takes the blank lines after it along, so the block does not
  // start with an empty line.
  if (block?.type === 'block' && block.firstNamedChild?.id === statement.id) end = skipBlankLines(module, end);
  module.edit.remove(start, end);
}

function skipBlankLines(module: PythonModule, offset: number): number {
  let current = offset;
  while (current < module.text.length) {
    const next = module.nextLineStart(current);
    if (module.text.slice(current, next).trim() !== '' || next === current) break;
    current = next;
  }
  return current;
}

/** Adds import lines at a module-level insertion point, with blank lines that keep groups apart. */
export function insertModuleImports(module: PythonModule, offset: number, statements: string[]): void {
  if (statements.length === 0) return;
  const importLike = new Set(moduleLevelImportStatements(module).map((statement) => statement.id));
  const code = module.root.namedChildren.filter((statement) => statement.type !== 'comment');
  const previous = code.filter((statement) => statement.endIndex <= offset).pop();
  const next = code.find((statement) => statement.startIndex >= offset);
  // After a compound statement (a try or if that holds imports) the new imports read as a group of their own.
  const apart = previous && (!importLike.has(previous.id) || previous.type === 'try_statement' || previous.type === 'if_statement');
  const lines = [...(apart ? [''] : []), ...statements];
  const separator = offset > 0 && !/[\r\n]$/.test(module.text.slice(0, offset)) ? '\n' : '';
  const followedByBlank = /^[ \t]*\r?\n/.test(module.text.slice(offset));
  const blankAfter = next && !importLike.has(next.id) && !followedByBlank ? '\n' : '';
  module.edit.insert(offset, `${separator}${lines.join('\n')}\n${blankAfter}`);
}

/** Top-level import statements (including those inside top-level `try`/`if` blocks), in order. */
export function moduleLevelImportStatements(module: PythonModule): SyntaxNode[] {
  return module.root.namedChildren.filter((statement) => isImportLike(statement));
}

function isImportLike(statement: SyntaxNode): boolean {
  if (statement.type === 'import_statement' || statement.type === 'import_from_statement'
    || statement.type === 'future_import_statement') return true;
  if (statement.type === 'try_statement' || statement.type === 'if_statement') {
    const body = statement.childForFieldName('body') ?? statement.childForFieldName('consequence');
    const first = body?.namedChildren.find((c) => c.type !== 'comment');
    return first !== undefined && isImportLike(first);
  }
  return false;
}

/**
 * Where new module-level code may go: after the module docstring, `from __future__` imports and
 * any module-level imports that come before `limit` (the first statement that will need the
 * new code). Returns the offset of the line start to insert at.
 */
export function moduleInsertionPoint(module: PythonModule, limit = Infinity): number {
  let after: SyntaxNode | undefined;
  for (const statement of module.root.namedChildren) {
    if (statement.startIndex >= limit) break;
    if (statement.type === 'comment') continue;
    const isDocstring = after === undefined && statement.type === 'expression_statement'
      && statement.firstNamedChild?.type === 'string' && statement.startIndex === firstCodeOffset(module);
    if (isDocstring || isImportLike(statement)) after = statement;
  }
  return after ? module.nextLineStart(after.endIndex) : firstCodeLineStart(module, limit);
}

function firstCodeOffset(module: PythonModule): number {
  const first = module.root.namedChildren.find((statement) => statement.type !== 'comment');
  return first?.startIndex ?? module.text.length;
}

/** Past a leading shebang / encoding / licence comment block, at the first line of code. */
function firstCodeLineStart(module: PythonModule, limit: number): number {
  const first = module.root.namedChildren.find((statement) => statement.type !== 'comment');
  const offset = first ? Math.min(first.startIndex, limit) : module.text.length;
  return module.lineStart(Math.min(offset, module.text.length));
}
