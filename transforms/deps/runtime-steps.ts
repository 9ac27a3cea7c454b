/**
 * What the Snowflake side and the user must do once the dependency file is written: keep
 * requirements.txt and pyproject.toml in agreement, and give the app a package source.
 */
import { packageSourceOf, PYPI_INTEGRATION } from '../../src/package-source';
import { APP_NAME } from '../../src/placeholders';
import * as posix from 'node:path/posix';
import { StreamlitApp } from '../../src/inventory';
import { canonicalName, requirementKey } from '../../src/pep508';
import { Project } from '../../src/project';
import { Reporter } from '../../src/transform';
import { PREINSTALLED } from './convert';
import { ExistingRequirement } from './merge';
import { Written } from './output';
import { readPyproject } from './pyproject';
import { readRequirements } from './requirements';
import { appNameSql, isScriptedName, packageSourceSql } from './sql';

/**
 * With both files in one folder the container runtime reads requirements.txt and ignores
 * pyproject.toml; uv and other tools read pyproject.toml. They must not say different things.
 */
export function checkAgreement(project: Project, requirementsPath: string, pyprojectPath: string, report: Reporter): void {
  if (!project.has(requirementsPath) || !project.has(pyprojectPath)) return;
  const requirementsText = project.read(requirementsPath)?.text;
  const pyprojectText = project.read(pyprojectPath)?.text;
  if (requirementsText === undefined || pyprojectText === undefined) return;
  const pyproject = readPyproject(pyprojectText);
  if ('message' in pyproject || !pyproject.project || pyproject.dynamic.includes('dependencies')) return;
  const index = (list: ExistingRequirement[]) => new Map(list.map((entry) => [canonicalName(entry.requirement.name), entry.requirement]));
  const listed = index(readRequirements(requirementsText));
  const declared = index(pyproject.requirements);
  const onlyListed = [...listed.keys()].filter((name) => !declared.has(name));
  const onlyDeclared = [...declared.keys()].filter((name) => !listed.has(name));
  const different = [...listed.keys()].filter((name) => declared.has(name)
    && requirementKey(listed.get(name)!) !== requirementKey({ ...declared.get(name)!, name: listed.get(name)!.name }));
  if (onlyListed.length + onlyDeclared.length + different.length === 0) return;
  const parts = [
    onlyListed.length > 0 ? `only in requirements.txt: ${onlyListed.join(', ')}` : '',
    onlyDeclared.length > 0 ? `only in pyproject.toml: ${onlyDeclared.join(', ')}` : '',
    different.length > 0 ? `different versions: ${different.join(', ')}` : '',
  ].filter(Boolean);
  report.manual({
    code: 'files-disagree',
    message: `requirements.txt and pyproject.toml in ${posix.dirname(pyprojectPath) === '.' ? 'the target' : posix.dirname(pyprojectPath)} list different dependencies (${parts.join('; ')}); the container runtime reads only requirements.txt when both are in one folder: make them agree, or delete the one you do not use`,
    path: pyprojectPath,
    offset: pyproject.project.range[0],
  });
}

/**
 * Anything beyond the pre-installed packages, or any version pin at all, needs a package source
 * on the Snowflake side; a direct URL needs network access to its host.
 */
export function reportPackageSource(written: Written, owners: StreamlitApp[], nativeApp: boolean,
  packageSourceFlag: string | undefined, runApps: StreamlitApp[], report: Reporter): void {
  const needs = written.requirements.filter(({ requirement }) =>
    requirement.specifier !== '' || requirement.url !== undefined || !PREINSTALLED.has(canonicalName(requirement.name)));
  if (needs.length === 0) return;
  for (const { requirement, offset } of needs) {
    if (requirement.url === undefined) continue;
    const host = hostOf(requirement.url);
    report.manual({
      code: 'url-source',
      message: `\`${requirement.name}\` installs from ${host ? `\`${host}\`` : 'a URL'}, which neither the PyPI artifact repository nor the PyPI network rule reaches: allow ${host ? `\`${host}\`` : 'that host'} in a network rule of an external access integration on the app`,
      path: written.path,
      offset,
    });
  }
  const fromIndex = needs.filter(({ requirement }) => requirement.url === undefined);
  if (fromIndex.length === 0) return;
  const shown = fromIndex.slice(0, 4).map(({ text }) => `\`${text}\``).join(', ') + (fromIndex.length > 4 ? `, and ${fromIndex.length - 4} more` : '');
  if (nativeApp) {
    // The native-app transform gives the setup script the package source, or reports why it cannot.
    report.info({
      code: 'package-source',
      message: `the container runtime can install ${shown} only from a package source; in a Native App the setup script creates it (a PyPI network rule, an external access integration on the Streamlit and an app specification the consumer approves), as the native-app transform does`,
      path: written.path,
    });
    return;
  }
  const names = owners.map((owner) => appNameSql(owner.name));
  const appNames = names.length > 0 ? [...new Set(names)] : [appNameSql(undefined)];
  const scripted = owners.find((owner) => owner.name && isScriptedName(owner.name));
  const unnamed = !appNames.includes(APP_NAME) ? ''
    : scripted ? ` (the app's name is ${scripted.name}, known only when its script runs)`
    : owners.some((owner) => owner.name && !owner.name.includes('<%') && appNameSql(owner.name) === APP_NAME)
      ? ' (the app\'s name in snowflake.yml cannot be written as a Snowflake identifier)'
      : ' (the app\'s name was not found in a snowflake.yml or SQL script)';
  const source = packageSourceOf(packageSourceFlag, runApps);
  const how = source === 'artifact-repository' ? 'Snowflake\'s PyPI artifact repository' : `the external access integration ${PYPI_INTEGRATION} to PyPI`;
  report.manual({
    code: 'package-source',
    message: `the container runtime can install ${shown} only from a package source: attach ${how} to ${appNames.join(', ')}`
      + `${unnamed}; \`--package-source\` chooses the other option`,
    path: written.path,
    snippet: packageSourceSql(appNames, source),
  });
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url.replace(/^[a-z]+\+/i, '')).hostname || undefined;
  } catch {
    return undefined;
  }
}

