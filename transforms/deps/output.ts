/**
 * Writing the converted requirements: into the folder's requirements.txt or pyproject.toml,
 * merged into what is there, or into a new file.
 */
import * as fs from 'node:fs';
import { join as joinPath } from 'node:path';
import * as posix from 'node:path/posix';
import { StreamlitApp } from '../../src/inventory';
import { holdsPypiDependencies } from '../../src/inventory/python-code';
import { canonicalName, Requirement, requirementKey } from '../../src/pep508';
import { Project } from '../../src/project';
import { LineEnding, withLineEnding } from '../../src/text-file';
import { tomlError } from '../../src/toml-edit';
import { Reporter } from '../../src/transform';
import { raiseStreamlit, reportRuleChanges, RuleChange } from './container-rules';
import { admitsContainerPython, CONTAINER_PYTHON, Conversion } from './convert';
import { ExistingRequirement, lineOf, MergePlan, planMerge } from './merge';
import { newPyproject, readPyproject, updatePyproject } from './pyproject';
import { appendLines, readRequirements } from './requirements';

export const FORMATS = ['requirements', 'pyproject'] as const;
export type Format = (typeof FORMATS)[number];

export interface Written {
  path: string;
  /** Every requirement the file lists now, at its offset in its final text. */
  requirements: ExistingRequirement[];
  /** What became of each converted requirement: added, already there, in conflict, not written. */
  plan: MergePlan;
  /** The file's own Streamlit pins that were too old, raised (and reported) before the merge. */
  raised: RuleChange[];
}

export interface Target {
  environment: string;
  conversion: Conversion;
  forced: Format | undefined;
  requirementsPath: string;
  pyprojectPath: string;
  app: StreamlitApp | undefined;
  eol: LineEnding;
}

/**
 * Writes the converted requirements into the folder's dependency file. The container runtime
 * reads requirements.txt before pyproject.toml, so when both exist requirements.txt is the one
 * that matters. Returns undefined (reported, nothing changed) when the file cannot be updated.
 */
export function writeDependencies(project: Project, target: Target, report: Reporter): Written | undefined {
  const { conversion, requirementsPath, pyprojectPath } = target;
  let format: Format = target.forced ?? (project.has(requirementsPath) || !project.has(pyprojectPath) ? 'requirements' : 'pyproject');
  if (format === 'pyproject' && project.has(pyprojectPath) && !holdsPypiDependencies(project.read(pyprojectPath)?.text)) {
    format = 'requirements';
    report.info({
      code: 'package-pyproject',
      message: 'pyproject.toml is a Poetry project or a package build, which a `[project]` table from conda would contradict: '
        + 'wrote requirements.txt instead, which the container runtime reads first',
      path: pyprojectPath,
    });
  }
  if (format === 'pyproject' && project.has(pyprojectPath)) {
    const raised = raiseAndReport(project, pyprojectPath, report);
    const text = project.read(pyprojectPath)?.text;
    if (text === undefined) return undefined;
    const pyproject = readPyproject(text);
    if ('message' in pyproject) {
      report.error({ code: 'invalid-pyproject', message: `pyproject.toml cannot be updated: ${pyproject.message}; ${posix.basename(target.environment)} left unchanged`, path: pyprojectPath, offset: pyproject.offset });
      return undefined;
    }
    if (pyproject.dynamic.includes('dependencies')) {
      if (target.forced) {
        report.error({ code: 'dynamic-dependencies', message: `pyproject.toml declares \`dependencies\` dynamic, so it cannot list them; ${posix.basename(target.environment)} left unchanged (use --deps-format requirements)`, path: pyprojectPath });
        return undefined;
      }
      format = 'requirements';
    } else {
      return writePyproject(project, target, pyproject.requirements, raised, report);
    }
  }
  const creating = format === 'pyproject' ? pyprojectPath : requirementsPath;
  if (!project.has(creating) && fs.existsSync(joinPath(project.root, creating))) {
    // The run was given single files, or the file is git-ignored: it exists, but not for this run.
    report.error({
      code: 'target-outside-run',
      message: `${posix.basename(creating)} exists but is not among the files of this run (git-ignored, or the run was given single files); run deps on the folder; ${posix.basename(target.environment)} left unchanged`,
      path: target.environment,
    });
    return undefined;
  }
  if (format === 'pyproject') return writePyproject(project, target, undefined, [], report);

  const raised = project.has(requirementsPath) ? raiseAndReport(project, requirementsPath, report) : [];
  const existingText = project.has(requirementsPath) ? project.read(requirementsPath)?.text : '';
  if (existingText === undefined) return undefined;
  const plan = planMerge(readRequirements(existingText), conversion.requirements);
  const lines = plan.add.map(lineOf);
  if (project.has(requirementsPath)) {
    const edit = project.edit(requirementsPath);
    appendLines(edit, lines);
    project.commit(requirementsPath, edit);
  } else if (lines.length > 0) {
    project.write(requirementsPath, withLineEnding(`${lines.join('\n')}\n`, target.eol), target.eol);
  }
  const finalText = project.has(requirementsPath) ? project.read(requirementsPath)!.text : '';
  return { path: requirementsPath, requirements: readRequirements(finalText), plan, raised };
}

