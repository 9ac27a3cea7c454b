/**
 * A text check that proves a module holds nothing the cache transform caches, moves or reports,
 * before it is parsed (app.ts parses a module when this check, or its check for writes, lets it
 * through). A plain word list cannot prove it: 'collect' is there for `.collect()` and also
 * matches every `from collections import ...`.
 *
 * Why it is sound: the transform says something only about (a) a function with a Streamlit cache
 * decorator, (b) a function that runs a Snowflake operation itself, or (c) a module-level read.
 * (a) needs the decorator's member name: cache_data, cache_resource, cache, experimental_memo,
 * experimental_singleton, memo or singleton. (b) and (c) need pandas.read_sql*, write_pandas, or
 * a value that `ModuleFacts.kindOf` finds to be a session, connection, cursor, DataFrame, reader
 * or writer; every such kind comes from one of these origins, each spelled in the text:
 * - a name (`nameKind`, lower-cased): ...session, conn, con, cnx, connection, ..._conn,
 *   ..._connection, ..._cnx, cur, cursor, ..._cursor;
 * - a call: get_active_session, get_snowflake_session, st.connection, snowflake.connector,
 *   Session.builder;
 * - an annotation: Session, SnowflakeConnection, ...Cursor, a Snowpark DataFrame or Table;
 * - how a parameter is used (`parameterKind`): `.sql`, `.table`, `.create_dataframe`,
 *   `.table_function`, `.generator`, `.cursor`, `.execute`, `.fetch...`, `.to_pandas...`,
 *   `.collect`, `.collect_nowait`, `.to_local_iterator`, `.to_arrow_batches`;
 * and every other kind (a reader, a DataFrame from a session, ...) derives from one of those.
 * Keep this list in step with facts.ts when it learns a new origin.
 */

/** Substrings, case-insensitive where the analysis lower-cases names. */
const ORIGIN_SUBSTRINGS = /session|conn|cursor/i;
const NAME_SUBSTRINGS = /cache|memo|singleton|read_sql|write_pandas|snowpark/;
/** Whole names: `con` and `cur` alone (after leading underscores), `cnx` at a name's end. */
const SHORT_NAMES = /(?<![\p{ID_Continue}])_*(?:con|cur)(?![\p{ID_Continue}])|cnx(?![\p{ID_Continue}])/iu;
/** Methods whose use on a parameter tells what the parameter holds. */
const TELLING_METHODS = new RegExp('(?<![\\p{ID_Continue}])(?:sql|table|create_dataframe|table_function|generator|'
  + 'execute|fetch\\p{ID_Continue}*|to_pandas\\p{ID_Continue}*|collect|collect_nowait|to_local_iterator|to_arrow_batches)'
  + '(?![\\p{ID_Continue}])', 'u');

/** False when nothing in the text can make the cache transform cache, move or report anything. */
export function mayHaveWork(text: string): boolean {
  return ORIGIN_SUBSTRINGS.test(text) || NAME_SUBSTRINGS.test(text) || SHORT_NAMES.test(text)
    || TELLING_METHODS.test(text);
}
