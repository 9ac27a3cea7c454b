/**
 * What running a piece of code does, as far as caching it is concerned: the Snowflake reads and
 * writes it makes, what else it changes, what it reads from the viewer, the clock or chance, and
 * the names it reads from outside itself. Helpers defined in the same module, and in other modules
 * of the app (through `links`), are followed into.
 */
import { SyntaxNode } from '../../src/python/parser';
import { bindingKind, contains } from '../../src/python/scope';
import { dottedName, isNameReference, stringLiteralValue } from '../../src/python/syntax';
import { FETCH, FETCH_LAZILY, MATERIALISE, MATERIALISE_LAZILY, ModuleFacts, ownFunction, VIEWER_KINDS } from './facts';
import { analyzeSql, ANY, HOLE, namedHole, SqlAnalysis, tableKey, VIEWER_CONTEXT } from './sql';

export type ReasonKind = 'manual' | 'info';

/** Why something is not cached. `text` completes "it ..." (and "..., which ..." through a helper). */
export interface Reason {
  code: string;
  kind: ReasonKind;
  /** Lower is reported first when there are several. */
  priority: number;
  text: string;
  /** What the user can do, for manual steps. */
  advice?: string;
  /** A cause shared by several candidates (a write elsewhere in the app): reported without the candidate's name, so that
   * its reports group into one step with a list of places. */
  shared?: boolean;
}

/** A change to what Snowflake holds, with where the code makes it. */
export interface WriteFact {
  /** The table, view or stage (`@NAME`) whose content changes, by key; ANY when it may be any; undefined
   * when it changes no data (a function, a procedure, a grant): then only metadata reads see it. */
  target: string | undefined;
  node: SyntaxNode;
  /** Completes "it ...": "runs UPDATE", "writes with write_pandas". */
  what: string;
}

export interface Effects {
  /** Snowflake reads and writes the code makes itself (not through helpers, not conn.query()). */
  operations: SyntaxNode[];
  reasons: Reason[];
  /** Names read from outside the code, by name: where each is bound (undefined: a builtin). */
  outside: Map<string, OutsideName>;
  /** `yield` in the code's own function. */
  yields: boolean;
  /** Tables and stages it reads (also through helpers), by key; ANY when a name is only known at run time. */
  reads: Set<string>;
  /** Reads metadata (SHOW, DESCRIBE, INFORMATION_SCHEMA): it changes with any write. */
  metadata: boolean;
  /** What it changes in Snowflake (also through helpers). */
  writes: WriteFact[];
  /** Parameters whose value it runs as SQL, with the call that runs it: its callers say what that SQL is. */
  sqlParameters: Map<string, SyntaxNode>;
  /** Functions its SQL calls by an unqualified name (also through helpers), upper-cased. */
  functions: Set<string>;
}

export interface OutsideName {
  scope: SyntaxNode | undefined;
  node: SyntaxNode;
  /** The helper through which the name is read, if not directly. */
  via?: string;
}

/** A function of another module of the app, as `links` finds it. */
export interface LinkedFunction {
  analyzer: EffectsAnalyzer;
  definition: SyntaxNode;
  /** `module.name()` for messages. */
  label: string;
  /** Reasons its own module's state gives (names it reads there that can change). */
  stateReasons(effects: Effects): Reason[];
}

/** What the app knows beyond one module: functions imported from its other modules. */
export interface AppLinks {
  /** The app function a callee names; 'unresolved' for an app import this tool cannot follow; undefined otherwise. */
  importedFunction(facts: ModuleFacts, callee: SyntaxNode): LinkedFunction | 'unresolved' | undefined;
}

export const PRIORITY = {
  structure: 10,
  write: 20,
  unknownSql: 30,
  // Before the viewer and UI reasons: their advice (move the read out, then cache it) is wrong
  // for an answer that must never be reused.
  nondeterministic: 35,
  viewer: 40,
  ui: 45,
  state: 55,
  app: 58,
  result: 60,
  parameters: 70,
} as const;

export const VIEWER_MEMBERS = new Set(['session_state', 'user', 'experimental_user', 'context', 'query_params',
  'experimental_get_query_params']);
/** Attributes that read the viewer's state whatever they are reached through (a re-exported `st`, say). */
const VIEWER_ATTRIBUTES = new Set(['session_state', 'query_params', 'experimental_user', 'experimental_get_query_params']);
/** Streamlit members that draw nothing and depend on no viewer. */
const NEUTRAL_MEMBERS = new Set(['connection', 'secrets', 'cache_data', 'cache_resource', 'cache', 'experimental_memo',
  'experimental_singleton', 'column_config', 'errors', 'runtime', '__version__']);
/** Method and function names of calls that may run SQL or change Snowflake: where `moduleWrites` looks. */
const WRITING_CALLS = ['sql', 'execute', 'execute_async', 'executemany', 'execute_string', 'execute_stream', 'query',
  'read_sql', 'read_sql_query', 'call', 'call_nowait', 'call_udf', 'call_function', 'call_builtin', 'save_as_table',
  'insert_into', 'write_pandas', 'copy_into_table', 'copy_into_location', 'create_or_replace_view',
  'create_or_replace_temp_view', 'create_or_replace_dynamic_table', 'update', 'delete', 'merge', 'put', 'put_stream',
  'to_sql', 'register', 'register_from_file', 'use_database', 'use_schema', 'use_role', 'use_warehouse',
  'use_secondary_roles', 'send_snow_api_request'];
/** Where one of WRITING_CALLS may be called: the names to look up in the tree. */
const WRITING_CALL_TEXT = new RegExp(`\\b(${WRITING_CALLS.join('|')})\\s*\\(`, 'g');
/** Methods that run their first argument as SQL on an object of any kind. */
const SQL_METHODS = new Set(['sql', 'execute', 'execute_async', 'executemany', 'execute_string', 'execute_stream']);
/** Snowpark's functions for the context functions of the same name (current_user(), ...). */
const VIEWER_FUNCTIONS = VIEWER_CONTEXT;
const SESSION_READS = new Set(['table', 'table_function']);
const SESSION_CHANGES = /^(use_\w+|add_import|add_packages|add_requirements|clear_imports|clear_packages|close|cancel_all)$/;
const DATAFRAME_WRITES = new Set(['create_or_replace_view', 'create_or_replace_temp_view', 'create_or_replace_dynamic_table',
  'copy_into_location', 'copy_into_table', 'update', 'delete', 'merge', 'insert_into']);
