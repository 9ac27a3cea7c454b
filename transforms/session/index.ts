/**
 * # session
 *
 * ## What it does
 * Replaces every call of Snowpark's `get_active_session()` (in any import form:
 * `from snowflake.snowpark.context import get_active_session`, `import snowflake.snowpark as sp`
 * then `sp.context.get_active_session()`, `from snowflake import snowpark`, ...) with a call of
 * the app's one cached accessor, generated once per app as `snowflake_session.py` next to the
 * entry file:
 *
 *     @st.cache_resource(validate=lambda session: not session.connection.is_closed())
 *     def get_snowflake_session():
 *         return st.connection("snowflake").session()
 *
 * Each module imports it, and the imports that the rewrite left unused go. A local-development
 * fallback that caught Snowpark's exception is widened to what `st.connection` raises instead.
 *
 * ## Why
 * On the container runtime one Streamlit server serves every viewer, and `get_active_session()`
 * is neither thread-safe nor available there (runtime facts, section 5). Snowflake's documented
 * replacement is `st.connection("snowflake").session()`, but each such call builds a new
 * Snowpark Session that Snowpark keeps referenced until it is closed (and closing it would
 * close the connection every viewer shares). Called on every rerun, it grows memory for the
 * life of the server. One accessor per module was not enough either: `st.cache_resource` keys
 * its cache by the function's module, so an app of six modules had six sessions, and whatever
 * uses the active session implicitly (`snowflake.cortex` functions or `@udf` without `session=`,
 * a `get_active_session()` left in the app) failed with "more than one active session". One
 * accessor in one module gives one session per app and process, as the warehouse runtime had;
 * `validate` replaces it if Streamlit resets the shared connection. Implicit-session uses that
 * would still see more than one session (the app builds others) are reported.
 *
 * Outside Snowflake `get_active_session()` raised SnowparkSessionException, which local
 * fallbacks caught; `st.connection("snowflake")` raises StreamlitAPIException there when no
 * connection is configured (streamlit 1.64, lib/streamlit/connections/snowflake_connection.py,
 * `SnowflakeConnection._connect`: a connector error without a `[connections.snowflake]` secret
 * becomes `StreamlitAPIException("Missing Snowflake connection configuration...")`; with one, the
 * connector's error is raised as it is), so such a handler gets StreamlitAPIException added.
 *
 * ## Example
 *     from snowflake.snowpark.context import get_active_session
 *     session = get_active_session()
 * becomes
 *     from snowflake_session import get_snowflake_session
 *     session = get_snowflake_session()
 *
 * ## Fix safety
 * Safe: the accessor returns a Snowpark Session for the app owner's role, as
 * `get_active_session()` did on the warehouse runtime, and one for the whole app, as there.
 * Calls with arguments, uses of the function without calling it, calls that cannot be traced to
 * Snowpark, and `Session.builder` constructions are reported as manual steps and left as they are.
 * A module that defines its own `get_active_session` is left alone. Accessors written by earlier
 * versions of stcodemod (one per module, exactly the generated shape) are replaced by the import
 * of the shared one; an accessor of another shape is the user's, and calls keep going through it.
 */
import { ImportBinding, insertModuleImports, moduleInsertionPoint, removeImportBindings, usesOf } from '../../src/python/imports';
import { exceptionTypes } from '../../src/python/exceptions';
import { PythonModule } from '../../src/python/module';
import { SyntaxNode } from '../../src/python/parser';
import { importsOf } from '../../src/python/scope';
import { dottedName, enclosingFunction, Nesting } from '../../src/python/syntax';
import { PythonReporter, Transform } from '../../src/transform';
import {
  ACCESSOR_NAME, legacyAccessors, newAccessorName, replaceLegacyAccessors, SHARED_MODULE, sharedImport, sharedImportStatement,
  userAccessor,
} from './accessor';
import {
  callsNamed, CONTEXT_MODULE, findSessionCalls, FUNCTION, localFallbackDefinitions, SessionCall, SNOWPARK_MODULE, spellingsOf,
} from './calls';
import { reportLocalFallbacks, widenSnowparkFallbacks } from './fallbacks';
import { placeSharedModules } from './shared-module';

