/**
 * # thread-safety
 *
 * ## What it does
 * Reports, as manual steps with file and line, code that is unsafe once one Streamlit server
 * process serves every viewer:
 *
 * - module-level lists, dicts, sets and objects of an imported module that functions change
 *   without a lock, and functions that rebind module globals (`global x; x = ...`);
 * - threads and executors (`threading.Thread`, `ThreadPoolExecutor.submit`, `asyncio.to_thread`,
 *   ...) whose callable calls Streamlit commands;
 * - process-wide side effects at run time: `os.chdir`, `os.environ[...] = ...`, `sys.path` edits,
 *   `random.seed` / `numpy.random.seed`, `locale.setlocale`;
 * - objects returned by an `@st.cache_resource` function that the caller then changes;
 * - module-level session objects stored in globals or in another module's attributes per viewer;
 * - `st.pyplot()` without a figure (it draws pyplot's global figure);
 * - the hazards of the one connection every viewer shares: `session.use_warehouse/use_role/
 *   use_database/use_schema` or SQL `USE ...` run per viewer, `RESULT_SCAN(LAST_QUERY_ID())`
 *   (another viewer's query can come in between), and `session.close()` on the shared session.
 *
 * With `--annotate` each finding also gets a `# TODO(stcodemod): ...` comment above its line.
 *
 * ## Why
 * The warehouse runtime started one Streamlit server per viewer; the container runtime runs one
 * shared server for all of them, with one thread per session (runtime facts, section 8: "Code
 * must be thread-safe; module-level globals/singletons shared; don't call Streamlit commands
 * from custom threads"). State that was private to a viewer becomes shared.
 *
 * The entry script and page scripts are an exception for module-level state: Streamlit executes
 * them in a fresh module namespace on every run (streamlit
 * lib/streamlit/runtime/scriptrunner/script_runner.py: `module = self._new_module("__main__")`), so
 * their globals belong to one run. Modules they import live once per process, in `sys.modules`,
 * and are shared. A file counts as a script when it is `streamlit_app.py`, a page under `pages/`,
 * or when its module-level code calls Streamlit (directly or through its own functions).
 *
 * ## Example
 *     # common/registry.py, imported by the app
 *     _seen = []
 *     def remember(item):
 *         _seen.append(item)      # reported: shared-module-state
 *
 * ## Fix safety
 * A check: it never changes code (`--annotate` adds comments only).
 */
import { callArguments, keywordValue } from '../../src/python/arguments';
import { PythonModule } from '../../src/python/module';
import { SyntaxNode } from '../../src/python/parser';
import { importTarget, NameResolver } from '../../src/python/name-resolution';
import { functionDefinitions } from '../../src/python/scope';
import { isStreamlitCall, isStreamlitContainer } from '../../src/python/streamlit-containers';
import { PythonReporter, Transform } from '../../src/transform';
import { mayFindAnything } from './prefilter';
import { reportSharedConnection } from './shared-connection';

interface Context {
  module: PythonModule;
  scopes: NameResolver;
  report: PythonReporter;
  /** Every place the module changes an object in place (computed on first use). */
  readonly mutations: Mutation[];
  /**
   * The places that change an object coming from one of the names or from a call of one of the
   * functions: the same as those of `mutations`, in the same order, found from these names alone.
   */
  mutationsOf(names: Set<string>, functions: Set<string>): Mutation[];
}

/** `x.append(...)`, `x[k] = v`, `del x.a`, `f()["k"] = v`, ...: a change to the object `root` evaluates to. */
interface Mutation {
  /** The innermost name or call the changed object comes from (`x`, `f()`). */
  root: SyntaxNode;
  /** The statement part to report: the call, assignment or `del`. */
  node: SyntaxNode;
}

export const threadSafety: Transform = {
  name: 'thread-safety',
  summary: 'Report code that is unsafe when one server process serves every viewer (a check: no code changes)',
  touches: '*.py (read only; TODO comments with --annotate)',
  safe: true,
  reportsOnly: true,
  python: {
    // Module attributes can be written from any file that imports something.
    mentions: ['import', 'def ', 'lambda'],
    mayHaveWork: mayFindAnything,
    visit(module, report) {
      module.indexTypes(nodeTypesToIndex(module));
      const scopes = NameResolver.of(module);
      let mutations: Mutation[] | undefined;
      const context: Context = {
        module, scopes, report,
        get mutations() {
          mutations ??= mutationSites(module, scopes);
          return mutations;
        },
        mutationsOf(names, functions) {
          return mutations ?? mutationsFrom(module, names, functions) ?? this.mutations;
        },
      };
      const script = runsAsScript(context);
      if (!script) {
        reportModuleState(context);
        reportGlobalWrites(context);
      }
      reportThreads(context);
      reportProcessWideEffects(context, script);
      reportModuleAttributeWrites(context, script);
      reportCacheResourceMutations(context);
      reportPyplotGlobalFigure(context);
      reportSharedConnection(module, scopes, report, script);
    },
  },
};