const FILE_WRITES = new Set(['to_csv', 'to_excel', 'to_parquet', 'to_json', 'to_pickle', 'to_feather', 'to_hdf', 'to_stata',
  'savefig']);
const PATH_WRITES = new Set(['write_text', 'write_bytes', 'touch', 'unlink', 'mkdir', 'rmdir']);
const OS_WRITES = /^(os\.(remove|unlink|rename|renames|replace|makedirs|mkdir|rmdir|removedirs|truncate|chmod)|shutil\.\w+)$/;
/** Calls whose answer changes from call to call: the clock, chance, the environment. */
const NONDETERMINISTIC = new RegExp('^(time\\.(?!sleep$)\\w+|datetime\\.(datetime|date)\\.(now|utcnow|today)|'
  + 'pandas\\.Timestamp\\.(now|today|utcnow)|random\\.\\w+|uuid\\.uuid[14]|secrets\\.\\w+|numpy\\.random\\.[\\w.]+|'
  + 'os\\.(getenv|getenvb|getpid|urandom)|os\\.environ\\.\\w+)$');
/** Language models: each call may answer differently. */
const MODEL_CALLS = /^(snowflake\.cortex|snowflake\.core\.cortex|openai|anthropic|langchain\w*|llama_index|litellm|cohere|mistralai|google\.generativeai|google\.genai)(\.|$)/;
const MUTATORS = new Set(['append', 'extend', 'insert', 'add', 'update', 'pop', 'popitem', 'clear', 'remove', 'discard',
  'setdefault', 'sort', 'reverse']);
/** Names of helpers imported from outside the app that announce a write; this tool cannot see their code. */
const WRITE_VERBS = new RegExp('^_*(save|write|insert|update|delete|upsert|upload|send|post|put|submit|notify|record|log|'
  + 'audit|create|drop|merge|store|persist|register)(_|$)', 'i');

/** What `EffectsAnalyzer.sql` finds out about an SQL argument. */
interface SqlFacts extends SqlAnalysis {
  /** The parameter whose value is the whole SQL text, when it is one (the callers then say what it is). */
  parameter?: SyntaxNode;
}

export class EffectsAnalyzer {
  private readonly memo = new Map<number, Effects>();
  private readonly sqlByArgument = new Map<number, SqlFacts>();
  links?: AppLinks;

  constructor(readonly facts: ModuleFacts) {}

  /**
   * The effects of `code` (a function body or an expression). `owner` is the function (or the
   * expression) whose inside counts as local.
   */
  effects(code: SyntaxNode, owner: SyntaxNode, visiting: Set<string> = new Set()): Effects {
    const memoised = this.memo.get(code.id);
    if (memoised) return memoised;
    const effects = emptyEffects();
    const key = this.key(owner);
    visiting.add(key);
    const walk = (node: SyntaxNode) => {
      this.visit(node, owner, effects, visiting);
      for (const child of node.namedChildren) walk(child);
    };
    walk(code);
    visiting.delete(key);
    this.memo.set(code.id, effects);
    return effects;
  }

  /** Names a function (or expression) across the modules of the app, for recursion guards. */
  key(node: SyntaxNode): string {
    return `${this.facts.module.path}#${node.id}`;
  }

  /**
   * What the module changes in Snowflake, with where, and the functions that run SQL their callers
   * pass in. Only calls that can write are looked at, so this costs far less than the effects of
   * the whole module.
   */
  moduleWrites(): { writes: WriteFact[]; sqlParameters: { definition: SyntaxNode; parameter: string; call: SyntaxNode }[] } {
    const writes: WriteFact[] = [];
    const sqlParameters: { definition: SyntaxNode; parameter: string; call: SyntaxNode }[] = [];
    for (const call of this.writingCalls()) {
      const effects = emptyEffects();
      this.visitCall(call, call, effects, new Set([this.key(call)]), false);
      writes.push(...effects.writes);
      const definition = ownFunction(call);
      for (const [parameter, at] of effects.sqlParameters) {
        if (definition?.type === 'function_definition') sqlParameters.push({ definition, parameter, call: at });
      }
    }
    return { writes, sqlParameters };
  }

