import { collectImports } from './imports';
import { PythonModule } from './module';
import { SyntaxNode } from './parser';
import { isNameReference } from './syntax';

/**
 * Python name resolution, as far as a codemod needs it to rename a variable or ask where a name
 * comes from. It follows the language's rules: modules, functions, lambdas, classes and
 * comprehensions are scopes; a class scope is invisible to the functions inside it; `global` and
 * `nonlocal` redirect a name; parameter defaults, annotations, decorators and a comprehension's
 * first iterable are evaluated in the enclosing scope; `:=` binds in the enclosing function.
 *
 * Not modelled: names a star import, `exec` or `globals()` creates (they read as unbound, that is
 * builtins), and PEP 695 type-parameter scopes.
 */

export type BindingKind = 'parameter' | 'definition' | 'assignment' | 'augmented' | 'for' | 'alias' | 'walrus'
  | 'delete' | 'match' | 'import';

export interface Binding {
  name: string;
  kind: BindingKind;
  /** The identifier that binds (for imports: the import statement's item). */
  node: SyntaxNode;
  /** The scope the name is bound in. */
  scope: SyntaxNode;
  /** For `name = value` (also `a = name = value`): the value. */
  value?: SyntaxNode;
}

const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension',
  'generator_expression']);
const SCOPES = new Set(['module', 'function_definition', 'lambda', 'class_definition', ...COMPREHENSIONS]);
/** Nodes that can stand between an assignment target and the identifiers it binds. */
const TARGET_CONTAINERS = new Set(['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list',
  'parenthesized_expression', 'list_splat_pattern', 'expression_list', 'as_pattern_target']);

export function isScope(node: SyntaxNode): boolean {
  return SCOPES.has(node.type);
}

export function isComprehension(node: SyntaxNode): boolean {
  return COMPREHENSIONS.has(node.type);
}

