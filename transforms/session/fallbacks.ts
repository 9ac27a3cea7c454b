/**
 * Local-development fallbacks around the session. Outside Snowflake, `get_active_session()` raised
 * Snowpark's SnowparkSessionException, and apps caught that to build a local session. What the
 * accessor calls instead, `st.connection("snowflake").session()`, raises other things there
 * (streamlit 1.64, lib/streamlit/connections/snowflake_connection.py, `_connect`): without a
 * `[connections.snowflake]` secret it calls `snowflake.connector.connect()`, and a connector
 * error then becomes a StreamlitAPIException ("Missing Snowflake connection configuration");
 * with such a secret the connector's own error is raised; without the connector installed,
 * runtime/connection_factory.py raises ModuleNotFoundError. None of these is a Snowpark exception.
 */
import { addExceptionTypes, exceptionTypes } from '../../src/python/exceptions';
import { PythonModule } from '../../src/python/module';
import { NameResolver } from '../../src/python/name-resolution';
import { SyntaxNode } from '../../src/python/parser';
import { freeName } from '../../src/python/streamlit';
import { PythonReporter } from '../../src/transform';

const SNOWPARK_EXCEPTIONS = 'snowflake.snowpark.exceptions.';
const API_EXCEPTION = 'streamlit.errors.StreamlitAPIException';
const BROAD = new Set(['Exception', 'BaseException', 'builtins.Exception', 'builtins.BaseException']);

/**
 * Widens the `except <Snowpark exception>:` of each try whose body gets the session through the
 * accessor (`calls`: the accessor calls, old and new) so that it also catches StreamlitAPIException,
 * what the accessor raises outside Snowflake when no connection is configured. A try with an earlier
 * clause that catches everything is left alone: that clause runs first anyway.
 */
export function widenSnowparkFallbacks(module: PythonModule, calls: SyntaxNode[], report: PythonReporter)
  : NeededImport | undefined {
  if (calls.length === 0 || !module.text.includes('Snowpark') || !module.mentionsWord('except')) return undefined;
  const resolver = NameResolver.of(module);
  const clauses = new Map<number, SyntaxNode>();
  for (const call of calls) {
    for (let current: SyntaxNode = call; current.parent; current = current.parent) {
      const parent: SyntaxNode = current.parent;
      if (parent.type === 'function_definition' || parent.type === 'lambda' || parent.type === 'class_definition') break;
      if (parent.type !== 'try_statement' || parent.childForFieldName('body')?.id !== current.id) continue;
      const clause = snowparkClause(parent, resolver);
      if (clause) clauses.set(clause.id, clause);
    }
  }
  if (clauses.size === 0) return undefined;
  const first = [...clauses.values()].sort((a, b) => a.startIndex - b.startIndex)[0];
  const needed = apiException(module, resolver, topLevel(first).startIndex);
  for (const clause of clauses.values()) {
    addExceptionTypes(module, clause, [needed.name]);
    report.warnAt(clause, {
      code: 'fallback-widened',
      message: 'this fallback caught the Snowpark exception that get_active_session() raised outside Snowflake; '
        + 'st.connection("snowflake") raises StreamlitAPIException there instead when no connection is configured, '
        + 'so the handler now catches that too. Locally the app now connects first with [connections.snowflake] in '
        + '.streamlit/secrets.toml or the default connection of connections.toml, when one exists, and a connection '
        + 'that is configured but fails raises the connector\'s error, which this handler does not catch',
    });
  }
  return needed;
}

/** A name the module must reach, and the import that binds it when the module has none yet. */
export interface NeededImport {
  name: string;
  /** The import statement to add, before `limit`. */
  statement?: string;
  limit: number;
}

/**
 * The first except clause of a try that catches a Snowpark exception, unless an earlier clause
 * catches everything or the clause already catches StreamlitAPIException.
 */
function snowparkClause(tryStatement: SyntaxNode, resolver: NameResolver): SyntaxNode | undefined {
  for (const clause of tryStatement.namedChildren.filter((child) => child.type === 'except_clause')) {
    const types = exceptionTypes(clause);
    if (!types) return undefined;
    const targets = types.map((type) => resolver.qualify(type));
    if (types.some((type) => BROAD.has(type.text))) return undefined;
    if (targets.some((target) => target?.target === API_EXCEPTION)) return undefined;
    if (targets.some((target) => target?.certain && target.target.startsWith(SNOWPARK_EXCEPTIONS))) return clause;
  }
  return undefined;
}

/** How the module reaches StreamlitAPIException, and the import to add when it has none. */
function apiException(module: PythonModule, resolver: NameResolver, limit: number): NeededImport {
  const existing = resolver.imports.find((binding) => binding.moduleLevel && binding.module === 'streamlit.errors'
    && binding.name === 'StreamlitAPIException' && binding.statement.endIndex <= limit);
  if (existing) return { name: existing.bound, limit };
  const name = freeName(module, 'StreamlitAPIException');
  const alias = name === 'StreamlitAPIException' ? '' : ` as ${name}`;
  return { name, statement: `from streamlit.errors import StreamlitAPIException${alias}`, limit };
}

function topLevel(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.parent && current.parent.type !== 'module') current = current.parent;
  return current;
}

/**
 * A `def get_active_session()` in the `except ImportError` of the try that imports the real one:
 * the app's local stand-in, which nothing calls any more once the calls go through the accessor.
 */
export function reportLocalFallbacks(definitions: SyntaxNode[], accessor: string, report: PythonReporter): void {
  for (const definition of definitions) {
    report.manualAt(definition, {
      code: 'local-fallback-unused',
      message: `this local stand-in for get_active_session no longer runs: the calls go through ${accessor}(), `
        + 'which uses st.connection("snowflake"); locally that connects with [connections.snowflake] in '
        + '.streamlit/secrets.toml or the default connection of connections.toml: configure one of them, or '
        + 'move this local setup into a fallback around the call',
    });
  }
}
