import { collectImports, ImportBinding } from './imports';
import { PythonModule } from './module';
import { SyntaxNode } from './parser';
import { isNameReference } from './syntax';

/**
 * The scope model of a module, the one every transform reads (name-resolution.ts adds what
 * imports mean on top of it): which scope binds a name, where, how, and every reference to it. It
 * follows the language's rules: modules, functions, lambdas, classes and comprehensions are
 * scopes; a class scope is invisible to the functions inside it; `global` and `nonlocal` redirect
 * a name; parameter defaults, annotations, decorators and a comprehension's first iterable are
 * evaluated in the enclosing scope; `:=` binds in the enclosing function; `match` captures bind.
 *
 * Not modelled: names a star import, `exec` or `globals()` creates (they read as unbound, that is
 * builtins; `NameResolver` adds the one star import that may provide one), and PEP 695
 * type-parameter scopes.
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
  /** For kind 'import': the import. */
  import?: ImportBinding;
}

const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension',
  'generator_expression']);
/** Nodes that can stand between an assignment target and the identifiers it binds. */
const TARGET_CONTAINERS = new Set(['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list',
  'parenthesized_expression', 'list_splat_pattern', 'expression_list', 'as_pattern_target']);

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

/** A scope node, with the parts of it whose names are its own, as offsets read once. */
interface Region {
  node: SyntaxNode;
  /** Its place among the regions by start offset (-1 for the module). */
  index: number;
  type: string;
  start: number;
  end: number;
  /** A function's, lambda's or class's body (a comprehension's own names are everywhere in it). */
  body?: { start: number; end: number };
  /** A function's or lambda's parameters: only the names they bind are the function's. */
  parameters?: { start: number; end: number };
  /** A comprehension's first iterable(s), evaluated in the enclosing scope. */
  outside: { start: number; end: number }[];
  /** The enclosing scope's region, once asked (null for the module). */
  parent?: Region | null;
  /** The innermost region whose range holds this one's (undefined: only the module's). */
  within?: Region;
}

/** The names `global` and `nonlocal` statements declare in one scope. */
interface Declarations {
  globals: Set<string>;
  nonlocals: Set<string>;
}

/**
 * Built lazily, name by name: asked about `session`, it looks only at the identifiers spelled
 * `session` (found by searching the text), at the imports that bind it and at `global` and
 * `nonlocal` statements. Where a node is, it reads from the offsets of the module's scope nodes,
 * which it reads once, instead of walking `parent` chains through the binding (each step a native
 * call): the answers are those of the language's rules above, for a module that parses.
 */
export class Scopes {
  readonly root: SyntaxNode;
  private readonly module: PythonModule;
  private readonly rootRegion: Region;
  private regionsValue?: Region[];
  private readonly regionByNode = new Map<SyntaxNode, Region>();
  private readonly regionById = new Map<number, Region>();
  private declarationsValue?: Map<Region, Declarations>;
  /** For each name asked about: its bindings, by the region of the scope they bind in. */
  private readonly named = new Map<string, Map<Region, Binding[]>>();
  private readonly occurrences = new Map<string, { node: SyntaxNode; start: number }[]>();
  /** Lookups by name, then by where they start. */
  private readonly lookups = new Map<string, Map<string, Region | undefined>>();
  private readonly resolved = new Map<SyntaxNode, Region | undefined>();

  /** The model of a module, built once per tree and shared by every transform that reads it. */
  static of(module: PythonModule): Scopes {
    return module.memo('scope:scopes', () => new Scopes(module));
  }

  constructor(module: PythonModule) {
    this.module = module;
    this.root = module.root;
    this.rootRegion = { node: this.root, index: -1, type: 'module', start: 0, end: Number.MAX_SAFE_INTEGER, outside: [],
      parent: null };
    this.regionByNode.set(this.root, this.rootRegion);
  }

  /** The scope in which a name written at `node` is looked up first. */
  scopeOf(node: SyntaxNode): SyntaxNode {
    return this.regionAt(node).node;
  }

  /** The scope enclosing a scope node (undefined for the module). */
  parentScope(scope: SyntaxNode): SyntaxNode | undefined {
    const region = this.regionOf(scope);
    return region ? this.parentRegion(region)?.node : this.scopeOf(scope);
  }

  /** The names a scope declares `global`. */
  globalsOf(scope: SyntaxNode): ReadonlySet<string> {
    const region = this.regionOf(scope);
    return (region && this.declarations().get(region)?.globals) ?? new Set();
  }