/** True when `inner` lies within `outer` (or is it). */
export function contains(outer: SyntaxNode, inner: SyntaxNode): boolean {
  return outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

/** The parameter names of a function or lambda, as the identifiers that bind them. */
export function parameterIdentifiers(definition: SyntaxNode): SyntaxNode[] {
  const parameters = definition.childForFieldName('parameters');
  if (!parameters) return [];
  return parameters.descendantsOfType('identifier').filter(isParameterName);
}

/** True for the identifier that names a parameter (not one in its default value or annotation). */
export function isParameterName(identifier: SyntaxNode): boolean {
  const parent = identifier.parent;
  if (!parent) return false;
  switch (parent.type) {
    case 'parameters':
    case 'lambda_parameters':
      return true;
    case 'default_parameter':
    case 'typed_default_parameter':
      return parent.childForFieldName('name')?.id === identifier.id;
    case 'typed_parameter':
      return parent.firstNamedChild?.id === identifier.id;
    case 'list_splat_pattern':
    case 'dictionary_splat_pattern': {
      const holder = parent.parent?.type;
      return holder === 'parameters' || holder === 'lambda_parameters' || holder === 'typed_parameter';
    }
    default:
      return false;
  }
}

interface ScopeInfo {
  bindings: Map<string, Binding[]>;
  globals: Set<string>;
  nonlocals: Set<string>;
}

export class Scopes {
  readonly root: SyntaxNode;
  private readonly infos = new Map<number, ScopeInfo>();
  private readonly lookups = new Map<string, SyntaxNode | undefined>();
  private readonly blockScopes = new Map<number, SyntaxNode>();
  private readonly resolved = new Map<number, SyntaxNode | undefined>();
  /** Every identifier of the module by name, in source order, with its start offset. */
  private readonly identifiers = new Map<string, { node: SyntaxNode; start: number }[]>();

  constructor(module: PythonModule) {
    this.root = module.root;
    const identifiers = module.nodesOfType('identifier');
    for (const identifier of identifiers) {
      const entry = { node: identifier, start: identifier.startIndex };
      const named = this.identifiers.get(identifier.text);
      if (named) named.push(entry);
      else this.identifiers.set(identifier.text, [entry]);
      const parent = identifier.parent;
      if (parent?.type === 'global_statement') this.info(this.scopeOf(identifier)).globals.add(identifier.text);
      if (parent?.type === 'nonlocal_statement') this.info(this.scopeOf(identifier)).nonlocals.add(identifier.text);
    }
    const pendingNonlocal: Binding[] = [];
    for (const identifier of identifiers) {
      const kind = bindingKind(identifier);
      if (!kind) continue;
      const scope = kind === 'walrus' ? this.functionScopeOf(identifier) : this.scopeOf(identifier);
      const binding: Binding = { name: identifier.text, kind, node: identifier, scope, value: assignedValue(identifier) };
      const info = this.info(scope);
      if (info.globals.has(binding.name)) {
        this.add({ ...binding, scope: this.root });
      } else if (info.nonlocals.has(binding.name)) {
        pendingNonlocal.push(binding);
      } else {
        this.add(binding);
      }
    }
    for (const importBinding of collectImports(module)) {
      if (importBinding.bound === '*') continue;
      const scope = this.scopeOf(importBinding.statement);
      const target = this.info(scope).globals.has(importBinding.bound) ? this.root : scope;
      this.add({ name: importBinding.bound, kind: 'import', node: importBinding.item, scope: target });
    }
    for (const binding of pendingNonlocal) {
      const outer = this.lookup(binding.name, this.parentScope(binding.scope), false);
      if (outer) this.add({ ...binding, scope: outer });
    }
    // Answers given before the last bindings were added.
    this.lookups.clear();
    this.resolved.clear();
  }

  /** The scope in which a name written at `node` is looked up first. */
  scopeOf(node: SyntaxNode): SyntaxNode {
    // Everything in one block shares the block's scope: remembering it per block saves walking
    // (and marshalling) the same ancestors for every identifier.
    const blocks: number[] = [];
    const found = (scope: SyntaxNode) => {
      for (const block of blocks) this.blockScopes.set(block, scope);
      return scope;
    };
    let child = node;
    for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
      if (child.type === 'block') {
        const known = this.blockScopes.get(child.id);
        if (known) return found(known);
        blocks.push(child.id);
      }
      switch (parent.type) {
        case 'module':
          return found(parent);
        case 'function_definition':
        case 'lambda': {
          if (parent.childForFieldName('body')?.id === child.id) return found(parent);
          const parameters = parent.childForFieldName('parameters');
          if (parameters?.id === child.id && node.type === 'identifier' && isParameterName(node)) return found(parent);
          break;
        }
        case 'class_definition':
          if (parent.childForFieldName('body')?.id === child.id) return found(parent);
          break;
        default:
          if (COMPREHENSIONS.has(parent.type)) {
            const firstFor = parent.namedChildren.find((c) => c.type === 'for_in_clause');
            const inFirstIterable = firstFor?.id === child.id
              && firstFor.childrenForFieldName('right').some((right) => contains(right, node));
            if (!inFirstIterable) return found(parent);
          }
      }
    }
    return found(this.root);
  }

  /** The scope enclosing a scope node (undefined for the module). */
  parentScope(scope: SyntaxNode): SyntaxNode | undefined {
    return scope.type === 'module' ? undefined : this.scopeOf(scope);
  }

  /** Every name a scope binds, with where. */
  bindings(scope: SyntaxNode): Map<string, Binding[]> {
    return this.info(scope).bindings;
  }

  /** The scope that binds the name an identifier refers to; undefined for builtins and unbound names. */
  resolve(identifier: SyntaxNode): SyntaxNode | undefined {
    const id = identifier.id;
    if (this.resolved.has(id)) return this.resolved.get(id);
    const kind = bindingKind(identifier);
    const start = kind === 'walrus' ? this.functionScopeOf(identifier) : this.scopeOf(identifier);
    const scope = this.lookup(identifier.text, start, true);
    this.resolved.set(id, scope);
    return scope;
  }

  /** The bindings an identifier may refer to (every binding of its name in its scope). */
  bindingsOf(identifier: SyntaxNode): Binding[] {
    const scope = this.resolve(identifier);
    return scope ? this.bindings(scope).get(identifier.text) ?? [] : [];
  }

  /**
   * Every identifier that means the name `name` bound in `scope`: reads, writes and `global` /
   * `nonlocal` declarations; never attributes, keyword-argument names, strings or comments.
   */
  references(scope: SyntaxNode, name: string): SyntaxNode[] {
    const named = this.identifiers.get(name) ?? [];
    const start = scope.startIndex;
    const end = scope.endIndex;
    // Source order lets a binary search find the scope's first identifier of that name.
    let low = 0;
    let high = named.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (named[middle].start < start) low = middle + 1;
      else high = middle;
    }
    const result: SyntaxNode[] = [];
    for (let index = low; index < named.length && named[index].start < end; index++) {
      const identifier = named[index].node;
      if (isNameReference(identifier) && this.resolve(identifier)?.id === scope.id) result.push(identifier);
    }
    return result;
  }

  private lookup(name: string, start: SyntaxNode | undefined, innermost: boolean): SyntaxNode | undefined {
    const key = `${start?.id}:${innermost}:${name}`;
    if (this.lookups.has(key)) return this.lookups.get(key);
    const found = this.lookupUncached(name, start, innermost);
    this.lookups.set(key, found);
    return found;
  }

  private lookupUncached(name: string, start: SyntaxNode | undefined, innermost: boolean): SyntaxNode | undefined {
    let first = innermost;
    for (let scope = start; scope; scope = this.parentScope(scope)) {
      const info = this.info(scope);
      if (info.globals.has(name)) return this.info(this.root).bindings.has(name) ? this.root : undefined;
      if (info.nonlocals.has(name)) {
        first = false;
        continue;
      }
      const visible = scope.type !== 'class_definition' || first;
      if (visible && info.bindings.has(name)) return scope;
      first = false;
    }
    return undefined;
  }

  /** Where `:=` binds: the nearest scope that is not a comprehension. */
  private functionScopeOf(node: SyntaxNode): SyntaxNode {
    let scope = this.scopeOf(node);
    while (COMPREHENSIONS.has(scope.type)) scope = this.parentScope(scope)!;
    return scope;
  }

  private add(binding: Binding): void {
    const bindings = this.info(binding.scope).bindings;
    const list = bindings.get(binding.name) ?? [];
    list.push(binding);
    bindings.set(binding.name, list);
  }

  private info(scope: SyntaxNode): ScopeInfo {
    let info = this.infos.get(scope.id);
    if (!info) {
      info = { bindings: new Map(), globals: new Set(), nonlocals: new Set() };
      this.infos.set(scope.id, info);
    }
    return info;
  }
}