export const session: Transform = {
  name: 'session',
  summary: 'Replace get_active_session() with the app\'s one cached st.connection("snowflake").session() accessor',
  touches: `*.py; creates ${SHARED_MODULE}.py`,
  safe: true,
  python: {
    mentions: [FUNCTION, '.builder', ACCESSOR_NAME],
    visit(module, report) {
      // Shared with the transforms after this one while the module stays unchanged (a re-run).
      const imports = importsOf(module);
      const spellings = spellingsOf(module, imports);
      const calls = findSessionCalls(module, spellings, report);
      const legacy = legacyAccessors(module);
      const shared = sharedImport(imports);
      const user = shared || legacy.length > 0 ? undefined : userAccessor(module, legacy);
      const accessor = shared?.bound ?? legacyName(legacy) ?? user ?? newAccessorName(module);
      for (const { call } of calls) module.edit.replace(call.startIndex, call.endIndex, `${accessor}()`);
      if (legacy.length > 0) replaceLegacyAccessors(module, legacy, shared);
      const newImports: Array<{ statement: string; limit: number }> = [];
      if (calls.length > 0) {
        if (!shared && legacy.length === 0 && !user) newImports.push({
          statement: sharedImportStatement(SHARED_MODULE, accessor), limit: firstModuleLevelStatement(calls),
        });
        removeImportBindings(module, importsLeftUnused(module, imports, calls));
      }
      const accessorCalls = [...calls.map(({ call }) => call), ...callsNamed(module, accessor)
        .filter((call) => call.childForFieldName('function')?.type === 'identifier')];
      const exception = widenSnowparkFallbacks(module, accessorCalls, report);
      if (exception?.statement) newImports.push({ statement: exception.statement, limit: exception.limit });
      addImports(module, newImports);
      if (calls.length > 0 || shared || legacy.length > 0) {
        reportLocalFallbacks(localFallbackDefinitions(module, imports), accessor, report);
      }
      const sessionCallees = new Set([accessor, ...calls.map(({ callee }) => callee)]);
      reportSessionBuilders(module, fallbackTries(module, imports, sessionCallees), report);
    },
  },
  project: placeSharedModules,
};

function legacyName(legacy: SyntaxNode[]): string | undefined {
  return legacy[0]?.childForFieldName('definition')?.childForFieldName('name')?.text;
}

/** The start of the first module-level statement that calls the session (Infinity when all calls are in functions). */
function firstModuleLevelStatement(calls: SessionCall[]): number {
  return Math.min(Infinity, ...calls.filter(({ call }) => !enclosingFunction(call)).map(({ call }) => topLevel(call).startIndex));
}

/** Adds the new imports together, before the first statement that needs one, so that their blank lines are worked out once. */
function addImports(module: PythonModule, imports: Array<{ statement: string; limit: number }>): void {
  if (imports.length === 0) return;
  const limit = Math.min(...imports.map(({ limit: at }) => at));
  insertModuleImports(module, moduleInsertionPoint(module, limit), imports.map(({ statement }) => statement).sort());
}

/**
 * Import bindings that served only the rewritten calls. A name still used anywhere else (or
 * listed as a string, as in `__all__`) keeps its import, and so does an import that a handler
 * of `ImportError` guards: that handler is the app's "Snowpark is not installed" branch, which
 * still runs only when the import fails.
 */
function importsLeftUnused(module: PythonModule, imports: ImportBinding[], calls: SessionCall[]): ImportBinding[] {
  return imports.filter((binding) => {
    if (guardedByImportError(binding.statement)) return false;
    const related = (binding.module === CONTEXT_MODULE && (binding.name === FUNCTION || binding.name === undefined))
      || (binding.module === SNOWPARK_MODULE && binding.name === 'context')
      || isSnowparkAlias(binding);
    if (!related) return false;
    const rewritten = calls.filter(({ via }) => via === binding.bound).length;
    return usesOf(module, binding.bound) - rewritten <= 0;
  });
}

/** True for a statement in the body of a `try` with an `except ImportError` (or ModuleNotFoundError) clause. */
function guardedByImportError(statement: SyntaxNode): boolean {
  const block = statement.parent;
  const tryStatement = block?.parent;
  if (tryStatement?.type !== 'try_statement' || tryStatement.childForFieldName('body')?.id !== block!.id) return false;
  return tryStatement.namedChildren.some((clause) => clause.type === 'except_clause'
    && (exceptionTypes(clause) ?? []).some((type) => /^(builtins\.)?(ImportError|ModuleNotFoundError)$/.test(type.text)));
}

