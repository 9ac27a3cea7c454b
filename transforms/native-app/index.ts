/**
 * # native-app
 *
 * ## What it does
 * Moves the Streamlit apps of Snowflake Native Apps to the container runtime, through the files
 * the provider releases:
 * - setup script (and the files it runs with `EXECUTE IMMEDIATE FROM`): each CREATE STREAMLIT
 *   of an app the run migrates keeps `FROM` (ROOT_LOCATION becomes FROM) and gets
 *   `RUNTIME_NAME = 'SYSTEM$ST_CONTAINER_RUNTIME_PY3_11'`, `COMPUTE_POOL` (a literal name) and
 *   `QUERY_WAREHOUSE`; before the first of them the script creates the pool
 *   (`CREATE COMPUTE POOL IF NOT EXISTS`), a warehouse when a Streamlit has none, and, when a
 *   Streamlit installs packages, a PyPI network rule, an external access integration (added to
 *   the Streamlit's `EXTERNAL_ACCESS_INTEGRATIONS` and to every later `ALTER ... SET` of that
 *   list) and the app specification the consumer approves;
 * - manifest.yml: `manifest_version: 2` and the privileges CREATE COMPUTE POOL and BIND SERVICE
 *   ENDPOINT, with CREATE WAREHOUSE and CREATE EXTERNAL ACCESS INTEGRATION when the script
 *   creates those.
 * - snowflake.yml: where the application package bundles the entry file by a mapping of its own,
 *   the files the run wrote beside it (requirements.txt, a session module) get mappings too.
 * The app's dependency file and code are migrated by `deps` and the Python transforms, as for any
 * app. An app that cannot move (the inventory says why: a setup script stcodemod cannot read
 * completely, a Streamlit created inside a `$$` body or with a name or pool known only at run
 * time, ...) is left entirely as it is, and this transform reports why.
 *
 * ## Why
 * A Native App's Streamlit is created in the consumer's account by the setup script, so the
 * runtime is chosen there, not in the provider's account. Snowflake supports the container
 * runtime in Native Apps as a Preview (runtime facts, section 7): the app must create its own
 * compute pool and name it literally, request the privileges in a version 2 manifest, and get
 * the consumer's approval for any network access its packages need.
 *
 * ## Example
 *     CREATE STREAMLIT core.ui FROM '/streamlit/' MAIN_FILE = 'ui.py';
 * becomes
 *     CREATE COMPUTE POOL IF NOT EXISTS shop_streamlit_pool ...;
 *     CREATE WAREHOUSE IF NOT EXISTS shop_query_warehouse ...;
 *     CREATE STREAMLIT core.ui FROM '/streamlit/' MAIN_FILE = 'ui.py' RUNTIME_NAME = 'SYSTEM$ST_CONTAINER_RUNTIME_PY3_11'
 *       COMPUTE_POOL = shop_streamlit_pool QUERY_WAREHOUSE = shop_query_warehouse;
 * and manifest.yml gets `manifest_version: 2` and the privileges.
 *
 * ## Fix safety
 * Needs review: it changes what installs and upgrades do in every consumer's account (a pool and
 * a warehouse the consumer pays for, privileges granted at install, an approval for PyPI). Every
 * added statement is re-runnable, so the script stays upgrade-safe (`upgrade-check` passes on
 * the result). The release is always a manual step: a new version, and the consumer's approval.
 * The pool's name is an account-level name in each consumer's account, which the provider
 * should check. Never changed: apps the inventory leaves alone, statements inside `$$` bodies
 * and scripting blocks.
 */
