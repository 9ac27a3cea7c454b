/**
 * # session
 *
 * ## What it does
 * Replaces every call of Snowpark's `get_active_session()` (in any import form) with a call of
 * one cached accessor per module:
 *
 *     @st.cache_resource(validate=lambda session: not session.connection.is_closed())
 *     def get_snowflake_session():
 *         return st.connection("snowflake").session()
 *
 * and removes the imports that the rewrite left unused.
 *
 * ## Why
 * On the container runtime one Streamlit server serves every viewer, and `get_active_session()`
 * is neither thread-safe nor available there (runtime facts, section 5). Snowflake's documented
 * replacement is `st.connection("snowflake").session()`, but each such call builds a new
 * Snowpark Session that Snowpark keeps referenced until it is closed (and closing it would
 * close the connection every viewer shares). Called on every rerun, it grows memory for the
 * life of the server and makes any remaining `get_active_session()` fail with "more than one
 * active session". One `st.cache_resource` accessor keeps it to one session per module and
 * process; `validate` replaces it if Streamlit resets the shared connection.
 *
 * ## Example
 *     from snowflake.snowpark.context import get_active_session
 *     session = get_active_session()
 * becomes
 *     import streamlit as st
 *
 *
 *     @st.cache_resource(validate=lambda session: not session.connection.is_closed())
 *     def get_snowflake_session():
 *         ...
 *
 *
 *     session = get_snowflake_session()
 *
 * ## Fix safety
 * Safe: the accessor returns a Snowpark Session for the app owner's role, as
 * `get_active_session()` did on the warehouse runtime. Calls with arguments, uses of the
 * function without calling it, and `Session.builder` constructions are reported as manual steps
 * and left as they are. A module that defines its own `get_active_session` is left alone.
 */
import { ImportBinding, moduleInsertionPoint, removeImportBindings, usesOf } from '../../src/python/imports';
import { PythonModule } from '../../src/python/module';
import { moduleImports } from '../../src/python/name-resolution';
import { SyntaxNode } from '../../src/python/parser';
import { scopeNodes } from '../../src/python/scope';
import { dottedName, enclosingExceptClause, isBindingSite, isImportStatement, isNameReference, Nesting }
  from '../../src/python/syntax';
import { PythonReporter, Transform } from '../../src/transform';
import { freeName, streamlitReference } from '../../src/python/streamlit';

const CONTEXT_MODULE = 'snowflake.snowpark.context';
const FUNCTION = 'get_active_session';
const ACCESSOR_NAME = 'get_snowflake_session';

export const session: Transform = {
  name: 'session',
  summary: 'Replace get_active_session() with one cached st.connection("snowflake").session() per module',
  touches: '*.py',
  safe: true,
  python: {
    mentions: [FUNCTION, '.builder'],
    visit(module, report) {
      // Shared with the transforms after this one while the module stays unchanged (a re-run).
      const imports = moduleImports(module);
      const calls = findSessionCalls(module, imports, report);
      const existing = existingAccessor(module);
      const accessor = existing ?? freeName(module, ACCESSOR_NAME);
      if (calls.length > 0) {
        for (const { call } of calls) module.edit.replace(call.startIndex, call.endIndex, `${accessor}()`);
        if (!existing) insertAccessor(module, accessor, calls);
        removeImportBindings(module, importsLeftUnused(module, imports, calls));
      }
      const sessionCallees = new Set([accessor, ...calls.map(({ callee }) => callee)]);
      reportSessionBuilders(module, fallbackTries(module, imports, sessionCallees), report);
    },
  },
};

interface SessionCall {
  call: SyntaxNode;
  /** The called expression as written, e.g. `ctx.get_active_session`. */
  callee: string;
  /** The name the call went through: a bound function name, a module alias, or `snowflake`. */
  via: string;
}

