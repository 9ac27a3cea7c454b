import { PackageSource, packageSourceAlternative, packageSourceSetting, packageSourceSetup } from '../../src/package-source';
import { APP_NAME } from '../../src/placeholders';

/**
 * The SQL that gives a container-runtime app a package source (runtime facts, section 3): without
 * one it can use only the pre-installed packages. Snowflake's shared PyPI artifact repository is
 * the documented recommendation; a PyPI external access integration is the alternative.
 */
import { sqlObjectName } from '../../src/sql';


/** An app name as SQL; a templated or missing name, or one that no quoting makes safe, becomes the placeholder. */
export function appNameSql(name: string | undefined): string {
  if (!name || name.includes('<%')) return APP_NAME;
  return sqlObjectName(name) ?? APP_NAME;
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

/** The package source's SQL for the apps: the chosen option live, the other as a comment. */
export function packageSourceSql(apps: string[], source: PackageSource): string {
  const setting = packageSourceSetting(source);
  const clause = setting.artifactRepository
    ? `ARTIFACT_REPOSITORIES = (${setting.artifactRepository})`
    : `EXTERNAL_ACCESS_INTEGRATIONS = (${setting.integration})`;
  return [
    ...packageSourceSetup(source),
    ...(setting.integration ? ['-- SET replaces the list: also name any integration the app already uses.'] : []),
    ...apps.map((app) => `ALTER STREAMLIT ${app} SET\n  ${clause};`),
    ...packageSourceAlternative(source),
  ].join('\n');
}
