/**
 * The `ttl` every new `@st.cache_data` gets. Ten minutes by default: long enough that reruns and
 * concurrent viewers share one query, short enough that a viewer never sees data much older than
 * on the warehouse runtime, where each viewer session had its own cache (see the README).
 */
export const DEFAULT_TTL_SECONDS = 600;

/** Units that pandas.Timedelta (which st.cache_data uses to read a ttl string) understands. */
const UNIT = '(?:days?|d|hours?|hr|h|minutes?|min|m|seconds?|sec|s)';
const DURATION = new RegExp(`^(?:\\d+(?:\\.\\d+)?\\s*${UNIT}\\s*)+$`, 'i');

/**
 * The Python text of the `ttl` argument for a `--cache-ttl` value: a number of seconds (`600`,
 * `1.5`) is written as a number, a duration (`10m`, `1h30m`, `2 hours`) as a string. Returns
 * undefined for anything else, so that a typo never reaches the app, where st.cache_data would
 * only reject it when the page runs.
 */
export function ttlArgument(flag: string | undefined): string | undefined {
  if (flag === undefined) return String(DEFAULT_TTL_SECONDS);
  const value = flag.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) > 0 ? value : undefined;
  if (DURATION.test(value) && /[1-9]/.test(value)) return JSON.stringify(value);
  return undefined;
}