  /**
   * The calls of the module whose callee is named (`x.sql(...)`, `sql(...)`) after a call that can
   * write, in source order, found from the names' places in the text rather than by a walk over
   * every call.
   */
  private writingCalls(): SyntaxNode[] {
    const calls: SyntaxNode[] = [];
    const named = new Set([...this.facts.module.text.matchAll(WRITING_CALL_TEXT)].map((match) => match[1]));
    for (const name of named) {
      for (const identifier of this.facts.module.identifiersNamed(name)) {
        const parent = identifier.parent;
        let call: SyntaxNode | null = null;
        if (parent?.type === 'call') {
          call = parent;
        } else if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === identifier.id) {
          call = parent.parent?.type === 'call' ? parent.parent : null;
        }
        const callee = parent?.type === 'call' ? identifier : parent;
        if (!call || call.childForFieldName('function')?.id !== callee?.id) continue;
        calls.push(call);
      }
    }
    return calls.sort((a, b) => a.startIndex - b.startIndex || b.endIndex - a.endIndex);
  }

  /**
   * What the SQL text of an argument is, as far as the code shows it, and the tables it names.
   * Memoised by argument: a query inside a function is weighed for the function and again for
   * `moduleWrites`. Do not mutate the result.
   */
  sql(argument: SyntaxNode | undefined): SqlFacts {
    if (!argument) {
      return { verdict: { kind: 'unknown', reason: 'is not given' }, reads: [], writes: [ANY], metadataWrite: false, metadata: false };
    }
    let facts = this.sqlByArgument.get(argument.id);
    if (!facts) {
      facts = this.weighSql(argument);
      this.sqlByArgument.set(argument.id, facts);
    }
    return facts;
  }

  private weighSql(argument: SyntaxNode): SqlFacts {
    const parameter = this.sqlParameter(argument);
    const texts = this.sqlTexts(argument, new Set());
    if (typeof texts === 'string') {
      return { verdict: { kind: 'unknown', reason: texts }, reads: [], writes: parameter ? [] : [ANY], metadataWrite: false,
        metadata: false, ...(parameter ? { parameter } : {}) };
    }
    const analyses = texts.map(analyzeSql);
    const verdicts = analyses.map((analysis) => analysis.verdict);
    const verdict = verdicts.find((v) => v.kind === 'unknown') ?? verdicts.find((v) => v.kind === 'write')
      ?? verdicts.find((v) => v.kind === 'read' && (v.viewerContext || v.nondeterministic || v.model || v.userFunction))
      ?? verdicts[0];
    return {
      verdict,
      reads: [...new Set(analyses.flatMap((analysis) => analysis.reads))],
      writes: [...new Set(analyses.flatMap((analysis) => analysis.writes))],
      metadataWrite: analyses.some((analysis) => analysis.metadataWrite),
      metadata: analyses.some((analysis) => analysis.metadata),
      functions: [...new Set(analyses.flatMap((analysis) => analysis.functions ?? []))],
    };
  }

  /** The parameter an SQL argument is (`query`, `query.strip()`, `textwrap.dedent(query)`), if it is one. */
  private sqlParameter(argument: SyntaxNode): SyntaxNode | undefined {
    let node: SyntaxNode | null = argument;
    for (;;) {
      if (node?.type === 'parenthesized_expression') {
        node = node.firstNamedChild;
      } else if (node?.type === 'call') {
        const callee: SyntaxNode = node.childForFieldName('function')!;
        const qualified = this.facts.qualifiedName(callee);
        if (qualified === 'textwrap.dedent' || qualified === 'inspect.cleandoc' || qualified === 'str') {
          node = node.childForFieldName('arguments')?.firstNamedChild ?? null;
        } else if (callee.type === 'attribute' && ['strip', 'lstrip', 'rstrip', 'format'].includes(
          callee.childForFieldName('attribute')!.text)) {
          node = callee.childForFieldName('object');
        } else {
          return undefined;
        }
      } else {
        break;
      }
    }
    if (node?.type !== 'identifier') return undefined;
    const bindings = this.facts.scopes.bindingsOf(node);
    return bindings.length > 0 && bindings.every((binding) => binding.kind === 'parameter') ? bindings[0].node : undefined;
  }

  private visit(node: SyntaxNode, owner: SyntaxNode, effects: Effects, visiting: Set<string>): void {
    switch (node.type) {
      case 'call':
        this.visitCall(node, owner, effects, visiting, true);
        break;
      case 'attribute':
        this.visitAttribute(node, effects);
        break;
      case 'identifier':
        this.visitName(node, owner, effects);
        break;
      case 'assignment':
      case 'augmented_assignment':
      case 'delete_statement':
        this.visitTargets(node, owner, effects);
        break;
      case 'yield':
        if (ownFunction(node)?.id === owner.id) effects.yields = true;
        break;
      case 'try_statement':
        if (swallowsErrors(node)) add(effects, fallback('catches exceptions and carries on'));
        break;
      case 'with_item': {
        const value = node.childForFieldName('value') ?? node.firstNamedChild;
        const callee = value?.type === 'call' ? value.childForFieldName('function') : undefined;
        if (callee && this.facts.qualifiedName(callee) === 'contextlib.suppress') {
          add(effects, fallback('suppresses exceptions (contextlib.suppress)'));
        }
        break;
      }
    }
  }

  private visitCall(call: SyntaxNode, owner: SyntaxNode, effects: Effects, visiting: Set<string>, follow: boolean): void {
    const facts = this.facts;
    const callee = call.childForFieldName('function')!;
    const args = call.childForFieldName('arguments')?.namedChildren ?? [];
    const written = dottedName(callee) ?? callee.text;
    const member = facts.streamlitMember(callee);
    if (member !== undefined) {
      if (VIEWER_MEMBERS.has(member)) return; // reported where the name is read
      if ((member === 'cache_data' || member === 'cache_resource') && written.endsWith('.clear')) {
        add(effects, write(`clears Streamlit's caches (${written})`));
      } else if (!NEUTRAL_MEMBERS.has(member)) {
        add(effects, { code: 'streamlit-ui', kind: 'manual', priority: PRIORITY.ui, text: `calls ${written} (Streamlit UI)`,
          advice: 'move the Snowflake read into a function of its own, which can then be cached' });
      }
      return;
    }
    const qualified = facts.qualifiedName(callee);
    const functionName = qualified?.startsWith('snowflake.snowpark.functions.') ? qualified.split('.').pop()! : '';
    if (VIEWER_FUNCTIONS.has(functionName.toUpperCase())) {
      add(effects, viewer(`calls ${written}()`));
      return;
    }
    if (['call_udf', 'call_function', 'call_builtin'].includes(functionName)) {
      this.visitFunctionCall(call, written, args, effects);
      return;
    }
    if (callee.type === 'attribute') {
      const method = callee.childForFieldName('attribute')!.text;
      const object = callee.childForFieldName('object')!;
      if (this.visitMethod(call, method, object, args, owner, effects)) return;
    }
    if (qualified && /^pandas\.read_sql(_query)?$/.test(qualified)) {
      effects.operations.push(call);
      this.addSql(effects, call, this.sql(argument(args, 0, 'sql')));
      return;
    }
    if (qualified === 'pandas.read_sql_table') {
      effects.operations.push(call);
      const table = this.tableOf(argument(args, 0, 'table_name'));
      if (table) effects.reads.add(table);
      return;
    }
    if (qualified?.endsWith('write_pandas') || written === 'write_pandas') {
      effects.operations.push(call);
      this.addTableWrite(effects, call, argument(args, 2, 'table_name'), 'writes with write_pandas');
      add(effects, write('writes to Snowflake with write_pandas'));
      return;
    }
    if (written.endsWith('send_snow_api_request')) {
      add(effects, model(`calls ${written}, a Snowflake REST API (Cortex agents and analysts answer through it)`));
      addWrite(effects, ANY, call, `calls the Snowflake REST API (${written}), which may change anything`);
      return;
    }
    if (qualified && OS_WRITES.test(qualified)) {
      add(effects, write(`changes files (${written})`));
      return;
    }
    if (qualified && /^(requests|httpx)\.(post|put|patch|delete)$/.test(qualified)) {
      add(effects, write(`sends an HTTP ${qualified.split('.')[1].toUpperCase()} request (${written})`));
      return;
    }
    if (qualified && /^(requests|httpx)\.request$/.test(qualified)) {
      const method = stringLiteralValue(argument(args, 0, 'method') ?? call)?.toUpperCase();
      if (method !== 'GET' && method !== 'HEAD') add(effects, write(`sends an HTTP ${method ?? 'non-GET'} request (${written})`));
      return;
    }
    if (qualified === 'urllib.request.urlopen' && (args.length > 1 || keywordArgument(args, 'data'))) {
      add(effects, write(`sends data over HTTP (${written})`));
      return;
    }
    if (qualified === 'open' && opensForWriting(args)) {
      add(effects, write('writes a file (open)'));
      return;
    }
    if (qualified && NONDETERMINISTIC.test(qualified)) {
      add(effects, nondeterministic(`calls ${written}, so each call may return something different`));
      return;
    }
    if (qualified && MODEL_CALLS.test(qualified)) {
      add(effects, model(`calls ${written}, a language model`));
      return;
    }
    if (!follow) return;
    const helper = facts.calledFunction(call);
    if (helper) {
      if (helper.id !== owner.id && !visiting.has(this.key(helper))) this.mergeHelper(helper, owner, effects, visiting);
      return;
    }
    const linked = callee.type === 'identifier' || callee.type === 'attribute' ? this.links?.importedFunction(facts, callee)
      : undefined;
    if (linked === 'unresolved') {
      add(effects, { code: 'opaque-call', kind: 'info', priority: PRIORITY.state,
        text: `calls ${written}(), imported from a module of the app that this tool cannot follow` });
      return;
    }
    if (linked) {
      if (!visiting.has(linked.analyzer.key(linked.definition))) this.mergeLinked(linked, effects, visiting);
      return;
    }
    if (callee.type === 'identifier' && WRITE_VERBS.test(callee.text)
      && facts.scopes.bindingsOf(callee).some((binding) => binding.kind === 'import')) {
      add(effects, write(`calls ${callee.text}(), imported from another module, whose name suggests a write `
        + '(this tool cannot see its code)',
        'opaque-call'));
    }
  }

  /** `call_udf("name", ...)` and its kin: SYSTEM$ functions may change anything, Cortex ones answer anew. */
  private visitFunctionCall(call: SyntaxNode, written: string, args: SyntaxNode[], effects: Effects): void {
    const name = stringLiteralValue(args[0] ?? call)?.toUpperCase();
    if (name === undefined || name.startsWith('SYSTEM$')) {
      add(effects, write(`calls ${name ?? 'a function it names at run time'} through ${written}, which may change anything`));
      addWrite(effects, ANY, call, `calls ${name ?? 'a function named at run time'} through ${written}`);
    } else if (/(^|\.)(CORTEX\.|AI_|COMPLETE$)/.test(name)) {
      add(effects, model(`calls ${name} through ${written}, a language model`));
    }
  }

  /** Methods on Snowflake objects, file and HTTP writers, and mutation of outside state. Returns true when handled. */
  private visitMethod(call: SyntaxNode, method: string, object: SyntaxNode, args: SyntaxNode[], owner: SyntaxNode,
    effects: Effects): boolean {
    const kind = this.facts.kindOf(object);
    const written = dottedName(call.childForFieldName('function')!) ?? method;
    switch (kind) {
      case 'session':
      case 'viewer-session':
        if (method === 'sql') {
          effects.operations.push(call);
          this.addSql(effects, call, this.sql(argument(args, 0, 'query')));
        } else if (SESSION_READS.has(method)) {
          effects.operations.push(call);
          const table = method === 'table' ? this.tableOf(argument(args, 0, 'name')) : ANY;
          if (table) effects.reads.add(table);
        } else if (method === 'call' || method === 'call_nowait') {
          effects.operations.push(call);
          add(effects, write(`calls a stored procedure (${written}) that may write`, 'procedure'));
          if (!isSecretProcedure(args[0])) addWrite(effects, ANY, call, `calls a stored procedure (${written})`);
        } else if (method === 'write_pandas') {
          effects.operations.push(call);
          this.addTableWrite(effects, call, argument(args, 1, 'table_name'), 'writes with write_pandas');
          add(effects, write('writes to Snowflake with write_pandas'));
        } else if (method === 'get_current_user' || method === 'get_current_role') {
          add(effects, viewer(`calls ${written}()`));
        } else if (SESSION_CHANGES.test(method)) {
          add(effects, write(`changes the Snowpark session every viewer shares (${written})`, 'session-change'));
          if (method !== 'use_warehouse' && method !== 'close' && method !== 'cancel_all') {
            addWrite(effects, /^use_/.test(method) ? ANY : undefined, call, `changes the shared session (${written})`);
          }
        } else {
          return false;
        }
        return true;
      case 'reader':
        if (method.startsWith('copy_into')) {
          this.addTableWrite(effects, call, argument(args, 0, 'table_name'), `loads data with ${written}`);
          add(effects, write(`loads data into a table (${written})`));
        }
        else effects.operations.push(call);
        return true;
      case 'dataframe':
        if (MATERIALISE.has(method) || MATERIALISE_LAZILY.has(method)) {
          effects.operations.push(call);
          return true;
        }
        if (DATAFRAME_WRITES.has(method)) {
          effects.operations.push(call);
          const target = ['update', 'delete', 'merge'].includes(method) ? this.tableBehind(object)
            : argument(args, 0, method === 'copy_into_location' ? 'location' : 'name');
          this.addTableWrite(effects, call, target, `writes with ${method}`);
          add(effects, write(`writes to Snowflake with ${method}`));
          return true;
        }
        return false;
      case 'writer':
        if (!['mode', 'option', 'options', 'partition_by', 'format'].includes(method)) {
          effects.operations.push(call);
          const target = ['save_as_table', 'insert_into', 'copy_into_location'].includes(method)
            ? argument(args, 0, method === 'copy_into_location' ? 'location' : 'table_name') : undefined;
          this.addTableWrite(effects, call, target, `writes with DataFrame.write.${method}`);
          add(effects, write(`writes to Snowflake with DataFrame.write.${method}`));
        }
        return true;
      case 'connection':
      case 'viewer-connection':
        if (method === 'query') {
          // st.connection(...).query() caches its own results; it is a read, never a reason to cache.
          this.addSql(effects, call, this.sql(argument(args, 0, 'sql')));
        } else if (method === 'write_pandas' || method === 'commit' || method === 'rollback' || method === 'execute_string'
          || method === 'execute_stream') {
          effects.operations.push(call);
          if (method === 'write_pandas') this.addTableWrite(effects, call, argument(args, 1, 'table_name'), 'writes with write_pandas');
          if (method === 'execute_string' || method === 'execute_stream') this.addSql(effects, call, this.sql(args[0]));
          add(effects, write(`writes to Snowflake with ${method}`));
        } else {
          return false;
        }
        return true;
      case 'cursor':
        if (method === 'execute' || method === 'execute_async') {
          effects.operations.push(call);
          this.addSql(effects, call, this.sql(argument(args, 0, 'command')));
        } else if (method === 'executemany') {
          effects.operations.push(call);
          this.addSql(effects, call, this.sql(argument(args, 0, 'command')));
          add(effects, write('writes rows with executemany'));
        } else if (FETCH.has(method) || FETCH_LAZILY.has(method)) {
          effects.operations.push(call);
        } else {
          return false;
        }
        return true;
    }
    if (method === 'write_pandas') {
      effects.operations.push(call);
      this.addTableWrite(effects, call, argument(args, 1, 'table_name'), 'writes with write_pandas');
      add(effects, write('writes to Snowflake with write_pandas'));
      return true;
    }
    if (SQL_METHODS.has(method) && args.length > 0) {
      // An object this tool cannot place (`db.execute(...)`): its SQL still counts if it writes.
      const facts = this.sql(argument(args, 0, method === 'sql' ? 'query' : 'command'));
      if (facts.verdict.kind !== 'read') this.addSql(effects, call, facts);
      return true;
    }
    if ((method === 'put' || method === 'put_stream') && object.type === 'attribute'
      && object.childForFieldName('attribute')?.text === 'file') {
      const stage = argument(args, 1, 'stage_location');
      const text = stage?.type === 'string' ? this.stringText(stage) : undefined;
      const key = text?.startsWith('@') ? analyzeSql(`PUT file://x ${text}`).writes[0] : ANY;
      addWrite(effects, key ?? ANY, call, `uploads a file to a stage (${written})`);
      add(effects, write(`uploads a file to a stage (${written})`));
      return true;
    }
    if (kind === 'unknown' && isSnowparkTableChange(method, args)) {
      addWrite(effects, ANY, call, `changes a table (${written})`);
      add(effects, write(`changes a table (${written})`));
      return true;
    }
    if (method === 'register' || method === 'register_from_file') {
      const holder = object.type === 'attribute' ? object.childForFieldName('attribute')?.text : undefined;
      if (holder === 'udf' || holder === 'udtf' || holder === 'sproc' || holder === 'udaf') {
        addWrite(effects, undefined, call, `registers a function (${written})`);
        add(effects, write(`registers a function in Snowflake (${written})`));
        return true;
      }
    }
    if (FILE_WRITES.has(method) && (args.some((a) => a.type !== 'keyword_argument') || keywordArgument(args, 'path_or_buf')
      || keywordArgument(args, 'path') || keywordArgument(args, 'excel_writer') || keywordArgument(args, 'fname'))) {
      add(effects, write(`writes a file (${method})`));
      return true;
    }
    if (method === 'to_sql') {
      this.addTableWrite(effects, call, argument(args, 0, 'name'), 'writes with to_sql');
      add(effects, write('writes to a database (to_sql)'));
      return true;
    }
    if (PATH_WRITES.has(method) || (method === 'rename' && args.length === 1)) {
      add(effects, write(`changes files (${method})`));
      return true;
    }
    if (['post', 'put', 'patch', 'delete'].includes(method) && /^(requests|httpx)\b/.test(this.facts.qualifiedName(object) ?? '')) {
      add(effects, write(`sends an HTTP ${method.toUpperCase()} request (${written})`));
      return true;
    }
    const inPlace = args.some((arg) => arg.type === 'keyword_argument' && arg.childForFieldName('name')?.text === 'inplace'
      && arg.childForFieldName('value')?.type !== 'false');
    if (MUTATORS.has(method) || inPlace) {
      const root = rootName(object);
      const imported = root && this.facts.scopes.bindingsOf(root).some((binding) => binding.kind === 'import');
      if (root && !imported && this.isOutside(root, owner)) {
        add(effects, { code: 'mutates-state', kind: 'info', priority: PRIORITY.write,
          text: `changes ${root.text} (${written}), state outside it that a cached call would not change` });
        return true;
      }
      if (root && this.isParameter(root, owner)) {
        add(effects, mutatesArgument(root.text, written));
        return true;
      }
    }
    return false;
  }

  /** `st.session_state`, `os.environ`, and viewer state reached through any object (a re-exported `st`). */
  private visitAttribute(attribute: SyntaxNode, effects: Effects): void {
    const name = attribute.childForFieldName('attribute')?.text ?? '';
    const object = attribute.childForFieldName('object');
    if (object?.type === 'identifier') {
      const member = this.facts.streamlitMember(attribute);
      if (member && VIEWER_MEMBERS.has(member)) {
        add(effects, viewer(`reads ${dottedName(attribute) ?? attribute.text}`));
        return;
      }
      if (name === 'environ' && this.facts.qualifiedName(attribute) === 'os.environ') {
        add(effects, nondeterministic('reads environment variables (os.environ), which are not part of the cache key'));
        return;
      }
    }
    if (VIEWER_ATTRIBUTES.has(name)) add(effects, viewer(`reads ${dottedName(attribute) ?? `.${name}`}`));
  }

  private visitName(identifier: SyntaxNode, owner: SyntaxNode, effects: Effects): void {
    if (!isNameReference(identifier)) return;
    const parent = identifier.parent;
    const scopes = this.facts.scopes;
    const kind = bindingKind(identifier);
    if (parent?.type === 'global_statement' || parent?.type === 'nonlocal_statement') return;
    const scope = scopes.resolve(identifier);
    if (kind) {
      if (kind !== 'definition' && scope && !contains(owner, scope)) {
        const where = scope.type === 'module' ? 'the module variable' : 'the enclosing function\'s variable';
        add(effects, { code: 'global-write', kind: 'info', priority: PRIORITY.write,
          text: `assigns ${where} ${identifier.text} (a cached call would not)` });
      }
      return;
    }
    const isAttributeObject = parent?.type === 'attribute' && parent.childForFieldName('object')?.id === identifier.id;
    const member = this.facts.streamlitMember(identifier);
    if (!isAttributeObject && member && VIEWER_MEMBERS.has(member)) add(effects, viewer(`reads ${member} from streamlit`));
    if (!isAttributeObject && identifier.text === 'environ' && this.facts.qualifiedName(identifier) === 'os.environ') {
      add(effects, nondeterministic('reads environment variables (os.environ), which are not part of the cache key'));
    }
    if (VIEWER_KINDS.has(this.facts.kindOf(identifier))) {
      add(effects, viewer(`uses a caller's-rights connection (${identifier.text})`));
    }
    if (scope && !contains(owner, scope) && !effects.outside.has(identifier.text)) {
      effects.outside.set(identifier.text, { scope, node: identifier });
    }
    if (!scope && !effects.outside.has(identifier.text)) effects.outside.set(identifier.text, { scope, node: identifier });
  }

  /** `x.attr = ...`, `x[k] = ...`, `del x[k]` where x lives outside the code. */
  private visitTargets(statement: SyntaxNode, owner: SyntaxNode, effects: Effects): void {
    const targets = statement.type === 'delete_statement'
      ? statement.namedChildren
      : [statement.childForFieldName('left')].filter((t): t is SyntaxNode => t !== null);
    for (const target of targets) {
      for (const node of [target, ...target.descendantsOfType(['attribute', 'subscript'])]) {
        if (node.type !== 'attribute' && node.type !== 'subscript') continue;
        if (node.parent && (node.parent.type === 'attribute' || node.parent.type === 'subscript')
          && node.parent.id !== target.id && contains(target, node.parent)) continue;
        const root = rootName(node);
        if (root && this.isParameter(root, owner)) add(effects, mutatesArgument(root.text, dottedName(node) ?? node.text));
        if (!root || !this.isOutside(root, owner)) continue;
        if (this.facts.streamlitMember(root) !== undefined || this.facts.qualifiedName(root)?.startsWith('streamlit')) continue;
        add(effects, { code: 'mutates-state', kind: 'info', priority: PRIORITY.write,
          text: `changes ${dottedName(node) ?? root.text}, state outside it that a cached call would not change` });
      }
    }
  }

  private addTableWrite(effects: Effects, call: SyntaxNode, table: SyntaxNode | undefined, what: string): void {
    addWrite(effects, this.tableOf(table) ?? ANY, call, what);
  }

  /** For `session.table(X)`, or a name bound once to it: X. */
  private tableBehind(object: SyntaxNode): SyntaxNode | undefined {
    if (object.type !== 'identifier') return tableCallArgument(object);
    const bindings = this.facts.scopes.bindingsOf(object);
    return bindings.length === 1 && bindings[0].value ? tableCallArgument(bindings[0].value) : undefined;
  }

  /** True for a parameter of the function `owner` (an argument the caller still holds). */
  private isParameter(identifier: SyntaxNode, owner: SyntaxNode): boolean {
    return this.facts.scopes.bindingsOf(identifier).some((binding) => binding.kind === 'parameter'
      && binding.scope.id === owner.id);
  }

  private isOutside(identifier: SyntaxNode, owner: SyntaxNode): boolean {
    const scope = this.facts.scopes.resolve(identifier);
    return scope !== undefined && !contains(owner, scope);
  }

  private addSql(effects: Effects, call: SyntaxNode, facts: SqlFacts): void {
    facts.reads.forEach((table) => effects.reads.add(table));
    facts.functions?.forEach((name) => effects.functions.add(name));
    if (facts.metadata) effects.metadata = true;
    const { verdict } = facts;
    if (verdict.kind === 'write') {
      add(effects, write(`runs ${verdict.keyword} (not a read: a cached call would skip it)`, 'writes'));
      for (const target of facts.writes) addWrite(effects, target, call, `runs ${verdict.keyword}`);
      if (facts.metadataWrite) addWrite(effects, undefined, call, `runs ${verdict.keyword}`);
    } else if (verdict.kind === 'unknown') {
      add(effects, { code: 'unknown-sql', kind: 'info', priority: PRIORITY.unknownSql,
        text: `runs SQL that ${verdict.reason}, so it may not be a read` });
      if (facts.parameter) effects.sqlParameters.set(facts.parameter.text, call);
      else addWrite(effects, ANY, call, `runs SQL that ${verdict.reason}`);
    } else {
      if (verdict.viewerContext) {
        add(effects, viewer(`runs SQL that calls ${verdict.viewerContext}`,
          verdict.viewerContext.startsWith('CURRENT_USER')
            ? ' (and there CURRENT_USER() returns the app owner, not the viewer: st.user says who is viewing)' : ''));
      }
      if (verdict.nondeterministic) {
        add(effects, nondeterministic(`runs SQL that uses ${verdict.nondeterministic}, so each call may return something different`));
      }
      if (verdict.model) add(effects, model(`runs SQL that calls ${verdict.model}, a language model`));
      if (verdict.userFunction) {
        add(effects, { code: 'user-function', kind: 'info', priority: PRIORITY.nondeterministic,
          text: `runs SQL that calls ${verdict.userFunction}, a user-defined function whose code stcodemod cannot see: it may `
            + 'answer differently from call to call (an external service, a language model, the time); if it answers the same '
            + 'for the same arguments, add @st.cache_data by hand' });
      }
    }
  }

  /** A same-module helper's effects, as effects of the code that calls it. */
  private mergeHelper(helper: SyntaxNode, owner: SyntaxNode, effects: Effects, visiting: Set<string>): void {
    const body = helper.childForFieldName('body');
    if (!body) return;
    const name = helper.childForFieldName('name')!.text;
    const inner = this.effects(body, helper, visiting);
    mergeInto(effects, inner, `${name}()`);
    for (const [outsideName, use] of inner.outside) {
      if (use.scope && contains(owner, use.scope)) continue;
      if (!effects.outside.has(outsideName)) effects.outside.set(outsideName, { ...use, via: use.via ?? name });
    }
  }

  /** A helper of another module of the app: its effects, and what its own module's state makes of them. */
  private mergeLinked(linked: LinkedFunction, effects: Effects, visiting: Set<string>): void {
    const body = linked.definition.childForFieldName('body');
    if (!body) return;
    const inner = linked.analyzer.effects(body, linked.definition, visiting);
    mergeInto(effects, inner, linked.label);
    for (const reason of linked.stateReasons(inner)) add(effects, { ...reason, text: `calls ${linked.label}, which ${reason.text}` });
  }

  /**
   * The text of a string literal. An f-string's field that names a module constant is replaced by
   * the constant's text; any other field becomes a hole that remembers its expression.
   */
  stringText(node: SyntaxNode): string {
    if (node.type !== 'string') return HOLE;
    return node.namedChildren.map((part) => {
      if (part.type === 'string_content' || part.type === 'escape_sequence') return part.text;
      if (part.type !== 'interpolation') return '';
      const expression = part.childForFieldName('expression') ?? part.firstNamedChild;
      if (!expression) return HOLE;
      return this.constantText(expression) ?? namedHole(expression.text);
    }).join('');
  }

  /**
   * The text of a module-level string constant (`TABLE = "DB.S.T"`) an expression names, here or
   * in the module of the app it is imported from.
   */
  private constantText(expression: SyntaxNode): string | undefined {
    if (expression.type !== 'identifier') return undefined;
    const scope = this.facts.scopes.resolve(expression);
    const bindings = scope?.type === 'module' ? this.facts.scopes.bindingsNamed(scope, expression.text) : [];
    if (bindings.length !== 1) return undefined;
    const imported = bindings[0].import;
    if (imported) return this.facts.links?.importedString(imported);
    return bindings[0].value ? stringLiteralValue(bindings[0].value) : undefined;
  }

  /** A table argument (`session.table(X)`, `save_as_table(X)`) as a table key (ANY when not known). */
  private tableOf(argument: SyntaxNode | undefined): string | undefined {
    if (!argument) return undefined;
    if (argument.type === 'list' || argument.type === 'tuple') {
      const parts = argument.namedChildren.map((part) => (part.type === 'string' ? this.stringText(part) : HOLE));
      return tableKey(parts.join('.'));
    }
    const text = argument.type === 'string' ? this.stringText(argument) : this.constantText(argument) ?? namedHole(argument.text);
    return tableKey(text);
  }

  /** The texts an SQL argument may have, or why they cannot be known. */
  private sqlTexts(node: SyntaxNode, seen: Set<number>): string[] | string {
    switch (node.type) {
      case 'string':
        return [this.stringText(node)];
      case 'concatenated_string':
        return [node.namedChildren.map((part) => this.stringText(part)).join('')];
      case 'parenthesized_expression':
        return node.firstNamedChild ? this.sqlTexts(node.firstNamedChild, seen) : 'is empty';
      case 'binary_operator': {
        const operator = node.childForFieldName('operator')?.text;
        const left = this.sqlTexts(node.childForFieldName('left')!, seen);
        if (operator === '%') return typeof left === 'string' ? left : left.map((text) => text.replace(/%[sdr]/g, HOLE));
        if (operator !== '+') return 'is computed in a way this tool cannot follow';
        const right = this.sqlTexts(node.childForFieldName('right')!, seen);
        const lefts = typeof left === 'string' ? [HOLE] : left;
        const rights = typeof right === 'string' ? [HOLE] : right;
        return lefts.flatMap((l) => rights.map((r) => l + r)).slice(0, 16);
      }
      case 'call': {
        const callee = node.childForFieldName('function')!;
        const args = node.childForFieldName('arguments')?.namedChildren ?? [];
        const qualified = this.facts.qualifiedName(callee);
        if ((qualified === 'textwrap.dedent' || qualified === 'inspect.cleandoc') && args[0]) return this.sqlTexts(args[0], seen);
        if (callee.type === 'attribute') {
          const method = callee.childForFieldName('attribute')!.text;
          const texts = ['format', 'strip', 'lstrip', 'rstrip', 'upper', 'lower'].includes(method)
            ? this.sqlTexts(callee.childForFieldName('object')!, seen) : 'is computed in a way this tool cannot follow';
          if (method === 'format' && typeof texts !== 'string') return texts.map((t) => t.replace(/\{[^{}]*\}/g, HOLE));
          return texts;
        }
        return 'is computed in a way this tool cannot follow';
      }
      case 'identifier':
        return this.variableTexts(node, seen);
      default:
        return 'is computed in a way this tool cannot follow';
    }
  }

  private variableTexts(identifier: SyntaxNode, seen: Set<number>): string[] | string {
    const bindings = this.facts.scopes.bindingsOf(identifier);
    if (bindings.length === 0) return `comes from ${identifier.text}, which this tool cannot follow`;
    const bases: string[] = [];
    const appended: string[] = [];
    for (const binding of bindings) {
      if (seen.has(binding.node.id)) continue;
      seen.add(binding.node.id);
      if (binding.kind === 'parameter') return `comes from the parameter ${identifier.text}`;
      if (binding.kind === 'assignment' && binding.value) {
        const texts = this.sqlTexts(binding.value, seen);
        if (typeof texts === 'string') return texts;
        bases.push(...texts);
      } else if (binding.kind === 'augmented' && binding.node.parent?.childForFieldName('operator')?.text === '+=') {
        const texts = this.sqlTexts(binding.node.parent.childForFieldName('right')!, seen);
        appended.push(...(typeof texts === 'string' ? [HOLE] : texts));
      } else {
        return `comes from ${identifier.text}, which this tool cannot follow`;
      }
    }
    if (bases.length === 0) return `comes from ${identifier.text}, which this tool cannot follow`;
    return bases.map((base) => [base, ...appended].join(' '));
  }
}