/** The statements that can change an object in place. */
const WRITE_TYPES = ['assignment', 'augmented_assignment', 'delete_statement'];
const SHARED_CACHE_WORDS = /cache_resource|experimental_singleton|allow_output_mutation/;
/** A name `module.identifiersNamed` can find. */
const WORD = /^[\p{ID_Start}_][\p{ID_Continue}]*$/u;
const MUTATING_METHODS = new Set(['append', 'extend', 'insert', 'remove', 'pop', 'clear', 'sort', 'reverse', 'update',
  'setdefault', 'popitem', 'add', 'discard', 'difference_update', 'intersection_update', 'symmetric_difference_update',
  'appendleft', 'extendleft', 'popleft', 'rotate', '__setitem__', '__delitem__']);
const CONTAINER_FACTORIES = new Set(['list', 'dict', 'set', 'bytearray', 'collections.defaultdict',
  'collections.OrderedDict', 'collections.Counter', 'collections.deque', 'collections.ChainMap']);
const LOCK_FACTORIES = new Set(['threading.Lock', 'threading.RLock', 'threading.Semaphore', 'threading.BoundedSemaphore',
  'threading.Condition', 'threading.Event', 'multiprocessing.Lock']);
const SESSION_LIKE = /\b(get_active_session|get_snowflake_session|session|Session|connection|connect|cursor)\b/;
const EXECUTORS = new Set(['concurrent.futures.ThreadPoolExecutor', 'concurrent.futures.ProcessPoolExecutor',
  'multiprocessing.Pool', 'multiprocessing.pool.Pool', 'multiprocessing.pool.ThreadPool']);
const EXECUTOR_METHODS = new Set(['submit', 'map', 'apply', 'apply_async', 'imap', 'imap_unordered', 'starmap']);
/** The last names of the calls that can start a thread or process. */
const THREAD_STARTERS = new Set(['Thread', 'Process', 'Timer', 'to_thread', 'run_in_executor', ...EXECUTOR_METHODS]);
/** The last names of the calls with process-wide effects. */
const EFFECT_CALLS = new Set(['chdir', 'putenv', 'unsetenv', 'seed', 'setlocale', 'update', 'pop', 'setdefault',
  'clear', 'popitem', 'append', 'insert', 'extend', 'remove', '__setitem__']);

/**
 * The node lists the checks may read, to find in one walk of the tree (each walk of its own
 * costs about a tenth of the parse): those of the checks that may run (this only decides what is
 * found early; any list is found when read).
 */
function nodeTypesToIndex(module: PythonModule): string[] {
  const types: string[] = [];
  const sharedCache = SHARED_CACHE_WORDS.test(module.text);
  if (sharedCache) types.push('decorated_definition');
  if (writesProcessState(module.text)) types.push(...WRITE_TYPES);
  return types;
}

function isScriptByPath(path: string): boolean {
  return /(^|\/)(pages\/[^/]+|streamlit_app)\.py$/.test(path);
}

/** Writes count only to os.environ and sys.path, whose names the module then spells out. */
function writesProcessState(text: string): boolean {
  return text.includes('environ') || (text.includes('sys') && text.includes('path'));
}

/**
 * True when Streamlit runs this file as a script (fresh globals every run) rather than importing
 * it: the default entry file, a page under `pages/`, or a file whose module-level code calls
 * Streamlit, directly or through its own functions (`main()` at the bottom).
 */
function runsAsScript(context: Context): boolean {
  if (isScriptByPath(context.module.path)) return true;
  const definitions = new Set(['function_definition', 'class_definition', 'decorated_definition', 'import_statement',
    'import_from_statement', 'future_import_statement']);
  return context.module.root.namedChildren.some((statement) => !definitions.has(statement.type)
    && [statement, ...statement.descendantsOfType('call')].some((node) => node.type === 'call'
      && !context.scopes.functionAt(node) && (isStreamlitCall(node, context.scopes)
        || streamlitUse(context, node.childForFieldName('function')!, new Set()) !== undefined)));
}

// ---------------------------------------------------------------------------------------------
// Module-level state

