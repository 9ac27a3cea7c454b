/**
 * The cache transform, app by app: each module's own decisions (decide.ts), then what the rest of
 * the app says about them, then the edits.
 *
 * - Writes: every change any module of the app makes to Snowflake (effects.ts), the SQL that
 *   functions run for their callers included (weighed at each call). A read is cached only when
 *   nothing in the app may change what it reads: a change whose target this tool cannot name, or
 *   a module it cannot read, leaves every read of the app uncached; metadata (SHOW, DESCRIBE,
 *   INFORMATION_SCHEMA) changes with any change; and while the app changes data, a read of an
 *   object this tool cannot tell from a view over that data is not cached either.
 * - Callers: a renamed parameter (`session` -> `_session`) is renamed at every call in the app in
 *   the same run; a call that cannot be renamed keeps the function uncached.
 * - Pages: Streamlit runs each page as `__main__` and keys st.cache_data by module, name and code,
 *   so identical functions on two pages share one cache; they are cached only when they read
 *   nothing but their parameters and the same imports.
 */
import { createHash } from 'node:crypto';
import { SyntaxNode } from '../../src/python/parser';
import { functionDefinitions } from '../../src/python/scope';
import { parseSql, describeStatement } from '../../src/sql';
import { Project } from '../../src/project';
import { PythonReporter, SettledWork } from '../../src/transform';
import { commitPythonModule } from '../../src/python/files';
import { Finding } from '../../src/findings';
import { AppCode, AppGroup, AppModule, ImportIndex } from './app-code';
import { Callers, FunctionUses, keywordRenames } from './callers';
import { FunctionDecision, ReadDecision } from './decide';
import { Effects, PRIORITY, Reason, WriteFact } from './effects';
import { ownFunction, parameterList } from './facts';
import { mayHaveWork } from './prefilter';
import { applyDecisions, KeywordRename, loaderSource, Move, planMoves } from './rewrite';
import { ANY } from './sql';

/**
 * Words without which code has no Snowflake read or write for this transform to weigh: every
 * operation the effects analysis counts is written with one of them, in the function's own text.
 */
const OPERATION_WORDS = ['.sql', '.table', '.read.', 'execute', 'read_sql', 'fetch', 'to_pandas', 'collect',
  'write_pandas', '.write', '.call'];
/** Text without which a module changes nothing in Snowflake (see effects.ts, WRITING_CALLS). */
const MAY_WRITE = new RegExp('\\b(?:sql|execute\\w*|call\\w*|save_as_table|insert_into|write_pandas|copy_into_\\w+|'
  + 'create_or_replace_\\w+|update|delete|merge|put|put_stream|to_sql|register\\w*|use_\\w+|query|read_sql\\w*|'
  + 'send_snow_api_request)\\s*\\(');

/** One module's plan: its decisions, the loaders of its moved reads, and keywords renamed for other modules. */
interface ModulePlan {
  entry: AppModule;
  functions: FunctionDecision[];
  reads: ReadDecision[];
  moves: Move[];
  keywords: KeywordRename[];
}

interface AppWrite {
  /** Where, in words that stay true after the run's edits: `save_note() in store.py`. */
  place: string;
  target: WriteFact['target'];
  what: string;
}

/** The code each app of a run was last weighed at: an app whose code has not changed since is not weighed again. */
const settled = new WeakMap<Project, Map<string, string>>();

/**
 * Caches what can be cached in each app. `earlier` remembers, from earlier runs, apps whose code
 * gave nothing to do (an app migrated before: every cache in it is there already): an app whose
 * files are the same is not weighed again.
 */