function mergeInto(effects: Effects, inner: Effects, label: string): void {
  for (const reason of inner.reasons) add(effects, { ...reason, text: `calls ${label}, which ${reason.text}` });
  inner.reads.forEach((table) => effects.reads.add(table));
  inner.functions.forEach((name) => effects.functions.add(name));
  if (inner.metadata) effects.metadata = true;
  for (const fact of inner.writes) {
    if (!effects.writes.some((known) => known.node.id === fact.node.id && known.target === fact.target)) effects.writes.push(fact);
  }
}

function add(effects: Effects, reason: Reason): void {
  if (!effects.reasons.some((r) => r.code === reason.code && r.text === reason.text)) effects.reasons.push(reason);
}

function write(text: string, code = 'writes'): Reason {
  return { code, kind: 'info', priority: PRIORITY.write, text };
}

function nondeterministic(text: string): Reason {
  return { code: 'nondeterministic', kind: 'info', priority: PRIORITY.nondeterministic, text };
}

function model(text: string): Reason {
  return { code: 'language-model', kind: 'info', priority: PRIORITY.nondeterministic,
    text: `${text}: each call may answer differently, and a cached answer would be given to every viewer` };
}

function fallback(text: string): Reason {
  return { code: 'exception-fallback', kind: 'info', priority: PRIORITY.nondeterministic,
    text: `${text}: a result made from an error (a fallback value) would be cached and given to every viewer until `
      + 'its ttl runs out' };
}

