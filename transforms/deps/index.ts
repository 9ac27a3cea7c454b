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
import * as posix from 'node:path/posix';
import { Inventory, inventoryOf, StreamlitApp } from '../../src/inventory';
import { canonicalName } from '../../src/pep508';
import { Project } from '../../src/project';
import { Reporter, Transform } from '../../src/transform';
import { convertEnvironment } from './convert';
import { retargetDefinition } from './definition';
import { lineOf } from './merge';
import { Note } from './notes';
import { Format, FORMATS, Written, writeDependencies } from './output';
import { PERMISSION_SDK, permissionSdkImporter, withPermissionSdk } from './native-app';
import { requirementsOf } from '../../src/package-index';
import { containerDependencyFile } from '../../src/app-layout';
import { checkAgreement, reportPackageSource } from './runtime-steps';

const ENVIRONMENT_FILES = new Set(['environment.yml', 'environment.yaml']);

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
    const inventory = inventoryOf(project);
    reportMissingPermissionSdk(project, inventory, report);
    const environments = project.paths().filter((path) => ENVIRONMENT_FILES.has(posix.basename(path)));
    if (environments.length === 0) return;
    const apps = indexApps(inventory.appsToMigrate());
    for (const environment of environments) {
      const app = inventory.migratedAppAt(environment);
      if (app && app.dependencyFiles.includes(environment)) {
        convertFile(project, inventory, environment, app, apps, format as Format | undefined, report);
      } else {
        reportLeftAlone(inventory, environment, report);
      }
    }
  },
};

/**
 * A Native App Streamlit with no environment.yml to convert, whose code imports the permission
 * SDK that its PyPI dependency file does not list: the import fails on the container runtime.
 */
function reportMissingPermissionSdk(project: Project, inventory: Inventory, report: Reporter): void {
  for (const app of inventory.appsToMigrate()) {
    if (app.kind !== 'native-app' || app.dependencyFiles.some((file) => ENVIRONMENT_FILES.has(posix.basename(file)))) continue;
    const importer = permissionSdkImporter(project, inventory, app);
    const dependencyFile = containerDependencyFile(project, app);
    if (!importer || (dependencyFile && requirementsOf(project, dependencyFile).some((line) => line.toLowerCase().startsWith(PERMISSION_SDK)))) continue;
    report.manual({
      code: 'permission-sdk',
      message: `${importer} imports snowflake.permissions: list \`${PERMISSION_SDK}\` in ${dependencyFile ?? 'a requirements.txt beside the entry file'}, `
        + 'or the import fails on the container runtime',
      path: dependencyFile ?? importer,
    });
  }
}

/**
 * An environment file the run does not convert, and why: it belongs to no app (a Notebook's, one in
 * an asset folder), or to an app the run leaves alone. Said once, by the run that would have converted it.
 */
function reportLeftAlone(inventory: Inventory, environment: string, report: Reporter): void {
  const file = inventory.filesLeftAlone.find((left) => left.path === environment);
  const app = inventory.appOf(environment);
  const why = file?.reason
    ?? (app?.runtime === 'container' ? 'the app is already on the container runtime, which does not read environment.yml: '
      + 'it is unused there, and you may delete it'
      : app && inventory.appsInRun().includes(app) && app.leftAlone ? `the app is left alone: ${app.leftAlone}`
        : app && inventory.appsInRun().includes(app) ? 'it is not in the folders the app reads its dependency file from'
          : undefined);
  if (why) report.info({ code: 'left-alone', message: `${posix.basename(environment)} left as it is: ${why}`, path: environment });
}

/**
 * The target's apps, grouped once per hook run: every environment file asks for its app's
 * siblings and for every definition, and filtering all apps for each of them was quadratic.
 */
interface IndexedApps {
  all: StreamlitApp[];
  byRoot: Map<string, StreamlitApp[]>;
  /** Each snowflake.yml that declares apps, with those apps, in the order of `all`. */
  definitions: Map<string, StreamlitApp[]>;
}

function indexApps(all: StreamlitApp[]): IndexedApps {
  const byRoot = new Map<string, StreamlitApp[]>();
  const definitions = new Map<string, StreamlitApp[]>();
  for (const app of all) {
    byRoot.set(app.root, [...(byRoot.get(app.root) ?? []), app]);
    if (app.definition !== undefined) definitions.set(app.definition, [...(definitions.get(app.definition) ?? []), app]);
  }
  return { all, byRoot, definitions };
}

function convertFile(project: Project, inventory: Inventory, environment: string, app: StreamlitApp, apps: IndexedApps,
  forced: Format | undefined, report: Reporter): void {
  const source = project.read(environment);
  if (!source) return;
  const fileName = posix.basename(environment);
  const converted = convertEnvironment(source.text);
  if ('message' in converted) {
    report.error({ code: 'invalid-environment', message: `${fileName} ${converted.message}; left unchanged`, path: environment, offset: converted.offset });
    return;
  }
  const conversion = app.kind === 'native-app' ? withPermissionSdk(converted, permissionSdkImporter(project, inventory, app)) : converted;
  const folder = posix.dirname(environment) === '.' ? '' : posix.dirname(environment);
  const requirementsPath = posix.join(folder, 'requirements.txt');
  const pyprojectPath = posix.join(folder, 'pyproject.toml');
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
  const owners = deploying.length > 0 ? deploying : apps.byRoot.get(app.root)!;
  reportPackageSource(written, owners, app.kind === 'native-app', report);
}

/** Updates every snowflake.yml entry that named the environment file; returns the apps that deploy it. */
function retargetArtifacts(project: Project, apps: IndexedApps, environment: string, replacement: string | undefined,
  report: Reporter): StreamlitApp[] {
  const deploying: StreamlitApp[] = [];
  for (const [definition, declared] of apps.definitions) {
    const update = retargetDefinition(project, definition, environment, replacement);
    if (update.entities.length > 0) deploying.push(...declared.filter((app) => update.entities.includes(app.entityKey ?? '')));
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
