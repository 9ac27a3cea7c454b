/**
 * Finds the calls of Snowpark's `get_active_session()` in a module, in every import form, and
 * reports the ones that cannot be replaced (or cannot be traced to Snowpark) as manual steps.
 */
import { ImportBinding } from '../../src/python/imports';
import { PythonModule } from '../../src/python/module';
import { importTarget } from '../../src/python/name-resolution';
import { SyntaxNode } from '../../src/python/parser';
import { dottedName, enclosingExceptClause, isBindingSite, isNameReference } from '../../src/python/syntax';
import { PythonReporter } from '../../src/transform';

export const CONTEXT_MODULE = 'snowflake.snowpark.context';
export const SNOWPARK_MODULE = 'snowflake.snowpark';
export const FUNCTION = 'get_active_session';

export interface SessionCall {
  call: SyntaxNode;
  /** The called expression as written, e.g. `ctx.get_active_session`. */
  callee: string;
  /** The name the call went through: a bound function name, a module alias, or `snowflake`. */
  via: string;
}

/** How a module can name Snowpark's get_active_session. */
export interface Spellings {
  /** Names bound to the function itself (`from snowflake.snowpark.context import get_active_session [as x]`). */
  functionNames: Set<string>;
  /** Names bound to `snowflake.snowpark.context` (`import ... as ctx`, `from snowflake.snowpark import context`). */
  contextAliases: Set<string>;
  /** Names bound to `snowflake.snowpark` (`import snowflake.snowpark as sp`, `from snowflake import snowpark`). */
  snowparkAliases: Set<string>;
  /** True when `import snowflake...` binds `snowflake`, so the fully qualified call works. */
  qualified: boolean;
  /** Names the module binds to something of its own (a `def get_active_session`, say). */
  own: Set<string>;
}

export function spellingsOf(module: PythonModule, imports: ImportBinding[]): Spellings {
  const functionNames = new Set(imports.filter((b) => b.module === CONTEXT_MODULE && b.name === FUNCTION).map((b) => b.bound));
  if (imports.some((b) => b.module === CONTEXT_MODULE && b.name === '*')) functionNames.add(FUNCTION);
  const own = ownDefinitions(module, imports);
  for (const name of own) functionNames.delete(name);
  return {
    functionNames,
    contextAliases: new Set(imports.filter((b) => b.bound !== '*' && importTarget(b) === CONTEXT_MODULE && b.bound !== 'snowflake')
      .map((b) => b.bound)),
    snowparkAliases: new Set(imports.filter((b) => b.bound !== '*' && importTarget(b) === SNOWPARK_MODULE && b.bound !== 'snowflake')
      .map((b) => b.bound)),
    qualified: imports.some((b) => b.statement.type === 'import_statement' && CONTEXT_MODULE.startsWith(b.module)
      && b.bound === 'snowflake'),
    own,
  };
}

/** True when a dotted callee names Snowpark's get_active_session in this module. */
function namesFunction(callee: string, spellings: Spellings): boolean {
  const [head, ...rest] = callee.split('.');
  const tail = rest.join('.');
  return (spellings.functionNames.has(callee) && rest.length === 0)
    || (spellings.contextAliases.has(head) && tail === FUNCTION)
    || (spellings.snowparkAliases.has(head) && tail === `context.${FUNCTION}`)
    || (spellings.qualified && callee === `${CONTEXT_MODULE}.${FUNCTION}`);
}

/**
 * Calls of Snowpark's get_active_session that can be replaced. Calls with arguments, uses without
 * a call, and calls stcodemod cannot trace to Snowpark are reported instead.
 */
export function findSessionCalls(module: PythonModule, spellings: Spellings, report: PythonReporter): SessionCall[] {
  const calls: SessionCall[] = [];
  // By node id: the binding may hand out two wrapper objects for one node, so a Set of nodes
  // would let a call found through two names be replaced twice.
  const candidates = new Map([...new Set([FUNCTION, ...spellings.functionNames])]
    .flatMap((name) => callsNamed(module, name)).map((call) => [call.id, call]));
  for (const call of candidates.values()) {
    const callee = dottedName(call.childForFieldName('function')!);
    if (!callee) continue;
    if (!namesFunction(callee, spellings)) {
      reportUnrecognised(call, callee, spellings, report);
      continue;
    }
    if ((call.childForFieldName('arguments')?.namedChildCount ?? 0) > 0) {
      report.manualAt(call, {
        code: 'call-with-arguments',
        message: `${callee}() is called with arguments; replace it by hand with get_snowflake_session() `
          + '(snowflake_session.py next to the entry file)',
      });
      continue;
    }
    calls.push({ call, callee, via: callee.split('.')[0] });
  }
  reportUncalledUses(module, spellings, report);
  return calls;
}

