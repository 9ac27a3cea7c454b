/**
 * # deps
 *
 * ## What it does
 * Converts every conda environment file of the apps the run migrates (`environment.yml` /
 * `environment.yaml`, and any file a snowflake.yml declares with `env_file` or as an artifact) into
 * the PyPI dependency file of its folder: `[project] dependencies` of an existing `pyproject.toml`,
 * else `requirements.txt` (`--deps-format` forces one). Names go through the shipped conda -> PyPI
 * table (`pytorch` -> `torch`), versions through conda's MatchSpec rules (`pandas=2.1` ->
 * `pandas==2.1.*`), `pip:` entries stay as they are; a package PyPI does not publish is never
 * written. Existing files are merged into, never rewritten: a pin they already satisfy (by PEP 440
 * meaning) is not added. The environment file is then deleted; a snowflake.yml entry or a deploy
 * script's `PUT` that named it names the new file, or goes when there is none. Finally the file
 * each app installs from keeps the runtime's rules, its own lines included: Streamlit 1.50 or
 * newer, and a pyproject.toml `requires-python` that admits Python 3.11.
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
 * that is not (dropped packages, packages not on PyPI, build strings, OR specs, raised Streamlit,
 * Python other than 3.11, conflicting pins, pip options) is reported. An environment file that does
 * not parse, or whose output could not be written, is left in place.
 */
import * as posix from 'node:path/posix';
import { containerDependencyFile } from '../../src/app-layout';
import { describeApp, environmentFilesOf, Inventory, inventoryOf, StreamlitApp } from '../../src/inventory';
import { canonicalName, formatRequirement } from '../../src/pep508';
import { Project } from '../../src/project';
import { Reporter, RunOptions, Transform } from '../../src/transform';
import { applyContainerRules, reportFrozenPins, reportOldSnowparkPin, reportRuleChanges } from './container-rules';
import { convertEnvironment, MIN_STREAMLIT } from './convert';
import { retargetDefinition } from './definition';
import { lineOf } from './merge';
import { Note } from './notes';
import { Format, FORMATS, Written, writeDependencies } from './output';
import { PERMISSION_SDK, permissionSdkImporter, withPermissionSdk } from './native-app';
import { requirementsOf } from '../../src/package-index';
import { checkAgreement, reportPackageSource } from './runtime-steps';
import { retargetUploads, scriptsNaming } from '../../src/deploy-uploads';

const ENVIRONMENT_FILES = new Set(['environment.yml', 'environment.yaml']);

export const deps: Transform = {
  name: 'deps',
  summary: 'Convert conda environment.yml to requirements.txt or pyproject.toml (PyPI) for the container runtime',
  touches: 'environment.yml, requirements.txt, pyproject.toml, snowflake.yml, PUT lines of *.sql',
  safe: false,
  flags: [{
    name: 'deps-format',
    value: 'requirements|pyproject',
    description: 'the file deps writes (default: requirements.txt, or pyproject.toml when the folder has only that)',
    check: formatProblem,
  }],
  project(project, report, options) {
    const format = options.flags['deps-format'];
    // The CLI refuses such a value before the run (the flag's check); this is for other callers.
    if (format !== undefined && formatProblem(format)) {
      report.error({ code: 'invalid-format', message: `--deps-format \`${format}\` ${formatProblem(format)}; nothing was converted` });
      return;
    }
    const inventory = inventoryOf(project);
    reportMissingPermissionSdk(project, inventory, report);
    const apps = indexApps(inventory.appsToMigrate());
    const owners = environmentOwners(apps.all);
    const environments = [...new Set([...project.paths().filter((path) => ENVIRONMENT_FILES.has(posix.basename(path))), ...owners.keys()])]
      .filter((path) => project.has(path)).sort();
    const scripts = scriptsNaming(project, [...owners.keys()]);
    for (const environment of environments) {
      const candidates = owners.get(environment);
      if (candidates) {
        const nearest = inventory.migratedAppAt(environment);
        const app = nearest && candidates.includes(nearest) ? nearest : candidates[0];
        convertFile(project, environment, app, { inventory, apps, scripts }, options, report);
      } else {
        reportLeftAlone(inventory, environment, report);
      }
    }
    applyRulesToContainerFiles(project, inventory, apps.all, report);
  },
};

/** Each environment file the run converts, with the apps whose dependency files it is. */
function environmentOwners(apps: StreamlitApp[]): Map<string, StreamlitApp[]> {
  const owners = new Map<string, StreamlitApp[]>();
  for (const app of apps) {
    for (const environment of environmentFilesOf(app)) owners.set(environment, [...(owners.get(environment) ?? []), app]);
  }
  return owners;
}