import * as posix from 'node:path/posix';
import { containerDependencyFile, join } from '../../src/app-layout';
import { describeApp, Inventory, inventoryOf, StreamlitApp } from '../../src/inventory';
import { findNativeApps, NativeApp } from '../../src/native-app/manifest';
import { loadSetupScripts, SetupScripts } from '../../src/native-app/setup-scripts';
import { containerPrivileges } from '../../src/native-app/streamlit-migration';
import { requirementsOf } from '../../src/package-index';
import { Project } from '../../src/project';
import { readDefinition, topLevel } from '../../src/snowflake-definition';
import { findProperty } from '../../src/sql';
import { Reporter, Transform } from '../../src/transform';
import { mapValue, scalarValue } from '../../src/yaml-edit';
import { deployNewFiles } from './artifacts';
import { editManifest, ManifestChange, manifestProblem } from './manifest';
import {
  findTargets, importsOf, objectsFor, poolInUse, recreatesOnUpgrade, scriptsCreate, setupSplices, sourceLocation, Splice, Target,
} from './setup-script';
import { ContainerObjects, integrationName, maxNodes, SPECIFICATION } from './sql';

export const nativeApp: Transform = {
  name: 'native-app',
  summary: 'Move Native App Streamlits to the container runtime through the setup script and manifest.yml',
  touches: 'manifest.yml, the setup script and the SQL files it runs, snowflake.yml artifacts',
  safe: false,
  project(project, report) {
    const inventory = inventoryOf(project);
    reportLeftAlone(inventory, report);
    const migrating = inventory.appsToMigrate().filter((app) => app.kind === 'native-app');
    if (migrating.length === 0) return;
    for (const native of findNativeApps(project).apps) {
      const scripts = loadSetupScripts(project, native);
      if (!scripts.complete) continue;
      const targets = findTargets(scripts, migrating, (app) => needsPackages(project, app));
      if (targets.length === 0) continue;
      migrateApp(project, native, scripts, targets, report);
      // Files of the app written this run (a later pass sees those of the Python transforms) must be deployed.
      for (const target of targets) {
        deployNewFiles(project, native, target.app, sourceLocation(target), { path: target.at.file.path, offset: target.at.statement.start },
          report);
      }
    }
  },
};

/** A Native App Streamlit the run leaves alone for a reason of its own is a manual step: it stays on the warehouse runtime. */
function reportLeftAlone(inventory: Inventory, report: Reporter): void {
  for (const app of inventory.appsInRun()) {
    if (app.kind !== 'native-app' || app.leftAlone === undefined || app.runtime === 'container') continue;
    const at = app.createdBy[0];
    report.manual({
      code: 'left-alone',
      message: `${describeApp(app)} stays on the warehouse runtime, with its files and dependencies as they are: ${app.leftAlone}`,
      ...(at ? { path: at.path, offset: at.offset } : app.mainFile ? { path: app.mainFile } : {}),
    });
  }
}

function migrateApp(project: Project, native: NativeApp, scripts: SetupScripts, targets: Target[], report: Reporter): void {
  const pool = poolInUse(targets) ?? freeName(scripts, 'COMPUTE POOL', `${namePrefix(project, native, targets)}_streamlit_pool`);
  const warehouse = targets.some((target) => !hasProperty(target, 'QUERY_WAREHOUSE'))
    ? freeName(scripts, 'WAREHOUSE', `${namePrefix(project, native, targets)}_query_warehouse`) : undefined;
  const objects = objectsFor(scripts, targets, pool, warehouse);
  const splices = setupSplices(scripts, targets, objects);
  if (splices.length === 0) return;
  // The manifest first: if its edit would not read back as meant, nothing of the app changes.
  const manifest = updateManifest(project, native, scripts, objects, report);
  if (!manifest) return;
  // Findings at the statements are made on the text they point into; the edits then carry them along.
  reportTargets(project, scripts, targets, objects, report);
  applySplices(project, splices);
  reportRelease(native, objects, manifest, report);
}

/**
 * Whether the app's Streamlit installs packages. In a Native App any package its dependency file
 * lists is fetched from the index, so it needs PyPI access (Snowflake's Native App page says so;
 * a standalone app gets the pre-installed ones without, src/package-index.ts).
 */