export async function cacheApps(project: Project, annotate: boolean, ttl: string, groups: AppGroup[],
  freeTrees: () => Promise<void>, earlier?: SettledWork): Promise<void> {
  const imports = new ImportIndex(project, (text) => mayHaveWork(text) || MAY_WRITE.test(text));
  let objects: ProjectObjects | undefined;
  const known = () => (objects ??= projectObjects(project));
  const seen = settled.get(project) ?? new Map<string, string>();
  settled.set(project, seen);
  for (const group of groups) {
    const signature = () => group.paths.map((path) => `${path}@${project.versionOf(path)}`).join('\n');
    const key = `${group.app ? 'app' : 'none'}:${group.root}`;
    if (seen.get(key) === signature()) continue;
    const inputs = earlier && inputHash(project, group);
    if (inputs && earlier!.isSettled(key, inputs)) {
      group.paths.filter((path) => group.visits(path) && imports.relevant(path)).forEach((path) => project.noteExamined(path));
    } else if (!cacheApp(project, group, annotate, ttl, imports, known) && inputs) {
      earlier!.settle(key, inputs);
    }
    seen.set(key, signature());
    await freeTrees();
  }
}

/** The hash of what an app's verdict depends on: its files (which of them the run edits), their texts. */
function inputHash(project: Project, group: AppGroup): string | undefined {
  const hash = createHash('sha256');
  for (const path of group.paths) {
    const text = project.peekText(path);
    if (text === undefined) return undefined;
    hash.update(`${path}\u0000${group.visits(path) ? 1 : 0}\u0000${text.length}\u0000`).update(text);
  }
  return hash.digest('hex');
}

/** Weighs one app and makes its edits; true when it changed or reported anything. */
function cacheApp(project: Project, group: AppGroup, annotate: boolean, ttl: string, imports: ImportIndex,
  known: () => ProjectObjects): boolean {
  const tables = () => known().tables;
  const functions = () => known().functions;
  const app = new AppCode(project, group, imports);
  // Every module may change what a read sees; only the app's own code, in an app the run migrates, is cached in.
  const relevant = group.paths.filter((path) => imports.relevant(path));
  const entries = relevant.map((path) => app.module(path)).filter((entry): entry is AppModule => entry !== undefined);
  const plans = entries.filter((entry) => group.visits(entry.path)).map(localPlan);
  if (!plans.some((plan) => plan.functions.length > 0 || plan.reads.length > 0)) return false;

  const callers = new Callers(app);
  const writes = appWrites(app, entries, callers);
  const byPath = new Map(plans.map((plan) => [plan.entry.path, plan]));
  const planOf = (entry: AppModule) => {
    let plan = byPath.get(entry.path);
    if (!plan) {
      plan = { entry, functions: [], reads: [], moves: [], keywords: [] };
      byPath.set(entry.path, plan);
    }
    return plan;
  };
  for (const plan of plans) {
    plan.functions = plan.functions.map((decision) => checkUserFunctions(checkWrites(decision, writes, tables), functions));
    plan.reads = plan.reads.map((decision) => checkUserFunctions(checkRead(decision, writes, tables), functions));
    plan.moves = planMoves(plan.entry.module, plan.reads);
  }
  checkSharedCaches(plans);
  // Last, as it plans edits in other modules: only for functions nothing else keeps uncached.
  for (const plan of plans) {
    plan.functions = plan.functions.map((decision) => checkCallers(plan.entry, decision, writes, callers, planOf));
  }

  let didSomething = false;
  for (const plan of byPath.values()) {
    const findings: Finding[] = [];
    const reporter = new PythonReporter('cache', (finding) => findings.push(finding), plan.entry.module, annotate);
    const moves = plan.moves.filter((move) => plan.reads.some((read) => read.action === 'move'
      && read.read.id === move.read.id));
    applyDecisions(plan.entry.module, reporter, plan.functions, plan.reads, moves, plan.keywords, ttl);
    didSomething ||= findings.length > 0 || plan.entry.module.edit.hasChanges;
    commitPythonModule(project, plan.entry.module, 'cache', findings);
  }
  return didSomething;
}

/** A module's own decisions: its functions that read or are cached, and its module-level reads. */
function localPlan(entry: AppModule): ModulePlan {
  const functions = functionDefinitions(entry.module)
    .filter(mayReadOrIsCached)
    .map((definition) => entry.decider.decideFunction(definition))
    .filter((decision): decision is FunctionDecision => decision !== undefined);
  const reads = entry.decider.moduleReads().map((read) => entry.decider.decideRead(read));
  return { entry, functions, reads, moves: [], keywords: [] };
}

