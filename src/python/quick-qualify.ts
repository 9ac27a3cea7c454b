import { ImportBinding } from './imports';
import { PythonModule } from './module';
import { importResolution, moduleImports, NameResolver, qualifyDotted, Resolution, scopeOf } from './name-resolution';
import { SyntaxNode } from './parser';

/**
 * Parents an identifier can have without being a binding site for `NameResolver`: its sites
 * always sit directly in a def, class, parameter, assignment, `for`, `with ... as`, `del`,
 * `global` or `:=` node, or in a tuple or list pattern of one. Imports bind through
 * `dotted_name` / `aliased_import` and are read from the import list instead.
 */
const READING_PARENTS = new Set(['attribute', 'call', 'argument_list', 'keyword_argument', 'dotted_name',
  'aliased_import']);

/**
 * `NameResolver.qualify` without building the resolver, for the common name that only imports at
 * module level bind (`import streamlit as st`, then `st.` everywhere). Building the resolver costs
 * a walk over every scope and binding node of the file; a name spelled in a few places is
 * checked from those places instead. Whenever a name could be bound any other way, the real
 * resolver answers, so the answer is always the resolver's.
 */
export class QuickQualifier {
  private readonly plainNames = new Map<string, Resolution | undefined | 'ask-resolver'>();

  constructor(private readonly module: PythonModule, private readonly resolver: () => NameResolver) {}

  /** The same as `NameResolver.of(module).qualify(node)`. */
  qualify(node: SyntaxNode): Resolution | undefined {
    return qualifyDotted(node, (identifier) => this.resolve(identifier));
  }

  private resolve(identifier: SyntaxNode): Resolution | undefined {
    const name = identifier.text;
    let answer = this.plainNames.get(name);
    if (!this.plainNames.has(name)) {
      answer = this.plainResolution(name);
      this.plainNames.set(name, answer);
    }
    if (answer === 'ask-resolver') return this.resolver().resolve(identifier);
    return answer === undefined ? undefined : { ...answer };
  }

  /**
   * What every use of `name` resolves to when no identifier spelled `name` can be a binding site
   * and every import of it is at module level: then no scope but the module's binds it, and the
   * module's bindings of it are exactly those imports, in order (the resolver's `judge`), or,
   * without any, the one module-level star import that may provide it.
   */
  private plainResolution(name: string): Resolution | undefined | 'ask-resolver' {
    if (!this.onlyReadsOf(name)) return 'ask-resolver';
    const imports = moduleImports(this.module);
    const binding = imports.filter((candidate) => candidate.bound === name);
    if (binding.some((candidate) => scopeOf(candidate.statement) !== undefined)) return 'ask-resolver';
    if (binding.length === 0) return starResolution(imports, name);
    return importResolution(binding, true);
  }

  /** True when every identifier spelled `name` sits where no binding site of the resolver can. */
  private onlyReadsOf(name: string): boolean {
    const { text, root } = this.module;
    for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
      // An ASCII letter, digit or underscore next to it makes a longer identifier (or none):
      // not one spelled `name`. Anything else is asked of the tree.
      if (/[A-Za-z_]/.test(text[at - 1] ?? '') || /\w/.test(text[at + name.length] ?? '')) continue;
      const node = root.descendantForIndex(at, at + name.length);
      if (node.type !== 'identifier' || node.startIndex !== at || node.endIndex !== at + name.length) continue;
      if (!READING_PARENTS.has(node.parent?.type ?? '')) return false;
    }
    return true;
  }
}

/** The resolver's answer for a name no scope binds: the one module-level star import, if exactly one. */
function starResolution(imports: ImportBinding[], name: string): Resolution | undefined {
  const stars = imports.filter((binding) => binding.bound === '*' && scopeOf(binding.statement) === undefined);
  if (stars.length !== 1) return undefined;
  return { target: `${stars[0].module}.${name}`, certain: false, binding: stars[0] };
}