/** `_seen = []` at module level, changed by a function. */
function reportModuleState(context: Context): void {
  const { scopes, report } = context;
  const state = new Map<string, 'container' | 'object'>();
  const locks = new Set<string>();
  for (const name of topLevelAssignedNames(context.module)) {
    const sites = scopes.moduleBindingSites(name);
    if (sites.length === 0) continue;
    const values = sites.map((site) => moduleLevelValue(site));
    if (values.some((value) => value === undefined)) continue;
    const kinds = values.map((value) => valueKind(context, value!));
    if (kinds.every((kind) => kind === 'lock')) locks.add(name);
    else if (kinds.every((kind) => kind === 'container' || kind === 'object')) state.set(name, kinds[0] as 'container' | 'object');
  }
  if (state.size === 0) return;
  const reported = new Set<string>();
  for (const { root, node } of context.mutationsOf(new Set(state.keys()), new Set())) {
    if (root.type !== 'identifier' || !state.has(root.text)) continue;
    const fn = scopes.functionOf(root);
    if (!fn || !scopes.isModuleName(root) || isLocked(node, locks)) continue;
    const key = `${root.text}@${fn.id}`;
    if (reported.has(key)) continue;
    reported.add(key);
    report.manualAt(node, {
      code: 'shared-module-state',
      message: `${root.text} is module-level state of an imported module, shared by every viewer on the container `
        + `runtime, and ${functionName(fn)} changes it without a lock: keep per-viewer data in st.session_state, `
        + 'or guard it with a threading.Lock',
    });
  }
}

/**
 * The names of the module's own `name = value` statements: the only names whose every binding
 * site can pass `moduleLevelValue`, so the only ones worth resolving (each costs a text search).
 */
function topLevelAssignedNames(module: PythonModule): Set<string> {
  const names = new Set<string>();
  for (const statement of module.root.namedChildren) {
    if (statement.type !== 'expression_statement') continue;
    for (const holder of statement.namedChildren) {
      const left = holder.type === 'assignment' ? holder.childForFieldName('left') : null;
      if (left?.type === 'identifier') names.add(left.text);
    }
  }
  return names;
}

/** The value a module-level binding site assigns, or undefined when it is not `name = value` at module level. */
function moduleLevelValue(site: SyntaxNode): SyntaxNode | undefined {
  const holder = site.parent;
  if (holder?.type !== 'assignment' || holder.childForFieldName('left')?.id !== site.id) return undefined;
  // Only `name = value` statements of the module itself (not `global name` in a function, not a class body).
  if (holder.parent?.parent?.type !== 'module') return undefined;
  return holder.childForFieldName('right') ?? undefined;
}

function valueKind(context: Context, value: SyntaxNode): 'container' | 'object' | 'lock' | 'other' {
  if (['list', 'dictionary', 'set', 'list_comprehension', 'dictionary_comprehension', 'set_comprehension']
    .includes(value.type)) return 'container';
  if (value.type !== 'call') return 'other';
  const callee = value.childForFieldName('function')!;
  const qualified = context.scopes.qualify(callee)?.target;
  const name = qualified ?? (callee.type === 'identifier' && !context.scopes.bindingSites(callee)?.length ? callee.text : undefined);
  if (name && LOCK_FACTORIES.has(name)) return 'lock';
  if (name && CONTAINER_FACTORIES.has(name)) return 'container';
  if (qualified?.startsWith('streamlit')) return 'other';
  // A class instantiated at module level (by convention, a capitalised name): an object.
  const last = (qualified ?? callee.text).split('.').pop()!;
  return /^[A-Z]/.test(last) ? 'object' : 'other';
}

/**
 * Every in-place change in the module: a mutating method call (`x.append(...)`,
 * `x["rows"].append(...)`) and an assignment or `del` of an item or attribute (`x[k] = v`,
 * `x.attr += 1`, `del x[k]`), each with the name or call the changed object comes from.
 */
function mutationSites(module: PythonModule, scopes: NameResolver): Mutation[] {
  const mutations: Mutation[] = [];
  const add = (target: SyntaxNode, node: SyntaxNode) => {
    if (target.type !== 'subscript' && target.type !== 'attribute') return;
    const root = chainRoot(target);
    if (root) mutations.push({ root, node });
  };
  for (const call of callsNamed(module, MUTATING_METHODS)) {
    const callee = call.childForFieldName('function')!;
    if (callee.type === 'attribute' && MUTATING_METHODS.has(callee.childForFieldName('attribute')!.text)) {
      const root = chainRoot(callee);
      if (root) mutations.push({ root, node: call });
    }
  }
  for (const type of ['assignment', 'augmented_assignment']) {
    for (const statement of scopes.nodes(type)) add(statement.childForFieldName('left')!, statement);
  }
  for (const statement of scopes.nodes('delete_statement')) {
    for (const target of statement.namedChildren) {
      if (target.type === 'expression_list') target.namedChildren.forEach((item) => add(item, statement));
      else add(target, statement);
    }
  }
  return mutations;
}

/**
 * `mutationSites` for the objects that come from the names or from calls of the functions: found
 * by climbing from their identifiers through the attributes and items taken of them
 * (`x["a"].b.append`), which is `chainRoot` backwards; undefined when a name is not one a text
 * search can find. Sorted into `mutationSites`' order: method calls (an outer call before the
 * calls it starts with), then assignments, augmented assignments and `del` targets.
 */
