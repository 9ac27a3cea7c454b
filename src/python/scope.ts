import { collectImports, ImportBinding } from './imports';
import { PythonModule } from './module';
import { SyntaxNode } from './parser';

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
const TARGET_WRAPPERS = new Set([
  'pattern_list', 'tuple_pattern', 'list_pattern', 'list_splat_pattern', 'tuple', 'list',
  'parenthesized_expression', 'expression_list',
]);

/**
 * Python name resolution, as far as a codemod needs it: for a name used somewhere, which scope
 * binds it (Python's LEGB rules: the function, enclosing functions, the module; class bodies only
 * for code directly in them), and, when an import binds it, what it imports. Dynamic tricks
 * (`globals()`, `exec`) are out of reach; everything else errs on the side of "not certain".
 */
export class Scopes {
  readonly imports: ImportBinding[];
  private readonly scopes = new Map<number, ScopeInfo>();
  private readonly moduleScope: ScopeInfo;

  constructor(readonly module: PythonModule, imports?: ImportBinding[]) {
    this.imports = imports ?? collectImports(module);
    this.moduleScope = this.info(module.root);
    this.collect();
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

  private lookup(identifier: SyntaxNode): { scope: SyntaxNode; bindings: Binding[] } | undefined {
    const name = identifier.text;
    let scope: SyntaxNode | undefined = scopeOf(identifier);
    let innermost = true;
    while (scope) {
      // A class body is a scope only for the code directly in it, not for functions nested in it.
      if (scope.type === 'class_definition' && !innermost) {
        scope = scopeOf(scope);
        continue;
      }
      const info = this.scopes.get(scope.id);
      if (info?.globals.has(name)) break;
      const bindings = info?.bindings.get(name);
      if (bindings) return { scope, bindings };
      innermost = false;
      scope = scopeOf(scope);
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

  private collect(): void {
    for (const statement of this.module.nodesOfType('global_statement')) {
      const scope = scopeOf(statement);
      if (!scope) continue;
      for (const name of statement.namedChildren) if (name.type === 'identifier') this.info(scope).globals.add(name.text);
    }
    const add = (scope: SyntaxNode, name: string, binding: Binding) => {
      const target = this.info(scope).globals.has(name) ? this.moduleScope : this.info(scope);
      const list = target.bindings.get(name) ?? [];
      list.push(binding);
      target.bindings.set(name, list);
    };
    for (const binding of this.imports) {
      const scope = scopeOf(binding.statement) ?? this.module.root;
      if (binding.bound === '*') this.info(scope).stars.push(binding);
      else add(scope, binding.bound, { import: binding });
    }
    for (const identifier of this.module.nodesOfType('identifier')) {
      const scope = bindingScope(identifier);
      if (scope) add(scope, identifier.text, { identifier });
    }
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
