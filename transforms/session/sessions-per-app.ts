/**
 * Snowpark APIs that take the active session implicitly (`snowflake.cortex.Complete(...)` or
 * `@udf` without `session=`, `get_active_session()`, `Session.builder.getOrCreate()`) find it
 * only while the process has exactly one session; with two they fail with "more than one active
 * session". The shared accessor gives an app one session, but an app can create others: an inline
 * `st.connection(...).session()`, a `Session.builder...create()`, an accessor of its own. Where an
 * app does both, each implicit use is a manual step.
 */
import { Inventory, StreamlitApp } from '../../src/inventory';
import { callArguments } from '../../src/python/arguments';
import { Finding } from '../../src/findings';
import { commitPythonModule, freeParsedTrees, openPythonModule } from '../../src/python/files';
import { PythonModule } from '../../src/python/module';
import { NameResolver } from '../../src/python/name-resolution';
import { SyntaxNode } from '../../src/python/parser';
import { enclosingExceptClause } from '../../src/python/syntax';
import { Project } from '../../src/project';
import { lineAndColumn } from '../../src/text-file';
import { Reporter, RunOptions } from '../../src/transform';
import { ACCESSOR_NAME } from './accessor';
import { callsNamed, CONTEXT_MODULE, FUNCTION } from './calls';

/** The functions of snowflake.cortex that take `session=` and otherwise use the active session. */
const CORTEX_FUNCTIONS = new Set(['Complete', 'complete', 'Summarize', 'summarize', 'Sentiment', 'sentiment', 'Translate',
  'translate', 'ExtractAnswer', 'extract_answer', 'ClassifyText', 'classify_text', 'EmbedText768', 'embed_text_768',
  'EmbedText1024', 'embed_text_1024']);