function viewer(text: string, note = ''): Reason {
  return {
    code: 'viewer-context',
    kind: 'manual',
    priority: PRIORITY.viewer,
    text,
    advice: `on the container runtime one cache serves every viewer, so a cached result would show one viewer's data to `
      + `another${note}; leave it uncached, or pass what it needs from the viewer in as a parameter`,
  };
}

function mutatesArgument(name: string, what: string): Reason {
  return { code: 'mutates-argument', kind: 'info', priority: PRIORITY.write,
    text: `changes its argument ${name} in place (${what}), which a cached call would not do` };
}

function emptyEffects(): Effects {
  return { operations: [], reasons: [], outside: new Map(), yields: false, reads: new Set(), metadata: false, writes: [],
    sqlParameters: new Map(), functions: new Set() };
}

function addWrite(effects: Effects, target: string | undefined, node: SyntaxNode, what: string): void {
  if (effects.writes.some((fact) => fact.node.id === node.id && fact.target === target)) return;
  effects.writes.push({ target, node, what });
}

/**
 * A `try` that can finish normally after one of its handlers caught an exception: some `except`
 * clause does not end by raising. (A handler that returns a value, or falls through, is a fallback.)
 */
function swallowsErrors(statement: SyntaxNode): boolean {
  return statement.namedChildren.some((clause) => {
    if (clause.type !== 'except_clause' && clause.type !== 'except_group_clause') return false;
    const body = clause.namedChildren.find((child) => child.type === 'block');
    const last = body?.namedChildren.filter((child) => child.type !== 'comment').pop();
    return last?.type !== 'raise_statement';
  });
}

