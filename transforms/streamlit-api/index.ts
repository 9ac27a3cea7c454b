/**
 * # streamlit-api
 *
 * ## What it does
 * Brings app code to the APIs of Streamlit 1.50 and Python 3.11, in every import form
 * (`import streamlit as st`, `import streamlit`, `from streamlit import experimental_rerun`, containers
 * such as `st.sidebar` and `a, b = st.columns(2)`):
 *
 * - removed and deprecated names: `st.experimental_rerun` -> `st.rerun`, `experimental_memo` ->
 *   `cache_data`, `experimental_singleton` -> `cache_resource`, `experimental_data_editor`,
 *   `experimental_connection`, `experimental_dialog`, `experimental_fragment`, `experimental_user`,
 *   `experimental_audio_input`, and the `beta_*` layout names;
 * - `st.experimental_get_query_params()` -> a dict of lists built from `st.query_params`, and
 *   `st.experimental_set_query_params(**kw)` -> `st.query_params.from_dict(...)`;
 * - the legacy `st.cache` -> the `st.cache_data` / `st.cache_resource` call it already stood for;
 * - `use_container_width=True|False` -> `width="stretch"|"content"` where 1.50 supports it, and
 *   the cache decorators' removed `experimental_allow_widgets`;
 * - Python 3.11 breaks with an exact replacement (collections ABCs, base64, `@asyncio.coroutine`,
 *   `inspect.getargspec`); other 3.11 breaks are reported.
 *
 * It reports every other `streamlit.*` module or name the app imports or uses that Streamlit no
 * longer has (`st.bokeh_chart`, `from streamlit.source_util import get_pages`), checked against a
 * table of Streamlit's API generated from the Streamlit wheel (data/streamlit-api/, api-table.ts);
 * version guards that test for a removed name (`if hasattr(st, "experimental_set_query_params"):`),
 * whose code stopped running; and uses through an `st` that is not provably Streamlit: bound to
 * Streamlit and to something else (`if LOCAL: import shim as st` / `else: import streamlit as st`),
 * or brought in by a star import of another module. An `st` that is provably something else
 * (`import my_widgets as st`) is not Streamlit, and is left alone.
 *
 * ## Why
 * The container runtime runs Streamlit 1.50 or newer on Python 3.11 only (runtime facts, sections 3
 * and 8); warehouse apps were often written for Streamlit 1.22-1.35 and Python 3.8-3.10, and fail
 * at the first removed name.
 *
 * ## Example
 *     from streamlit import experimental_rerun
 *     params = st.experimental_get_query_params()
 * becomes
 *     from streamlit import rerun
 *     params = {key: list(st.query_params.get_all(key)) for key in st.query_params}
 *
 * ## Fix safety
 * Renames, query parameters, `width` and the Python rewrites are exact. `st.cache` ->
 * `st.cache_data` is what Streamlit 1.36+ does with `st.cache` anyway, but apps written for older
 * versions get a copy of a pickled value where they got the object itself: each such rewrite is
 * also a manual step to check. Names that are not provably Streamlit's (a local object's
 * `.experimental_rerun`, a shadowed `st`, strings, comments) are never touched; a use that cannot
 * be converted exactly is reported and left as it is. The API table and the guards are reports
 * only: a removed name has no exact replacement, and which branch of a dead guard should run is
 * the app's to say.
 */
import { Transform } from '../../src/transform';
import { Context } from './context';
import { reportDeadGuards } from './guards';
import { rewriteMembers } from './members';
import { ABC_NAMES, rewritePython311 } from './python311';
import { reportRemovedApis } from './removed-api';
import { rewriteWidths } from './width';

/**
 * The words without which no rewrite here applies. The collections rewrites need an ABC name as
 * well as `collections` (as an imported name or an attribute), and most modules import
 * `collections` for other things: the ABC names are the words that decide.
 */
const WORDS = ['experimental_', 'beta_', 'use_container_width', 'use_column_width', ...ABC_NAMES, 'base64', 'coroutine',
  'getargspec', 'formatargspec', 'gcd', 'loop', 'Enum', 'Flag', 'sample'];
/**
 * The legacy `st.cache` is the one member here without a word of its own, and it only counts as a
 * whole name: `st.cache_data` and `st.cache_resource`, which the cache transform adds, are current
 * (their removed `experimental_allow_widgets` argument has its own word).
 */
const LEGACY_CACHE = /(?<![\p{ID_Continue}])cache(?![\p{ID_Continue}])/u;

export const streamlitApi: Transform = {
  name: 'streamlit-api',
  summary: 'Rewrite removed Streamlit APIs (experimental_*, beta_*, st.cache, query params, use_container_width) '
    + 'and Python 3.11 breaks',
  touches: '*.py',
  safe: false,
  python: {
    // Any module that imports streamlit may use a name Streamlit removed (removed-api.ts).
    mentions: [...WORDS, 'cache', 'streamlit'],
    mayHaveWork: (text) => WORDS.some((word) => text.includes(word)) || LEGACY_CACHE.test(text) || text.includes('streamlit'),
    visit(module, report) {
      const context = new Context(module, report);
      rewriteMembers(context);
      rewriteWidths(context);
      rewritePython311(context);
      reportRemovedApis(context);
      reportDeadGuards(context);
      context.edits.applyTo(module);
    },
  },
};
