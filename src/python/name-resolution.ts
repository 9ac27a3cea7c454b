import { collectImports, ImportBinding } from './imports';
import { PythonModule } from './module';
import { SyntaxNode } from './parser';
import { globalStatements, scopeNodes } from './scope';

/** What a name refers to, when an import binds it. */
export interface Resolution {
  /** The qualified name the import binds, e.g. `streamlit`, `os.path`, `streamlit.experimental_rerun`. */
  target: string;
  /**
   * False when the scope that binds the name also binds it some other way (an assignment, a
   * parameter, another import of something else) or when only a star import may provide it:
   * then the name may or may not mean `target` at this point.
   */
  certain: boolean;
  /** The import that binds it (the first one, when several do). */
  binding?: ImportBinding;
  /**
   * When several imports bind it (`if local: import shim as st` / `else: import streamlit as st`),
   * what each of them refers to, in order, with the rest of a dotted expression appended.
   */
  alternatives?: string[];
  /** Every import that binds it, when there are several. */
  imports?: ImportBinding[];
}

/** One place a name gets bound: an import, or an identifier that is a binding site. */
interface Binding {
  import?: ImportBinding;
  identifier?: SyntaxNode;
}

interface ScopeInfo {
  bindings: Map<string, Binding[]>;
  globals: Set<string>;
  /** `from X import *` statements directly in this scope. */
  stars: ImportBinding[];
}

const SCOPE_TYPES = new Set([
  'function_definition', 'lambda', 'class_definition',
  'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression',
]);
/** Nodes an identifier can sit in and still be (part of) an assignment target. */
const TARGET_WRAPPERS = new Set([
  'pattern_list', 'tuple_pattern', 'list_pattern', 'list_splat_pattern', 'tuple', 'list',
  'parenthesized_expression', 'expression_list',
]);

/**
 * Import-aware name resolution, as far as a codemod needs it: for a name used somewhere, which
 * scope binds it (Python's LEGB rules: the function, enclosing functions, the module; class
 * bodies only for code directly in them), and, when an import binds it, what it imports
 * (`st.sidebar.button` -> `streamlit.sidebar.button`). Its scopes come from the few node types
 * that make them, and a name's bindings from the identifiers spelled like it, the first time the
 * name is asked about: cheap enough to run on every file (streamlit-api, thread-safety), where
 * only a few names are ever asked about. scope.ts is the other model: every
 * binding and reference of every scope, for scope-aware renames (cache). Dynamic tricks
 * (`globals()`, `exec`) are out of reach; everything else errs on the side of "not certain".
 */
export class NameResolver {
  readonly imports: ImportBinding[];
  private readonly scopes = new Map<number, ScopeInfo>();
  private readonly moduleScope: ScopeInfo;
  /** The code regions of every scope, outermost first (see `regionsOf`). */
  private readonly regions: Region[] = [];
  /** Each scope's enclosing scope, by node id. */
  private readonly parentScopes = new Map<number, SyntaxNode>();
  private bodies?: Array<{ fn: SyntaxNode; start: number; end: number }>;
  /** The names whose bindings are in `scopes` already (see `bind`). */
  private readonly boundNames = new Set<string>();
  /** Every binding site of the module, in source order, for `moduleNames` (computed on first use). */
  private everySite?: Site[];

  /** The resolver of a module, built once and shared by every transform that sees the module unchanged. */
  static of(module: PythonModule): NameResolver {
    return module.memo('name-resolution:resolver', () => new NameResolver(module, { imports: moduleImports(module) }));
  }

  constructor(readonly module: PythonModule, options: { imports?: ImportBinding[] } = {}) {
    this.imports = options.imports ?? collectImports(module);
    this.moduleScope = this.info(module.root);
    this.collectScopes();
    for (const binding of this.imports) {
      if (binding.bound === '*') this.info(scopeOf(binding.statement) ?? module.root).stars.push(binding);
    }
  }

  /** `module.nodesOfType(type)`: the rules of a visit ask for the same lists. */
  nodes(type: string): readonly SyntaxNode[] {
    return this.module.nodesOfType(type);
  }

  /** What an identifier that reads a name refers to, when an import binds it. */
  resolve(identifier: SyntaxNode): Resolution | undefined {
    const found = this.lookup(identifier);
    if (!found) return this.starResolution(identifier.text);
    return judge(found.bindings);
  }