/**
 * The file's own Streamlit lines follow the runtime's rule before anything is merged in, so that
 * the merge compares converted pins with what the file will say. Reported at once, while the
 * offsets are those of the file's current text.
 */
function raiseAndReport(project: Project, path: string, report: Reporter): RuleChange[] {
  const raised = raiseStreamlit(project, path);
  reportRuleChanges(path, raised, report);
  return raised;
}

function writePyproject(project: Project, target: Target, existing: ExistingRequirement[] | undefined, raised: RuleChange[],
  report: Reporter): Written | undefined {
  const { conversion, pyprojectPath } = target;
  const plan = planMerge(existing ?? [], conversion.requirements);
  const update = {
    add: plan.add.map(lineOf),
    requiresPython: conversion.requiresPython,
    admitsContainerPython,
    projectName: projectName(conversion.environmentName, target.app, target.environment),
  };
  let finalText: string;
  if (existing === undefined) {
    finalText = withLineEnding(newPyproject(update), target.eol);
    project.write(pyprojectPath, finalText, target.eol);
    report.info({ code: 'pyproject-created', message: `created pyproject.toml with \`requires-python = "${update.requiresPython}"\`; the container runtime needs its \`name\` and \`version\``, path: pyprojectPath, offset: 0 });
  } else {
    const edit = project.edit(pyprojectPath);
    const pyproject = readPyproject(edit.original);
    if ('message' in pyproject) return undefined;
    const changes = updatePyproject(edit, pyproject, update);
    finalText = edit.toString();
    const problem = verifyPyproject(finalText, [...pyproject.requirements.map((r) => r.requirement), ...plan.add.map((e) => e.requirement)]);
    if (problem) {
      report.error({ code: 'pyproject-edit-failed', message: `could not add the dependencies to pyproject.toml (${problem}); ${posix.basename(target.environment)} left unchanged; please report this as a bug`, path: pyprojectPath });
      return undefined;
    }
    project.commit(pyprojectPath, edit);
    reportPyprojectChanges(changes, update.requiresPython, pyprojectPath, finalText, report);
  }
  const reread = readPyproject(finalText);
  const requirements = 'message' in reread ? [] : reread.requirements;
  return { path: pyprojectPath, requirements, plan, raised };
}

/** The edited pyproject.toml must parse and list exactly the requirements it should. */
function verifyPyproject(text: string, expected: Requirement[]): string | undefined {
  const invalid = tomlError(text);
  if (invalid) return `the result is not valid TOML: ${invalid.message}`;
  const reread = readPyproject(text);
  if ('message' in reread) return reread.message;
  const keys = (list: Requirement[]) => list.map(requirementKey).sort().join('\n');
  return keys(reread.requirements.map((r) => r.requirement)) === keys(expected) ? undefined : 'the dependencies read back differ';
}

function reportPyprojectChanges(changes: ReturnType<typeof updatePyproject>, requiresPython: string, path: string, text: string,
  report: Reporter): void {
  const at = (key: string) => Math.max(0, text.search(new RegExp(`^[ \\t]*${key}[ \\t]*=`, 'm')));
  const projectTable = Math.max(0, text.search(/^[ \t]*\[[ \t]*project[ \t]*\]/m));
  if (changes.createdProject) {
    report.info({ code: 'project-table-added', message: 'added a `[project]` table: the container runtime reads dependencies from there, and needs its `name` and `version`', path, offset: projectTable });
  }
  if (changes.replacedRequiresPython !== undefined) {
    report.manual({
      code: 'requires-python',
      message: `\`requires-python = "${changes.replacedRequiresPython}"\` excluded Python ${CONTAINER_PYTHON}, the only version the container runtime has: replaced with \`${requiresPython}\`; check that the app works on ${CONTAINER_PYTHON}`,
      path,
      offset: at('requires-python'),
    });
  } else if (changes.addedRequiresPython) {
    report.info({ code: 'requires-python', message: `set \`requires-python = "${requiresPython}"\` (the container runtime runs Python ${CONTAINER_PYTHON})`, path, offset: at('requires-python') });
  }
  if (changes.missingFields.length > 0) {
    report.manual({
      code: 'project-fields',
      message: `\`[project]\` has no ${changes.missingFields.map((field) => `\`${field}\``).join(' or ')}, which the container runtime requires in pyproject.toml: add ${changes.missingFields.length === 1 ? 'it' : 'them'}`,
      path,
      offset: projectTable,
    });
  }
}

/** The `[project] name` for a pyproject.toml that has to be created. */
function projectName(environmentName: string | undefined, app: StreamlitApp | undefined, environment: string): string {
  const folder = posix.basename(posix.dirname(environment));
  for (const candidate of [environmentName, app?.name, folder === '.' ? undefined : folder]) {
    const name = candidate && canonicalName(candidate.replace(/[^A-Za-z0-9._-]+/g, '-')).replace(/^-+|-+$/g, '');
    if (name) return name;
  }
  return 'streamlit-app';
}