/** A cheap text check that spares the effects analysis the many functions that touch no data. */
function mayReadOrIsCached(definition: SyntaxNode): boolean {
  const node = definition.parent?.type === 'decorated_definition' ? definition.parent : definition;
  const text = node.text;
  return OPERATION_WORDS.some((word) => text.includes(word)) || /cache|experimental_memo|experimental_singleton/.test(text);
}

// ---------------------------------------------------------------------------------------------
// What the app changes

/**
 * Every change the app's modules make to Snowflake, and the SQL functions run for their callers,
 * weighed at each call (and followed up a chain of such functions).
 */
function appWrites(app: AppCode, entries: AppModule[], callers: Callers): AppWrite[] {
  const writes: AppWrite[] = [];
  const pending: { entry: AppModule; definition: SyntaxNode; parameter: string; call: SyntaxNode }[] = [];
  for (const entry of entries) {
    const found = entry.analyzer.moduleWrites();
    writes.push(...found.writes.map((fact) => appWrite(entry, fact.node, fact.target, fact.what)));
    pending.push(...found.sqlParameters.map((runner) => ({ entry, ...runner })));
  }
  const done = new Set<string>();
  while (pending.length > 0) {
    const runner = pending.pop()!;
    const key = `${runner.entry.path}#${runner.definition.startIndex}#${runner.parameter}`;
    if (done.has(key)) continue;
    done.add(key);
    const name = `${runner.definition.childForFieldName('name')!.text}()`;
    const unknown = (why: string) => writes.push(appWrite(runner.entry, runner.call, ANY,
      `runs the SQL its callers pass to ${name}, ${why}`));
    const parameter = parameterList(runner.definition).find((p) => p.identifier.text === runner.parameter);
    const uses = callers.usesOf(runner.entry, runner.definition);
    if (!parameter || parameter.splat) {
      unknown('through a parameter this tool cannot match to its arguments');
      continue;
    }
    if (uses.unseen.length > 0) {
      unknown(`which is ${uses.unseen[0]}`);
      continue;
    }
    for (const use of uses.uses) {
      if (!use.call) {
        unknown(`which is used without being called in ${use.module.path}`);
        break;
      }
      const args = use.call.childForFieldName('arguments')?.namedChildren ?? [];
      const keyword = args.find((arg) => arg.type === 'keyword_argument' && arg.childForFieldName('name')?.text === runner.parameter);
      const positional = args.filter((arg) => !['keyword_argument', 'list_splat', 'dictionary_splat', 'comment'].includes(arg.type));
      let passed = keyword?.childForFieldName('value') ?? (parameter.position !== undefined ? positional[parameter.position] : undefined);
      let module = use.module;
      if (!passed && args.some((arg) => arg.type === 'list_splat' || arg.type === 'dictionary_splat')) {
        unknown(`which is called with *arguments in ${use.module.path}`);
        break;
      }
      if (!passed) {
        const holder = parameter.identifier.parent;
        passed = holder?.type === 'default_parameter' || holder?.type === 'typed_default_parameter'
          ? holder.childForFieldName('value') ?? undefined : undefined;
        module = runner.entry;
      }
      if (!passed) continue;
      const sql = module.analyzer.sql(passed);
      if (sql.verdict.kind === 'write') {
        const what = `runs ${sql.verdict.keyword} through ${name}`;
        for (const target of sql.writes) writes.push(appWrite(module, passed, target, what));
        if (sql.metadataWrite) writes.push(appWrite(module, passed, undefined, what));
      } else if (sql.verdict.kind === 'unknown') {
        const caller = sql.parameter ? ownFunction(passed) : undefined;
        if (sql.parameter && caller?.type === 'function_definition') {
          pending.push({ entry: module, definition: caller, parameter: sql.parameter.text, call: runner.call });
        } else {
          writes.push(appWrite(module, passed, ANY, `runs SQL through ${name} that ${sql.verdict.reason}`));
        }
      }
    }
  }
  for (const path of app.unreadable) {
    writes.push({ place: path, target: ANY, what: 'cannot be read by this tool, so it may change anything' });
  }
  return writes;
}