  /**
   * The qualified name of a dotted expression rooted at an imported name:
   * `st.sidebar.button` -> `streamlit.sidebar.button`; undefined for anything else.
   */
  qualify(node: SyntaxNode): Resolution | undefined {
    return qualifyDotted(node, (identifier) => this.resolve(identifier));
  }

  /**
   * The identifiers that bind the name an identifier reads, in the scope it resolves to (imports
   * excluded), or undefined when no scope of the module binds it.
   */
  bindingSites(identifier: SyntaxNode): SyntaxNode[] | undefined {
    const found = this.lookup(identifier);
    return found?.bindings.flatMap((binding) => (binding.identifier ? [binding.identifier] : []));
  }

  /** True when the name an identifier reads is bound at module level (not in any function). */
  isModuleName(identifier: SyntaxNode): boolean {
    return this.lookup(identifier)?.scope === this.module.root;
  }

  /** Every binding site of a name at module level (imports excluded). */
  moduleBindingSites(name: string): SyntaxNode[] {
    this.bind(name);
    return (this.moduleScope.bindings.get(name) ?? []).flatMap((b) => (b.identifier ? [b.identifier] : []));
  }

  /** Module-level names and their binding sites (imports excluded), in the order of their first site. */
  moduleNames(): Map<string, SyntaxNode[]> {
    const names = new Map<string, SyntaxNode[]>();
    for (const { identifier } of this.allSites()) {
      const name = identifier.text;
      if (names.has(name)) continue;
      const sites = this.moduleBindingSites(name);
      // A name's first site may bind it in a function: the module's first one then comes later.
      if (sites.length > 0 && sites[0].id === identifier.id) names.set(name, sites);
    }
    return names;
  }

  /** The names a function (or lambda) declares `global`. */
  globalsOf(scope: SyntaxNode): Set<string> {
    return this.scopes.get(scope.id)?.globals ?? new Set();
  }

  /**
   * The function or lambda whose body holds a node (the code that runs each time it is called),
   * found by offsets: decorators and default values belong to the enclosing code, as in Python.
   */
  functionAt(node: SyntaxNode): SyntaxNode | undefined {
    this.bodies ??= scopeNodes(this.module)
      .filter(([, type]) => type === 'function_definition' || type === 'lambda')
      .map(([fn]) => ({ fn, body: fn.childForFieldName('body') }))
      .filter((entry): entry is { fn: SyntaxNode; body: SyntaxNode } => entry.body !== null)
      .map(({ fn, body }) => ({ fn, start: body.startIndex, end: body.endIndex }));
    let innermost: { fn: SyntaxNode; start: number; end: number } | undefined;
    for (const entry of this.bodies) {
      if (entry.start <= node.startIndex && node.endIndex <= entry.end
        && (!innermost || entry.end - entry.start < innermost.end - innermost.start)) innermost = entry;
    }
    return innermost?.fn;
  }

  /** The nearest function or lambda an identifier's code runs in, if any. */
  functionOf(identifier: SyntaxNode): SyntaxNode | undefined {
    for (let scope = this.scopeAt(identifier); scope; scope = this.parentScopes.get(scope.id)) {
      if (scope.type === 'function_definition' || scope.type === 'lambda') return scope;
    }
    return undefined;
  }

  private scopeAt(identifier: SyntaxNode): SyntaxNode | undefined {
    if (identifier.type === 'identifier') return this.scopeAtOffset(identifier.startIndex);
    return scopeOf(identifier);
  }

  /** The innermost scope whose code holds an offset (undefined at module level). */
  private scopeAtOffset(offset: number, except?: SyntaxNode): SyntaxNode | undefined {
    let innermost: Region | undefined;
    for (const region of this.regions) {
      if (region.start > offset) break;
      if (offset < region.end && region.scope !== except
        && (!innermost || region.start >= innermost.start)) innermost = region;
    }
    return innermost?.scope;
  }