function needsPackages(project: Project, app: StreamlitApp): boolean {
  const dependencyFile = containerDependencyFile(project, app);
  if (dependencyFile) return requirementsOf(project, dependencyFile).length > 0;
  // Not converted yet (deps did not run): any conda dependency will be a PyPI package.
  return app.dependencyFiles.some((file) => /environment\.ya?ml$/.test(file) && /^\s*-\s*\S/m.test(project.read(file)?.text ?? ''));
}

function hasProperty(target: Target, name: string): boolean {
  return findProperty(target.at.statement.tokens, name) !== undefined;
}

/**
 * The start of the names of the objects the app creates for its Streamlit: the application
 * package's name in snowflake.yml (without a `_pkg`/`_package` ending), else the first
 * Streamlit's name. Compute pools and warehouses are account-level names in the consumer's
 * account, so they should say whose they are.
 */
function namePrefix(project: Project, native: NativeApp, targets: Target[]): string {
  const packageName = applicationPackageName(project, native);
  const base = packageName?.replace(/_(app_)?(pkg|package)$/i, '') ?? targets[0].create.name!.parts.at(-1)!.value;
  const clean = base.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  return /^[a-z]/.test(clean) ? clean : `app_${clean}`;
}

/** The application package name of the snowflake.yml nearest above the manifest, when it is written out. */
function applicationPackageName(project: Project, native: NativeApp): string | undefined {
  for (let folder = native.root; ; folder = posix.dirname(folder) === '.' ? '' : posix.dirname(folder)) {
    for (const name of ['snowflake.yml', 'snowflake.yaml']) {
      const definition = readDefinition(project, join(folder, name));
      if (!definition || 'error' in definition) continue;
      const top = topLevel(definition);
      const v1 = mapValue(top, 'native_app');
      const entities = mapValue(top, 'entities');
      const packageEntity = entities?.items.find((pair) => pair.value && scalarValue(pair.value as never, 'type') === 'application package');
      const written = (v1 && scalarValue(v1, 'name'))
        ?? (packageEntity && (scalarValue(packageEntity.value as never, 'identifier') ?? String((packageEntity.key as { value: unknown }).value)));
      if (written && !/[<{%&$]/.test(written)) return written;
    }
    if (folder === '') return undefined;
  }
}

/** The name, or the name with a number, that no other statement of the scripts creates. */
function freeName(scripts: SetupScripts, kind: string, name: string): string {
  let candidate = name;
  for (let n = 2; scriptsCreate(scripts, kind, candidate); n++) candidate = `${name}_${n}`;
  return candidate;
}

function applySplices(project: Project, splices: Splice[]): void {
  const byPath = new Map<string, Splice[]>();
  for (const splice of splices) byPath.set(splice.path, [...(byPath.get(splice.path) ?? []), splice]);
  for (const [path, fileSplices] of byPath) {
    const edit = project.edit(path);
    for (const splice of fileSplices) edit.replace(splice.start, splice.end, splice.text);
    project.commit(path, edit);
  }
}

/** manifest_version 2 and the privileges for what the scripts now create. */
/**
 * manifest_version 2 and the privileges for what the scripts create once the statements this run
 * adds are in. Undefined, with nothing changed, when the edited manifest would not read back with
 * them (an internal error: the inventory checked that its layout takes range edits).
 */
function updateManifest(project: Project, native: NativeApp, scripts: SetupScripts, objects: ContainerObjects, report: Reporter)
  : ManifestChange | undefined {
  const wanted = containerPrivileges(scripts, { warehouse: objects.warehouse !== undefined, integration: objects.packages !== undefined });
  const edit = project.edit(native.manifest);
  const change = editManifest(edit, wanted, (privilege) => native.privileges.includes(privilege));
  const problem = manifestProblem(edit.toString(), wanted);
  if (problem) {
    report.error({ path: native.manifest, code: 'manifest-edit-failed', message: `the edited manifest would ${problem}, so`
      + ' nothing of this Native App was changed; please report this as a bug' });
    return undefined;
  }
  project.commit(native.manifest, edit);
  return change;
}

function reportTargets(project: Project, scripts: SetupScripts, targets: Target[], objects: ContainerObjects,
  report: Reporter): void {
  for (const target of targets) {
    const name = target.create.name!.text;
    const at = { path: target.at.file.path, offset: target.at.statement.start };
    const integration = target.needsPackages && objects.packages ? `, and installs its packages from PyPI through ${integrationName(objects.packages.schema)}` : '';
    const warehouse = findProperty(target.at.statement.tokens, 'QUERY_WAREHOUSE')?.value[0]?.text ?? objects.warehouse;
    report.info({ ...at, code: 'migrated', message: `${name} now runs on the container runtime: compute pool ${objects.pool}`
      + `${warehouse ? `, warehouse ${warehouse}` : ''}${integration}` });
    const imports = importsOf(target);
    if (imports) {
      report.manual({ ...at, code: 'vendor-import', message: `the container runtime ignores IMPORTS: copy ${imports} into the`
        + ` folder ${name} is created FROM (${sourceLocation(target)}), then remove IMPORTS` });
    }
    if (recreatesOnUpgrade(scripts, target)) {
      report.info({ ...at, code: 'recreated', message: `CREATE STREAMLIT IF NOT EXISTS ${name} did nothing in installed apps, which`
        + ' would have kept their warehouse-runtime Streamlit: it is now CREATE OR REPLACE, and the GRANT after it gives it its'
        + ' grants again' });
    }
    reportUnconverted(project, target, report);
  }
}

/** The container runtime ignores environment.yml: one that deps did not convert (it did not run) leaves the app without its packages. */
function reportUnconverted(project: Project, target: Target, report: Reporter): void {
  const app = target.app;
  if (containerDependencyFile(project, app)) return;
  const environment = app.dependencyFiles.find((file) => /environment\.ya?ml$/.test(file) && project.has(file));
  if (!environment) return;
  report.manual({ path: target.at.file.path, offset: target.at.statement.start, code: 'dependencies-not-converted',
    message: `the container runtime ignores ${environment}: list its packages in requirements.txt beside the entry file`
      + ' (stcodemod\'s deps transform converts it)' });
}

function reportRelease(native: NativeApp, objects: ContainerObjects,
  manifest: ManifestChange, report: Reporter): void {
  const version = native.versionName ? ` (the manifest names version ${native.versionName})` : '';
  report.warn({
    path: native.manifest,
    code: 'compute-pool-name',
    message: `the setup script creates compute pool ${objects.pool}${objects.warehouse ? ` and warehouse ${objects.warehouse}` : ''}`
      + ' in each consumer\'s account, where these names are account-wide: rename them if another app or the consumer may'
      + ` use them (a pool is sized for ${objects.streamlits} Streamlit app${objects.streamlits === 1 ? '' : 's'}, MAX_NODES = ${maxNodes(objects.streamlits)};`
      + ' CREATE COMPUTE POOL IF NOT EXISTS never resizes an existing pool, so change it later with ALTER COMPUTE POOL)',
  });
  const approval = objects.packages ? `; after the upgrade each consumer approves the app specification ${SPECIFICATION}`
    + ' (PyPI access) before the Streamlit can install its packages' : '';
  const manifestVersion = manifest.versionWas ? `, manifest_version ${manifest.versionWas} -> 2` : '';
  report.manual({
    path: native.manifest,
    code: 'release',
    message: `release this as a new version of the application package${version}, not as a patch: the runtime${manifestVersion},`
      + ' the privileges and the pool and warehouse the setup script creates change what every consumer grants and pays for;'
      + ' and a release that also changes state (tables, columns) is never a patch. Before releasing, run'
      + ` \`stcodemod upgrade-check --from <released version> ${native.root || '.'}\`${approval}`,
  });
}
