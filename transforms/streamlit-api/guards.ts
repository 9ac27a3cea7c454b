/**
 * Version guards that no longer pick the branch they picked on the warehouse runtime:
 * `if hasattr(st, "experimental_set_query_params"): st.query_params.clear()` ran there and never
 * runs on Streamlit 1.54 and later, so an SSO code stays in the URL. A test for a name the API
 * table lacks is reported: whether its branch should still run is the app's to say (the rename
 * rules may have made it work on 1.50, or it may be code for old versions only). Tests for names
 * Streamlit still has are correct and left alone.
 */
import { callArguments } from '../../src/python/arguments';
import { SyntaxNode } from '../../src/python/parser';
import { stringLiteralValue } from '../../src/python/syntax';
import { apiTable, missingName } from './api-table';
import { Context } from './context';
import { RENAMED } from './members';

/**
 * Where a removed member went and when it went (runtime facts, section 8; the query-parameter
 * functions: Streamlit's docs, "removed in version 1.54.0"; dialog and fragment:
 * streamlit/streamlit#12167). Without an entry, the table's version is all that is known.
 */
const REMOVED: Record<string, { version: string; instead: string }> = {
  experimental_rerun: { version: '1.37', instead: 'rerun' },
  experimental_memo: { version: '1.37', instead: 'cache_data' },
  experimental_singleton: { version: '1.37', instead: 'cache_resource' },
  experimental_data_editor: { version: '1.37', instead: 'data_editor' },
  experimental_connection: { version: '1.37', instead: 'connection' },
  experimental_dialog: { version: '1.49', instead: 'dialog' },
  experimental_fragment: { version: '1.49', instead: 'fragment' },
  experimental_get_query_params: { version: '1.54', instead: 'query_params' },
  experimental_set_query_params: { version: '1.54', instead: 'query_params' },
};

export function reportDeadGuards(context: Context): void {
  if (!context.module.text.includes('hasattr')) return;
  const table = apiTable();
  for (const identifier of context.identifiers('hasattr', 'whole')) {
    const call = identifier.parent;
    if (call?.type !== 'call' || call.childForFieldName('function')?.id !== identifier.id) continue;
    // The builtin, not a function of the module's own.
    if (context.scopes.bindingSites(identifier) !== undefined || context.scopes.resolve(identifier)) continue;
    const args = callArguments(call);
    if (!args || args.all.length !== 2 || args.positional.length !== 2) continue;
    const [object, nameNode] = args.positional;
    const name = stringLiteralValue(nameNode);
    const target = context.qualifier.qualify(object);
    if (name === undefined || !target?.certain || !table.modules.has(target.target)) continue;
    const missing = missingName(table, `${target.target}.${name}`);
    if (!missing) continue;
    context.report.manualAt(call, { code: 'dead-guard', message: message(call, target.target, name, table.version) });
  }
}

function message(call: SyntaxNode, module: string, name: string, tableVersion: string): string {
  const removed = module === 'streamlit' ? REMOVED[name] : undefined;
  const when = removed
    ? `Streamlit ${removed.version} removed ${module}.${name}, which older versions had, so this is `
      + `False on ${minorOf(removed.version) >= 50 ? `Streamlit ${removed.version} and later` : 'the container runtime'}`
    : `${module}.${name} does not exist in Streamlit ${tableVersion} (stcodemod's table of Streamlit's API), so this is `
      + 'False there and maybe on other versions the container runtime runs';
  const instead = removed?.instead ?? (module === 'streamlit' ? RENAMED[name] : undefined);
  return `${call.text}: ${when}: the code that ran when it was True no longer runs. `
    + (instead
      ? `If it should (its code now uses st.${instead}), test hasattr(st, "${instead}") instead, or drop the test`
      : 'Decide which branch the app needs now, and drop the test');
}

/** 54 for `1.54`. */
function minorOf(version: string): number {
  return Number(version.split('.')[1]);
}