  /**
   * The function or lambda whose body holds a node (the code that runs each time it is called):
   * decorators and default values belong to the enclosing code, as in Python.
   */
  functionAt(node: SyntaxNode): SyntaxNode | undefined {
    const start = node.startIndex;
    const end = node.endIndex;
    for (let region = this.lastRegionFrom(start); region; region = region.within) {
      const isFunction = region.type === 'function_definition' || region.type === 'lambda';
      if (isFunction && region.body!.start <= start && end <= region.body!.end) return region.node;
    }
    return undefined;
  }

  /** The nearest function or lambda around the scope a name written at `node` is looked up in. */
  functionOf(node: SyntaxNode): SyntaxNode | undefined {
    for (let region: Region | undefined = this.regionAt(node); region; region = this.parentRegion(region)) {
      if (region.type === 'function_definition' || region.type === 'lambda') return region.node;
    }
    return undefined;
  }

  /** Every name a scope binds, with where. Costs a look at every name of the module. */
  bindings(scope: SyntaxNode): Map<string, Binding[]> {
    const region = this.regionOf(scope);
    if (!region) return new Map();
    const names = new Set(this.module.nodesOfType('identifier').map((identifier) => identifier.text));
    for (const binding of importsOf(this.module)) names.add(binding.bound);
    const result = new Map<string, Binding[]>();
    for (const name of names) {
      const bound = this.bindingsByRegion(name).get(region);
      if (bound) result.set(name, bound);
    }
    return result;
  }

  /** The bindings of one name in a scope (empty when the scope does not bind it). */
  bindingsNamed(scope: SyntaxNode, name: string): Binding[] {
    const region = this.regionOf(scope);
    return region ? this.bindingsByRegion(name).get(region) ?? [] : [];
  }

  /** The scope that binds the name an identifier refers to; undefined for builtins and unbound names. */
  resolve(identifier: SyntaxNode): SyntaxNode | undefined {
    return this.resolveRegion(identifier)?.node;
  }

  /** The bindings an identifier may refer to (every binding of its name in its scope). */
  bindingsOf(identifier: SyntaxNode): Binding[] {
    const region = this.resolveRegion(identifier);
    return region ? this.bindingsByRegion(identifier.text).get(region) ?? [] : [];
  }

