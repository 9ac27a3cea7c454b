/**
 * Rewrites one module from a finished analysis: the uses, the imports, the `except ImportError`
 * fallbacks around them, and the imports the new code needs.
 */
import {
  collectImports, ImportBinding, insertModuleImports, moduleInsertionPoint, moduleLevelImportStatements, removeImportBindings,
  removeStatement,
} from '../../src/python/imports';
import { addExceptionTypes, exceptionTypes } from '../../src/python/exceptions';
import { PythonModule } from '../../src/python/module';
import { SyntaxNode } from '../../src/python/parser';
import { streamlitReference } from '../../src/python/streamlit';
import { enclosingFunction, isImportStatement, isNameReference } from '../../src/python/syntax';
import { NodeFinding, PythonReporter } from '../../src/transform';
import { BindingGroup, decide, GroupDecision, ModuleAnalysis, MODULE, Use } from './analysis';

export interface AppStep {
  node: SyntaxNode;
  kind: 'manual' | 'warn';
  finding: NodeFinding;
}

export interface RewriteContext {
  /** The helper module's name (its file name without `.py`). */
  helperModule: string;
  /** Findings about the whole app, located at a use in this module. */
  steps: AppStep[];
}

type SecretUse = Extract<Use, { kind: 'secret' }>;
type ProcedureUse = Extract<Use, { kind: 'procedure' }>;

const CONTEXT_MODULE = 'snowflake.snowpark.context';
const SESSION_FUNCTION = 'get_active_session';
/** The accessor the session transform writes; reused when a module already has it. */
const SESSION_ACCESSOR = 'get_snowflake_session';
/** The module the session transform generates for it (`snowflake_session.py`, or `_2`, ... beside a file of the app's own). */
const SESSION_MODULE = /^snowflake_session(_\d+)?$/;
/** What st.secrets raises when a secret is missing: a missing key, or no secrets at all (its
 * StreamlitSecretNotFoundError subclasses FileNotFoundError; older versions raised that directly). */
const SECRET_MISSING_ERRORS = [
  { name: 'KeyError', coveredBy: ['KeyError', 'LookupError'] },
  { name: 'FileNotFoundError', coveredBy: ['FileNotFoundError', 'OSError', 'IOError', 'EnvironmentError'] },
];
const BROAD_HANDLERS = new Set(['Exception', 'BaseException']);
const IMPORT_ERRORS = new Set(['ImportError', 'ModuleNotFoundError']);

/** Applies the rewrite to `module.edit`; returns true when the module now imports the helper. */
export function rewriteModule(module: PythonModule, analysis: ModuleAnalysis, context: RewriteContext,
  report: PythonReporter): boolean {
  const decisions = new Map(analysis.groups.map((group) => [group, decide(group)] as const));
  const uses = analysis.groups.flatMap((group) => group.uses);
  const secrets = uses.filter((use): use is SecretUse => use.kind === 'secret');
  const procedures = uses.filter((use): use is ProcedureUse => use.kind === 'procedure');

  reportUnknownUses(module, analysis, decisions, report);
  replaceSecretCalls(module, secrets, procedures);
  const helperAlias = helperName(module, context.helperModule);
  const usesHelper = rewriteImports(module, analysis.groups, decisions, context.helperModule, helperAlias, secrets, report);
  guardFallbacks(module, secrets, procedures, report);
  for (const step of context.steps) {
    if (step.kind === 'manual') report.manualAt(step.node, step.finding);
    else report.warnAt(step.node, step.finding);
  }
  return usesHelper;
}

