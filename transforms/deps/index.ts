/**
 * # deps
 *
 * ## What it does
 * Converts every conda `environment.yml` / `environment.yaml` into the PyPI dependency file of
 * its folder: `[project] dependencies` of an existing `pyproject.toml`, else `requirements.txt`
 * (`--deps-format` forces one). Names go through the shipped conda -> PyPI table (`pytorch` ->
 * `torch`), versions through conda's MatchSpec rules (`pandas=2.1` -> `pandas==2.1.*`), `pip:`
 * entries stay as they are. Existing files are merged into, never rewritten. The environment file
 * is then deleted, and a snowflake.yml artifact that named it names the new file.
 *
 * ## Why
 * The warehouse runtime installs conda packages from `environment.yml`; the container runtime
 * installs PyPI packages with uv from `requirements.txt` or `pyproject.toml`, and ignores
 * `environment.yml` (runtime facts, section 3). Names and version syntax differ between the two.
 *
 * ## Example
 *     dependencies: [python=3.11, streamlit=1.26.0, pytorch=2.1, pandas>=2,<3]
 * becomes requirements.txt
 *     streamlit>=1.50
 *     torch==2.1.*
 *     pandas>=2,<3
 * and a manual step with the SQL that attaches a package source (PyPI) to the app.
 *
 * ## Fix safety
 * Needs review. Renames and version translations are exact where the docs say so; everything
 * that is not (dropped packages, build strings, OR specs, raised Streamlit, Python other than
 * 3.11, conflicting pins, pip options) is reported. An environment file that does not parse, or
 * whose output could not be written, is left in place.
 */
import * as fs from 'node:fs';
import { join as joinPath } from 'node:path';
import * as posix from 'node:path/posix';
import { appOf, findApps, StreamlitApp } from '../../src/apps';
import { canonicalName, Requirement, requirementKey } from '../../src/pep508';
import { Project } from '../../src/project';
import { withLineEnding } from '../../src/text-file';
import { tomlError } from '../../src/toml-edit';
import { Reporter, Transform } from '../../src/transform';
import { admitsContainerPython, CONTAINER_PYTHON, Conversion, convertEnvironment, PREINSTALLED } from './convert';
import { retargetDefinition } from './definition';
import { ExistingRequirement, lineOf, MergePlan, planMerge } from './merge';
import { Note } from './notes';
import { newPyproject, readPyproject, updatePyproject } from './pyproject';
import { appendLines, readRequirements } from './requirements';
import { nativeAppPackageSourceSql, packageSourceSql, sqlIdentifier } from './sql';

const ENVIRONMENT_FILES = new Set(['environment.yml', 'environment.yaml']);
const FORMATS = ['requirements', 'pyproject'] as const;
type Format = (typeof FORMATS)[number];

export const deps: Transform = {
  name: 'deps',
  summary: 'Convert conda environment.yml to requirements.txt or pyproject.toml (PyPI) for the container runtime',
  touches: 'environment.yml, requirements.txt, pyproject.toml, snowflake.yml',
  safe: false,
  flags: [{
    name: 'deps-format',
    value: 'requirements|pyproject',
    description: 'the file deps writes (default: requirements.txt, or pyproject.toml when the folder has only that)',
  }],
  project(project, report, options) {
    const format = options.flags['deps-format'];
    if (format !== undefined && !(FORMATS as readonly string[]).includes(format)) {
      report.error({ code: 'invalid-format', message: `--deps-format must be \`requirements\` or \`pyproject\`, not \`${format}\`; nothing was converted` });
      return;
    }
    const environments = project.paths().filter((path) => ENVIRONMENT_FILES.has(posix.basename(path)));
    if (environments.length === 0) return;
    const apps = findApps(project);
    for (const environment of environments) convertFile(project, environment, apps, format as Format | undefined, report);
  },
};

