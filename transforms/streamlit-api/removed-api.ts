/**
 * Names under `streamlit.` that Streamlit no longer has (api-table.ts), reported wherever the app
 * imports one (`from streamlit.source_util import get_pages`: the app stops at start-up) or reaches
 * one through an imported module (`st.bokeh_chart(...)`, `streamlit.util.calc_md5(...)`: an
 * AttributeError when that line runs). The names members.ts rewrites or reports (`experimental_*`,
 * `beta_*`, `st.cache`) are left to it.
 */
import { ImportBinding } from '../../src/python/imports';
import { importTarget } from '../../src/python/name-resolution';
import { SyntaxNode } from '../../src/python/parser';
import { isNameReference } from '../../src/python/syntax';
import { apiTable, ApiTable, missingName } from './api-table';
import { Context } from './context';
import { isHandledMember } from './members';

/** What to use instead, where Streamlit says. */
const REPLACEMENTS: Record<string, string> = {
  'streamlit.bokeh_chart': 'the streamlit-bokeh component (`pip install streamlit-bokeh`, `from streamlit_bokeh import '
    + 'streamlit_bokeh`) draws Bokeh charts now',
};
/** A name found in more modules than this is a common import (`Any`, `os`), no hint to where a removed name went. */
const MAX_HINTS = 2;

export function reportRemovedApis(context: Context): void {
  if (!context.module.text.includes('streamlit')) return;
  const imports = context.imports.filter((binding) => binding.bound !== '*' && isStreamlitPath(binding.module));
  if (imports.length === 0) return;
  const table = apiTable();
  const aliases = new Map<string, string>();
  for (const binding of imports) {
    checkImport(context, table, binding);
    const target = importTarget(binding);
    if (table.modules.has(target)) aliases.set(binding.bound, target);
  }
  for (const [alias, target] of aliases) checkUses(context, table, alias, target);
}

function isStreamlitPath(module: string): boolean {
  return module === 'streamlit' || module.startsWith('streamlit.');
}

/** `import streamlit.legacy_caching`, `from streamlit.util import calc_md5`. */
function checkImport(context: Context, table: ApiTable, binding: ImportBinding): void {
  const qualified = binding.name === undefined ? binding.module : `${binding.module}.${binding.name}`;
  if (binding.module === 'streamlit' && binding.name !== undefined && isHandledMember(binding.name)) return;
  const missing = missingName(table, qualified);
  if (!missing) return;
  context.report.manualAt(binding.item, {
    code: 'removed-api',
    message: `${missingText(table, missing)}: this import fails, so the app stops when it loads this module; `
      + `${replacement(table, missing)}`,
  });
}

/** `<alias>.<name>...` chains in the text that name something the table lacks, confirmed on the tree. */
function checkUses(context: Context, table: ApiTable, alias: string, target: string): void {
  const pattern = new RegExp(`(?<![\\p{ID_Continue}.])${escape(alias)}((?:\\.[\\p{ID_Start}_][\\p{ID_Continue}]*)+)`, 'gu');
  for (const match of context.module.text.matchAll(pattern)) {
    const missing = missingName(table, `${target}${match[1]}`);
    if (!missing || (missing.module === 'streamlit' && isHandledMember(missing.name))) continue;
    const attribute = attributeNaming(context, match.index!, alias, `${missing.module}.${missing.name}`);
    if (!attribute) continue;
    context.report.manualAt(attribute, {
      code: 'removed-api',
      message: `${attribute.text === qualifiedName(missing) ? '' : `${attribute.text}: `}${missingText(table, missing)}, `
        + 'so this raises AttributeError when it runs; '
        + `${replacement(table, missing)}`,
    });
  }
}

/**
 * The attribute node at `offset` (where the alias is written) that names `qualified`, when the
 * alias there is a name the import binds (not a string, a comment or another binding of it).
 */
function attributeNaming(context: Context, offset: number, alias: string, qualified: string): SyntaxNode | undefined {
  const identifier = context.module.root.descendantForIndex(offset, offset + alias.length);
  if (identifier.type !== 'identifier' || identifier.startIndex !== offset || !isNameReference(identifier)) return undefined;
  for (let node = identifier.parent; node?.type === 'attribute'; node = node.parent) {
    const resolved = context.qualifier.qualify(node);
    if (!resolved?.certain) return undefined;
    if (resolved.target === qualified) return node;
  }
  return undefined;
}

function qualifiedName(missing: { module: string; name: string }): string {
  return `${missing.module}.${missing.name}`;
}

function missingText(table: ApiTable, missing: { module: string; name: string }): string {
  return `${missing.module}.${missing.name} does not exist in Streamlit ${table.version} (stcodemod's table of `
    + 'Streamlit\'s API; the container runtime runs 1.50 or later)';
}

/** What to do: Streamlit's replacement where known, else where else the table has the name. */
function replacement(table: ApiTable, missing: { module: string; name: string }): string {
  const known = REPLACEMENTS[`${missing.module}.${missing.name}`];
  if (known) return `${known}`;
  const elsewhere = [...table.modules].filter(([, names]) => names?.has(missing.name)).map(([module]) => module);
  const hint = elsewhere.length > 0 && elsewhere.length <= MAX_HINTS
    ? ` (Streamlit ${table.version} has a ${missing.name} in ${elsewhere.join(' and ')}; private modules change without notice, `
      + 'so check that it does the same)'
    : '';
  return `replace it by hand${hint}`;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
