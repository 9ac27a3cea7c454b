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
  if (!name || name.includes('<%') || isScriptedName(name)) return APP_NAME;
  return sqlObjectName(name) ?? APP_NAME;
}

/** `IDENTIFIER($app_name)`: a name its script sets when it runs, which a later script cannot write. */
export function isScriptedName(name: string): boolean {
  return /^IDENTIFIER\s*\(/i.test(name);
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
