/**
 * The SQL that gives a container-runtime app a package source (runtime facts, section 3): without
 * one it can use only the pre-installed packages. Snowflake's shared PyPI artifact repository is
 * the documented recommendation; a PyPI external access integration is the alternative.
 */

export const APP_PLACEHOLDER = '<app_name>';
const ROLE_PLACEHOLDER = '<app_owner_role>';

/** An app name as a SQL identifier; a templated or missing name becomes the placeholder. */
export function sqlIdentifier(name: string | undefined): string {
  if (!name || name.includes('<%')) return APP_PLACEHOLDER;
  if (/^[A-Za-z_][A-Za-z0-9_$]*$/.test(name) || /^"([^"]|"")+"$/.test(name)) return name;
  return `"${name.replace(/"/g, '""')}"`;
}

export function packageSourceSql(apps: string[]): string {
  const alter = (setting: string) => apps.map((app) => `ALTER STREAMLIT ${app} SET\n  ${setting};`);
  return [
    "-- Option A (recommended): Snowflake's shared PyPI artifact repository",
    `GRANT DATABASE ROLE SNOWFLAKE.PYPI_REPOSITORY_USER TO ROLE ${ROLE_PLACEHOLDER};`,
    ...alter('ARTIFACT_REPOSITORIES = (snowflake.snowpark.pypi_shared_repository)'),
    '',
    '-- Option B: an external access integration to PyPI (needs the CREATE INTEGRATION privilege)',
    'CREATE EXTERNAL ACCESS INTEGRATION pypi_access_integration',
    '  ALLOWED_NETWORK_RULES = (snowflake.external_access.pypi_rule)',
    '  ENABLED = TRUE;',
    `GRANT USAGE ON INTEGRATION pypi_access_integration TO ROLE ${ROLE_PLACEHOLDER};`,
    '-- SET replaces the list: also name any integration the app already uses.',
    ...alter('EXTERNAL_ACCESS_INTEGRATIONS = (pypi_access_integration)'),
  ].join('\n');
}