function appWrite(entry: AppModule, node: SyntaxNode, target: string | undefined, what: string): AppWrite {
  const owner = ownFunction(node);
  const name = owner?.type === 'function_definition' ? `${owner.childForFieldName('name')!.text}() in ` : 'the top level of ';
  return { place: `${name}${entry.path}`, target, what };
}

/** Why the app's writes keep a read with these effects from being cached, if they do. */
function writesReason(effects: Effects, writes: AppWrite[], tables: () => Set<string>): Reason | undefined {
  const unknown = writes.find((write) => write.target === ANY);
  if (unknown) {
    return appReason('app-writes-unknown', `runs in an app that changes Snowflake without naming what it changes `
      + `(${unknown.place} ${unknown.what}), so a cached result could hide the app's own changes until its ttl runs out; `
      + 'where the app names the tables it changes in its code, stcodemod can cache the reads of the others');
  }
  if (effects.metadata && writes.length > 0) {
    const write = writes[0];
    return appReason('metadata-written', `reads metadata (SHOW, DESCRIBE or INFORMATION_SCHEMA), which changes with every `
      + `change the app makes, and ${write.place} ${write.what}`);
  }
  const data = writes.filter((write) => write.target !== undefined);
  if (data.length === 0) return undefined;
  for (const table of effects.reads) {
    const written = data.find((write) => write.target === table);
    if (written) {
      return appReason('read-after-write', `reads ${table}, which ${written.place} changes (${written.what}); cached, `
        + 'it would not show that change until its ttl runs out');
    }
  }
  if (effects.reads.has(ANY)) {
    return appReason('read-after-write', `reads a table named only at run time, while ${data[0].place} changes `
      + `${data[0].target} (${data[0].what})`);
  }
  const unknownKind = [...effects.reads].filter((table) => !tables().has(table)).sort();
  if (unknownKind.length > 0) {
    const changed = [...new Set(data.map((write) => write.target))].sort().join(', ');
    return appReason('maybe-view', `reads ${unknownKind.join(', ')}, which may be a view over what the app changes `
      + `(${changed}, in ${data[0].place}), and no CREATE TABLE in the repository's SQL says otherwise; if it reads `
      + 'nothing the app changes, cache it by hand');
  }
  return undefined;
}

/** A reason the rest of the app gives: the same words for every candidate it applies to. */
function appReason(code: string, text: string): Reason {
  return { code, kind: 'info', priority: PRIORITY.app, text, shared: true };
}

/** What the repository creates: plain tables (not views over anything), and functions (UDFs). */
interface ProjectObjects {
  /** Last name parts, upper-cased. */
  tables: Set<string>;
  functions: Set<string>;
}

/**
 * The tables and functions the repository's SQL files create, and the functions its Python
 * registers by name (`@udf(name=...)`, `.udf.register(..., name=...)`), each SQL file parsed once.
 */