  /**
   * Finds the scopes from the keywords that start them (`scopeNodes`, shared with `Scopes` through
   * the module's memo), instead of asking every node: a scope's code is an offset range
   * (`regionsOf`), so the scope of any identifier follows from its offset. The bindings of a name
   * are found when someone asks about it (`bind`).
   */
  private collectScopes(): void {
    const root = this.module.root;
    const scopes = scopeNodes(this.module).map(([node]) => node);
    for (const scope of scopes) this.regions.push(...regionsOf(scope));
    // Outer regions first where two start together; a def's or class's body that is one lambda or
    // comprehension (`class C: [x for x in y]`) has the same range as that scope inside it.
    this.regions.sort((a, b) => a.start - b.start || b.end - a.end || Number(a.whole) - Number(b.whole));
    for (const scope of scopes) {
      this.parentScopes.set(scope.id, this.scopeAtOffset(scope.startIndex, scope) ?? root);
    }
    for (const statement of globalStatements(this.module)) {
      const scope = this.scopeAtOffset(statement.startIndex) ?? root;
      for (const child of statement.namedChildren) {
        if (child.type === 'identifier') this.info(scope).globals.add(child.text);
      }
    }
  }

  /**
   * Records every binding of one name, in every scope, the first time the name is asked about:
   * its binding sites are among the identifiers spelled like it (`module.identifiersNamed`), far
   * fewer than the nodes that can bind some name. Python rejects a `global` after a use of the
   * name, so going through the sites in source order sees each declaration before the bindings
   * it redirects; imports come after every site, as they always have.
   */
  private bind(name: string): void {
    if (this.boundNames.has(name)) return;
    this.boundNames.add(name);
    const declared = new Set<number>();
    for (const site of this.sitesNamed(name)) this.addSite(site, declared);
    for (const binding of this.imports) {
      if (binding.bound !== name) continue;
      const scope = scopeOf(binding.statement) ?? this.module.root;
      this.add(scope, name, { import: binding }, declared);
    }
  }

  /** The binding sites of one name, in source order. */
  private sitesNamed(name: string): Site[] {
    // A name the text search cannot find (a zero-width identifier that error recovery made up).
    if (!IDENTIFIER.test(name)) return this.allSites().filter((site) => site.identifier.text === name);
    const sites: Site[] = [];
    for (const identifier of this.module.identifiersNamed(name)) {
      const kind = siteKind(identifier);
      if (kind) sites.push(site(identifier, kind));
    }
    return sites.sort((a, b) => a.start - b.start);
  }

  /** Every binding site of the module, from the node types that make them, in source order. */
  private allSites(): Site[] {
    if (!this.everySite) {
      const sites: Site[] = [];
      for (const type of BINDING_HOLDERS) {
        for (const node of this.module.nodesOfType(type)) bindingSitesOf(node, sites);
      }
      this.everySite = sites.sort((a, b) => a.start - b.start);
    }
    return this.everySite;
  }

  /** `declared`: the scopes (by id) whose `global` declaration of the name came before this site. */
  private addSite({ identifier, start, kind }: Site, declared: Set<number>): void {
    const scope = this.scopeAtOffset(start) ?? this.module.root;
    switch (kind) {
      case 'global':
        declared.add(scope.id);
        return;
      case 'walrus': {
        // `:=` binds in the nearest function (or the module), never in a comprehension.
        let target: SyntaxNode | undefined = scope;
        while (target && (target.type.endsWith('comprehension') || target.type === 'generator_expression')) {
          target = this.parentScopes.get(target.id);
        }
        if (target) this.add(target, identifier.text, { identifier }, declared);
        return;
      }
      case 'local':
        this.add(scope, identifier.text, { identifier }, declared);
        return;
      default:
        // A parameter binds in its function or lambda.
        this.add(kind, identifier.text, { identifier }, declared);
    }
  }

  private lookup(identifier: SyntaxNode): { scope: SyntaxNode; bindings: Binding[] } | undefined {
    const name = identifier.text;
    this.bind(name);
    let scope: SyntaxNode | undefined = this.scopeAt(identifier);
    let innermost = true;
    while (scope) {
      const parent: SyntaxNode | undefined = this.parentScopes.get(scope.id) ?? scopeOf(scope);
      // A class body is a scope only for the code directly in it, not for functions nested in it.
      if (scope.type === 'class_definition' && !innermost) {
        scope = parent;
        continue;
      }
      const info = this.scopes.get(scope.id);
      if (info?.globals.has(name)) break;
      const bindings = info?.bindings.get(name);
      if (bindings) return { scope, bindings };
      innermost = false;
      scope = parent;
    }
    const bindings = this.moduleScope.bindings.get(name);
    return bindings ? { scope: this.module.root, bindings } : undefined;
  }