/** The procedures the snowflake-module transform generates to read secrets: they read, never write. */
function isSecretProcedure(name: SyntaxNode | undefined): boolean {
  const value = name ? stringLiteralValue(name) : undefined;
  return value !== undefined && /^STCODEMOD_GET_\w+$/i.test(value);
}

/**
 * `t.update({...}, condition)`, `t.delete(condition)`, `t.merge(source, on, [when_matched...])` on an
 * object this tool cannot place: shaped like Snowpark's Table changes, not like a dict's update().
 */
function isSnowparkTableChange(method: string, args: SyntaxNode[]): boolean {
  const positional = args.filter((arg) => arg.type !== 'keyword_argument' && arg.type !== 'comment');
  const keywords = args.filter((arg) => arg.type === 'keyword_argument').map((arg) => arg.childForFieldName('name')?.text);
  if (method === 'update') return positional.length >= 2 || keywords.includes('condition') || keywords.includes('source');
  if (method === 'delete') return positional.length >= 1 || keywords.includes('condition');
  if (method === 'merge') return args.some((arg) => /\bwhen_(not_)?matched\b/.test(arg.text));
  return false;
}

/** The argument at a position, or given by keyword. */
export function argument(args: SyntaxNode[], position: number, keyword: string): SyntaxNode | undefined {
  const positional = args.filter((a) => a.type !== 'keyword_argument' && a.type !== 'list_splat'
    && a.type !== 'dictionary_splat' && a.type !== 'comment');
  return positional[position] ?? keywordArgument(args, keyword);
}

