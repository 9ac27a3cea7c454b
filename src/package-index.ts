/**
 * Whether an app's dependency file needs a package index (runtime facts, section 3): without
 * one, the container runtime has only its pre-installed packages and files shipped with the
 * app, and even a version specifier on a pre-installed package needs an index. Standalone apps
 * and Native App Streamlits follow the same rules (the runtime and native-app transforms, the plan).
 */
import * as IarnaToml from '@iarna/toml';
import { Project } from './project';

/** Pre-installed in the container image (Snowflake names these three; the full list is UNCONFIRMED). */
const PREINSTALLED = new Set(['streamlit', 'snowflake-snowpark-python']);

export function needsPackageIndex(project: Project, dependencyFile: string): boolean {
  return requirementsOf(project, dependencyFile).some((requirement) => {
    const local = /^(\.{1,2}\/|\/|file:)/.test(requirement) || /\.whl$/.test(requirement);
    if (local) return false;
    const name = requirement.match(/^([A-Za-z0-9][A-Za-z0-9._-]*)/)?.[1]?.toLowerCase().replace(/[._]+/g, '-');
    const rest = requirement.slice(name?.length ?? 0).replace(/^\s*\[[^\]]*\]/, '').trim();
    return !name || !PREINSTALLED.has(name) || rest !== '';
  });
}

/** The requirement strings of a requirements.txt or pyproject.toml ([project].dependencies). */
export function requirementsOf(project: Project, dependencyFile: string): string[] {
  const text = project.read(dependencyFile)?.text ?? '';
  if (dependencyFile.endsWith('pyproject.toml')) {
    try {
      const parsed = IarnaToml.parse(text) as { project?: { dependencies?: unknown } };
      const dependencies = parsed.project?.dependencies;
      return Array.isArray(dependencies) ? dependencies.map(String) : [];
    } catch {
      return [];
    }
  }
  return text.split(/\r?\n/)
    .map((line) => line.replace(/(^|\s)#.*$/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('-'));
}
