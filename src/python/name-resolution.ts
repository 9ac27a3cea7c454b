import { ImportBinding } from './imports';
import { PythonModule } from './module';
import { SyntaxNode } from './parser';
import { Binding, importsOf, Scopes } from './scope';

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

/**
 * Import-aware name resolution, as far as a codemod needs it: for a name used somewhere, which
 * binding it reads (the module's scope model, `Scopes.of(module)`, answers that by the language's
 * rules) and, when an import binds it, what it imports (`st.sidebar.button` ->
 * `streamlit.sidebar.button`). A name no scope binds may come from the module's one star import.
 * Dynamic tricks (`globals()`, `exec`) are out of reach; everything else errs on the side of
 * "not certain".
 */
export class NameResolver {
  readonly imports: ImportBinding[];
  private readonly scopes: Scopes;

  /** The resolver of a module, built once and shared by every transform that sees the module unchanged. */
  static of(module: PythonModule): NameResolver {
    return module.memo('name-resolution:resolver', () => new NameResolver(module));
  }

  constructor(readonly module: PythonModule) {
    this.imports = importsOf(module);
    this.scopes = Scopes.of(module);
  }

  /** `module.nodesOfType(type)`: the rules of a visit ask for the same lists. */
  nodes(type: string): readonly SyntaxNode[] {
    return this.module.nodesOfType(type);
  }

  /** What an identifier that reads a name refers to, when an import binds it. */
  resolve(identifier: SyntaxNode): Resolution | undefined {
    const bindings = this.scopes.bindingsOf(identifier);
    if (bindings.length === 0) return starResolution(this.imports, identifier.text);
    return judge(bindings);
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
    const bindings = this.scopes.bindingsOf(identifier);
    return bindings.length === 0 ? undefined : sites(bindings);
  }

  /** True when the name an identifier reads is bound at module level (not in any function). */
  isModuleName(identifier: SyntaxNode): boolean {
    return this.scopes.resolve(identifier)?.type === 'module';
  }

  /** Every binding site of a name at module level (imports excluded). */
  moduleBindingSites(name: string): SyntaxNode[] {
    return sites(this.scopes.bindingsNamed(this.module.root, name));
  }

  /** The names a function (or lambda) declares `global`. */
  globalsOf(scope: SyntaxNode): ReadonlySet<string> {
    return this.scopes.globalsOf(scope);
  }

  /** The function or lambda whose body holds a node (see `Scopes.functionAt`). */
  functionAt(node: SyntaxNode): SyntaxNode | undefined {
    return this.scopes.functionAt(node);
  }

  /** The nearest function or lambda an identifier's code runs in, if any. */
  functionOf(identifier: SyntaxNode): SyntaxNode | undefined {
    return this.scopes.functionOf(identifier);
  }
}

function sites(bindings: Binding[]): SyntaxNode[] {
  return bindings.flatMap((binding) => (binding.kind === 'import' ? [] : [binding.node]));
}

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

function judge(bindings: Binding[]): Resolution | undefined {
  const imports = bindings.flatMap((binding) => (binding.import ? [binding.import] : []));
  return importResolution(imports, imports.length === bindings.length);
}

/** A name no scope binds may come from a module-level star import, if exactly one could provide it. */
export function starResolution(imports: ImportBinding[], name: string): Resolution | undefined {
  const stars = imports.filter((binding) => binding.bound === '*' && binding.moduleLevel);
  if (stars.length !== 1) return undefined;
  return { target: `${stars[0].module}.${name}`, certain: false, binding: stars[0] };
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