interface Written {
  path: string;
  /** Every requirement the file lists now, at its offset in its final text. */
  requirements: ExistingRequirement[];
  conflicts: MergePlan['conflicts'];
}

function convertFile(project: Project, environment: string, apps: StreamlitApp[], forced: Format | undefined, report: Reporter): void {
  const source = project.read(environment);
  if (!source) return;
  const fileName = posix.basename(environment);
  const conversion = convertEnvironment(source.text);
  if ('message' in conversion) {
    report.error({ code: 'invalid-environment', message: `${fileName} ${conversion.message}; left unchanged`, path: environment, offset: conversion.offset });
    return;
  }
  const folder = posix.dirname(environment) === '.' ? '' : posix.dirname(environment);
  const requirementsPath = posix.join(folder, 'requirements.txt');
  const pyprojectPath = posix.join(folder, 'pyproject.toml');
  const app = appOf(apps, environment);
  const written = writeDependencies(project, { environment, conversion, forced, requirementsPath, pyprojectPath, app, eol: source.eol }, report);
  if (!written) return;

  if (!conversion.keep) project.delete(environment);
  const deploying = retargetArtifacts(project, apps, environment, project.has(written.path) ? written.path : undefined, report);
  const lines = lineOffsets(written);
  reportNotes(conversion.notes, environment, written.path, lines, report);
  for (const { existing, incoming } of written.conflicts) {
    report.manual({
      code: 'conflicting-pin',
      message: `${posix.basename(written.path)} already has \`${existing.text}\`, and ${fileName} asked for \`${lineOf(incoming)}\` (from \`${incoming.source}\`): kept the existing requirement; reconcile the two by hand`,
      path: written.path,
      offset: lines.get(canonicalName(existing.requirement.name)),
    });
  }
  if (!project.has(written.path)) {
    report.info({ code: 'nothing-to-install', message: `${fileName} lists nothing beyond what the container runtime pre-installs, so no dependency file was written`, path: environment });
  }
  checkAgreement(project, requirementsPath, pyprojectPath, report);
  const owners = deploying.length > 0 ? deploying : apps.filter((candidate) => app && candidate.root === app.root);
  reportPackageSource(written, owners, nativeAppManifest(project, folder), report);
}

interface Target {
  environment: string;
  conversion: Conversion;
  forced: Format | undefined;
  requirementsPath: string;
  pyprojectPath: string;
  app: StreamlitApp | undefined;
  eol: '\n' | '\r\n' | '\r';
}

/**
 * Writes the converted requirements into the folder's dependency file. The container runtime
 * reads requirements.txt before pyproject.toml, so when both exist requirements.txt is the one
 * that matters. Returns undefined (reported, nothing changed) when the file cannot be updated.
 */