function mutationsFrom(module: PythonModule, names: Set<string>, functions: Set<string>): Mutation[] | undefined {
  if ([...names, ...functions].some((name) => !WORD.test(name))) return undefined;
  const found: Array<{ mutation: Mutation; order: number[] }> = [];
  const climb = (root: SyntaxNode) => {
    for (let current = root, chain = root.parent; chain && isChainStep(chain, current); current = chain, chain = chain.parent) {
      const holder = chain.parent;
      if (!holder) return;
      const at = (order: number[], node: SyntaxNode) => found.push({ mutation: { root, node }, order });
      if (holder.type === 'call' && chain.type === 'attribute' && holder.childForFieldName('function')?.id === chain.id) {
        if (MUTATING_METHODS.has(chain.childForFieldName('attribute')!.text)) at([0, holder.startIndex, -holder.endIndex], holder);
      } else if ((holder.type === 'assignment' || holder.type === 'augmented_assignment')
        && holder.childForFieldName('left')?.id === chain.id) {
        at([holder.type === 'assignment' ? 1 : 2, holder.startIndex], holder);
      } else if (holder.type === 'delete_statement') {
        at([3, holder.startIndex, chain.startIndex], holder);
      } else if (holder.type === 'expression_list' && holder.parent?.type === 'delete_statement') {
        at([3, holder.parent.startIndex, chain.startIndex], holder.parent);
      }
    }
  };
  for (const name of names) module.identifiersNamed(name).forEach(climb);
  for (const name of functions) {
    for (const identifier of module.identifiersNamed(name)) {
      const call = identifier.parent;
      if (call?.type === 'call' && call.childForFieldName('function')?.id === identifier.id) climb(call);
    }
  }
  const compare = (a: number[], b: number[]) => {
    for (let at = 0; at < a.length; at++) if (a[at] !== b[at]) return a[at] - b[at];
    return 0;
  };
  return found.sort((a, b) => compare(a.order, b.order)).map(({ mutation }) => mutation);
}

/** True when `node` is the object of the attribute or the value of the subscript `chain`. */
function isChainStep(chain: SyntaxNode, node: SyntaxNode): boolean {
  const inner = chain.type === 'attribute' ? chain.childForFieldName('object')
    : chain.type === 'subscript' ? chain.childForFieldName('value') : null;
  return inner?.id === node.id;
}

/** `x` for `x["a"].b` (and for the callee `x.append`); `f()` for `f()["a"]`; undefined otherwise. */
function chainRoot(node: SyntaxNode): SyntaxNode | undefined {
  let current = node;
  for (;;) {
    const inner = current.type === 'attribute' ? current.childForFieldName('object')
      : current.type === 'subscript' ? current.childForFieldName('value') : null;
    if (!inner) return current.type === 'identifier' || current.type === 'call' ? current : undefined;
    if (inner.type === 'identifier' || inner.type === 'call') return inner;
    current = inner;
  }
}

/** True inside `with <lock>:` for a module-level lock or anything named like one. */
function isLocked(node: SyntaxNode, locks: Set<string>): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type !== 'with_statement') continue;
    for (const item of current.descendantsOfType('with_item')) {
      const value = item.childForFieldName('value');
      const expression = value?.type === 'as_pattern' ? value.firstNamedChild : value;
      if (expression && (locks.has(expression.text) || /lock/i.test(expression.text))) return true;
    }
  }
  return false;
}