  /**
   * Every identifier that means the name `name` bound in `scope`: reads, writes and `global` /
   * `nonlocal` declarations; never attributes, keyword-argument names, strings or comments.
   */
  references(scope: SyntaxNode, name: string): SyntaxNode[] {
    const region = this.regionOf(scope);
    if (!region) return [];
    const named = this.occurrencesOf(name);
    const start = region === this.rootRegion ? 0 : region.start;
    const end = region.end;
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
      if (isNameReference(identifier) && this.resolveRegion(identifier) === region) result.push(identifier);
    }
    return result;
  }

  private resolveRegion(identifier: SyntaxNode): Region | undefined {
    if (this.resolved.has(identifier)) return this.resolved.get(identifier);
    const parent = identifier.parent;
    const walrus = parent?.type === 'named_expression' && parent.childForFieldName('name')?.id === identifier.id;
    const start = walrus ? this.functionRegionAt(identifier) : this.regionAt(identifier);
    const region = this.lookup(identifier.text, start, true);
    this.resolved.set(identifier, region);
    return region;
  }

  /** Every identifier spelled `name`, in source order, with its start offset. */
  private occurrencesOf(name: string): { node: SyntaxNode; start: number }[] {
    let named = this.occurrences.get(name);
    if (!named) {
      named = this.module.identifiersNamed(name).map((node) => ({ node, start: node.startIndex }));
      this.occurrences.set(name, named);
    }
    return named;
  }

  /**
   * The bindings of a name in every scope. In order: its binding identifiers in source order
   * (moved to the module under `global`), its imports, then those declared `nonlocal`, which
   * bind where the enclosing functions already bind the name.
   */
  private bindingsByRegion(name: string): Map<Region, Binding[]> {
    let byRegion = this.named.get(name);
    if (byRegion) return byRegion;
    byRegion = new Map();
    this.named.set(name, byRegion);
    const add = (binding: Binding, region: Region) => {
      const list = byRegion!.get(region);
      if (list) list.push(binding);
      else byRegion!.set(region, [binding]);
    };
    const pendingNonlocal: { binding: Binding; region: Region }[] = [];
    for (const { node } of this.occurrencesOf(name)) {
      const kind = bindingKind(node);
      if (!kind) continue;
      const region = kind === 'walrus' ? this.functionRegionAt(node) : this.regionAt(node);
      const binding: Binding = { name, kind, node, scope: region.node, value: assignedValue(node) };
      const declared = this.declarations().get(region);
      if (declared?.globals.has(name)) {
        add({ ...binding, scope: this.root }, this.rootRegion);
      } else if (declared?.nonlocals.has(name)) {
        pendingNonlocal.push({ binding, region });
      } else {
        add(binding, region);
      }
    }
    for (const importBinding of importsOf(this.module)) {
      if (importBinding.bound !== name || name === '*') continue;
      const region = this.regionAt(importBinding.statement);
      const target = this.declarations().get(region)?.globals.has(name) ? this.rootRegion : region;
      add({ name, kind: 'import', node: importBinding.item, scope: target.node, import: importBinding }, target);
    }
    for (const { binding, region } of pendingNonlocal) {
      const outer = this.lookup(name, this.parentRegion(region), false);
      if (outer) add({ ...binding, scope: outer.node }, outer);
    }
    // Answers given before the last bindings were added.
    this.lookups.delete(name);
    return byRegion;
  }

  private lookup(name: string, start: Region | undefined, innermost: boolean): Region | undefined {
    let byStart = this.lookups.get(name);
    if (!byStart) {
      byStart = new Map();
      this.lookups.set(name, byStart);
    }
    const key = `${start?.index ?? 'none'}:${innermost}`;
    if (byStart.has(key)) return byStart.get(key);
    const found = this.lookupUncached(name, start, innermost);
    byStart.set(key, found);
    return found;
  }

  private lookupUncached(name: string, start: Region | undefined, innermost: boolean): Region | undefined {
    const byRegion = this.bindingsByRegion(name);
    let first = innermost;
    for (let region = start; region; region = this.parentRegion(region)) {
      const declared = this.declarations().get(region);
      if (declared?.globals.has(name)) return byRegion.has(this.rootRegion) ? this.rootRegion : undefined;
      if (declared?.nonlocals.has(name)) {
        first = false;
        continue;
      }
      const visible = region.type !== 'class_definition' || first;
      if (visible && byRegion.has(region)) return region;
      first = false;
    }
    return undefined;
  }

  /** Where `:=` binds: the nearest scope that is not a comprehension. */
  private functionRegionAt(node: SyntaxNode): Region {
    let region = this.regionAt(node);
    while (COMPREHENSIONS.has(region.type)) region = this.parentRegion(region)!;
    return region;
  }

  private parentRegion(region: Region): Region | undefined {
    if (region.parent === undefined) region.parent = this.regionAt(region.node, region);
    return region.parent ?? undefined;
  }

  /**
   * The innermost scope whose own names include a name written at `node`. Scopes nest, so the
   * scopes whose ranges hold the node are the last one to start at or before it and the regions
   * around that one (\`within\`): walked from the inside out, the first whose own part holds the
   * node is the answer. (A walk over every region that starts before the node made a large
   * module quadratic: 3.3 s of a 3 MB module.)
   */
  private regionAt(node: SyntaxNode, self?: Region): Region {
    const start = self ? self.start : node.startIndex;
    const end = self ? self.end : node.endIndex;
    let isParameterIdentifier: boolean | undefined;
    for (let region = this.lastRegionFrom(start); region; region = region.within) {
      if (end > region.end || region === self) continue;
      if (region.body) {
        if (region.body.start <= start && end <= region.body.end) return region;
        if (region.parameters && region.parameters.start <= start && end <= region.parameters.end) {
          isParameterIdentifier ??= !self && node.type === 'identifier' && isParameterName(node);
          if (isParameterIdentifier) return region;
        }
      } else if (COMPREHENSIONS.has(region.type)) {
        // A node as long as the comprehension is the comprehension or holds it.
        const inside = start !== region.start || end !== region.end;
        if (inside && !region.outside.some((range) => range.start <= start && end <= range.end)) return region;
      }
    }
    return this.rootRegion;
  }

  /** The last region to start at or before an offset: the innermost of those that may hold it. */
  private lastRegionFrom(start: number): Region | undefined {
    const regions = this.regions();
    let low = 0;
    let high = regions.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (regions[middle].start <= start) low = middle + 1;
      else high = middle;
    }
    return regions[low - 1];
  }

  /** Every scope node but the module, by start offset. */
  private regions(): Region[] {
    if (this.regionsValue) return this.regionsValue;
    const regions: Region[] = [];
    const range = (node: SyntaxNode | null) => (node ? { start: node.startIndex, end: node.endIndex } : undefined);
    for (const [node, type] of scopeNodes(this.module)) {
      const region: Region = { node, index: 0, type, start: node.startIndex, end: node.endIndex, outside: [] };
      if (COMPREHENSIONS.has(type)) {
        const firstFor = node.namedChildren.find((child) => child.type === 'for_in_clause');
        region.outside = firstFor?.childrenForFieldName('right').map((right) => range(right)!) ?? [];
      } else {
        // A scope without a body (never so in a module that parses) would own no names.
        region.body = range(node.childForFieldName('body')) ?? { start: -1, end: -1 };
        if (type !== 'class_definition') region.parameters = range(node.childForFieldName('parameters'));
      }
      regions.push(region);
      this.regionByNode.set(node, region);
    }
    // Of regions that start together, the outer one first, so that each is within the ones before it.
    regions.sort((a, b) => a.start - b.start || b.end - a.end);
    const open: Region[] = [];
    regions.forEach((region, index) => {
      region.index = index;
      while (open.length > 0 && open[open.length - 1].end <= region.start) open.pop();
      region.within = open[open.length - 1];
      open.push(region);
    });
    this.regionsValue = regions;
    return regions;
  }

  /** The region of a scope node; undefined for a node that is no scope. */
  private regionOf(scope: SyntaxNode): Region | undefined {
    this.regions();
    const known = this.regionByNode.get(scope);
    if (known) return known;
    // Another wrapper of the same node: look it up by id.
    if (this.regionById.size === 0) {
      for (const region of [this.rootRegion, ...this.regions()]) this.regionById.set(region.node.id, region);
    }
    return this.regionById.get(scope.id);
  }

  /** `global` and `nonlocal` names by the scope that declares them, found from their keywords. */
  private declarations(): Map<Region, Declarations> {
    if (this.declarationsValue) return this.declarationsValue;
    const declarations = new Map<Region, Declarations>();
    for (const keyword of ['global', 'nonlocal'] as const) {
      for (const token of this.module.nodesAtWord(keyword)) {
        if (token.type !== keyword) continue;
        for (const identifier of token.parent!.namedChildren) {
          if (identifier.type !== 'identifier') continue;
          const region = this.regionAt(identifier);
          let declared = declarations.get(region);
          if (!declared) {
            declared = { globals: new Set(), nonlocals: new Set() };
            declarations.set(region, declared);
          }
          (keyword === 'global' ? declared.globals : declared.nonlocals).add(identifier.text);
        }
      }
    }
    this.declarationsValue = declarations;
    return declarations;
  }
}

