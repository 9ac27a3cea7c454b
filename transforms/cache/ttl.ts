/**
 * The `ttl` every new `@st.cache_data` gets. Ten minutes by default: long enough that reruns and
 * concurrent viewers share one query, short enough that a viewer never sees data much older than
 * on the warehouse runtime, where each viewer session had its own cache (see the README).
 */
export const DEFAULT_TTL_SECONDS = 600;

/** Units that pandas.Timedelta (which st.cache_data uses to read a ttl string) understands, in seconds. */
const UNIT_SECONDS: [RegExp, number][] = [[/^d/i, 86400], [/^h/i, 3600], [/^m/i, 60], [/^s/i, 1]];
const UNIT = '(?:days?|d|hours?|hr|h|minutes?|min|m|seconds?|sec|s)';
const DURATION = new RegExp(`^(?:\\d+(?:\\.\\d+)?\\s*${UNIT}\\s*)+$`, 'i');
const DURATION_PART = new RegExp(`(\\d+(?:\\.\\d+)?)\\s*(${UNIT})`, 'gi');
/**
 * The longest ttl written: pandas.Timedelta holds at most 2**63 - 1 nanoseconds (about 292 years),
 * and st.cache_data rejects a longer duration string when the page runs.
 */
export const MAX_TTL_SECONDS = 9_223_372_036;

/**
 * The Python text of the `ttl` argument for a `--cache-ttl` value: a number of seconds (`600`,
 * `1.5`) is written as a number, a duration (`10m`, `1h30m`, `2 hours`) as a string. Returns
 * undefined for anything else, so that a typo never reaches the app, where st.cache_data would
 * only reject it when the page runs.
 */
export function ttlArgument(flag: string | undefined): string | undefined {
  if (flag === undefined) return String(DEFAULT_TTL_SECONDS);
  const value = flag.trim();
  const seconds = secondsOf(value);
  if (seconds === undefined || seconds <= 0 || seconds > MAX_TTL_SECONDS) return undefined;
  return /^\d+(\.\d+)?$/.test(value) ? value : JSON.stringify(value);
}

/** Why a `--cache-ttl` value is refused, or undefined when `ttlArgument` takes it. */
export function ttlProblem(flag: string): string | undefined {
  if (ttlArgument(flag) !== undefined) return undefined;
  const seconds = secondsOf(flag.trim());
  if (seconds !== undefined && seconds > MAX_TTL_SECONDS) {
    return `is longer than st.cache_data accepts (${MAX_TTL_SECONDS} seconds, about 292 years)`;
  }
  return 'is not a number of seconds above 0 (600) or a duration (10m, 1h, 1d)';
}

/** The seconds a number or a duration stands for, or undefined for anything else. */
function secondsOf(value: string): number | undefined {
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value);
  if (!DURATION.test(value)) return undefined;
  let seconds = 0;
  for (const [, amount, unit] of value.matchAll(DURATION_PART)) {
    seconds += Number(amount) * UNIT_SECONDS.find(([pattern]) => pattern.test(unit))![1];
  }
  return seconds;
}