/** `global x` in a function of an imported module, then `x = ...`. */
function reportGlobalWrites(context: Context): void {
  const { scopes, report } = context;
  for (const fn of functionDefinitions(context.module)) {
    for (const name of scopes.globalsOf(fn)) {
      const site = scopes.moduleBindingSites(name).find((identifier) => scopes.functionOf(identifier)?.id === fn.id);
      if (!site) continue;
      const holder = site.parent;
      const value = holder?.type === 'assignment' ? holder.childForFieldName('right') : null;
      if (value && SESSION_LIKE.test(value.text)) {
        report.manualAt(site, {
          code: 'shared-session',
          message: `${functionName(fn)} stores a session in the module global ${name}, which every viewer shares on the `
            + 'container runtime: each call replaces it under the others; use one cached st.connection("snowflake").session()',
        });
      } else {
        report.manualAt(site, {
          code: 'global-write',
          message: `${name} is a module global shared by every viewer on the container runtime, and ${functionName(fn)} `
            + 'reassigns it: viewers overwrite each other\'s value; keep it in st.session_state',
        });
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Threads

function reportThreads(context: Context): void {
  const { report } = context;
  if (!/Thread|Timer|Process|to_thread|run_in_executor|Executor|Pool/.test(context.module.text)) return;
  for (const call of callsNamed(context.module, THREAD_STARTERS)) {
    if (!THREAD_STARTERS.has(lastName(call.childForFieldName('function')!))) continue;
    const target = threadTarget(context, call);
    if (!target) continue;
    const use = streamlitUse(context, target, new Set());
    if (!use) continue;
    const command = (use.node.childForFieldName('function') ?? use.node).text;
    const what = use.node.id === target.id ? `${command} is called in another thread`
      : `${describe(target)} runs in another thread and calls ${command}${use.via ? ` (in ${use.via}())` : ''}`;
    report.manualAt(call, {
      code: 'thread-calls-streamlit',
      message: `${what}: Streamlit commands only work from the session's script thread; return the results and draw `
        + 'them from the script',
    });
  }
}

/** The callable a thread, executor or `to_thread` call runs, when this call starts one. */
function threadTarget(context: Context, call: SyntaxNode): SyntaxNode | undefined {
  const { scopes } = context;
  const callee = call.childForFieldName('function')!;
  const args = callArguments(call);
  if (!args) return undefined;
  const keyword = (name: string) => {
    const argument = args.keywords.get(name);
    return argument ? keywordValue(argument) : undefined;
  };
  const target = scopes.qualify(callee)?.target;
  if (target === 'threading.Thread' || target === 'multiprocessing.Process') return keyword('target') ?? args.positional[1];
  if (target === 'threading.Timer') return keyword('function') ?? args.positional[1];
  if (target === 'asyncio.to_thread') return args.positional[0];
  if (callee.type !== 'attribute') return undefined;
  const method = callee.childForFieldName('attribute')!.text;
  if (method === 'run_in_executor') return args.positional[1];
  if (EXECUTOR_METHODS.has(method) && isExecutor(context, callee.childForFieldName('object')!)) {
    return args.positional[0] ?? keyword('fn') ?? keyword('func');
  }
  return undefined;
}

function isExecutor(context: Context, node: SyntaxNode): boolean {
  const { scopes } = context;
  if (node.type === 'call') return EXECUTORS.has(scopes.qualify(node.childForFieldName('function')!)?.target ?? '');
  if (node.type !== 'identifier') return false;
  const sites = scopes.bindingSites(node) ?? [];
  return sites.length > 0 && sites.every((site) => {
    const holder = site.parent;
    const value = holder?.type === 'assignment' ? holder.childForFieldName('right')
      : holder?.type === 'as_pattern_target' ? holder.parent?.firstNamedChild : null;
    return value != null && isExecutor(context, value);
  });
}

/**
 * The first Streamlit command the code of a callable reaches: directly, or through functions of
 * this module it calls (`via` names the function that holds it then).
 */
function streamlitUse(context: Context, callable: SyntaxNode, seen: Set<number>, via?: string)
  : { node: SyntaxNode; via?: string } | undefined {
  if (context.scopes.qualify(callable)?.target.startsWith('streamlit.')) return { node: callable };
  const body = callableBody(context, callable);
  if (!body || seen.has(body.id)) return undefined;
  seen.add(body.id);
  const calls = body.type === 'call' ? [body, ...body.descendantsOfType('call')] : body.descendantsOfType('call');
  const direct = calls.find((call) => isStreamlitCall(call, context.scopes));
  if (direct) return { node: direct, via };
  for (const call of calls) {
    const callee = call.childForFieldName('function')!;
    if (callee.type !== 'identifier' && !isSelfMethod(callee)) continue;
    const name = callee.type === 'identifier' ? callee.text : callee.childForFieldName('attribute')!.text;
    const found = streamlitUse(context, callee, seen, name);
    if (found) return found;
  }
  return undefined;
}

/** The code a callable expression runs: a lambda's body, a def of this module, `self.method`, `partial(f)`. */
function callableBody(context: Context, callable: SyntaxNode): SyntaxNode | undefined {
  if (callable.type === 'lambda') return callable.childForFieldName('body') ?? undefined;
  if (callable.type === 'call') {
    const qualified = context.scopes.qualify(callable.childForFieldName('function')!)?.target;
    const first = callArguments(callable)?.positional[0];
    return qualified === 'functools.partial' && first ? callableBody(context, first) : undefined;
  }
  if (callable.type === 'identifier') {
    const sites = context.scopes.bindingSites(callable) ?? [];
    const definition = sites.length === 1 && sites[0].parent?.type === 'function_definition' ? sites[0].parent : undefined;
    return definition?.childForFieldName('body') ?? undefined;
  }
  if (isSelfMethod(callable)) {
    const name = callable.childForFieldName('attribute')!.text;
    let owner: SyntaxNode | null = callable.parent;
    while (owner && owner.type !== 'class_definition') owner = owner.parent;
    const method = owner?.childForFieldName('body')?.namedChildren
      .map((child) => (child.type === 'decorated_definition' ? child.childForFieldName('definition') : child))
      .find((child) => child?.type === 'function_definition' && child.childForFieldName('name')?.text === name);
    return method?.childForFieldName('body') ?? undefined;
  }
  return undefined;
}

function isSelfMethod(node: SyntaxNode): boolean {
  return node.type === 'attribute' && node.childForFieldName('object')?.text === 'self';
}

function describe(callable: SyntaxNode): string {
  if (callable.type === 'lambda') return 'the lambda';
  if (callable.type === 'call') return describe(callArguments(callable)?.positional[0] ?? callable);
  return `${callable.text}`;
}

// ---------------------------------------------------------------------------------------------
// Process-wide side effects

interface Effect {
  code: string;
  message: string;
}

const CALL_EFFECTS: Record<string, Effect> = {
  'os.chdir': {
    code: 'chdir',
    message: 'os.chdir() changes the working directory of the whole server process, under every viewer\'s relative paths; '
      + 'build absolute paths (pathlib.Path(__file__).parent / ...) instead',
  },
  'os.putenv': { code: 'environ-write', message: environMessage() },
  'os.unsetenv': { code: 'environ-write', message: environMessage() },
  'random.seed': {
    code: 'global-random-seed',
    message: 'random.seed() reseeds the one generator every viewer\'s session draws from; use your own random.Random(seed)',
  },
  'numpy.random.seed': {
    code: 'global-random-seed',
    message: 'numpy.random.seed() reseeds numpy\'s global generator, shared by every viewer\'s session; use '
      + 'numpy.random.default_rng(seed)',
  },
  'locale.setlocale': {
    code: 'setlocale',
    message: 'locale.setlocale() changes the locale of the whole server process (and is not thread-safe); format '
      + 'numbers and dates explicitly instead',
  },
};

function environMessage(): string {
  return 'os.environ is process-wide: a value set here for one viewer is seen by every viewer\'s session; pass the value '
    + 'explicitly instead';
}

function sysPathMessage(script: boolean, inFunction: boolean): string {
  const when = inFunction ? 'on every call' : script ? 'on every run of this script' : 'here';
  return `sys.path is process-wide and this changes it ${when}, for every viewer; set it up once at import time `
    + '(or make the code a package)';
}

/** Calls and assignments that change process-wide state when they run per viewer (in functions, or in scripts). */
function reportProcessWideEffects(context: Context, script: boolean): void {
  const { scopes, report } = context;
  const inFunction = (node: SyntaxNode) => scopes.functionAt(node) !== undefined;
  for (const call of callsNamed(context.module, EFFECT_CALLS)) {
    const callee = call.childForFieldName('function')!;
    if (!EFFECT_CALLS.has(lastName(callee))) continue;
    const target = scopes.qualify(callee)?.target;
    if (!target || !(script || inFunction(call))) continue;
    const effect = CALL_EFFECTS[target];
    if (effect) report.manualAt(call, effect);
    else if (/^os\.environ\.(update|pop|setdefault|clear|popitem|__setitem__)$/.test(target)) {
      report.manualAt(call, { code: 'environ-write', message: environMessage() });
    } else if (/^sys\.path\.(append|insert|extend|remove|pop|clear|__setitem__)$/.test(target)) {
      report.manualAt(call, { code: 'sys-path-edit', message: sysPathMessage(script, inFunction(call)) });
    }
  }
  for (const { target, statement } of writesProcessState(context.module.text) ? writeTargets(scopes) : []) {
    const object = target.type === 'subscript' ? target.childForFieldName('value')! : target;
    if (object.type !== 'attribute' && object.type !== 'identifier') continue;
    const qualified = scopes.qualify(object)?.target;
    if (qualified !== 'os.environ' && qualified !== 'sys.path') continue;
    if (!(script || inFunction(statement))) continue;
    if (target.type === 'subscript' && qualified === 'os.environ') {
      report.manualAt(statement, { code: 'environ-write', message: environMessage() });
    } else if (qualified === 'sys.path') {
      report.manualAt(statement, { code: 'sys-path-edit', message: sysPathMessage(script, inFunction(statement)) });
    }
  }
}

/** The item and attribute targets of assignments, augmented assignments and `del`, with their statement. */
function writeTargets(scopes: NameResolver): Array<{ target: SyntaxNode; statement: SyntaxNode }> {
  const targets: Array<{ target: SyntaxNode; statement: SyntaxNode }> = [];
  for (const type of ['assignment', 'augmented_assignment']) {
    for (const statement of scopes.nodes(type)) {
      const left = statement.childForFieldName('left')!;
      if (left.type === 'subscript' || left.type === 'attribute') targets.push({ target: left, statement });
    }
  }
  for (const statement of scopes.nodes('delete_statement')) {
    const items = statement.namedChildren.flatMap((item) => (item.type === 'expression_list' ? item.namedChildren : [item]));
    for (const item of items) {
      if (item.type === 'subscript' || item.type === 'attribute') targets.push({ target: item, statement });
    }
  }
  return targets;
}

/** `queries.session = session`: an attribute of another module, set per viewer. */
function reportModuleAttributeWrites(context: Context, script: boolean): void {
  const { scopes, report } = context;
  for (const holder of attributeWritesOfImports(context)) {
    const attribute = holder.childForFieldName('left')!;
    if (attribute.type !== 'attribute') continue;
    const object = attribute.childForFieldName('object')!;
    if (object.type !== 'identifier') continue;
    const resolution = scopes.resolve(object);
    if (!resolution?.certain || /^(streamlit|os|sys)(\.|$)/.test(resolution.target)) continue;
    if (!script && !scopes.functionAt(holder)) continue;
    const value = holder.childForFieldName('right');
    const session = value !== null && SESSION_LIKE.test(value.text);
    report.manualAt(holder, {
      code: session ? 'shared-session' : 'shared-module-attribute',
      message: `${attribute.text} belongs to ${resolution.target}, one object for the whole server process: `
        + `${session ? 'every viewer replaces the session the others are using' : 'every run overwrites it for every viewer'}; `
        + 'pass the value explicitly or keep it in st.session_state',
    });
  }
}

/**
 * The assignments to an attribute of a name that some import binds to a module other than
 * streamlit, os or sys, in source order: the only ones `reportModuleAttributeWrites` can report
 * (it needs a certain resolution, which only imports give, and skips those modules). Found from
 * the names in the text rather than from every assignment of the module.
 */
function attributeWritesOfImports(context: Context): SyntaxNode[] {
  const names = new Set<string>();
  for (const binding of context.scopes.imports) {
    if (binding.bound !== '*' && !/^(streamlit|os|sys)(\.|$)/.test(importTarget(binding))) names.add(binding.bound);
  }
  if ([...names].some((name) => !WORD.test(name))) return [...context.scopes.nodes('assignment')];
  const writes: SyntaxNode[] = [];
  for (const name of names) {
    for (const identifier of context.module.identifiersNamed(name)) {
      // An attribute's object is its first child: it starts where the attribute does.
      const attribute = identifier.parent;
      if (attribute?.type !== 'attribute' || attribute.startIndex !== identifier.startIndex) continue;
      const holder = attribute.parent;
      if (holder?.type === 'assignment' && holder.childForFieldName('left')?.id === attribute.id) writes.push(holder);
    }
  }
  // Each write has one object, so one name finds it; an outer assignment starts before those in its value.
  return writes.sort((a, b) => a.startIndex - b.startIndex);
}

// ---------------------------------------------------------------------------------------------
// st.cache_resource results and st.pyplot

function reportCacheResourceMutations(context: Context): void {
  const { scopes, report } = context;
  if (!SHARED_CACHE_WORDS.test(context.module.text)) return;
  const cached = new Map<number, string>();
  for (const definition of scopes.nodes('decorated_definition')) {
    const fn = definition.childForFieldName('definition');
    if (fn?.type !== 'function_definition') continue;
    if (definition.namedChildren.some((d) => d.type === 'decorator' && isSharedCache(context, d.firstNamedChild!))) {
      cached.set(fn.childForFieldName('name')!.id, fn.childForFieldName('name')!.text);
    }
  }
  if (cached.size === 0) return;
  // Only a call of a cached function, or a name assigned one, can hold its result: resolve no other name.
  const cachedNames = new Set(cached.values());
  const holders = namesAssignedCallsOf(context.module, cachedNames);
  if (holders && !holders.called) return;
  const reported = new Set<number>();
  const flag = (node: SyntaxNode, variable: string | undefined, fn: string) => {
    if (reported.has(node.id)) return;
    reported.add(node.id);
    const subject = variable ? `${variable} holds the object` : 'The object';
    report.manualAt(node, {
      code: 'cache-resource-mutated',
      message: `${subject} @st.cache_resource ${fn}() returns, one object shared by every viewer: changing it here `
        + 'changes it for all of them; copy it first, or cache it with st.cache_data',
    });
  };
  // The cached function's result, by the call that returns it or the name that holds it.
  const cachedCall = (node: SyntaxNode): string | undefined => {
    const callee = node.type === 'call' ? node.childForFieldName('function') : null;
    // A binding site is spelled like the name it binds.
    if (callee?.type !== 'identifier' || (holders && !cachedNames.has(callee.text))) return undefined;
    const sites = scopes.bindingSites(callee) ?? [];
    return sites.length === 1 ? cached.get(sites[0].id) : undefined;
  };
  const mutations = holders ? context.mutationsOf(holders.names, cachedNames) : context.mutations;
  for (const { root, node } of mutations) {
    const direct = cachedCall(root);
    if (direct) {
      flag(node, undefined, direct);
      continue;
    }
    if (root.type !== 'identifier' || (holders && !holders.names.has(root.text))) continue;
    const sites = scopes.bindingSites(root);
    if (sites?.length !== 1) continue;
    const holder = sites[0].parent;
    const value = holder?.type === 'assignment' && holder.childForFieldName('left')?.id === sites[0].id
      ? holder.childForFieldName('right') : null;
    const fn = value ? cachedCall(value) : undefined;
    if (fn) flag(node, root.text, fn);
  }
}

/**
 * Whether some call's callee is one of the function names, and the names assigned such a call
 * (`x = f(...)`): found from the functions' names in the text; undefined when a name is not one
 * a text search can find (a zero-width name that error recovery made up).
 */
function namesAssignedCallsOf(module: PythonModule, functions: Set<string>)
  : { called: boolean; names: Set<string> } | undefined {
  if ([...functions].some((name) => !WORD.test(name))) return undefined;
  const names = new Set<string>();
  let called = false;
  for (const name of functions) {
    for (const identifier of module.identifiersNamed(name)) {
      const call = identifier.parent;
      if (call?.type !== 'call' || call.childForFieldName('function')?.id !== identifier.id) continue;
      called = true;
      const holder = call.parent;
      const left = holder?.type === 'assignment' && holder.childForFieldName('right')?.id === call.id
        ? holder.childForFieldName('left') : null;
      if (left?.type === 'identifier') names.add(left.text);
    }
  }
  return { called, names };
}

/** `@st.cache_resource`, `@st.experimental_singleton`, `@st.cache(allow_output_mutation=True)`. */
function isSharedCache(context: Context, expression: SyntaxNode): boolean {
  const callee = expression.type === 'call' ? expression.childForFieldName('function')! : expression;
  const target = context.scopes.qualify(callee);
  if (!target?.certain) return false;
  if (target.target === 'streamlit.cache_resource' || target.target === 'streamlit.experimental_singleton') return true;
  if (target.target !== 'streamlit.cache' || expression.type !== 'call') return false;
  const mutation = callArguments(expression)?.keywords.get('allow_output_mutation');
  return mutation !== undefined && keywordValue(mutation)?.type === 'true';
}

function reportPyplotGlobalFigure(context: Context): void {
  const { scopes, report } = context;
  if (!context.module.text.includes('pyplot')) return;
  for (const call of callsNamed(context.module, ['pyplot'])) {
    const callee = call.childForFieldName('function')!;
    if (lastName(callee) !== 'pyplot') continue;
    const qualified = scopes.qualify(callee);
    const isPyplot = qualified
      ? qualified.certain && /^streamlit(\.sidebar)?\.pyplot$/.test(qualified.target)
      : callee.type === 'attribute' && callee.childForFieldName('attribute')!.text === 'pyplot'
        && isStreamlitContainer(callee.childForFieldName('object')!, scopes);
    if (!isPyplot) continue;
    const args = callArguments(call);
    if (!args || args.positional.length > 0 || args.keywords.has('fig') || args.splats.length > 0) continue;
    report.manualAt(call, {
      code: 'pyplot-global-figure',
      message: 'st.pyplot() without a figure draws pyplot\'s global figure, which every viewer\'s session draws on at '
        + 'the same time; create one (fig, ax = plt.subplots()) and pass it: st.pyplot(fig)',
    });
  }
}

// ---------------------------------------------------------------------------------------------

/**
 * The calls whose callee is one of the names or an attribute by one of them (`f(...)`,
 * `x.append(...)`), in the order of `module.nodesOfType('call')`: found from the names in the
 * text, which most calls of a module do not use. A call's own children are its callee and its
 * argument list, and an attribute's name is not where it starts, so parents and offsets tell.
 * Other callees (`f()()`, `(g)(...)`) never have one of the names as their `lastName`.
 */
function callsNamed(module: PythonModule, names: Iterable<string>): SyntaxNode[] {
  const calls: Array<{ call: SyntaxNode; start: number; end: number }> = [];
  for (const name of names) {
    if (!module.text.includes(name)) continue;
    for (const identifier of module.identifiersNamed(name)) {
      const parent = identifier.parent;
      let call: SyntaxNode | null = null;
      if (parent?.type === 'call') call = parent;
      else if (parent?.type === 'attribute' && parent.startIndex !== identifier.startIndex) {
        call = parent.parent?.type === 'call' ? parent.parent : null;
      }
      if (call) calls.push({ call, start: call.startIndex, end: call.endIndex });
    }
  }
  // Source order, an outer call before the calls it starts with (`x.pop().append(y)`).
  return calls.sort((a, b) => a.start - b.start || b.end - a.end).map(({ call }) => call);
}

/** `append` for `x.append`, `f` for `f`. */
function lastName(callee: SyntaxNode): string {
  return callee.type === 'attribute' ? callee.childForFieldName('attribute')!.text : callee.text;
}

function functionName(fn: SyntaxNode): string {
  return fn.type === 'lambda' ? 'a lambda' : `${fn.childForFieldName('name')!.text}()`;
}
