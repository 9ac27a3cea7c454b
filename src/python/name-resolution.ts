import { collectImports, ImportBinding } from './imports';
import { PythonModule } from './module';
import { SyntaxNode, TreeCursor } from './parser';

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
/** Node types whose children's field names matter to scopes and bindings. */
const FIELD_PARENTS = new Set(['function_definition', 'class_definition', 'assignment', 'augmented_assignment',
  'for_statement', 'for_in_clause', 'named_expression', 'default_parameter', 'typed_default_parameter']);
const IMPORT_TYPES = new Set(['import_statement', 'import_from_statement', 'future_import_statement']);
const TARGET_WRAPPERS = new Set([
  'pattern_list', 'tuple_pattern', 'list_pattern', 'list_splat_pattern', 'tuple', 'list',
  'parenthesized_expression', 'expression_list',
]);

/**
 * Import-aware name resolution, as far as a codemod needs it: for a name used somewhere, which
 * scope binds it (Python's LEGB rules: the function, enclosing functions, the module; class
 * bodies only for code directly in them), and, when an import binds it, what it imports
 * (`st.sidebar.button` -> `streamlit.sidebar.button`). It is built in one cursor walk, cheap
 * enough to run on every file (streamlit-api, thread-safety). scope.ts is the other model: every
 * binding and reference of every scope, for scope-aware renames (cache). Dynamic tricks
 * (`globals()`, `exec`) are out of reach; everything else errs on the side of "not certain".
 */
export class NameResolver {
  readonly imports: ImportBinding[];
  private readonly scopes = new Map<number, ScopeInfo>();
  private readonly moduleScope: ScopeInfo;
  /** The scope each identifier sits in, by its start offset (identifiers never share one). */
  private readonly identifierScopes = new Map<number, SyntaxNode>();
  /** Each scope's enclosing scope, by node id. */
  private readonly parentScopes = new Map<number, SyntaxNode>();

  private readonly nodeCache = new Map<string, SyntaxNode[]>();
  private bodies?: Array<{ fn: SyntaxNode; start: number; end: number }>;

  /**
   * `indexed`: node types whose lists `nodes()` will be asked for; they are gathered during the
   * walk this class makes anyway, instead of by one more walk each.
   */
  constructor(readonly module: PythonModule, options: { imports?: ImportBinding[]; indexed?: string[] } = {}) {
    this.imports = options.imports ?? collectImports(module);
    this.moduleScope = this.info(module.root);
    for (const type of options.indexed ?? []) this.nodeCache.set(type, []);
    this.collect();
  }

  /** `module.nodesOfType(type)`, computed once per type: the rules of a visit ask for the same lists. */
  nodes(type: string): readonly SyntaxNode[] {
    let nodes = this.nodeCache.get(type);
    if (!nodes) {
      nodes = [...this.module.nodesOfType(type)];
      this.nodeCache.set(type, nodes);
    }
    return nodes;
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
    if (node.type === 'identifier') return this.resolve(node);
    if (node.type !== 'attribute') return undefined;
    const object = node.childForFieldName('object');
    const attribute = node.childForFieldName('attribute');
    const base = object && this.qualify(object);
    return base && attribute ? { ...base, target: `${base.target}.${attribute.text}` } : undefined;
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
    return (this.moduleScope.bindings.get(name) ?? []).flatMap((b) => (b.identifier ? [b.identifier] : []));
  }