  /** A name no scope binds may come from a module-level star import, if exactly one could provide it. */
  private starResolution(name: string): Resolution | undefined {
    const stars = this.moduleScope.stars;
    if (stars.length !== 1) return undefined;
    return { target: `${stars[0].module}.${name}`, certain: false, binding: stars[0] };
  }

  private info(scope: SyntaxNode): ScopeInfo {
    let info = this.scopes.get(scope.id);
    if (!info) {
      info = { bindings: new Map(), globals: new Set(), stars: [] };
      this.scopes.set(scope.id, info);
    }
    return info;
  }

  private add(scope: SyntaxNode, name: string, binding: Binding, declared: Set<number>): void {
    const target = declared.has(scope.id) ? this.moduleScope : this.info(scope);
    const list = target.bindings.get(name) ?? [];
    list.push(binding);
    target.bindings.set(name, list);
  }
}

/** The code of a scope as offsets: `[start, end)`. */
interface Region {
  start: number;
  end: number;
  scope: SyntaxNode;
  /** True when the region is the whole scope node (a lambda or comprehension), not one of its fields. */
  whole: boolean;
}

/**
 * Where a scope's code is: a function's parameters and body (its name, decorators and return
 * annotation belong to the enclosing scope), a class's body, all of a lambda or comprehension.
 */
function regionsOf(scope: SyntaxNode): Region[] {
  const fields = scope.type === 'function_definition' ? ['parameters', 'body']
    : scope.type === 'class_definition' ? ['body'] : undefined;
  if (!fields) return [{ start: scope.startIndex, end: scope.endIndex, scope, whole: true }];
  return fields.flatMap((field) => {
    const child = scope.childForFieldName(field);
    return child ? [{ start: child.startIndex, end: child.endIndex, scope, whole: false }] : [];
  });
}

/**
 * An identifier that binds its name: in the scope it sits in (`local`), in the nearest function
 * or the module (`walrus`), as a name declared `global` there, or as a parameter of the given
 * function or lambda.
 */
interface Site {
  identifier: SyntaxNode;
  start: number;
  kind: 'local' | 'walrus' | 'global' | SyntaxNode;
}

function site(identifier: SyntaxNode, kind: Site['kind']): Site {
  return { identifier, start: identifier.startIndex, kind };
}

/** The node types whose children can bind a name (imports are handled separately). */
const BINDING_HOLDERS = ['function_definition', 'class_definition', 'parameters', 'lambda_parameters',
  'named_expression', 'global_statement', 'assignment', 'augmented_assignment', 'for_statement', 'for_in_clause',
  'as_pattern_target', 'delete_statement'];

/** A name `module.identifiersNamed` can find. */
const IDENTIFIER = /^[\p{ID_Start}_][\p{ID_Continue}]*$/u;

/**
 * How an identifier binds its name, seen from the identifier: exactly the sites `bindingSitesOf`
 * finds from the holders' side (a site's holder is its parent, its grandparent for a parameter
 * with a default or type, or the statement above its tuple and list patterns), undefined for
 * an identifier that binds nothing.
 */
function siteKind(identifier: SyntaxNode): Site['kind'] | undefined {
  const parent = identifier.parent;
  if (!parent) return undefined;
  const isField = (node: SyntaxNode, field: string) => node.childForFieldName(field)?.id === identifier.id;
  switch (parent.type) {
    case 'function_definition':
    case 'class_definition':
      return isField(parent, 'name') ? 'local' : undefined;
    case 'named_expression':
      return isField(parent, 'name') ? 'walrus' : undefined;
    case 'global_statement':
      return 'global';
    case 'parameters':
    case 'lambda_parameters':
      return parameterOwner(parent);
    case 'default_parameter':
    case 'typed_default_parameter':
      return isField(parent, 'name') && parent.parent ? parameterOwner(parent.parent) : undefined;
    case 'typed_parameter':
      return parent.parent ? parameterOwner(parent.parent) : undefined;
    case 'list_splat_pattern':
    case 'dictionary_splat_pattern': {
      const owner = parent.parent ? parameterOwner(parent.parent) : undefined;
      if (owner) return owner;
      break;
    }
    default:
      break;
  }
  // An assignment target: the identifier itself, or inside tuple and list patterns.
  let target: SyntaxNode = identifier;
  while (target.parent && TARGET_WRAPPERS.has(target.parent.type)) target = target.parent;
  const holder = target.parent;
  switch (holder?.type) {
    case 'assignment':
    case 'augmented_assignment':
    case 'for_statement':
    case 'for_in_clause':
      return holder.childForFieldName('left')?.id === target.id ? 'local' : undefined;
    case 'as_pattern_target':
    case 'delete_statement':
      return 'local';
    default:
      return undefined;
  }
}

