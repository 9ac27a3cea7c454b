/**
 * Where a container-runtime app installs its packages from (runtime facts, section 3): without a
 * package source it can use only the packages of the container image. Snowflake recommends its
 * shared PyPI artifact repository; an external access integration to PyPI is the alternative.
 * `--package-source` chooses; the SQL of the other option is written as a comment, so that a
 * script runs one of them only.
 */
import { StreamlitApp } from './inventory/model';
import { APP_OWNER_ROLE } from './placeholders';

export type PackageSource = 'artifact-repository' | 'pypi-integration';
export const PACKAGE_SOURCES: readonly PackageSource[] = ['artifact-repository', 'pypi-integration'];

/** The integration migration.sql creates and snowflake.yml lists. */
export const PYPI_INTEGRATION = 'PYPI_ACCESS_INTEGRATION';
export const ARTIFACT_REPOSITORY = 'snowflake.snowpark.pypi_shared_repository';

/**
 * The option a run uses, one for all its apps so that migration.sql runs one of them: the one asked
 * for, else the artifact repository, unless an app is deployed from snowflake.yml. snowflake.yml has
 * no field for artifact repositories (Snowflake CLI's entity model; UNCONFIRMED for versions after
 * 3.24), and `snow streamlit deploy --replace` before CLI 3.21 re-creates the app without what
 * migration.sql attached to it: an integration listed in snowflake.yml survives every deploy.
 */
export function packageSourceOf(flag: string | undefined, apps: readonly StreamlitApp[]): PackageSource {
  if (flag === 'artifact-repository' || flag === 'pypi-integration') return flag;
  return apps.some((app) => app.definition !== undefined) ? 'pypi-integration' : 'artifact-repository';
}

/** The statements that make the source usable by the app's owner role, run once per account. */
export function packageSourceSetup(source: PackageSource): string[] {
  return source === 'artifact-repository' ? artifactRepositorySetup() : pypiIntegrationSetup();
}

/** The other option, each line a comment, for a user who prefers it. */
export function packageSourceAlternative(source: PackageSource): string[] {
  const other: PackageSource = source === 'artifact-repository' ? 'pypi-integration' : 'artifact-repository';
  const how = other === 'artifact-repository'
    ? `and in the ALTER STREAMLIT below: ARTIFACT_REPOSITORIES = (${ARTIFACT_REPOSITORY}) instead of ${PYPI_INTEGRATION}`
    : `and in the ALTER STREAMLIT below: ${PYPI_INTEGRATION} in EXTERNAL_ACCESS_INTEGRATIONS instead of ARTIFACT_REPOSITORIES`;
  return [`-- Or (--package-source ${other}):`, ...packageSourceSetup(other).map((line) => `--   ${line}`), `--   ${how}`];
}

/** What the app's `ALTER STREAMLIT ... SET` gains: an artifact repository, or an integration to add to its list. */
export function packageSourceSetting(source: PackageSource): { artifactRepository?: string; integration?: string } {
  return source === 'artifact-repository' ? { artifactRepository: ARTIFACT_REPOSITORY } : { integration: PYPI_INTEGRATION };
}

function artifactRepositorySetup(): string[] {
  return [`GRANT DATABASE ROLE SNOWFLAKE.PYPI_REPOSITORY_USER TO ROLE ${APP_OWNER_ROLE};`];
}

function pypiIntegrationSetup(): string[] {
  return [
    `CREATE EXTERNAL ACCESS INTEGRATION IF NOT EXISTS ${PYPI_INTEGRATION}`,
    '  ALLOWED_NETWORK_RULES = (snowflake.external_access.pypi_rule)',
    '  ENABLED = TRUE;',
    `GRANT USAGE ON INTEGRATION ${PYPI_INTEGRATION} TO ROLE ${APP_OWNER_ROLE};`,
  ];
}