function reportUnknownUses(module: PythonModule, analysis: ModuleAnalysis, decisions: Map<BindingGroup, GroupDecision>,
  report: PythonReporter): void {
  for (const use of [...analysis.stray, ...analysis.groups.flatMap((group) => group.uses)]) {
    if (use.kind === 'unknown') report.manualAt(use.node, { code: 'unknown-use', message: use.message });
  }
  for (const [group, decision] of decisions) {
    // A group kept only until a deferred call is rewritten (next pass) is not reported yet.
    if (decision !== 'keep' || group.uses.some((use) => use.kind === 'deferred')) continue;
    for (const use of group.uses) {
      if (use.kind !== 'availability' || use.binding) continue;
      report.manualAt(use.node, {
        code: 'availability-test',
        message: `this tests whether ${MODULE} can be imported; it never can on the container runtime, so the `
          + 'warehouse branch no longer runs: decide what the app should do instead',
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Secret reads

function replaceSecretCalls(module: PythonModule, secrets: SecretUse[], procedures: ProcedureUse[]): void {
  if (secrets.length === 0 && procedures.length === 0) return;
  const converted = [...secrets, ...procedures].map((use) => use.call);
  const moduleLevel = converted.filter((call) => !enclosingFunction(call)).map((call) => topLevel(call).startIndex);
  const offset = moduleInsertionPoint(module, Math.min(Infinity, ...moduleLevel));
  const imports: string[] = [];
  const stdlib: string[] = [];

  if (secrets.length > 0) {
    const reference = streamlitReference(module, 'secrets', offset);
    if (reference.importStatement) imports.push(reference.importStatement);
    for (const use of secrets) {
      module.edit.replace(use.call.startIndex, use.call.endIndex, `${reference.expression}[${use.argument.text}]`);
    }
  }
  if (procedures.length > 0) {
    const session = sessionExpression(module, offset);
    if (session.importStatement) imports.push(session.importStatement);
    imports.sort((a, b) => Number(a.startsWith('from ')) - Number(b.startsWith('from ')));
    const objects = procedures.some((use) => use.procedure.returnsObject);
    const json = objects ? stdlibModule(module, 'json', offset) : undefined;
    const types = objects ? stdlibModule(module, 'types', offset) : undefined;
    for (const reference of [json, types]) if (reference?.importStatement) stdlib.push(reference.importStatement);
    for (const use of procedures) {
      let call = `${session.expression}.call("${use.procedure.procedure}", ${use.argument.text})`;
      // The procedure returns the object's attributes as JSON; the app reads them as attributes.
      if (use.procedure.returnsObject) call = `${types!.expression}.SimpleNamespace(**${json!.expression}.loads(${call}))`;
      module.edit.replace(use.call.startIndex, use.call.endIndex, call);
    }
  }
  if (stdlib.length > 0) {
    // Standard-library modules go first, as in the usual import order.
    const first = moduleLevelImportStatements(module).find((statement) => statement.type !== 'future_import_statement');
    const at = first && first.startIndex <= offset ? module.lineStart(first.startIndex) : undefined;
    if (at === undefined) imports.unshift(...stdlib);
    else module.edit.insert(at, stdlib.map((line) => `${line}\n`).join(''));
  }
  insertModuleImports(module, offset, imports);
}

interface Reference {
  expression: string;
  importStatement?: string;
}

/**
 * How module code reaches the Snowpark session: the session transform's accessor when the module
 * has it (defined, or imported from the app's shared module), else `get_active_session()` (which the session transform, next in `all`, replaces).
 */
function sessionExpression(module: PythonModule, offset: number): Reference {
  const accessor = module.root.namedChildren.some((statement) => {
    const definition = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    return definition?.type === 'function_definition' && definition.childForFieldName('name')?.text === SESSION_ACCESSOR;
  });
  if (accessor) return { expression: `${SESSION_ACCESSOR}()` };
  const imports = collectImports(module);
  const shared = imports.find((binding) => binding.moduleLevel && binding.statement.endIndex <= offset
    && binding.name === SESSION_ACCESSOR && SESSION_MODULE.test(binding.module));
  if (shared) return { expression: `${shared.bound}()` };
  const existing = imports.find((binding) => binding.moduleLevel && binding.statement.endIndex <= offset
    && binding.module === CONTEXT_MODULE && binding.name === SESSION_FUNCTION);
  if (existing) return { expression: `${existing.bound}()` };
  const name = unusedName(module, SESSION_FUNCTION);
  const alias = name === SESSION_FUNCTION ? '' : ` as ${name}`;
  return { expression: `${name}()`, importStatement: `from ${CONTEXT_MODULE} import ${SESSION_FUNCTION}${alias}` };
}

function stdlibModule(module: PythonModule, name: string, offset: number): Reference {
  const existing = collectImports(module).find((binding) => binding.moduleLevel && binding.statement.endIndex <= offset
    && binding.statement.type === 'import_statement' && binding.module === name);
  if (existing) return { expression: existing.bound };
  const free = unusedName(module, name);
  return { expression: free, importStatement: free === name ? `import ${name}` : `import ${name} as ${free}` };
}

/** `base`, or `base_2`, ...: the first that the module neither binds nor reads as a name (attributes such as
 * `response.json` do not count). */
function unusedName(module: PythonModule, base: string): string {
  const names = new Set([
    ...module.nodesOfType('identifier').filter(isNameReference).map((node) => node.text),
    ...collectImports(module).map((binding) => binding.bound),
  ]);
  if (!names.has(base)) return base;
  for (let suffix = 2; ; suffix++) if (!names.has(`${base}_${suffix}`)) return `${base}_${suffix}`;
}

function topLevel(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.parent && current.parent.type !== 'module') current = current.parent;
  return current;
}

// ---------------------------------------------------------------------------------------------
// Imports

/** The name the helper module is imported under: its own, unless the module uses that name already. */
function helperName(module: PythonModule, helperModule: string): string {
  const importsIt = collectImports(module).some((binding) => binding.statement.type === 'import_statement'
    && binding.module === helperModule && binding.bound === helperModule);
  const taken = !importsIt && module.identifiersNamed(helperModule).some((identifier) => isNameReference(identifier));
  return taken ? unusedName(module, helperModule) : helperModule;
}

function rewriteImports(module: PythonModule, groups: BindingGroup[], decisions: Map<BindingGroup, GroupDecision>,
  helperModule: string, helperAlias: string, secrets: SecretUse[], report: PythonReporter): boolean {
  const helperImport = helperAlias === helperModule ? helperModule : `${helperModule} as ${helperAlias}`;
  let usesHelper = false;
  const removed: ImportBinding[] = [];
  const helperItems: ImportBinding[] = [];
  const addAfter = new Map<number, { statement: SyntaxNode; lines: Set<string> }>();
  const needImportAfter = (statement: SyntaxNode, line: string) => {
    const entry = addAfter.get(statement.id) ?? { statement, lines: new Set<string>() };
    entry.lines.add(line);
    addAfter.set(statement.id, entry);
  };

  for (const group of groups) {
    const decision = decisions.get(group)!;
    const apiUses = group.uses.filter((use) => use.kind === 'api');
    if (decision === 'remove') {
      removed.push(...group.bindings);
    } else if (decision === 'helper') {
      usesHelper = true;
      if (group.imported === undefined) {
        for (const binding of group.bindings) renameModuleImport(module, binding, helperModule, helperImport);
        // `import _snowflake` becomes `import snowflake_api`: every reference follows the new name.
        if (group.bound === MODULE) {
          for (const use of group.uses) {
            if (use.kind === 'api' || use.kind === 'availability') {
              module.edit.replace(use.node.startIndex, use.node.endIndex, helperAlias);
            }
          }
        }
      } else {
        helperItems.push(...group.bindings);
      }
    } else if (apiUses.length > 0 && group.imported === undefined) {
      // The import stays for a use stcodemod cannot replace; the API calls go to the helper.
      usesHelper = true;
      for (const use of apiUses) module.edit.replace(use.node.startIndex, use.node.endIndex, helperAlias);
      for (const binding of group.bindings) needImportAfter(binding.statement, `import ${helperImport}`);
    }
  }

  // From-imports that keep some `_snowflake` names move the API function to a statement of its own.
  const byStatement = new Map<number, ImportBinding[]>();
  for (const binding of helperItems) byStatement.set(binding.statement.id, [...(byStatement.get(binding.statement.id) ?? []), binding]);
  for (const items of byStatement.values()) {
    const statement = items[0].statement;
    const others = collectImports(module).filter((binding) => binding.statement.id === statement.id
      && !items.some((item) => item.item.id === binding.item.id));
    if (others.every((binding) => removed.some((r) => r.item.id === binding.item.id))) {
      const name = statement.childForFieldName('module_name')!;
      module.edit.replace(name.startIndex, name.endIndex, helperModule);
    } else {
      removed.push(...items);
      needImportAfter(statement, `from ${helperModule} import ${items.map((item) => item.item.text).join(', ')}`);
    }
  }

  const wholeTries = removableTries(module, removed);
  for (const tryStatement of wholeTries) removeCompoundStatement(module, tryStatement);
  const rest = removed.filter((binding) => !wholeTries.some((t) => contains(t, binding.statement)));
  removeImportBindings(module, rest);
  reportImportGuards(module, rest, secrets, report);
  for (const { statement, lines } of addAfter.values()) insertStatementsAfter(module, statement, [...lines]);
  return usesHelper;
}

function renameModuleImport(module: PythonModule, binding: ImportBinding, helperModule: string, helperImport: string): void {
  if (binding.item.type === 'aliased_import') {
    const name = binding.item.childForFieldName('name')!;
    module.edit.replace(name.startIndex, name.endIndex, helperModule);
  } else {
    module.edit.replace(binding.item.startIndex, binding.item.endIndex, helperImport);
  }
}

function insertStatementsAfter(module: PythonModule, statement: SyntaxNode, lines: string[]): void {
  if (!module.startsLine(statement.startIndex) || !module.endsLine(statement.endIndex)) {
    module.edit.insert(statement.endIndex, lines.map((line) => `; ${line}`).join(''));
    return;
  }
  const indent = module.indentationAt(statement.startIndex);
  let at = module.nextLineStart(statement.endIndex);
  const newline = at === module.text.length && !/[\r\n]$/.test(module.text) ? '\n' : '';
  if (newline) at = module.text.length;
  module.edit.insert(at, newline + lines.map((line) => `${indent}${line}\n`).join(''));
}

/**
 * `try:` statements that only imported `_snowflake` and only fell back by doing nothing or by
 * binding the removed names to None: with the import gone they have no purpose left.
 */
function removableTries(module: PythonModule, removed: ImportBinding[]): SyntaxNode[] {
  const removedItems = new Set(removed.map((binding) => binding.item.id));
  const removedNames = new Set(removed.map((binding) => binding.bound));
  const tries: SyntaxNode[] = [];
  // Finding the try statements walks the whole tree; a text without the keyword has none.
  if (!module.mentionsWord('try')) return tries;
  for (const tryStatement of module.nodesOfType('try_statement')) {
    const body = tryStatement.childForFieldName('body');
    const statements = body?.namedChildren.filter((child) => child.type !== 'comment') ?? [];
    const onlyRemovedImports = statements.length > 0 && statements.every((statement) => isImportStatement(statement)
      && collectImports(module).filter((b) => b.statement.id === statement.id).every((b) => removedItems.has(b.item.id)));
    if (!onlyRemovedImports) continue;
    const clauses = tryStatement.namedChildren.filter((child) => child.id !== body!.id);
    const trivial = clauses.length > 0 && clauses.every((clause) => clause.type === 'except_clause'
      && catchesImportError(clause) && isTrivialFallback(clause, removedNames));
    if (trivial) tries.push(tryStatement);
  }
  return tries;
}

/**
 * Removes a compound statement with its lines. Of the blank lines around it only as many stay as
 * the larger run of them, so that `import x` / (blank) / `try:...` / (2 blanks) / `def f` keeps
 * exactly two blank lines before `def f`.
 */
function removeCompoundStatement(module: PythonModule, statement: SyntaxNode): void {
  const block = statement.parent;
  if (block?.type === 'block' && block.namedChildren.filter((c) => c.type !== 'comment').length === 1
    || !module.startsLine(statement.startIndex) || !module.endsLine(statement.endIndex)) {
    removeStatement(module, statement);
    return;
  }
  const start = module.lineStart(statement.startIndex);
  let end = module.nextLineStart(statement.endIndex);
  const blankLinesBefore = countBlankLines(module, start, -1);
  for (let n = Math.min(blankLinesBefore, countBlankLines(module, end, 1)); n > 0; n--) end = module.nextLineStart(end);
  module.edit.remove(start, end);
}

/** How many blank lines run from a line start, forwards (1) or backwards (-1). */
function countBlankLines(module: PythonModule, lineStart: number, direction: 1 | -1): number {
  let count = 0;
  let at = lineStart;
  for (;;) {
    if (direction === 1) {
      const next = module.nextLineStart(at);
      if (next === at || module.text.slice(at, next).trim() !== '') return count;
      at = next;
    } else {
      if (at === 0) return count;
      const previous = module.lineStart(at - 1);
      if (module.text.slice(previous, at).trim() !== '') return count;
      at = previous;
    }
    count++;
  }
}

function isTrivialFallback(clause: SyntaxNode, removedNames: Set<string>): boolean {
  const block = clause.namedChildren.find((child) => child.type === 'block');
  return (block?.namedChildren ?? []).every((statement) => {
    if (statement.type === 'comment' || statement.type === 'pass_statement') return true;
    const assignment = statement.type === 'expression_statement' ? statement.firstNamedChild : null;
    const left = assignment?.childForFieldName('left');
    return assignment?.type === 'assignment' && left?.type === 'identifier' && removedNames.has(left.text)
      && assignment.childForFieldName('right')?.type === 'none';
  });
}

/**
 * A removed `import _snowflake` that sat in a `try:` whose handler catches ImportError: that
 * handler was the "not on Snowflake" branch, and nothing in the body raises ImportError now.
 * Secret reads get their handler widened instead (see guardFallbacks), so only the other cases
 * are reported.
 */
function reportImportGuards(module: PythonModule, removed: ImportBinding[], secrets: SecretUse[], report: PythonReporter)
  : void {
  const reported = new Set<number>();
  for (const binding of removed) {
    const statement = binding.statement;
    const block = statement.parent;
    const tryStatement = block?.type === 'block' ? block.parent : undefined;
    if (tryStatement?.type !== 'try_statement' || tryStatement.childForFieldName('body')?.id !== block!.id) continue;
    if (reported.has(tryStatement.id)) continue;
    const stillImports = collectImports(module).some((b) => b.statement.id === statement.id
      && !removed.some((r) => r.item.id === b.item.id));
    const handler = tryStatement.namedChildren.find((clause) => clause.type === 'except_clause' && catchesImportError(clause));
    const body = tryStatement.childForFieldName('body')!;
    if (stillImports || !handler || secrets.some((use) => contains(body, use.call))) continue;
    reported.add(tryStatement.id);
    report.manualAt(handler, {
      code: 'import-guard',
      message: `this except branch ran when ${MODULE} could not be imported (outside Snowflake); the import is `
        + 'removed, so it no longer runs: check what the app should do there on each runtime',
    });
  }
}

// ---------------------------------------------------------------------------------------------
// except ImportError fallbacks around the rewritten reads

/**
 * Code like `try: import _snowflake; key = _snowflake.get_generic_secret_string("k")` /
 * `except ImportError: key = os.environ[...]` fell back when run outside Snowflake. `st.secrets`
 * fails there with KeyError or FileNotFoundError instead, so the handler is widened to keep the
 * fallback working. A procedure call fails with a Snowpark error, which is reported instead.
 */
function guardFallbacks(module: PythonModule, secrets: SecretUse[], procedures: ProcedureUse[], report: PythonReporter): void {
  const widened = new Set<number>();
  for (const use of secrets) {
    const found = fallbackHandler(use.call);
    if (!found || found.broad || widened.has(found.clause.id)) continue;
    widened.add(found.clause.id);
    widenHandler(module, found.tryStatement, found.clause, report);
  }
  const reported = new Set<number>();
  for (const use of procedures) {
    const found = fallbackHandler(use.call);
    if (!found || found.broad || reported.has(found.clause.id)) continue;
    reported.add(found.clause.id);
    report.manualAt(found.clause, {
      code: 'fallback-review',
      message: 'this except ImportError was the fallback for running outside Snowflake; the stored procedure call '
        + 'that replaced the secret read fails there with a Snowpark error instead: widen the handler if needed',
    });
  }
}

interface FallbackHandler {
  tryStatement: SyntaxNode;
  clause: SyntaxNode;
  /** The clause catches everything (bare, Exception): it already catches the new errors. */
  broad: boolean;
}

/** The nearest `try` (in the same function) whose body holds the node and that catches ImportError. */
function fallbackHandler(node: SyntaxNode): FallbackHandler | undefined {
  const scope = enclosingFunction(node);
  for (let current = node.parent; current && current.id !== scope?.id; current = current.parent) {
    if (current.type !== 'block' || current.parent?.type !== 'try_statement') continue;
    const tryStatement = current.parent;
    if (tryStatement.childForFieldName('body')?.id !== current.id) continue;
    const clause = tryStatement.namedChildren.find((child) => child.type === 'except_clause' && catchesImportError(child));
    if (clause) return { tryStatement, clause, broad: handledTypes(clause) === 'all' };
  }
  return undefined;
}

/** The exception names an except clause lists, or 'all' for a bare or broad clause. */
function handledTypes(clause: SyntaxNode): string[] | 'all' {
  const types = exceptionTypes(clause);
  if (!types) return 'all';
  const names = types.map((node) => node.text.replace(/^builtins\./, ''));
  return names.some((name) => BROAD_HANDLERS.has(name)) ? 'all' : names;
}

function catchesImportError(clause: SyntaxNode): boolean {
  const types = handledTypes(clause);
  return types === 'all' || types.some((name) => IMPORT_ERRORS.has(name));
}

function widenHandler(module: PythonModule, tryStatement: SyntaxNode, clause: SyntaxNode, report: PythonReporter): void {
  const types = handledTypes(clause) as string[];
  const missing = SECRET_MISSING_ERRORS.filter((error) => !error.coveredBy.some((name) => types.includes(name)));
  if (missing.length === 0) return;
  const others = tryStatement.namedChildren.filter((child) => child.type === 'except_clause' && child.id !== clause.id);
  const conflict = others.some((other) => {
    const handled = handledTypes(other);
    return handled !== 'all' && missing.some((error) => error.coveredBy.some((name) => handled.includes(name)));
  });
  if (conflict) {
    report.manualAt(clause, {
      code: 'fallback-review',
      message: 'this except ImportError was the fallback for running outside Snowflake; st.secrets fails there with '
        + 'KeyError or FileNotFoundError instead, which another handler of this try also catches: decide which one runs',
    });
    return;
  }
  addExceptionTypes(module, clause, missing.map((error) => error.name));
  report.warnAt(clause, {
    code: 'fallback-widened',
    message: `this fallback now also catches ${missing.map((error) => error.name).join(' and ')}: st.secrets raises `
      + `${missing.length > 1 ? 'them' : 'it'} `
      + `when the secret is not bound or no secrets exist (outside Snowflake), where ${MODULE} raised ImportError`,
  });
}

function contains(outer: SyntaxNode, inner: SyntaxNode): boolean {
  return outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