/**
 * The runtime's rules (Streamlit 1.50 or newer; a pyproject.toml that admits Python 3.11) hold
 * for the file each migrated app installs from once the run is done, whoever wrote its lines. A
 * file that an app the run leaves alone reads too is not changed; what it breaks is reported.
 */
function applyRulesToContainerFiles(project: Project, inventory: Inventory, migrated: StreamlitApp[], report: Reporter): void {
  const readBy = new Map<string, StreamlitApp[]>();
  for (const app of inventory.apps) {
    const file = containerDependencyFile(project, app);
    if (file !== undefined) readBy.set(file, [...(readBy.get(file) ?? []), app]);
  }
  const done = new Set<string>();
  for (const app of migrated) {
    const file = containerDependencyFile(project, app);
    if (file === undefined || done.has(file)) continue;
    done.add(file);
    const other = readBy.get(file)!.find((reader) => !inventory.migrates(reader));
    if (!other) {
      const changes = applyContainerRules(project, file);
      reportRuleChanges(file, changes, report);
      reportFrozenPins(project, file, changes, report);
      reportOldSnowparkPin(project, file, report);
      continue;
    }
    for (const change of applyContainerRules(project, file, { dryRun: true })) {
      report.manual({
        code: change.code,
        message: `${posix.basename(file)} asks for \`${change.from}\`, which the container runtime cannot run (it needs ${change.code === 'requires-python' ? 'Python 3.11' : `Streamlit ${MIN_STREAMLIT} or newer`}); `
          + `it was not changed, because ${describeApp(other)}, which this run leaves alone, installs from it too: change it by hand, and check that app with it`,
        path: file,
        offset: change.offset,
      });
    }
  }
}

function formatProblem(value: string): string | undefined {
  return (FORMATS as readonly string[]).includes(value) ? undefined : 'must be `requirements` or `pyproject`';
}

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

/** What every conversion of the run looks through: the apps, and the SQL scripts that may upload an environment file. */
interface RunContext {
  inventory: Inventory;
  apps: IndexedApps;
  scripts: string[];
}

function convertFile(project: Project, environment: string, app: StreamlitApp, { inventory, apps, scripts }: RunContext,
  options: RunOptions, report: Reporter): void {
  const forced = options.flags['deps-format'] as Format | undefined;
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
  const replacement = project.has(written.path) ? written.path : undefined;
  const deploying = retargetArtifacts(project, apps, environment, replacement, app.kind === 'native-app', report);
  if (replacement !== undefined || !project.has(environment)) retargetUploads(project, scripts, environment, replacement, report);
  reportNotes(conversion.notes, environment, written.path, lineOffsets(written), report);
  reportMerge(written, environment, report);
  if (!project.has(written.path)) {
    const what = written.plan.notOnPypi.length > 0 ? 'nothing PyPI publishes' : 'nothing';
    report.info({ code: 'nothing-to-install', message: `${fileName} lists ${what} beyond what the container runtime pre-installs, so no dependency file was written`, path: environment });
  }
  checkAgreement(project, requirementsPath, pyprojectPath, report);
  const owners = deploying.length > 0 ? deploying : apps.byRoot.get(app.root)!;
  reportPackageSource(written, owners, app.kind === 'native-app', options.flags['package-source'], apps.all, report);
}

/**
 * Updates every snowflake.yml entry that named the environment file; returns the apps that deploy
 * it. A Native App's Streamlit is declared by no entity: its files are bundled by the native_app
 * or application package artifacts of any snowflake.yml, so every one is looked at.
 */
