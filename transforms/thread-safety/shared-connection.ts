/**
 * Hazards of the one Snowflake connection every viewer shares on the container runtime
 * (`st.connection("snowflake")` is cached for the process, and every Snowpark session made from
 * it runs over it):
 *
 * - `session.use_warehouse/use_role/use_database/use_schema(...)` and SQL `USE ...` change the
 *   connection's context under every other viewer's queries;
 * - `RESULT_SCAN(LAST_QUERY_ID())` reads the connection's last query, which may be another
 *   viewer's that ran in between;
 * - `session.close()` on the shared session (or the connection) closes it for everyone.
 *
 * Each is reported with its fix. A session the app builds itself (`Session.builder...create()`)
 * is its own, and closing it is fine.
 */
import { PythonModule } from '../../src/python/module';
import { NameResolver } from '../../src/python/name-resolution';
import { SyntaxNode } from '../../src/python/parser';
import { stringLiteralValue } from '../../src/python/syntax';
import { PythonReporter } from '../../src/transform';

const USE_METHODS = new Set(['use_warehouse', 'use_role', 'use_database', 'use_schema', 'use_secondary_roles']);
/** SQL that starts with USE <kind>, in the leading literal text of a string. */
const USE_SQL = /^\s*use\s+(warehouse|role|database|schema|secondary\s+roles)\b/i;
const RESULT_SCAN = /result_scan\s*\(\s*last_query_id\s*\(/i;
/** Callees whose result is the app's shared session or connection. */
const SHARED_SOURCES = /^(get_snowflake_session(_\d+)?|get_active_session)$/;

/**
 * True unless no check here can find anything in a module with this text (see prefilter.ts): each
 * needs its method's name, a string that starts with USE, RESULT_SCAN, or `.close(` with a session
 * or connection named.
 */
export function mayUseSharedConnection(text: string): boolean {
  return /use_(warehouse|role|database|schema|secondary_roles)/.test(text)
    || /['"]\s*use\s+(warehouse|role|database|schema|secondary\s+roles)\b/i.test(text)
    || /result_scan/i.test(text) || (text.includes('close') && /session|connection/.test(text));
}

export function reportSharedConnection(module: PythonModule, scopes: NameResolver, report: PythonReporter, script: boolean)
  : void {
  if (!mayUseSharedConnection(module.text)) return;
  const perRun = (node: SyntaxNode) => script || scopes.functionAt(node) !== undefined;
  for (const { call, method, object } of methodCalls(module, [...USE_METHODS, 'sql', 'execute', 'query', 'close'])) {
    if (USE_METHODS.has(method)) {
      if (!perRun(call)) continue;
      const what = `${call.childForFieldName('function')!.text}()`;
      report.manualAt(call, { code: 'shared-connection-context', message: useMessage(what, call) });
    } else if (method === 'close') {
      if (!closesSharedSession(object, scopes)) continue;
      report.manualAt(call, {
        code: 'shared-session-closed',
        message: `${call.text} closes the Snowflake connection every viewer shares on the container runtime (a Snowpark `
          + 'session closes the connection under it): the other viewers\' queries fail until Streamlit reconnects; do not '
          + 'close it, Streamlit manages it',
      });
    } else if (perRun(call)) {
      const sql = call.childForFieldName('arguments')?.namedChildren[0];
      const use = sql && leadingText(sql)?.match(USE_SQL);
      if (use) {
        const kind = use[1].toUpperCase().replace(/\s+/g, ' ');
        report.manualAt(call, { code: 'shared-connection-context', message: useMessage(`USE ${kind}`, call) });
      }
    }
  }
  if (!/result_scan/i.test(module.text)) return;
  for (const string of module.nodesOfType('string')) {
    if (!RESULT_SCAN.test(string.text)) continue;
    report.manualAt(string, {
      code: 'last-query-id',
      message: 'RESULT_SCAN(LAST_QUERY_ID()) reads the last query of the connection, which every viewer shares on the '
        + 'container runtime: another viewer\'s query can run in between, and this returns its result; scan your own '
        + 'query by its id (RESULT_SCAN(\'<query id>\') with cursor.sfqid, or the query_id of a Snowpark async job), or '
        + 'for a SHOW command use one statement with the pipe operator (SHOW ... ->> SELECT ... FROM $1)',
    });
  }
}

/** `<object>.<method>(...)` calls for the given method names, in source order. */
function methodCalls(module: PythonModule, methods: string[]): Array<{ call: SyntaxNode; method: string; object: SyntaxNode }> {
  const calls: Array<{ call: SyntaxNode; method: string; object: SyntaxNode }> = [];
  for (const method of methods) {
    if (!module.text.includes(method)) continue;
    for (const identifier of module.identifiersNamed(method)) {
      const attribute = identifier.parent;
      if (attribute?.type !== 'attribute' || attribute.childForFieldName('attribute')?.id !== identifier.id) continue;
      const call = attribute.parent;
      if (call?.type !== 'call' || call.childForFieldName('function')?.id !== attribute.id) continue;
      calls.push({ call, method, object: attribute.childForFieldName('object')! });
    }
  }
  return calls.sort((a, b) => a.call.startIndex - b.call.startIndex);
}

function useMessage(what: string, call: SyntaxNode): string {
  const argument = call.childForFieldName('arguments')?.namedChildren[0];
  const chosen = argument && stringLiteralValue(argument) === undefined
    ? ' (here to a value the code computes, such as a viewer\'s choice)' : '';
  return `${what} changes the context of the one connection every viewer shares on the container runtime${chosen}, under `
    + 'the other viewers\' queries: qualify object names (database.schema.table) instead of USE DATABASE/SCHEMA, pass '
    + 'values as query parameters, and for another warehouse or role use a connection of its own '
    + '(st.connection("name", warehouse=..., role=...)) or the app\'s query warehouse';
}

/** The literal text a string (or f-string) starts with, up to its first interpolation. */
function leadingText(node: SyntaxNode): string | undefined {
  if (node.type !== 'string') return undefined;
  let text = '';
  for (const child of node.children) {
    if (child.type === 'interpolation') break;
    if (child.type === 'string_content' || child.type === 'escape_sequence') text += child.text;
  }
  return text;
}

/**
 * True for the app's shared session or connection: a call of the accessor, `get_active_session()`,
 * `st.connection(...)` or `<that>.session()`, or a name every binding of which is one of those
 * (or a parameter named `session`, the Snowpark convention for the one the app passes around).
 */
function closesSharedSession(object: SyntaxNode, scopes: NameResolver, depth = 0): boolean {
  if (depth > 3) return false;
  if (object.type === 'call') return isSharedSource(object, scopes, depth);
  if (object.type !== 'identifier') return false;
  const sites = scopes.bindingSites(object);
  if (!sites || sites.length === 0) return false;
  return sites.every((site) => {
    const holder = site.parent;
    if (holder?.type === 'assignment' && holder.childForFieldName('left')?.id === site.id) {
      const value = holder.childForFieldName('right');
      return value?.type === 'call' && isSharedSource(value, scopes, depth + 1);
    }
    const isParameter = holder?.type === 'parameters' || holder?.type === 'typed_parameter' || holder?.type === 'default_parameter'
      || holder?.type === 'typed_default_parameter';
    return isParameter && site.text === 'session';
  });
}

function isSharedSource(call: SyntaxNode, scopes: NameResolver, depth: number): boolean {
  const callee = call.childForFieldName('function')!;
  const qualified = scopes.qualify(callee)?.target;
  if (qualified === 'streamlit.connection') return true;
  if (qualified?.endsWith('.get_active_session') || qualified?.endsWith('.get_snowflake_session')) return true;
  if (callee.type === 'identifier') return SHARED_SOURCES.test(callee.text);
  if (callee.type !== 'attribute' || callee.childForFieldName('attribute')!.text !== 'session') return false;
  const connection = callee.childForFieldName('object')!;
  return connection.type === 'call' ? isSharedSource(connection, scopes, depth + 1)
    : closesSharedSession(connection, scopes, depth + 1);
}
