import { collectImports, ImportBinding } from './imports';
import { PythonModule } from './module';
import { isNameReference } from './syntax';

/** How generated code reaches `streamlit.<member>` in one module. */
export interface StreamlitReference {
  /** The expression to write, e.g. `st.connection` or `connection`. */
  expression: string;
  /** An import statement the module needs first, when it does not import streamlit yet. */
  importStatement?: string;
}

const ALIAS_CANDIDATES = ['st', 'streamlit', 'st_', 'streamlit_'];

/**
 * Finds how to reach `streamlit.<member>` from module-level code placed at `offset`: the
 * module's own `from streamlit import member [as m]` or `import streamlit [as x]` when one runs
 * before that point; otherwise an `import streamlit as st` to add (or another free name when
 * `st` means something else in this module).
 */
export function streamlitReference(module: PythonModule, member: string, offset: number): StreamlitReference {
  const imports = collectImports(module).filter((binding) => binding.moduleLevel && binding.statement.endIndex <= offset);
  const fromImport = imports.find((binding) => binding.module === 'streamlit' && binding.name === member);
  if (fromImport) return { expression: fromImport.bound };
  const alias = moduleAlias(imports);
  if (alias) return { expression: `${alias}.${member}` };
  const free = freeStreamlitAlias(module);
  const importStatement = free === 'streamlit' ? 'import streamlit' : `import streamlit as ${free}`;
  return { expression: `${free}.${member}`, importStatement };
}

function moduleAlias(imports: ImportBinding[]): string | undefined {
  const binding = imports.find((b) => b.statement.type === 'import_statement' && b.module === 'streamlit');
  return binding?.bound;
}

/** A name that is either unused in the module or only ever bound to streamlit itself. */
function freeStreamlitAlias(module: PythonModule): string {
  const streamlitAliases = new Set(
    collectImports(module)
      .filter((binding) => binding.statement.type === 'import_statement' && binding.module === 'streamlit')
      .map((binding) => binding.bound),
  );
  const isUsed = (name: string) => module.identifiersNamed(name).some(isNameReference);
  const isFree = (name: string) => streamlitAliases.has(name) || !isUsed(name);
  return ALIAS_CANDIDATES.find(isFree) ?? freeName(module, 'streamlit_module');
}

/**
 * `base`, or `base_2`, `base_3`, ... : the first that appears nowhere in the module, not even in a
 * string or comment (so a generated name can never collide with one the module uses).
 */
export function freeName(module: PythonModule, base: string): string {
  if (!module.mentionsWord(base)) return base;
  for (let suffix = 2; ; suffix++) {
    if (!module.mentionsWord(`${base}_${suffix}`)) return `${base}_${suffix}`;
  }
}