/** Calls of Snowpark's get_active_session, however the module imported it. */
function findSessionCalls(module: PythonModule, imports: ImportBinding[], report: PythonReporter): SessionCall[] {
  const functionNames = new Set(imports.filter((b) => b.module === CONTEXT_MODULE && b.name === FUNCTION).map((b) => b.bound));
  if (imports.some((b) => b.module === CONTEXT_MODULE && b.name === '*')) functionNames.add(FUNCTION);
  for (const name of ownDefinitions(module, imports)) functionNames.delete(name);
  const contextAliases = new Set(imports.filter(isContextModuleImport).map((b) => b.bound));
  const qualified = imports.some((b) => b.statement.type === 'import_statement' && CONTEXT_MODULE.startsWith(b.module)
    && b.bound === 'snowflake');

  const calls: SessionCall[] = [];
  // By node id: the binding may hand out two wrapper objects for one node, so a Set of nodes
  // would let a call found through two names be replaced twice.
  const candidates = new Map([...new Set([FUNCTION, ...functionNames])]
    .flatMap((name) => callsNamed(module, name)).map((call) => [call.id, call]));
  for (const call of candidates.values()) {
    const callee = dottedName(call.childForFieldName('function')!);
    if (!callee) continue;
    const [head, ...rest] = callee.split('.');
    const matches = (functionNames.has(callee) && rest.length === 0)
      || (contextAliases.has(head) && rest.join('.') === FUNCTION)
      || (qualified && callee === `${CONTEXT_MODULE}.${FUNCTION}`);
    if (!matches) continue;
    if ((call.childForFieldName('arguments')?.namedChildCount ?? 0) > 0) {
      report.manualAt(call, {
        code: 'call-with-arguments',
        message: `${callee}() is called with arguments; replace it by hand with st.connection("snowflake").session()`,
      });
      continue;
    }
    calls.push({ call, callee, via: head });
  }
  reportUncalledUses(module, functionNames, report);
  return calls;
}

function isContextModuleImport(binding: ImportBinding): boolean {
  if (binding.statement.type === 'import_statement') return binding.module === CONTEXT_MODULE && binding.bound !== 'snowflake';
  return binding.module === 'snowflake.snowpark' && binding.name === 'context';
}

/**
 * Names the module binds to something of its own: a `def get_active_session` or an assignment
 * to it. One inside the `except` of a try that imports the real function is a local-development
 * fallback, not a definition of its own, and does not count.
 */
function ownDefinitions(module: PythonModule, imports: ImportBinding[]): Set<string> {
  const own = new Set<string>();
  const realImports = imports.filter((binding) => binding.module === CONTEXT_MODULE && binding.name === FUNCTION);
  for (const target of module.identifiersNamed(FUNCTION)) {
    const node = target.parent!;
    const defines = (node.type === 'function_definition' && node.childForFieldName('name')?.id === target.id)
      || (node.type === 'assignment' && node.childForFieldName('left')?.id === target.id);
    if (defines && !isImportFallback(node, realImports)) own.add(target.text);
  }
  return own;
}

/** Calls whose callee is `name` or ends in `.name`, found from the identifiers spelled `name`. */
function callsNamed(module: PythonModule, name: string): SyntaxNode[] {
  const calls: SyntaxNode[] = [];
  for (const identifier of module.identifiersNamed(name)) {
    const parent = identifier.parent!;
    const callee = parent.type === 'attribute' && parent.childForFieldName('attribute')?.id === identifier.id ? parent : identifier;
    const call = callee.parent;
    if (call?.type === 'call' && call.childForFieldName('function')?.id === callee.id) calls.push(call);
  }
  return calls;
}

function isImportFallback(node: SyntaxNode, realImports: ImportBinding[]): boolean {
  const body = enclosingExceptClause(node)?.parent?.childForFieldName('body');
  return body != null && realImports.some(({ statement }) => contains(body, statement));
}