/** The function or lambda a parameter list belongs to, for a node that is one. */
function parameterOwner(node: SyntaxNode): SyntaxNode | undefined {
  if (node.type !== 'parameters' && node.type !== 'lambda_parameters') return undefined;
  const owner = node.parent;
  return owner && SCOPE_TYPES.has(owner.type) ? owner : undefined;
}

/** The binding sites a node makes with its own children (or through tuple patterns). */
function bindingSitesOf(node: SyntaxNode, sites: Site[]): void {
  switch (node.type) {
    case 'function_definition':
    case 'class_definition':
    case 'named_expression': {
      const name = node.childForFieldName('name');
      if (name?.type === 'identifier') sites.push(site(name, node.type === 'named_expression' ? 'walrus' : 'local'));
      return;
    }
    case 'parameters':
    case 'lambda_parameters': {
      const owner = node.parent;
      if (owner && SCOPE_TYPES.has(owner.type)) parameterSites(node, owner, sites);
      return;
    }
    case 'global_statement':
      for (const child of node.namedChildren) {
        if (child.type === 'identifier') sites.push(site(child, 'global'));
      }
      return;
    case 'assignment':
    case 'augmented_assignment':
    case 'for_statement':
    case 'for_in_clause': {
      const left = node.childForFieldName('left');
      if (left) targetSites(left, sites);
      return;
    }
    default:
      // `as_pattern_target`, `delete_statement`: every name in them binds.
      for (const child of node.namedChildren) targetSites(child, sites);
  }
}

/** `x`, `x=1`, `x: int`, `x: int = 1`, `*args`, `**kwargs`: the names a parameter list binds. */
function parameterSites(parameters: SyntaxNode, owner: SyntaxNode, sites: Site[]): void {
  for (const parameter of parameters.namedChildren) {
    switch (parameter.type) {
      case 'identifier':
        sites.push(site(parameter, owner));
        break;
      case 'default_parameter':
      case 'typed_default_parameter': {
        const name = parameter.childForFieldName('name');
        if (name?.type === 'identifier') sites.push(site(name, owner));
        break;
      }
      case 'typed_parameter':
      case 'list_splat_pattern':
      case 'dictionary_splat_pattern':
        // A typed `*args: int` names its parameter one level deeper, and does not count.
        for (const child of parameter.namedChildren) {
          if (child.type === 'identifier') sites.push(site(child, owner));
        }
        break;
      default:
        break;
    }
  }
}

/** The names an assignment target binds: itself, or the names in its tuple and list patterns. */
function targetSites(target: SyntaxNode, sites: Site[]): void {
  if (target.type === 'identifier') sites.push(site(target, 'local'));
  else if (TARGET_WRAPPERS.has(target.type)) target.namedChildren.forEach((child) => targetSites(child, sites));
}

/** `collectImports(module)`, once per tree: the same bindings as `NameResolver.of(module).imports`. */
/** The qualified name of a dotted expression, given how its leftmost identifier resolves. */
export function qualifyDotted(node: SyntaxNode, resolve: (identifier: SyntaxNode) => Resolution | undefined)
  : Resolution | undefined {
  if (node.type === 'identifier') return resolve(node);
  if (node.type !== 'attribute') return undefined;
  const object = node.childForFieldName('object');
  const attribute = node.childForFieldName('attribute');
  const base = object && qualifyDotted(object, resolve);
  if (!base || !attribute) return undefined;
  const alternatives = base.alternatives?.map((target) => `${target}.${attribute.text}`);
  return { ...base, target: `${base.target}.${attribute.text}`, ...(alternatives ? { alternatives } : {}) };
}

export function moduleImports(module: PythonModule): ImportBinding[] {
  return module.memo('name-resolution:imports', () => collectImports(module));
}