function keywordParents(module: PythonModule, keyword: string, parentType: string): SyntaxNode[] {
  return module.nodesAtWord(keyword)
    .filter((token) => token.type === keyword)
    .map((token) => token.parent)
    .filter((parent): parent is SyntaxNode => parent?.type === parentType);
}

/**
 * Every scope node of a module but the module itself, with its type, found from the keyword
 * each starts with (`def`, `class`, `lambda`, a comprehension's first `for`): searching the text
 * and asking the tree about the few hits. That costs about what one native `descendantsOfType`
 * walk for these types does (0.4 ms a module on the benchmark), far less than visiting every node
 * from JavaScript.
 */
function scopeNodes(module: PythonModule): [SyntaxNode, string][] {
  const found: [SyntaxNode, string][] = functionDefinitions(module).map((node) => [node, 'function_definition']);
  for (const node of keywordParents(module, 'class', 'class_definition')) found.push([node, 'class_definition']);
  for (const node of keywordParents(module, 'lambda', 'lambda')) found.push([node, 'lambda']);
  const comprehensions = new Set<number>();
  for (const clause of keywordParents(module, 'for', 'for_in_clause')) {
    const comprehension = clause.parent!;
    const type = comprehension.type;
    const start = comprehension.startIndex;
    // Each of a comprehension's `for` clauses leads to it; they start at different offsets.
    if (!COMPREHENSIONS.has(type) || comprehensions.has(start)) continue;
    comprehensions.add(start);
    found.push([comprehension, type]);
  }
  return found;
}

/**
 * Every function definition of a module, in source order: `module.nodesOfType('function_definition')`
 * found from the `def` keywords instead of a walk over every node. Each definition has its own
 * `def` token, and a module that parses has no missing one, so the two lists are the same.
 * Memoised per tree; do not mutate the result.
 */
export function functionDefinitions(module: PythonModule): readonly SyntaxNode[] {
  return module.memo('scope:function-definitions', () => module.nodesAtWord('def')
    .filter((token) => token.type === 'def')
    .map((token) => token.parent)
    .filter((parent): parent is SyntaxNode => parent?.type === 'function_definition'));
}

/** The module's imports, collected once per tree for every user of it. */
export function importsOf(module: PythonModule): ImportBinding[] {
  return module.memo('scope:imports', () => collectImports(module));
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