function keywordArgument(args: SyntaxNode[], name: string): SyntaxNode | undefined {
  const found = args.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === name);
  return found?.childForFieldName('value') ?? undefined;
}

function opensForWriting(args: SyntaxNode[]): boolean {
  const mode = argument(args, 1, 'mode');
  if (!mode) return false;
  const value = stringLiteralValue(mode);
  return value === undefined || /[wax+]/.test(value);
}

/** For `session.table(X).delete(...)`: X. */
function tableCallArgument(object: SyntaxNode): SyntaxNode | undefined {
  const callee = object.type === 'call' ? object.childForFieldName('function') : null;
  if (callee?.type !== 'attribute' || callee.childForFieldName('attribute')?.text !== 'table') return undefined;
  return argument(object.childForFieldName('arguments')?.namedChildren ?? [], 0, 'name');
}

/** The identifier at the root of `a.b[c].d`. */
function rootName(node: SyntaxNode): SyntaxNode | undefined {
  let current: SyntaxNode | null = node;
  while (current && (current.type === 'attribute' || current.type === 'subscript' || current.type === 'call')) {
    current = current.type === 'attribute' ? current.childForFieldName('object')
      : current.type === 'subscript' ? current.childForFieldName('value') : current.childForFieldName('function');
  }
  return current?.type === 'identifier' ? current : undefined;
}