function writeDependencies(project: Project, target: Target, report: Reporter): Written | undefined {
  const { conversion, requirementsPath, pyprojectPath } = target;
  let format: Format = target.forced ?? (project.has(requirementsPath) || !project.has(pyprojectPath) ? 'requirements' : 'pyproject');
  if (format === 'pyproject' && project.has(pyprojectPath)) {
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
      return writePyproject(project, target, pyproject.requirements, report);
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
  if (format === 'pyproject') return writePyproject(project, target, undefined, report);

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
  return { path: requirementsPath, requirements: readRequirements(finalText), conflicts: plan.conflicts };
}

function writePyproject(project: Project, target: Target, existing: ExistingRequirement[] | undefined, report: Reporter): Written | undefined {
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
  return { path: pyprojectPath, requirements, conflicts: plan.conflicts };
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

/** Updates every snowflake.yml entry that named the environment file; returns the apps that deploy it. */
function retargetArtifacts(project: Project, apps: StreamlitApp[], environment: string, replacement: string | undefined,
  report: Reporter): StreamlitApp[] {
  const deploying: StreamlitApp[] = [];
  const definitions = [...new Set(apps.map((app) => app.definition).filter((path): path is string => path !== undefined))];
  for (const definition of definitions) {
    const update = retargetDefinition(project, definition, environment, replacement);
    deploying.push(...apps.filter((app) => app.definition === definition && update.entities.includes(app.entityKey ?? '')));
    for (const change of update.changes) {
      report.info({
        code: 'artifact-updated',
        message: change.to !== undefined
          ? `\`${change.from}\` is now \`${change.to}\` in the files \`snow streamlit deploy\` uploads`
          : `removed \`${change.from}\` from the files \`snow streamlit deploy\` uploads${replacement ? ` (\`${posix.relative(posix.dirname(definition), replacement)}\` is already listed)` : ''}`,
        path: definition,
        offset: change.offset,
      });
    }
    if (update.leftAlone) {
      report.manual({
        code: 'artifact-left',
        message: `${posix.basename(definition)} still names ${posix.basename(environment)}, which is gone: ${replacement ? `replace it with ${posix.basename(replacement)}` : 'remove it'}, or \`snow streamlit deploy\` fails`,
        path: definition,
      });
    }
  }
  return deploying;
}

/** Where each requirement of the written file is, by canonical name (the first, if listed twice). */
function lineOffsets(written: Written): Map<string, number> {
  const lines = new Map<string, number>();
  for (const { requirement, offset } of written.requirements) {
    if (!lines.has(canonicalName(requirement.name))) lines.set(canonicalName(requirement.name), offset);
  }
  return lines;
}

/** Each note at its requirement's line in the new file, or at its entry in the environment file. */
function reportNotes(notes: Note[], environment: string, path: string, lines: Map<string, number>, report: Reporter): void {
  for (const note of notes) {
    const line = note.name === undefined ? undefined : lines.get(canonicalName(note.name));
    const where = line === undefined ? { path: environment, offset: note.offset } : { path, offset: line };
    report[note.kind === 'warning' ? 'warn' : note.kind]({ code: note.code, message: note.message, ...where });
  }
}

/**
 * With both files in one folder the container runtime reads requirements.txt and ignores
 * pyproject.toml; uv and other tools read pyproject.toml. They must not say different things.
 */
function checkAgreement(project: Project, requirementsPath: string, pyprojectPath: string, report: Reporter): void {
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
function reportPackageSource(written: Written, owners: StreamlitApp[], manifest: string | undefined, report: Reporter): void {
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
  if (manifest) {
    report.manual({
      code: 'package-source',
      message: `the container runtime can install ${shown} only from a package source, and in a Native App (${manifest}) the setup script must create it: a PyPI network rule, an external access integration on the Streamlit object, and an app specification the consumer approves`,
      path: written.path,
      snippet: nativeAppPackageSourceSql(),
    });
    return;
  }
  const names = owners.map((owner) => sqlIdentifier(owner.name));
  const appNames = names.length > 0 ? [...new Set(names)] : [sqlIdentifier(undefined)];
  report.manual({
    code: 'package-source',
    message: `the container runtime can install ${shown} only from a package source: attach Snowflake's PyPI artifact repository (option A) or an external access integration to PyPI (option B) to ${appNames.join(', ')}${appNames.includes('<app_name>') ? ' (the app\'s name was not found in a snowflake.yml)' : ''}`,
    path: written.path,
    snippet: packageSourceSql(appNames),
  });
}

/** The Native App manifest.yml in the folder or above it, if the app is part of one. */
function nativeAppManifest(project: Project, folder: string): string | undefined {
  for (let dir = folder; ; dir = posix.dirname(dir) === '.' ? '' : posix.dirname(dir)) {
    const manifest = posix.join(dir, 'manifest.yml');
    if (project.has(manifest)) return manifest;
    if (dir === '') return undefined;
  }
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url.replace(/^[a-z]+\+/i, '')).hostname || undefined;
  } catch {
    return undefined;
  }
}

