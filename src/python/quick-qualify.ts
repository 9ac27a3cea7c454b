import { PythonModule } from './module';
import { importResolution, NameResolver, qualifyDotted, Resolution, starResolution } from './name-resolution';
import { SyntaxNode } from './parser';
import { bindingKind, importsOf } from './scope';

/**
 * Parents an identifier can have without binding its name (`bindingKind`), checked first because
 * they are where almost every use of an imported name sits. Imports bind through
 * `aliased_import` (and `dotted_name`, which a `match` capture also uses) and are read from the
 * import list instead.
 */
const READING_PARENTS = new Set(['attribute', 'call', 'argument_list', 'keyword_argument', 'aliased_import']);

/**
 * `NameResolver.qualify` without building the resolver, for the common name that only imports at
 * module level bind (`import streamlit as st`, then `st.` everywhere). The resolver finds the scope
 * of every use and every binding of the name; a name no identifier binds needs neither: only
 * the module's imports of it (or its star import) can say what it is. Whenever a name could be bound any other way, the real
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
    const imports = importsOf(this.module);
    const binding = imports.filter((candidate) => candidate.bound === name);
    if (binding.some((candidate) => !candidate.moduleLevel)) return 'ask-resolver';
    if (binding.length === 0) return starResolution(imports, name);
    return importResolution(binding, true);
  }

  /** True when no identifier spelled `name` binds it. */
  private onlyReadsOf(name: string): boolean {
    const { text, root } = this.module;
    for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
      // An ASCII letter, digit or underscore next to it makes a longer identifier (or none):
      // not one spelled `name`. Anything else is asked of the tree.
      if (/[A-Za-z_]/.test(text[at - 1] ?? '') || /\w/.test(text[at + name.length] ?? '')) continue;
      const node = root.descendantForIndex(at, at + name.length);
      if (node.type !== 'identifier' || node.startIndex !== at || node.endIndex !== at + name.length) continue;
      if (!READING_PARENTS.has(node.parent?.type ?? '') && bindingKind(node) !== undefined) return false;
    }
    return true;
  }
}