function projectObjects(project: Project): ProjectObjects {
  const found: ProjectObjects = { tables: new Set(), functions: new Set() };
  const lastPart = (name: string) => name.split('.').pop()!.replace(/"/g, '').toUpperCase();
  for (const path of project.paths()) {
    const lower = path.toLowerCase();
    if (!lower.endsWith('.sql') && !lower.endsWith('.py')) continue;
    const text = project.peekText(path);
    if (!text) continue;
    if (lower.endsWith('.py')) {
      if (!/udf|register/.test(text)) continue;
      for (const match of text.matchAll(/\b(?:udf|udtf|udaf|pandas_udf|register)\s*\([^)]*?\bname\s*=\s*['"]([\w.$"]+)['"]/g)) {
        found.functions.add(lastPart(match[1]));
      }
      continue;
    }
    if (!/\b(TABLE|FUNCTION)\b/i.test(text)) continue;
    for (const statement of parseSql(text).statements) {
      const described = describeStatement(statement, text);
      if (described.kind !== 'create' || !described.name) continue;
      const name = described.name.parts[described.name.parts.length - 1].key.toUpperCase();
      if (described.type.name === 'FUNCTION') found.functions.add(name);
      const plainTable = !described.type.modifiers.some((modifier) => modifier === 'DYNAMIC' || modifier === 'EXTERNAL');
      if (described.type.name === 'TABLE' && plainTable) found.tables.add(name);
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Each candidate against the app

/**
 * A read whose SQL calls, by an unqualified name, a function the project creates (`CREATE FUNCTION`
 * in its SQL, `@udf(name=...)` or `.udf.register(..., name=...)` in its Python) runs the user's
 * code, which may call a model or a service: it is not cached.
 */
function checkUserFunctions<D extends FunctionDecision | ReadDecision>(decision: D, known: () => Set<string>): D {
  if (decision.action !== 'cache' && decision.action !== 'move') return decision;
  const called = [...decision.effects.functions].find((name) => known().has(name));
  if (!called) return decision;
  const reason: Reason = { code: 'user-function', kind: 'info', priority: PRIORITY.nondeterministic,
    text: `runs SQL that calls ${called}, a function this project creates, whose answers stcodemod cannot vouch for: it `
      + 'may answer differently from call to call (an external service, a language model, the time); if it answers the '
      + 'same for the same arguments, add @st.cache_data by hand' };
  return (decision.action === 'cache'
    ? { action: 'skip', definition: decision.definition, name: decision.name, reason }
    : { action: 'skip', read: decision.read, reason }) as D;
}

function checkWrites(decision: FunctionDecision, writes: AppWrite[], tables: () => Set<string>): FunctionDecision {
  if (decision.action !== 'cache') return decision;
  const stale = writesReason(decision.effects, writes, tables);
  return stale ? { action: 'skip', definition: decision.definition, name: decision.name, reason: stale } : decision;
}

/** Every call that passes a renamed parameter by keyword is renamed with it, or the function is not cached. */
function checkCallers(entry: AppModule, decision: FunctionDecision, writes: AppWrite[], callers: Callers,
  planOf: (entry: AppModule) => ModulePlan): FunctionDecision {
  if (decision.action !== 'cache') return decision;
  if (decision.renames.length > 0) {
    const uses: FunctionUses = callers.usesOf(entry, decision.definition);
    const renamed = keywordRenames(uses, entry, new Set(decision.renames.map((rename) => rename.from)), callers.visits);
    if (renamed.problem) {
      const names = decision.renames.map((rename) => rename.from).join(', ');
      return { action: 'skip', definition: decision.definition, name: decision.name, reason: {
        code: 'unrenamable-caller', kind: 'info', priority: PRIORITY.parameters,
        text: `would need ${names} renamed with a leading underscore (st.cache_data cannot hash a Snowflake session, `
          + `connection or cursor), and every call of it changed to match, but it is ${renamed.problem}` } };
    }
    for (const keyword of renamed.keywords) {
      planOf(keyword.module).keywords.push({ keyword: keyword.keyword, call: keyword.call, function: `${decision.name}()` });
    }
  }
  return { ...decision, why: whySafe(decision.effects, writes, parameterNames(decision)) };
}

function checkRead(decision: ReadDecision, writes: AppWrite[], tables: () => Set<string>): ReadDecision {
  if (decision.action !== 'move') return decision;
  const stale = writesReason(decision.effects, writes, tables);
  if (stale) return { action: 'skip', read: decision.read, reason: stale };
  return { ...decision, why: whySafe(decision.effects, writes, decision.parameters) };
}

function parameterNames(decision: Extract<FunctionDecision, { action: 'cache' }>): string[] {
  const renamed = new Set(decision.renames.map((rename) => rename.from));
  return parameterList(decision.definition).map((p) => p.identifier.text)
    .filter((name) => !renamed.has(name) && !name.startsWith('_'));
}

/** Why an added cache keeps the app's behaviour, for the report and MIGRATION.md. */
function whySafe(effects: Effects, writes: AppWrite[], parameters: string[]): string {
  const named = [...effects.reads].filter((table) => table !== ANY).sort();
  const tables = effects.reads.has(ANY) ? [...named, 'tables its arguments name'] : named;
  const what = effects.metadata ? 'metadata' : tables.length > 0 ? tables.join(', ') : 'no table';
  const unchanged = writes.length === 0 ? ' and the app changes nothing in Snowflake'
    : tables.length > 0 ? ` and nothing in the app changes ${tables.length > 1 ? 'them' : 'it'}` : '';
  const key = parameters.length > 0 ? `its arguments (${parameters.join(', ')}) are all it depends on`
    : 'it depends on nothing but the Snowflake session';
  return `it reads ${what}${unchanged}, its SQL and code answer the same for the same arguments, and ${key}`;
}

/**
 * Functions (and loaders) with the same name and code on two pages share one cache entry, as every
 * page runs as `__main__`: cached only when they read nothing but their parameters, the session
 * and the same imports.
 */
function checkSharedCaches(plans: ModulePlan[]): void {
  const byKey = new Map<string, { plan: ModulePlan; outside: Effects['outside']; skip: (reason: Reason) => void }[]>();
  for (const plan of plans) {
    if (!plan.entry.script) continue;
    plan.functions.forEach((decision, index) => {
      if (decision.action !== 'cache') return;
      const key = `${qualifiedName(decision.definition)}\n${decision.definition.text}`;
      const members = byKey.get(key) ?? [];
      members.push({ plan, outside: decision.effects.outside, skip: (reason) => {
        plan.functions[index] = { action: 'skip', definition: decision.definition, name: decision.name, reason };
      } });
      byKey.set(key, members);
    });
    for (const move of plan.moves) {
      const index = plan.reads.findIndex((read) => read.action === 'move' && read.read.id === move.read.id);
      const decision = plan.reads[index];
      if (decision?.action !== 'move') continue;
      const key = `${move.name}\n${loaderSource(plan.entry.module, move)}`;
      const members = byKey.get(key) ?? [];
      members.push({ plan, outside: decision.effects.outside, skip: (reason) => {
        plan.reads[index] = { action: 'skip', read: decision.read, reason };
      } });
      byKey.set(key, members);
    }
  }
  for (const members of byKey.values()) {
    const pages = [...new Set(members.map((member) => member.plan.entry.path))];
    if (pages.length < 2) continue;
    const signatures = members.map((member) => outsideSignature(member.plan.entry, member.outside));
    const same = signatures.every((signature) => signature !== undefined && signature === signatures[0]);
    if (same) continue;
    const names = [...new Set(members.flatMap((member) => [...member.outside].filter(([, use]) => use.scope)
      .map(([name]) => name)))].sort();
    const reason = appReason('shared-cache', `has the same name and code on ${pages.join(' and ')}; Streamlit runs every page `
      + 'as __main__ and keys st.cache_data by module, name and code, so they would share one cache entry, yet it reads '
      + `${names.join(', ')}, which may differ from page to page (pass ${names.length > 1 ? 'them' : 'it'} in as a parameter `
      + 'to cache it)');
    members.forEach((member) => member.skip(reason));
  }
}

/**
 * What a function reads from its page beyond its parameters and the session, as one string:
 * equal on two pages only when both read the same imports. Undefined when it reads a value or a
 * function the page defines (those may differ between pages).
 */
function outsideSignature(entry: AppModule, outside: Effects['outside']): string | undefined {
  const parts: string[] = [];
  for (const [name, use] of [...outside].sort(([a], [b]) => a.localeCompare(b))) {
    if (!use.scope) continue;
    if (use.via) return undefined;
    const kind = entry.facts.kindOf(use.node);
    if (kind === 'session' || kind === 'connection') continue;
    const bindings = entry.facts.scopes.bindingsOf(use.node);
    if (bindings.length !== 1 || bindings[0].kind !== 'import') return undefined;
    parts.push(`${name}=${entry.facts.qualifiedName(use.node) ?? '?'}`);
  }
  return parts.join(',');
}

/** `load` for a module-level function, `outer.<locals>.load` inside another (as Python's __qualname__). */
function qualifiedName(definition: SyntaxNode): string {
  const names = [definition.childForFieldName('name')!.text];
  for (let current = definition.parent; current; current = current.parent) {
    if (current.type === 'function_definition') names.unshift(`${current.childForFieldName('name')!.text}.<locals>`);
    if (current.type === 'class_definition') names.unshift(current.childForFieldName('name')!.text);
  }
  return names.join('.');
}