/** snowflake.snowpark.functions that register code with the active session unless given `session=`. */
const REGISTERING_FUNCTIONS = new Set(['udf', 'udtf', 'udaf', 'sproc', 'pandas_udf', 'pandas_udtf']);
const NAME = 'session';
const CONSUMER_WORDS = /\b(cortex|udf|udtf|udaf|sproc|pandas_udf|pandas_udtf|get_active_session|getOrCreate)\b/;
const CREATOR_WORDS = /\.session\(|\bbuilder\b/;

interface Site {
  path: string;
  node: SyntaxNode;
  text: string;
  what: string;
}

/** What a file's text says, for the checks here. */
export interface FileFacts {
  /** It mentions an API that may use the active session implicitly. */
  consumer: boolean;
  /** It mentions a way to create a session. */
  creator: boolean;
  /** It mentions the shared accessor. */
  shared: boolean;
}

export function textFacts(text: string): FileFacts {
  return { consumer: CONSUMER_WORDS.test(text), creator: CREATOR_WORDS.test(text), shared: text.includes(ACCESSOR_NAME) };
}

/** `facts`: the Python files whose text mentions something of interest, by path (generated modules left out). */
export async function reportImplicitSessions(project: Project, inventory: Inventory, facts: Map<string, FileFacts>,
  report: Reporter, options: RunOptions): Promise<void> {
  const byApp = new Map<StreamlitApp | undefined, { consumers: string[]; creators: string[]; shared: boolean }>();
  for (const [path, fact] of facts) {
    const app = inventory.appOf(path);
    const entry = byApp.get(app) ?? { consumers: [], creators: [], shared: false };
    if (fact.consumer) entry.consumers.push(path);
    if (fact.creator) entry.creators.push(path);
    entry.shared ||= fact.shared;
    byApp.set(app, entry);
  }
  for (const entry of byApp.values()) {
    if (entry.consumers.length === 0) continue;
    const modules = new Map<string, PythonModule>();
    const open = async (path: string) => {
      if (!modules.has(path)) {
        await freeParsedTrees();
        const module = openPythonModule(project, path);
        if (module) modules.set(path, module);
      }
      return modules.get(path);
    };
    const creators: Site[] = [];
    for (const path of entry.creators) {
      const module = await open(path);
      if (module) creators.push(...sessionCreators(module));
    }
    const sessions = creators.length + (entry.shared ? 1 : 0);
    if (sessions === 1) continue;
    for (const path of entry.consumers) {
      const module = await open(path);
      if (!module) continue;
      const findings: Finding[] = [];
      const reporter = new Reporter(NAME, (finding) => findings.push(finding)).forModule(module, options.annotate);
      // `Session.builder.getOrCreate()` has a step of its own (session/session-builder) wherever it is.
      for (const consumer of implicitUses(module).filter((use) => use.what !== 'Session.builder.getOrCreate()')) {
        reporter.manualAt(consumer.node, sessions === 0 ? {
          // On the warehouse runtime the app ran inside a stored procedure, which always has a session.
          code: 'no-session',
          message: `${consumer.what} uses Snowpark's active session implicitly, and this app creates no session: on `
            + 'the container runtime there is none to find, so it fails with "no default Session"; pass one explicitly, '
            + 'session=st.connection("snowflake").session() (created once, in a function cached with st.cache_resource)',
        } : {
          code: 'implicit-session',
          message: `${consumer.what} uses Snowpark's active session implicitly, but this app creates more than one `
            + `session (${describe(creators, entry.shared)}), so on the container runtime it fails with "more than one `
            + `active session": pass the session explicitly, session=${ACCESSOR_NAME}(), and create no other sessions`,
        });
      }
      commitPythonModule(project, module, NAME, findings);
    }
  }
}

function describe(creators: Site[], shared: boolean): string {
  const sites = creators.slice(0, 3).map((site) => `${site.what} at ${site.path}:${lineAndColumn(site.text, site.node.startIndex).line}`);
  if (creators.length > 3) sites.push(`${creators.length - 3} more`);
  if (shared) sites.unshift(`${ACCESSOR_NAME}()`);
  return sites.join(', ');
}

/**
 * The places a module creates a Snowpark session: `.session()` on a Streamlit connection, and
 * `Session.builder...create()`. One in an `except` clause is a local-development fallback, which
 * does not run on the container runtime, and does not count.
 */
function sessionCreators(module: PythonModule): Site[] {
  const resolver = NameResolver.of(module);
  const sites: Site[] = [];
  const add = (node: SyntaxNode, what: string) => sites.push({ path: module.path, node, text: module.text, what });
  for (const call of callsNamed(module, 'session')) {
    const callee = call.childForFieldName('function')!;
    if (callee.type !== 'attribute' || enclosingExceptClause(call)) continue;
    const connection = callee.childForFieldName('object')!;
    if (isStreamlitConnection(connection, resolver)) add(call, `${shorten(call.text)}`);
  }
  for (const call of callsNamed(module, 'create')) {
    const callee = call.childForFieldName('function')!;
    if (callee.type !== 'attribute' || enclosingExceptClause(call)) continue;
    if (/(^|\.)Session\.builder\b/.test(callee.text.replace(/\s+/g, ''))) add(call, 'Session.builder...create()');
  }
  return sites;
}

/** `st.connection(...)`, or a name every binding of which is assigned one. */
function isStreamlitConnection(node: SyntaxNode, resolver: NameResolver): boolean {
  if (node.type === 'call') {
    const target = resolver.qualify(node.childForFieldName('function')!);
    return target?.certain === true && target.target === 'streamlit.connection';
  }
  if (node.type !== 'identifier') return false;
  const sites = resolver.bindingSites(node);
  return sites !== undefined && sites.length > 0 && sites.every((site) => {
    const assignment = site.parent;
    const value = assignment?.type === 'assignment' && assignment.childForFieldName('left')?.id === site.id
      ? assignment.childForFieldName('right') : null;
    return value?.type === 'call' && isStreamlitConnection(value, resolver);
  });
}

/** The uses of the active session that pass no session. */
function implicitUses(module: PythonModule): Array<{ node: SyntaxNode; what: string }> {
  const resolver = NameResolver.of(module);
  const uses: Array<{ node: SyntaxNode; what: string }> = [];
  const names = [...CORTEX_FUNCTIONS, ...REGISTERING_FUNCTIONS, FUNCTION, 'getOrCreate'];
  const seen = new Set<number>();
  for (const name of names) {
    for (const identifier of module.identifiersNamed(name)) {
      const parent = identifier.parent!;
      const expression = parent.type === 'attribute' && parent.childForFieldName('attribute')?.id === identifier.id ? parent : identifier;
      if (seen.has(expression.id)) continue;
      seen.add(expression.id);
      const what = implicitUse(expression, resolver);
      if (what) uses.push({ node: expression, what });
    }
  }
  return uses.sort((a, b) => a.node.startIndex - b.node.startIndex);
}

/** What an expression is, when it names an API that uses the active session and the use passes none. */
function implicitUse(expression: SyntaxNode, resolver: NameResolver): string | undefined {
  const holder = expression.parent;
  const call = holder?.type === 'call' && holder.childForFieldName('function')?.id === expression.id ? holder : undefined;
  const passesSession = call !== undefined && callArguments(call)?.keywords.has('session') === true;
  const last = expression.type === 'attribute' ? expression.childForFieldName('attribute')!.text : expression.text;
  if (last === 'getOrCreate') {
    return call && /(^|\.)Session\.builder\.getOrCreate$/.test(expression.text.replace(/\s+/g, '')) ? 'Session.builder.getOrCreate()' : undefined;
  }
  const target = resolver.qualify(expression);
  if (!target?.certain) return undefined;
  if (target.target === `${CONTEXT_MODULE}.${FUNCTION}`) return call ? `${FUNCTION}()` : undefined;
  const cortex = /^snowflake\.cortex\.(\w+)$/.exec(target.target);
  if (cortex && CORTEX_FUNCTIONS.has(cortex[1])) return call && !passesSession ? `snowflake.cortex.${cortex[1]}()` : undefined;
  const registering = /^snowflake\.snowpark\.functions\.(\w+)$/.exec(target.target);
  if (!registering || !REGISTERING_FUNCTIONS.has(registering[1])) return undefined;
  // `@udf`, `@udf(...)` and `udf(func, ...)` register with the active session unless given one.
  if (holder?.type === 'decorator') return `@${registering[1]}`;
  if (call && !passesSession) return call.parent?.type === 'decorator' ? `@${registering[1]}(...)` : `${registering[1]}()`;
  return undefined;
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 60 ? `${flat.slice(0, 57)}...` : flat;
}
