/**
 * # cache
 *
 * ## What it does
 * Caches the functions that only read from Snowflake with `@st.cache_data(ttl=...)`, renaming
 * their Snowpark session, connection and cursor parameters with a leading underscore (in the
 * signature, the body and every call in the app that passes them by keyword) so that
 * st.cache_data does not try to hash them. A read at module level (`df = session.sql("...").to_pandas()`)
 * moves into a new cached loader function that the line then calls, with the values it depends on
 * as parameters. Every candidate gets one report line: cached and why that is safe, or not cached
 * and why.
 *
 * ## Why
 * On the container runtime one Streamlit server serves every viewer, and every rerun repeats
 * every uncached query (runtime facts, sections 5 and 8). But its cache is shared by all viewers,
 * so caching the wrong function serves one viewer's data to another, stale data after a write, or
 * one answer where each call must answer anew.
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
 * It works app by app (app.ts), and caches a function only when all of this holds:
 * - every SQL text it runs is known (an f-string's literal parts count) and is a read that
 *   answers the same each time: no CURRENT_TIMESTAMP, RANDOM, UUID_STRING, SYSTEM$ or Cortex call;
 * - it writes nothing (Snowflake, files, HTTP, module state), draws no Streamlit UI, calls no
 *   language model, reads no clock, chance or environment variable, and catches no exception
 *   to return a fallback;
 * - it reads nothing from the viewer (st.session_state, st.user, st.context, CURRENT_USER(), a
 *   caller's-rights connection), whatever name streamlit goes by: those are manual steps;
 * - everything it depends on is a parameter, a constant, an import or the session; and on a page
 *   (run as `__main__`), no other page has a function of the same name and code that would share
 *   its cache while reading different names;
 * - nothing in the app may change what it reads: no write to its tables in any module, no write
 *   whose target cannot be named anywhere in the app, no write at all for a metadata read, and
 *   no write at all unless its tables are known to be tables (a view may sit over what is written);
 * - every call of it that passes a renamed parameter by keyword can be renamed in the same run;
 * - it returns data st.cache_data can pickle (a lazy Snowpark DataFrame is a manual step);
 * - it is a plain function: not a method, generator, coroutine or otherwise decorated one.
 * Helpers of the same module and of the app's other modules are followed; already-cached
 * functions are left alone.
 */
import { freeParsedTrees } from '../../src/python/files';
import { Transform } from '../../src/transform';
import { appGroups } from './app-code';
import { cacheApps } from './app';
import { ttlArgument, ttlProblem } from './ttl';

const TTL_FLAG = 'cache-ttl';

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
  async project(project, report, options, settled) {
    const value = options.flags[TTL_FLAG];
    const ttl = ttlArgument(value);
    if (ttl === undefined) {
      // The CLI refuses such a value before the run (the flag's check); this is for other callers.
      report.error({ code: 'bad-ttl', message: `--${TTL_FLAG} ${JSON.stringify(value)} ${ttlProblem(value!)}; nothing was cached` });
      return;
    }
    await cacheApps(project, options.annotate, ttl, appGroups(project), freeParsedTrees, settled);
  },
};
