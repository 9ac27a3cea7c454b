/**
 * The SQL that gives a container-runtime app a package source (runtime facts, section 3): without
 * one it can use only the pre-installed packages. Snowflake's shared PyPI artifact repository is
 * the documented recommendation; a PyPI external access integration is the alternative.
 */
import { sqlObjectName } from '../../src/sql';

export const APP_PLACEHOLDER = '<app_name>';
const ROLE_PLACEHOLDER = '<app_owner_role>';

/** An app name as SQL; a templated or missing name, or one that no quoting makes safe, becomes the placeholder. */
export function appNameSql(name: string | undefined): string {
  if (!name || name.includes('<%')) return APP_PLACEHOLDER;
  return sqlObjectName(name) ?? APP_PLACEHOLDER;
}

/**
 * Inside a Snowflake Native App the Streamlit object is created by the setup script in the
 * consumer's account, so the package source must be created there too: a network rule, an
 * external access integration and an app specification the consumer approves (runtime facts,
 * section 7; the manifest needs the CREATE EXTERNAL ACCESS INTEGRATION privilege).
 */
export function nativeAppPackageSourceSql(): string {
  return [
    '-- In the setup script; the manifest must request CREATE EXTERNAL ACCESS INTEGRATION.',
    '-- <schema> is the app schema that holds the Streamlit object.',
    'CREATE OR REPLACE NETWORK RULE <schema>.pypi_network_rule',
    '  MODE = EGRESS TYPE = HOST_PORT',
    "  VALUE_LIST = ('pypi.org', 'files.pythonhosted.org');",
    'CREATE OR REPLACE EXTERNAL ACCESS INTEGRATION <schema>.pypi_eai',
    '  ALLOWED_NETWORK_RULES = (<schema>.pypi_network_rule)',
    '  ENABLED = TRUE;',
    'ALTER APPLICATION SET SPECIFICATION pypi_access',
    "  TYPE = EXTERNAL_ACCESS LABEL = 'PyPI' DESCRIPTION = 'Install the app''s Python packages'",
    "  HOST_PORTS = ('pypi.org', 'files.pythonhosted.org');",
    '-- and on CREATE STREAMLIT: EXTERNAL_ACCESS_INTEGRATIONS = (<schema>.pypi_eai)',
  ].join('\n');
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
