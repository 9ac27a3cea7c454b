/**
 * # cache
 *
 * ## What it does
 * Caches the functions that only read from Snowflake with `@st.cache_data(ttl=...)`, renaming
 * their Snowpark session, connection and cursor parameters with a leading underscore (in the
 * signature, the body and the module's keyword call sites) so that st.cache_data does not try to
 * hash them. A read at module level (`df = session.sql("...").to_pandas()`) moves into a new
 * cached loader function that the line then calls, with the module variables it depends on as
 * parameters. Every candidate gets one report line: cached, or not cached and why.
 *
 * ## Why
 * On the container runtime one Streamlit server serves every viewer, and every rerun repeats
 * every uncached query (runtime facts, sections 5 and 8). But its cache is shared by all viewers,
 * so caching the wrong function serves one viewer's data to another, or skips a write.
 *
 * ## Example
 *     def fetch_sales(session, region):
 *         return session.sql(f"SELECT * FROM SALES WHERE REGION = '{region}'").to_pandas()
 * becomes
 *     @st.cache_data(ttl=600)
 *     def fetch_sales(_session, region):
 *         return _session.sql(f"SELECT * FROM SALES WHERE REGION = '{region}'").to_pandas()
 *
 * ## Fix safety
 * A function is cached only when all of this holds, else it is reported and left alone:
 * - every SQL text it runs is known (an f-string's literal parts count) and is a read;
 * - it writes nothing (Snowflake, files, HTTP, module state) and draws no Streamlit UI;
 * - it reads nothing from the viewer (st.session_state, st.user, st.context, CURRENT_USER(), a
 *   caller's-rights connection): those are manual steps;
 * - every module variable it reads is the same on every rerun (a constant, an import, the
 *   session), so that its parameters are the whole cache key;
 * - it returns data st.cache_data can pickle (a lazy Snowpark DataFrame is a manual step);
 * - it is a plain function: not a method, generator, coroutine or otherwise decorated one.
 * Helpers defined in the same module are followed; already-cached functions are left alone.
 */
import { SyntaxNode } from '../../src/python/parser';
import { functionDefinitions } from '../../src/python/scope';
import { Transform } from '../../src/transform';
import { fixKeywordCallers } from './callers';
import { Decider, FunctionDecision } from './decide';
import { ModuleFacts } from './facts';
import { mayHaveWork } from './prefilter';
import { applyDecisions } from './rewrite';
import { ttlArgument, ttlProblem } from './ttl';

const TTL_FLAG = 'cache-ttl';

/**
 * Words without which code has no Snowflake read or write for this transform to weigh: every
 * operation the effects analysis counts is written with one of them, in the function's own text
 * (a helper's operations are not counted for its callers).
 */
const OPERATION_WORDS = ['.sql', '.table', '.read.', 'execute', 'read_sql', 'fetch', 'to_pandas', 'collect',
  'write_pandas', '.write', '.call'];

/** A cheap text check that spares the effects analysis the many functions that touch no data. */
function mayReadOrIsCached(definition: SyntaxNode): boolean {
  const node = definition.parent?.type === 'decorated_definition' ? definition.parent : definition;
  const text = node.text;
  return OPERATION_WORDS.some((word) => text.includes(word)) || /cache|experimental_memo|experimental_singleton/.test(text);
}

export const cache: Transform = {
  name: 'cache',
  summary: 'Cache functions and module-level code that only read from Snowflake with st.cache_data(ttl=...)',
  touches: '*.py',
  safe: false,
  flags: [{
    name: TTL_FLAG,
    value: 'SECONDS|DURATION',
    description: 'ttl of the caches it adds: seconds, or e.g. 10m, 1h (default 600)',
    check: ttlProblem,
  }],
  python: {
    mentions: [...OPERATION_WORDS, 'cache', 'experimental_memo', 'experimental_singleton'],
    // The mentions let in every `from collections import ...`; this proves most such files idle.
    mayHaveWork,
    visit(module, report, options) {
      const ttl = ttlArgument(options.flags[TTL_FLAG]);
      if (ttl === undefined) return; // reported once by the project hook
      const decider = new Decider(new ModuleFacts(module));
      const functions = functionDefinitions(module)
        .filter(mayReadOrIsCached)
        .map((definition) => decider.decideFunction(definition))
        .filter((decision): decision is FunctionDecision => decision !== undefined);
      const reads = decider.moduleReads().map((read) => decider.decideRead(read));
      applyDecisions(module, report, functions, reads, ttl);
    },
  },
  async project(project, report, options) {
    const value = options.flags[TTL_FLAG];
    if (ttlArgument(value) !== undefined) {
      await fixKeywordCallers(project, report, 'cache', options.annotate);
      return;
    }
    // The CLI refuses such a value before the run (the flag's check); this is for other callers.
    report.error({ code: 'bad-ttl', message: `--${TTL_FLAG} ${JSON.stringify(value)} ${ttlProblem(value!)}; nothing was cached` });
  },
};