  /** Module-level names and their binding sites (imports excluded). */
  moduleNames(): Map<string, SyntaxNode[]> {
    const names = new Map<string, SyntaxNode[]>();
    for (const [name, bindings] of this.moduleScope.bindings) {
      const sites = bindings.flatMap((b) => (b.identifier ? [b.identifier] : []));
      if (sites.length > 0) names.set(name, sites);
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
    this.bodies ??= [...this.nodes('function_definition'), ...this.nodes('lambda')]
      .map((fn) => ({ fn, body: fn.childForFieldName('body') }))
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
    if (identifier.type === 'identifier') {
      const scope = this.identifierScopes.get(identifier.startIndex);
      if (scope) return scope.id === this.module.root.id ? undefined : scope;
    }
    return scopeOf(identifier);
  }

  private lookup(identifier: SyntaxNode): { scope: SyntaxNode; bindings: Binding[] } | undefined {
    const name = identifier.text;
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

  private add(scope: SyntaxNode, name: string, binding: Binding): void {
    const target = this.info(scope).globals.has(name) ? this.moduleScope : this.info(scope);
    const list = target.bindings.get(name) ?? [];
    list.push(binding);
    target.bindings.set(name, list);
  }

  /**
   * One walk over the tree with a cursor (a node's parent is expensive to ask the native binding
   * for): records the scope of every identifier, the scope tree, `global` declarations and every
   * binding site. Python rejects a `global` after a use of the name, so one pass in source order
   * sees each declaration before the bindings it redirects.
   */
  private collect(): void {
    const root = this.module.root;
    const cursor = this.module.tree.walk();
    // The frames of the current node's ancestors (the node itself is not on the stack).
    const frames: Frame[] = [{ type: root.type, field: null, scope: root, node: root }];
    let more = cursor.gotoFirstChild();
    while (more) {
      const parent = frames[frames.length - 1];
      const type = cursor.nodeType;
      // Asking for the field is a native call: only where a field decides scope or binding.
      const field = FIELD_PARENTS.has(parent.type) || type === 'identifier' || TARGET_WRAPPERS.has(type)
        ? cursor.currentFieldName || null : null;
      const frame: Frame = { type, field, scope: childScope(parent, field) };
      if (SCOPE_TYPES.has(type)) {
        frame.node = cursor.currentNode;
        this.parentScopes.set(frame.node.id, frame.scope);
      }
      const indexed = this.nodeCache.get(type);
      if (indexed && cursor.nodeIsNamed) indexed.push(frame.node ?? cursor.currentNode);
      if (type === 'identifier') this.visitIdentifier(cursor, frames, frame);
      if (cursor.gotoFirstChild()) {
        frames.push(frame);
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent() || frames.length <= 1) {
          more = false;
          break;
        }
        frames.pop();
      }
    }
    this.addImports();
  }

  private visitIdentifier(cursor: TreeCursor, frames: Frame[], frame: Frame): void {
    this.identifierScopes.set(cursor.startIndex, frame.scope);
    const scope = bindingScopeFromFrames(frames, frame.field, (node) => this.parentScopes.get(node.id));
    if (scope === 'global') {
      this.info(frame.scope).globals.add(cursor.currentNode.text);
    } else if (scope) {
      const identifier = cursor.currentNode;
      this.add(scope, identifier.text, { identifier });
    }
  }

  private addImports(): void {
    for (const binding of this.imports) {
      const scope = scopeOf(binding.statement) ?? this.module.root;
      if (binding.bound === '*') this.info(scope).stars.push(binding);
      else this.add(scope, binding.bound, { import: binding });
    }
  }
}

interface Frame {
  type: string;
  field: string | null;
  /** The scope this node's code runs in. */
  scope: SyntaxNode;
  /** The node itself, for scope nodes. */
  node?: SyntaxNode;
}

/** The scope a child (in the given field) of a node runs in. */
function childScope(parent: Frame, field: string | null): SyntaxNode {
  switch (parent.type) {
    case 'function_definition':
      return field === 'parameters' || field === 'body' ? parent.node! : parent.scope;
    case 'class_definition':
      return field === 'body' ? parent.node! : parent.scope;
    default:
      return SCOPE_TYPES.has(parent.type) ? parent.node! : parent.scope;
  }
}

/**
 * Where an identifier (the next node under `frames`, in `field`) binds its name: a scope,
 * 'global' for a name in a `global` statement, or undefined when it does not bind.
 */
function bindingScopeFromFrames(frames: Frame[], field: string | null, parentScope: (scope: SyntaxNode) => SyntaxNode | undefined)
  : SyntaxNode | 'global' | undefined {
  const at = (back: number) => frames[frames.length - back];
  const parent = at(1);
  for (let back = 1; back <= 3 && back <= frames.length; back++) {
    if (IMPORT_TYPES.has(at(back).type)) return undefined;
  }
  switch (parent.type) {
    case 'function_definition':
    case 'class_definition':
      return field === 'name' ? parent.scope : undefined;
    case 'parameters':
    case 'lambda_parameters':
      return at(2)?.node;
    case 'default_parameter':
    case 'typed_default_parameter':
      return field === 'name' ? at(3)?.node : undefined;
    case 'typed_parameter':
      return at(3)?.node;
    case 'list_splat_pattern':
    case 'dictionary_splat_pattern':
      if (at(2)?.type === 'parameters' || at(2)?.type === 'lambda_parameters') return at(3)?.node;
      break;
    case 'named_expression': {
      if (field !== 'name') return undefined;
      let scope: SyntaxNode | undefined = parent.scope;
      while (scope && (scope.type.endsWith('comprehension') || scope.type === 'generator_expression')) {
        scope = parentScope(scope);
      }
      return scope;
    }
    case 'global_statement':
      return 'global';
    case 'nonlocal_statement':
      return undefined;
    default:
      break;
  }
  // Climb out of tuple/list patterns to the statement that binds them.
  let index = frames.length - 1;
  let childField = field;
  while (index > 0 && TARGET_WRAPPERS.has(frames[index].type)) {
    childField = frames[index].field;
    index--;
  }
  const holder = frames[index];
  switch (holder.type) {
    case 'assignment':
    case 'augmented_assignment':
    case 'for_statement':
    case 'for_in_clause':
      return childField === 'left' ? holder.scope : undefined;
    case 'as_pattern_target':
    case 'delete_statement':
      return holder.scope;
    default:
      return undefined;
  }
}

function judge(bindings: Binding[]): Resolution | undefined {
  const imports = bindings.filter((binding) => binding.import).map((binding) => binding.import!);
  if (imports.length === 0) return undefined;
  const target = importTarget(imports[0]);
  const certain = imports.length === bindings.length && imports.every((binding) => importTarget(binding) === target);
  return { target, certain, binding: imports[0] };
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