function contains(outer: SyntaxNode, inner: SyntaxNode): boolean {
  return outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

function reportUncalledUses(module: PythonModule, functionNames: Set<string>, report: PythonReporter): void {
  for (const identifier of [...functionNames].flatMap((name) => module.identifiersNamed(name))) {
    if (!isNameReference(identifier) || isBindingSite(identifier)) continue;
    const parent = identifier.parent!;
    if (parent.type === 'call' && parent.childForFieldName('function')?.id === identifier.id) continue;
    report.manualAt(identifier, {
      code: 'uncalled-reference',
      message: `${identifier.text} is used here without being called; on the container runtime it fails: `
        + 'pass a function that returns st.connection("snowflake").session() instead',
    });
  }
}

/** An accessor this transform wrote before (or one of the same shape), so re-runs reuse it. */
function existingAccessor(module: PythonModule): string | undefined {
  // Its decorator names cache_resource: without the word there is none to look at.
  if (!module.text.includes('cache_resource')) return undefined;
  for (const statement of module.root.namedChildren) {
    if (statement.type !== 'decorated_definition') continue;
    const definition = statement.childForFieldName('definition');
    const decorators = statement.namedChildren.filter((child) => child.type === 'decorator').map((d) => d.text);
    const body = definition?.childForFieldName('body')?.text.replace(/#.*$/gm, '').replace(/\s+/g, '');
    if (definition?.type !== 'function_definition' || !decorators.some((d) => d.includes('cache_resource'))) continue;
    if (body && /^return(\w+\.)?connection\(["']snowflake["']\)\.session\(\)$/.test(body)) {
      return definition.childForFieldName('name')!.text;
    }
  }
  return undefined;
}

function insertAccessor(module: PythonModule, accessor: string, calls: SessionCall[]): void {
  const functions = new Nesting(scopeNodes(module).filter(([, type]) => type === 'function_definition' || type === 'lambda')
    .map(([node]) => node));
  const statements = module.root.namedChildren;
  const firstModuleLevelCall = calls.map(({ call }) => call).filter((call) => functions.holding(call).length === 0)
    .reduce((first, call) => Math.min(first, call.startIndex), Infinity);
  const offset = moduleInsertionPoint(module, firstModuleLevelCall === Infinity ? Infinity
    : topLevelStatementAt(statements, firstModuleLevelCall).startIndex);
  const cacheResource = streamlitReference(module, 'cache_resource', offset);
  const connection = streamlitReference(module, 'connection', offset);
  const indent = module.indentUnit;
  const lines: string[] = [];
  const importStatement = cacheResource.importStatement ?? connection.importStatement;
  if (importStatement) {
    // After a compound statement (a try/if holding imports) the new import reads as a new group.
    const previous = module.root.namedChildren.filter((statement) => statement.endIndex <= offset).pop();
    if (previous && !isImportStatement(previous)) lines.push('');
    lines.push(importStatement);
  }
  if (offset > 0) lines.push('', '');
  lines.push(
    `@${cacheResource.expression}(validate=lambda session: not session.connection.is_closed())`,
    `def ${accessor}():`,
    `${indent}# One Snowpark session per server process, shared by every viewer: each .session() call`,
    `${indent}# creates a new one that Snowpark keeps alive (see "session" in the stcodemod README).`,
    `${indent}return ${connection.expression}("snowflake").session()`,
  );
  const rest = module.text.slice(offset);
  const blankLinesAfter = (rest.match(/^(?:[ \t]*\r?\n)*/)![0].match(/\n/g) ?? []).length;
  const trailing = rest.trim() === '' ? 0 : Math.max(0, 2 - blankLinesAfter);
  const separator = offset > 0 && !/[\r\n]$/.test(module.text.slice(0, offset)) ? '\n' : '';
  module.edit.insert(offset, separator + lines.join('\n') + '\n' + '\n'.repeat(trailing));
}

/** The module's statement that holds an offset (by a search of their offsets, not a walk up the tree). */
function topLevelStatementAt(statements: SyntaxNode[], offset: number): SyntaxNode {
  let low = 0;
  let high = statements.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (statements[middle].startIndex <= offset) low = middle;
    else high = middle - 1;
  }
  return statements[low];
}

/**
 * Import bindings that served only the rewritten calls. A name still used anywhere else (or
 * listed as a string, as in `__all__`) keeps its import.
 */
function importsLeftUnused(module: PythonModule, imports: ImportBinding[], calls: SessionCall[]): ImportBinding[] {
  return imports.filter((binding) => {
    const related = (binding.module === CONTEXT_MODULE && (binding.name === FUNCTION || binding.name === undefined))
      || (binding.module === 'snowflake.snowpark' && binding.name === 'context');
    if (!related) return false;
    const rewritten = calls.filter(({ via }) => via === binding.bound).length;
    return usesOf(module, binding.bound) - rewritten <= 0;
  });
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
        message: `Session.builder.${name}() finds no session to reuse on the container runtime; `
          + 'use st.connection("snowflake").session() (once, cached) instead',
      });
      continue;
    }
    if (handlingTries(module, call).some((tryStatement) => fallbacks.has(tryStatement.id))) continue;
    report.manualAt(call, {
      code: 'session-from-credentials',
      message: 'this Snowpark session is built from explicit connection settings; on the container runtime '
        + 'use st.connection("snowflake").session() (the app owner\'s role, no credentials in the app)',
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