/** How an identifier binds its name, or undefined when it only reads it. */
export function bindingKind(identifier: SyntaxNode): BindingKind | undefined {
  const parent = identifier.parent;
  if (!parent) return undefined;
  if (isParameterName(identifier)) return 'parameter';
  if ((parent.type === 'function_definition' || parent.type === 'class_definition')
    && parent.childForFieldName('name')?.id === identifier.id) return 'definition';
  if (parent.type === 'named_expression' && parent.childForFieldName('name')?.id === identifier.id) return 'walrus';
  let target = identifier;
  let holder: SyntaxNode | null = parent;
  let alias = false;
  while (holder && TARGET_CONTAINERS.has(holder.type)) {
    if (holder.type === 'as_pattern_target') alias = true;
    target = holder;
    holder = holder.parent;
  }
  if (alias) return 'alias';
  if (holder) {
    const isLeft = holder.childForFieldName('left')?.id === target.id;
    if (holder.type === 'assignment' && isLeft) return 'assignment';
    if (holder.type === 'augmented_assignment' && isLeft) return 'augmented';
    if ((holder.type === 'for_statement' || holder.type === 'for_in_clause') && isLeft) return 'for';
    if (holder.type === 'delete_statement') return 'delete';
  }
  // Capture patterns of `match` (`case x:`, `case {"k": v, **rest}:`, `case P() as p:`).
  if (parent.type === 'dotted_name' && parent.namedChildCount === 1
    && (parent.parent?.type === 'case_pattern' || parent.parent?.type === 'keyword_pattern')) return 'match';
  if (parent.type === 'splat_pattern') return 'match';
  if (parent.type === 'as_pattern' && parent.lastNamedChild?.id === identifier.id
    && parent.namedChildren.some((child) => child.type === 'case_pattern')) return 'match';
  return undefined;
}

/** The value of `name = value` (through chains `a = name = value`), for a plain identifier target. */
function assignedValue(identifier: SyntaxNode): SyntaxNode | undefined {
  const parent = identifier.parent;
  if (parent?.type !== 'assignment' || parent.childForFieldName('left')?.id !== identifier.id) return undefined;
  let value = parent.childForFieldName('right');
  while (value?.type === 'assignment') value = value.childForFieldName('right');
  return value ?? undefined;
}