/** `import snowflake.snowpark as sp`, `from snowflake import snowpark [as sp]`. */
function isSnowparkAlias(binding: ImportBinding): boolean {
  if (binding.statement.type === 'import_statement') return binding.module === SNOWPARK_MODULE && binding.item.type === 'aliased_import';
  return binding.module === 'snowflake' && binding.name === 'snowpark';
}

/**
 * `try` statements whose body gets the Snowflake session (by importing get_active_session or by
 * calling it or the accessor): their `except` handlers are local-development fallbacks.
 */
function fallbackTries(module: PythonModule, imports: ImportBinding[], sessionCallees: Set<string>): Set<number> {
  const sessionImports = imports
    .filter((binding) => binding.module === CONTEXT_MODULE && binding.name === FUNCTION)
    .map((binding) => binding.statement);
  const sessionCalls = [...sessionCallees].flatMap((callee) => callsNamed(module, callee.split('.').pop()!)
    .filter((call) => dottedName(call.childForFieldName('function')!) === callee));
  const tries = new Set<number>();
  const nesting = tryStatements(module);
  for (const node of [...sessionImports, ...sessionCalls]) {
    for (const tryStatement of nesting.holding(node)) {
      const body = tryStatement.childForFieldName('body');
      if (body && body.startIndex <= node.startIndex && node.endIndex <= body.endIndex) tries.add(tryStatement.id);
    }
  }
  return tries;
}

/** The module's `try` statements, found from their keyword. */
function tryStatements(module: PythonModule): Nesting {
  return module.memo('session:try-statements', () => new Nesting(module.nodesAtWord('try')
    .filter((token) => token.type === 'try' && token.parent?.type === 'try_statement').map((token) => token.parent!)));
}

/** `Session.builder...getOrCreate()` / `.create()`: session constructions to review by hand. */
function reportSessionBuilders(module: PythonModule, fallbacks: Set<number>, report: PythonReporter): void {
  for (const call of [...callsNamed(module, 'getOrCreate'), ...callsNamed(module, 'create')]) {
    const method = call.childForFieldName('function');
    const name = method?.type === 'attribute' ? method.childForFieldName('attribute')?.text : undefined;
    if (name !== 'getOrCreate' && name !== 'create') continue;
    const builder = builderChain(method!.childForFieldName('object')!);
    if (!builder) continue;
    if (name === 'getOrCreate' || !builder.configured) {
      report.manualAt(call, {
        code: 'session-builder',
        message: `Session.builder.${name}() finds no session to reuse on the container runtime; use the app's one `
          + 'session instead: get_snowflake_session() from snowflake_session.py where stcodemod created it next to the entry '
          + 'file, else st.connection("snowflake").session() (created once, in a function cached with st.cache_resource)',
      });
      continue;
    }
    if (handlingTries(module, call).some((tryStatement) => fallbacks.has(tryStatement.id))) continue;
    report.manualAt(call, {
      code: 'session-from-credentials',
      message: 'this Snowpark session is built from explicit connection settings; on the container runtime '
        + 'use get_snowflake_session() from snowflake_session.py (the app owner\'s role, no credentials in the app)',
    });
  }
}

/** The `try` statements whose `except` handlers hold the node, innermost first. */
function handlingTries(module: PythonModule, node: SyntaxNode): SyntaxNode[] {
  return tryStatements(module).holding(node).filter((tryStatement) => tryStatement.namedChildren
    .some((clause) => clause.type === 'except_clause' && clause.startIndex <= node.startIndex && node.endIndex <= clause.endIndex));
}

/** Follows `X.builder.configs(...).app_name(...)` back to `X.builder`; X must name a Session. */
function builderChain(node: SyntaxNode): { configured: boolean } | undefined {
  let configured = false;
  let current: SyntaxNode | null = node;
  while (current) {
    if (current.type === 'call') {
      const fn = current.childForFieldName('function');
      const step = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
      if (step === 'configs' || step === 'config') configured = true;
      current = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
      continue;
    }
    if (current.type === 'attribute' && current.childForFieldName('attribute')?.text === 'builder') {
      const owner = dottedName(current.childForFieldName('object')!);
      return owner && /(^|\.)Session$/.test(owner) ? { configured } : undefined;
    }
    return undefined;
  }
  return undefined;
}

function topLevel(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.parent && current.parent.type !== 'module') current = current.parent;
  return current;
}