function judge(bindings: Binding[]): Resolution | undefined {
  const imports = bindings.filter((binding) => binding.import).map((binding) => binding.import!);
  return importResolution(imports, imports.length === bindings.length);
}

/** What names bound by these imports refer to; `onlyImports`: nothing else binds the name. */
export function importResolution(imports: ImportBinding[], onlyImports: boolean): Resolution | undefined {
  if (imports.length === 0) return undefined;
  const targets = imports.map(importTarget);
  const certain = onlyImports && targets.every((target) => target === targets[0]);
  const alternatives = [...new Set(targets)];
  return {
    target: targets[0],
    certain,
    binding: imports[0],
    ...(alternatives.length > 1 ? { alternatives } : {}),
    ...(imports.length > 1 ? { imports } : {}),
  };
}

/** `import a.b as c` -> `a.b`; `import a.b` -> `a`; `from a import b` -> `a.b`. */
export function importTarget(binding: ImportBinding): string {
  if (binding.name === undefined) return binding.item.type === 'aliased_import' ? binding.module : binding.bound;
  return `${binding.module}.${binding.name}`;
}

/** The scope a node's code runs in: the nearest function, lambda, class body or comprehension. */
export function scopeOf(node: SyntaxNode): SyntaxNode | undefined {
  let child = node;
  for (let current = node.parent; current; child = current, current = current.parent) {
    if (!SCOPE_TYPES.has(current.type)) continue;
    // A def's name, decorators and a class's bases belong to the enclosing scope.
    if ((current.type === 'function_definition' || current.type === 'class_definition')
      && current.childForFieldName('body')?.id !== child.id
      && current.childForFieldName('parameters')?.id !== child.id) continue;
    return current;
  }
  return undefined;
}

/**
 * The scope an identifier binds its name in, or undefined when it does not bind (it reads, or it
 * is an attribute or keyword name). Imports are handled separately.
 */
export function bindingScope(identifier: SyntaxNode): SyntaxNode | undefined {
  const parent = identifier.parent;
  if (!parent) return undefined;
  const module = (node: SyntaxNode) => scopeOf(node) ?? rootOf(node);
  const is = (node: SyntaxNode, field: string) => node.childForFieldName(field)?.id === identifier.id;
  switch (parent.type) {
    case 'function_definition':
    case 'class_definition':
      return is(parent, 'name') ? module(parent) : undefined;
    case 'parameters':
    case 'lambda_parameters':
      return parent.parent ?? undefined;
    case 'default_parameter':
    case 'typed_default_parameter':
      return is(parent, 'name') ? parent.parent?.parent ?? undefined : undefined;
    case 'typed_parameter':
      return parent.firstNamedChild?.id === identifier.id ? parent.parent?.parent ?? undefined : undefined;
    case 'list_splat_pattern':
    case 'dictionary_splat_pattern':
      if (parent.parent?.type === 'parameters' || parent.parent?.type === 'lambda_parameters') {
        return parent.parent.parent ?? undefined;
      }
      break;
    case 'named_expression':
      return is(parent, 'name') ? walrusScope(parent) : undefined;
    case 'global_statement':
    case 'nonlocal_statement':
      return undefined;
    default:
      break;
  }
  // Climb out of tuple/list patterns to the statement that binds them.
  let target: SyntaxNode = identifier;
  while (target.parent && TARGET_WRAPPERS.has(target.parent.type)) target = target.parent;
  const holder = target.parent;
  if (!holder) return undefined;
  const holds = (field: string) => holder.childForFieldName(field)?.id === target.id;
  switch (holder.type) {
    case 'assignment':
    case 'augmented_assignment':
    case 'for_statement':
      return holds('left') ? module(holder) : undefined;
    case 'for_in_clause':
      return holds('left') ? scopeOf(target) ?? module(holder) : undefined;
    case 'as_pattern_target':
    case 'delete_statement':
      return module(holder);
    default:
      return undefined;
  }
}

/** `:=` binds in the nearest function (or the module), never in a comprehension. */
function walrusScope(node: SyntaxNode): SyntaxNode {
  let scope = scopeOf(node);
  while (scope && (scope.type.endsWith('comprehension') || scope.type === 'generator_expression')) {
    scope = scopeOf(scope);
  }
  return scope ?? rootOf(node);
}

function rootOf(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.parent) current = current.parent;
  return current;
}
