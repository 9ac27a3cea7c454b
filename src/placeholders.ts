/**
 * The placeholders stcodemod writes where it cannot know a value, in one spelling everywhere
 * (snowflake.yml, SQL scripts, migration.sql, manual steps): `<UPPER_CASE>`, so that a user can
 * find every one of them with one search, and a re-run with the option that names the value
 * (`--compute-pool`, `--query-warehouse`, `--app-name`) fills each in.
 */
export const APP_NAME = '<APP_NAME>';
export const APP_OWNER_ROLE = '<APP_OWNER_ROLE>';
export const COMPUTE_POOL = '<COMPUTE_POOL>';
export const QUERY_WAREHOUSE = '<QUERY_WAREHOUSE>';
export const DATABASE = '<DATABASE>';
export const SCHEMA = '<SCHEMA>';
/** The schema of the app's own objects (its Streamlit object, procedures and secrets). */
export const APP_SCHEMA = '<APP_DATABASE>.<APP_SCHEMA>';
/** The external access integration that allows the secrets the app reads. */
export const SECRETS_INTEGRATION = '<SECRETS_INTEGRATION>';

/** The Snowflake secret bound to a name the app reads with st.secrets: `<API_TOKEN_SECRET>`. */
export function secretPlaceholder(name: string): string {
  return `<${name.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '')}_SECRET>`;
}

/** True for a value that is one of stcodemod's placeholders, not a name. */
export function isPlaceholder(value: string | undefined): boolean {
  return value !== undefined && /^<[A-Z][A-Z0-9_.<>]*>$/.test(value);
}

/** Every placeholder of a text. */
export function placeholdersIn(text: string): string[] {
  return [...new Set(text.match(/<[A-Z][A-Z0-9_]*>/g) ?? [])];
}