/**
 * A call of something spelled get_active_session that is neither Snowpark's (as far as the imports
 * show) nor the module's own: it may well be Snowpark's, reached some way stcodemod cannot follow
 * (a star import of another module, an import elsewhere), and on the container runtime it would
 * find no session. A method call on `self` or `cls` is the class's own.
 */
function reportUnrecognised(call: SyntaxNode, callee: string, spellings: Spellings, report: PythonReporter): void {
  const head = callee.split('.')[0];
  if (spellings.own.has(FUNCTION) || head === 'self' || head === 'cls') return;
  report.manualAt(call, {
    code: 'unrecognised-call',
    message: `${callee}() could not be traced to Snowpark's get_active_session (no import of it here that stcodemod `
      + 'can follow); if it is Snowpark\'s, it finds no session on the container runtime: replace it with '
      + 'get_snowflake_session() from snowflake_session.py (next to the entry file)',
  });
}

/**
 * Names the module binds to something of its own: a `def get_active_session` or an assignment
 * to it. One inside the `except` of a try that imports the real function is a local-development
 * fallback, not a definition of its own, and does not count.
 */
function ownDefinitions(module: PythonModule, imports: ImportBinding[]): Set<string> {
  const own = new Set<string>();
  for (const target of module.identifiersNamed(FUNCTION)) {
    const node = definitionOf(target);
    if (node && !isImportFallback(node, imports)) own.add(target.text);
  }
  return own;
}

/** The `def` or assignment that binds an identifier, when it is its name or target. */
function definitionOf(identifier: SyntaxNode): SyntaxNode | undefined {
  const node = identifier.parent!;
  const defines = (node.type === 'function_definition' && node.childForFieldName('name')?.id === identifier.id)
    || (node.type === 'assignment' && node.childForFieldName('left')?.id === identifier.id);
  return defines ? node : undefined;
}

/**
 * The local-development fallbacks of a module: definitions of get_active_session in the `except`
 * of a try that imports the real function (`except ImportError: def get_active_session(): ...`).
 */
export function localFallbackDefinitions(module: PythonModule, imports: ImportBinding[]): SyntaxNode[] {
  return module.identifiersNamed(FUNCTION).flatMap((identifier) => {
    const node = definitionOf(identifier);
    return node && isImportFallback(node, imports) ? [node] : [];
  });
}

function isImportFallback(node: SyntaxNode, imports: ImportBinding[]): boolean {
  const body = enclosingExceptClause(node)?.parent?.childForFieldName('body');
  return body != null && imports.some((binding) => binding.module === CONTEXT_MODULE && binding.name === FUNCTION
    && contains(body, binding.statement));
}

export function contains(outer: SyntaxNode, inner: SyntaxNode): boolean {
  return outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

/** Calls whose callee is `name` or ends in `.name`, found from the identifiers spelled `name`. */
export function callsNamed(module: PythonModule, name: string): SyntaxNode[] {
  const calls: SyntaxNode[] = [];
  for (const identifier of module.identifiersNamed(name)) {
    const parent = identifier.parent!;
    const callee = parent.type === 'attribute' && parent.childForFieldName('attribute')?.id === identifier.id ? parent : identifier;
    const call = callee.parent;
    if (call?.type === 'call' && call.childForFieldName('function')?.id === callee.id) calls.push(call);
  }
  return calls;
}

/** `session_factory = get_active_session`, `run(snowpark.context.get_active_session)`: passed on, not called. */
function reportUncalledUses(module: PythonModule, spellings: Spellings, report: PythonReporter): void {
  const names = new Set([FUNCTION, ...spellings.functionNames]);
  const reported = new Set<number>();
  for (const identifier of [...names].flatMap((name) => module.identifiersNamed(name))) {
    // The whole dotted expression the identifier ends (`ctx.get_active_session`), or the name itself.
    const parent = identifier.parent!;
    const isMember = parent.type === 'attribute' && parent.childForFieldName('attribute')?.id === identifier.id;
    const expression = isMember ? parent : identifier;
    if (!isMember && (!isNameReference(identifier) || isBindingSite(identifier))) continue;
    const spelled = dottedName(expression);
    if (!spelled || !namesFunction(spelled, spellings)) continue;
    const holder = expression.parent!;
    if (holder.type === 'call' && holder.childForFieldName('function')?.id === expression.id) continue;
    if (isMember && holder.type === 'attribute') continue;
    if (reported.has(expression.id)) continue;
    reported.add(expression.id);
    report.manualAt(expression, {
      code: 'uncalled-reference',
      message: `${spelled} is used here without being called; on the container runtime it fails: `
        + 'pass get_snowflake_session (from snowflake_session.py next to the entry file) instead',
    });
  }
}