function retargetArtifacts(project: Project, apps: IndexedApps, environment: string, replacement: string | undefined,
  nativeApp: boolean, report: Reporter): StreamlitApp[] {
  const deploying: StreamlitApp[] = [];
  const bundling = nativeApp ? project.paths().filter((path) => /(^|\/)snowflake\.ya?ml$/.test(path) && !apps.definitions.has(path)) : [];
  const deploy = nativeApp ? '`snow app deploy`' : '`snow streamlit deploy`';
  for (const [definition, declared] of [...apps.definitions, ...bundling.map((path): [string, StreamlitApp[]] => [path, []])]) {
    const update = retargetDefinition(project, definition, environment, replacement);
    if (update.entities.length > 0) deploying.push(...declared.filter((app) => update.entities.includes(app.entityKey ?? '')));
    for (const change of update.changes) {
      report.info({
        code: 'artifact-updated',
        message: change.to !== undefined
          ? `\`${change.from}\` is now \`${change.to}\` in the files ${deploy} uploads`
          : `removed \`${change.from}\` from the files ${deploy} uploads${replacement ? ` (\`${posix.relative(posix.dirname(definition), replacement)}\` is already listed)` : ''}`,
        path: definition,
        offset: change.offset,
      });
    }
    if (update.leftAlone) {
      report.manual({
        code: 'artifact-left',
        message: `${posix.basename(definition)} still names ${posix.basename(environment)}, which is gone: ${replacement ? `replace it with ${posix.basename(replacement)}` : 'remove it'}, or ${deploy} fails`,
        path: definition,
      });
    }
  }
  return deploying;
}

/** Where each requirement of the written file is, by canonical name (the first, if listed twice). */
function lineOffsets(written: Written): Map<string, number> {
  return new Map([...finalLines(written)].map(([name, line]) => [name, line.offset]));
}

function finalLines(written: Written): Map<string, Written['requirements'][number]> {
  const lines = new Map<string, Written['requirements'][number]>();
  for (const line of written.requirements) {
    if (!lines.has(canonicalName(line.requirement.name))) lines.set(canonicalName(line.requirement.name), line);
  }
  return lines;
}

/**
 * What became of the converted requirements that were not simply added, each said as the file
 * now has it: a raised Streamlit pin, a pin the file already had in another form, a package
 * PyPI does not publish (never written: uv would fail on it).
 */
function reportMerge(written: Written, environment: string, report: Reporter): void {
  const file = posix.basename(written.path);
  const fileName = posix.basename(environment);
  const lines = finalLines(written);
  const finalLine = (name: string) => lines.get(canonicalName(name));
  for (const entry of written.plan.add) {
    if (entry.raisedFrom === undefined) continue;
    report.manual({
      code: 'streamlit-version',
      message: `\`${entry.raisedFrom}\` pins a Streamlit older than ${MIN_STREAMLIT}, the oldest the container runtime supports: raised to \`${formatRequirement(entry.requirement)}\`; test the app on the newer Streamlit`,
      path: written.path,
      offset: finalLine(entry.requirement.name)?.offset,
    });
  }
  const raisedHere = written.raised.some((change) => change.code === 'streamlit-version');
  for (const { incoming, existing } of written.plan.streamlitKept) {
    const kept = finalLine(existing.requirement.name) ?? existing;
    report[raisedHere ? 'info' : 'manual']({
      code: 'streamlit-version',
      message: `\`${incoming.raisedFrom}\` in ${fileName} pins a Streamlit older than ${MIN_STREAMLIT}, the oldest the container runtime supports: not copied, since ${file} has its own \`${kept.text}\`${raisedHere ? '' : '; test the app on the newer Streamlit'}`,
      path: written.path,
      offset: kept.offset,
    });
  }
  for (const { existing, incoming } of written.plan.conflicts) {
    report.manual({
      code: 'conflicting-pin',
      message: `${file} already has \`${existing.text}\`, and ${fileName} asked for \`${lineOf(incoming)}\` (from \`${incoming.source}\`): kept the existing requirement; reconcile the two by hand`,
      path: written.path,
      offset: finalLine(existing.requirement.name)?.offset,
    });
  }
  for (const { incoming, existing } of written.plan.notOnPypi) {
    const name = incoming.requirement.name;
    const present = existing && (finalLine(name) ?? existing);
    if (present?.requirement.url !== undefined) {
      report.info({
        code: 'not-on-pypi',
        message: `\`${name}\` (from \`${incoming.source}\`) is not published on PyPI, so \`${lineOf(incoming)}\` was not written: ${file} installs it from a URL already (\`${present.text}\`)`,
        path: written.path,
        offset: present.offset,
      });
    } else if (present) {
      report.manual({
        code: 'not-on-pypi',
        message: `${file} lists \`${present.text}\`, but \`${name}\` is not published on PyPI (${fileName} had \`${incoming.source}\`), so uv cannot install it: install it from a direct URL (\`${name} @ https://...\`) or remove it`,
        path: written.path,
        offset: present.offset,
      });
    } else {
      report.manual({
        code: 'not-on-pypi',
        message: `\`${name}\` (from \`${incoming.source}\`) is not published on PyPI, so it was not written (uv would fail to install it): if the app needs it, add it to ${file} from a direct URL (\`${name} @ https://...\`)`,
        path: environment,
        offset: incoming.offset,
      });
    }
  }
}

/** Each note at its requirement's line in the new file, or at its entry in the environment file. */
function reportNotes(notes: Note[], environment: string, path: string, lines: Map<string, number>, report: Reporter): void {
  for (const note of notes) {
    const line = note.name === undefined ? undefined : lines.get(canonicalName(note.name));
    const where = line === undefined ? { path: environment, offset: note.offset } : { path, offset: line };
    report[note.kind === 'warning' ? 'warn' : note.kind]({ code: note.code, message: note.message, ...where });
  }
}
