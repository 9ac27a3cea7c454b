/**
 * The app inventory: every Streamlit app in the target, how it was found, what it is made of and
 * which runtime it is on, and the code that belongs to no app the run migrates. It is built once,
 * from the files as they are when the run starts (so that an app whose environment.yml the run
 * deletes is still the same app in the plan), and every transform and the plan read it.
 *
 * How apps are found, strongest evidence first:
 * 1. snowflake.yml (definition_version 1, 1.1, 2): each `streamlit` block or entity.
 * 2. `CREATE STREAMLIT` in a SQL script, its files found through the script's PUT lines or by the
 *    entry file's name; in a Native App, the setup script and the files it runs.
 * 3. A folder whose environment.yml or requirements.txt sits beside an entry file (a Python file
 *    that imports Streamlit), or that holds `streamlit_app.py`.
 * 4. Nothing found: the target stands for one app, if it holds Streamlit code (or no Python at all).
 * Python files that no app runs (not Streamlit code, and imported by none) are not app code.
 * A file belongs to the app with the deepest source root that holds it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as posix from 'node:path/posix';
import { findNativeApps } from '../native-app/manifest';
import { readFolders } from '../app-layout';
import { earlierPlan } from '../plan-files';
import { Project } from '../project';
import { Declarations, DEFAULT_MAIN_FILE, DEFINITION_FILES, folderOf, join, readDeclarations, statementKey } from './declared';
import { NotAppCode, StreamlitApp } from './model';
import { classifyPython, importedModules, importsStreamlit, usesStreamlit } from './python-code';

export * from './model';

const ENVIRONMENT_FILES = new Set(['environment.yml', 'environment.yaml']);
const DEPENDENCY_FILES = ['environment.yml', 'environment.yaml', 'requirements.txt', 'pyproject.toml'];
const GENERATED = /(^|\/)(output\/(deploy|bundle)|\.ipynb_checkpoints)(\/|$)/;

/** What the user pointed the run at: folders (whole apps) or single files, as project paths. */
export interface RunScope {
  folders: string[];
  files: string[];
}

export const WHOLE_TARGET: RunScope = { folders: [''], files: [] };

export class Inventory {
  /** The apps under the folders the user gave, asked for every file: worked out once. */
  private readonly inRun: Set<StreamlitApp>;
  private readonly byRoot: Map<string, StreamlitApp[]>;

  constructor(
    /** Every app found, sorted by root then name. */
    readonly apps: StreamlitApp[],
    /** Python files that are not the code of an app the run migrates. */
    private readonly notApp: Map<string, NotAppCode>,
    /** Other files the run leaves alone on purpose (a Notebook's environment.yml, ...). */
    readonly filesLeftAlone: NotAppCode[],
    private readonly scope: RunScope,
    /** True when no app was found and the target stands for one. */
    readonly targetIsTheApp: boolean,
    /** Native App setup scripts (and what they run) and files bundled into an application package: never deploy scripts. */
    readonly nativeAppFiles: ReadonlySet<string> = new Set(),
  ) {
    this.byRoot = rootIndex(apps);
    this.inRun = new Set(apps.filter((app) => scope.folders.some((folder) => isInside(app.root, folder) || isInside(folder, app.root))));
  }

  /** The apps this run is about: those under the folders the user gave (none for a single file). */
  appsInRun(): StreamlitApp[] {
    return [...this.inRun];
  }

  /** The apps this run migrates: in the run, and not left alone. */
  appsToMigrate(): StreamlitApp[] {
    return this.appsInRun().filter((app) => app.leftAlone === undefined);
  }

  /** The app whose source tree holds a path: the deepest root above it. */
  appOf(path: string): StreamlitApp | undefined {
    return deepestApp(this.byRoot, path);
  }

  migrates(app: StreamlitApp): boolean {
    return app.leftAlone === undefined && this.inRun.has(app);
  }

  /** The app that holds a path, when the run migrates it. */
  migratedAppAt(path: string): StreamlitApp | undefined {
    const app = this.appOf(path);
    return app && this.migrates(app) ? app : undefined;
  }

  /** True when a path belongs to an app the run does not migrate (a path outside every app is not). */
  leavesAlone(path: string): boolean {
    const app = this.appOf(path);
    return app !== undefined && !this.migrates(app);
  }

  /**
   * The app a SQL statement's Streamlit name means: the app of that name; for a name no app has,
   * the one app the run is about when nothing names it. Undefined when it cannot be told.
   */
  appNamed(name: string | undefined): StreamlitApp | undefined {
    const named = name === undefined ? undefined : this.apps.find((app) => app.name !== undefined && sameName(app.name, name));
    if (named) return named;
    const inRun = this.appsInRun();
    return inRun.length === 1 && inRun[0].name === undefined ? inRun[0] : undefined;
  }

  /** Why a Python file is not code the run migrates; undefined for app code. */
  notAppCode(path: string): NotAppCode | undefined {
    return this.notApp.get(path);
  }

  /** Whether the run's Python transforms visit a file: app code of an app the run migrates, or a file the user named. */
  visitsPython(path: string): boolean {
    const notApp = this.notApp.get(path);
    // A file the user names is app code unless something says it is code of another kind.
    if (this.scope.files.includes(path)) return notApp === undefined || notApp.kind === 'outside-apps' || notApp.kind === 'not-run-by-app';
    if (notApp) return false;
    const app = this.appOf(path);
    return app !== undefined && this.migrates(app);
  }

  /** Every Python file left alone, with why. */
  codeLeftAlone(): NotAppCode[] {
    return [...this.notApp.values()];
  }
}

function rootIndex(apps: StreamlitApp[]): Map<string, StreamlitApp[]> {
  const byRoot = new Map<string, StreamlitApp[]>();
  for (const app of apps) byRoot.set(app.root, [...(byRoot.get(app.root) ?? []), app]);
  return byRoot;
}

/**
 * The app that owns a path: of the apps with the deepest root above it, the one whose entry file's
 * folder holds it most closely (several snowflake.yml entities share one root), else the first.
 */
function deepestApp(byRoot: Map<string, StreamlitApp[]>, path: string): StreamlitApp | undefined {
  const sharing = deepestRoot(byRoot, path);
  if (!sharing || sharing.length === 1) return sharing?.[0];
  let best = sharing[0];
  let depth = -1;
  for (const app of sharing) {
    const entryFolder = app.mainFile ? folderOf(app.mainFile) : app.root;
    if (isInside(path, entryFolder) && entryFolder.length > depth) {
      best = app;
      depth = entryFolder.length;
    }
  }
  return best;
}

function deepestRoot(byRoot: Map<string, StreamlitApp[]>, path: string): StreamlitApp[] | undefined {
  if (byRoot.has(path)) return byRoot.get(path);
  for (let slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
    const apps = byRoot.get(path.slice(0, slash));
    if (apps) return apps;
  }
  return byRoot.get('');
}

const inventories = new WeakMap<Project, Inventory>();

/**
 * The inventory of a project, built on first use. The engine builds it before any transform runs;
 * a caller that sets up a project by hand (a unit test) gets one of the files as they are then.
 */
export function inventoryOf(project: Project): Inventory {
  let inventory = inventories.get(project);
  if (!inventory) {
    inventory = buildInventory(project, WHOLE_TARGET);
    inventories.set(project, inventory);
  }
  return inventory;
}

/** Builds the inventory for a run over `scope` and keeps it with the project. */
export function takeInventory(project: Project, scope: RunScope): Inventory {
  const inventory = buildInventory(project, scope);
  inventories.set(project, inventory);
  return inventory;
}

function buildInventory(project: Project, scope: RunScope): Inventory {
  const paths = project.paths().filter((path) => !GENERATED.test(path));
  const declared = readDeclarations(project, paths);
  const filesLeftAlone: NotAppCode[] = [];
  const apps = mergeDeclared(declared.apps);
  apps.push(...conventionalApps(project, paths, apps, filesLeftAlone));
  // With no app found, the target stands for one, unless it holds Python and none of it is Streamlit's
  // (a Flask backend, a batch job), or it is a Native App without a Streamlit: that is no app at all.
  const natives = findNativeApps(project);
  const python = paths.filter((path) => path.endsWith('.py'));
  const targetIsTheApp = apps.length === 0 && natives.apps.length === 0
    && (python.length === 0 || python.some((path) => importsStreamlit(project.peekText(path) ?? '')));
  const rootNames = paths.filter((path) => !path.includes('/'));
  const rootEntry = targetIsTheApp && !project.has(DEFAULT_MAIN_FILE) ? entryBeside(project, '', rootNames) : undefined;
  if (rootEntry && !rootEntry.entry && rootEntry.candidates.length > 1) {
    apps.push(appOfSeveralEntries('', undefined, rootEntry.candidates));
  } else if (targetIsTheApp) {
    const mainFile = project.has(DEFAULT_MAIN_FILE) ? DEFAULT_MAIN_FILE : rootEntry?.entry;
    apps.push({
      root: '',
      ...(mainFile ? { mainFile } : {}),
      foundBy: 'convention',
      how: 'no app declared or found, so the target is taken as one app',
      kind: 'standalone',
      runtime: 'unknown',
      createdBy: [],
      dependencyFiles: [],
    });
  }
  apps.sort((a, b) => a.root.localeCompare(b.root) || (a.name ?? '').localeCompare(b.name ?? ''));
  // An app inside a Native App's folder is the Native App's, even when its manifest cannot be read.
  const nativeRoots = [...natives.apps.map((app) => app.root), ...natives.issues.flatMap((issue) => (issue.path ? [folderOf(issue.path)] : []))];
  for (const app of apps) {
    describeLayout(app, paths);
    const packaged = app.mainFile !== undefined && declared.packaged.has(app.mainFile);
    if (app.kind === 'standalone' && (packaged || nativeRoots.some((root) => isInside(app.root, root)))) app.kind = 'native-app';
    app.leftAlone = reasonToLeaveAlone(project, app, declared);
  }
  for (const app of apps) {
    if (app.leftAlone === undefined) app.leftAlone = sharedDependencies(app, apps, paths);
  }
  const byRoot = rootIndex(apps);
  const notApp = classifyPython({
    project, paths: project.paths(), apps, appOf: (path) => deepestApp(byRoot, path), targetIsTheApp, handlers: declared.handlers,
  });
  for (const path of project.paths()) {
    if (!path.endsWith('.py') || notApp.has(path)) continue;
    const app = deepestApp(byRoot, path);
    if (app?.leftAlone !== undefined) notApp.set(path, { path, kind: 'app-left-alone', reason: `part of ${describeApp(app)}, which is left alone: ${app.leftAlone}` });
  }
  return new Inventory(apps, notApp, filesLeftAlone, scope, targetIsTheApp, new Set([...declared.setupScripts, ...declared.packaged]));
}

/** One app per root and entry file: a snowflake.yml entity and the SQL that creates the same app are one. */
function mergeDeclared(declared: StreamlitApp[]): StreamlitApp[] {
  const apps: StreamlitApp[] = [];
  for (const app of declared) {
    const same = apps.find((other) => other.root === app.root && other.mainFile === app.mainFile
      && (other.name === undefined || app.name === undefined || sameName(other.name, app.name)));
    if (!same) {
      apps.push({ ...app });
      continue;
    }
    same.createdBy.push(...app.createdBy);
    same.dependencyFiles = [...new Set([...same.dependencyFiles, ...app.dependencyFiles])];
    if (app.runtime === 'container' || same.runtime === 'unknown') same.runtime = app.runtime;
    if (app.kind === 'native-app') same.kind = 'native-app';
    same.name ??= app.name;
  }
  return apps;
}

function sameName(a: string, b: string): boolean {
  const last = (name: string) => name.split('.').pop()!.replace(/^"|"$/g, '').toUpperCase();
  return last(a) === last(b);
}

/**
 * Apps no declaration names: a folder holding `streamlit_app.py`, or a conda or PyPI dependency
 * file beside a Python file that imports Streamlit. A dependency file with no entry beside it is
 * left alone: a Notebook's (Notebooks still read environment.yml), or one in an asset folder.
 */
function conventionalApps(project: Project, paths: string[], declared: StreamlitApp[], leftAlone: NotAppCode[]): StreamlitApp[] {
  const declaredRoots = new Set(declared.map((app) => app.root));
  const byFolder = new Map<string, string[]>();
  for (const path of paths) {
    const folder = folderOf(path);
    if (!byFolder.has(folder)) byFolder.set(folder, []);
    byFolder.get(folder)!.push(posix.basename(path));
  }
  const apps: StreamlitApp[] = [];
  for (const [folder, names] of byFolder) {
    const environment = names.find((name) => ENVIRONMENT_FILES.has(name));
    const dependency = environment ?? names.find((name) => name === 'requirements.txt');
    if (!names.includes(DEFAULT_MAIN_FILE) && !dependency) continue;
    if (declaredRoots.has(folder) || declared.some((app) => app.mainFile !== undefined && folderOf(app.mainFile) === folder)) continue;
    const beside = names.includes(DEFAULT_MAIN_FILE) ? { entry: DEFAULT_MAIN_FILE, candidates: [] } : entryBeside(project, folder, names);
    const entry = beside.entry;
    if (entry === undefined && dependency && beside.candidates.length > 1) {
      apps.push(appOfSeveralEntries(folder, dependency, beside.candidates));
      continue;
    }
    if (entry === undefined) {
      if (environment) {
        const notebook = names.some((name) => name.endsWith('.ipynb'));
        leftAlone.push({
          path: join(folder, environment),
          kind: notebook ? 'notebook' : 'outside-apps',
          reason: notebook
            ? 'the environment of a Snowflake Notebook, which still reads environment.yml'
            : 'no Streamlit entry file is beside it, so it is no app\'s environment',
        });
      }
      continue;
    }
    apps.push({
      root: folder,
      mainFile: join(folder, entry),
      foundBy: entry === DEFAULT_MAIN_FILE && !dependency ? 'convention' : 'dependency-file',
      how: dependency ? `${dependency} beside the entry file ${entry}` : `${DEFAULT_MAIN_FILE} in the folder`,
      kind: 'standalone',
      runtime: environment ? 'warehouse' : 'unknown',
      createdBy: [],
      dependencyFiles: [],
    });
  }
  return apps;
}

/**
 * The entry file of an app known only by its environment.yml: of the folder's Python files that
 * use Streamlit, the one no other file imports; undefined when that is not exactly one file.
 */
function entryBeside(project: Project, folder: string, names: string[]): { entry?: string; candidates: string[] } {
  const python = names.filter((name) => name.endsWith('.py'));
  const textOf = (name: string) => project.peekText(join(folder, name)) ?? '';
  // Modules of its folder, for a re-export of Streamlit (`from helpers import st`).
  const moduleText = (module: string) => {
    const file = `${module.replace(/\./g, '/')}.py`;
    return module.startsWith('.') || !project.has(join(folder, file)) ? undefined : textOf(file);
  };
  const entries = python.filter((name) => usesStreamlit(textOf(name), moduleText));
  if (entries.length <= 1) return { entry: entries[0], candidates: entries };
  // The entry file is the one no other file imports.
  const imported = new Set(python.flatMap((name) => importedModules(textOf(name))));
  const unimported = entries.filter((name) => !imported.has(name.slice(0, -'.py'.length)));
  return unimported.length === 1 ? { entry: unimported[0], candidates: unimported } : { candidates: unimported };
}

/**
 * A folder whose dependency file (or, with no app found, the target) holds several Streamlit files
 * that no other file imports: one app with pages stcodemod cannot tell apart, or several apps. Its code and
 * dependencies must move together or not at all, so the app is left alone until it is declared.
 */
function appOfSeveralEntries(folder: string, dependency: string | undefined, candidates: string[]): StreamlitApp {
  const shown = candidates.slice(0, 3).join(', ') + (candidates.length > 3 ? `, and ${candidates.length - 3} more` : '');
  const isTarget = dependency === undefined;
  return {
    root: folder,
    foundBy: isTarget ? 'convention' : 'dependency-file',
    how: isTarget ? `no app declared; the target holds ${candidates.length} Streamlit files that no other file imports`
      : `${dependency} beside ${candidates.length} Streamlit files that no other file imports`,
    kind: 'standalone',
    runtime: dependency && ENVIRONMENT_FILES.has(dependency) ? 'warehouse' : 'unknown',
    createdBy: [],
    dependencyFiles: [],
    unclearEntry: `${isTarget ? 'the target holds' : `${dependency} sits beside`} several Streamlit files that no other file `
      + `imports (${shown}), so which is the entry file, and whether each is an app of its own${isTarget ? '' : ' sharing it'}, `
      + 'is unknown: declare each app (a snowflake.yml '
      + 'entity, or CREATE STREAMLIT ... MAIN_FILE in a deploy script) and run stcodemod again',
  };
}

function describeLayout(app: StreamlitApp, paths: string[]): void {
  const entryFolder = app.mainFile ? folderOf(app.mainFile) : app.root;
  const pages = join(entryFolder, 'pages');
  if (paths.some((path) => path.startsWith(`${pages}/`))) app.pagesDir = pages;
  const folders = [app.root];
  for (let folder = entryFolder; folder !== app.root && isInside(folder, app.root); folder = folderOf(folder)) folders.push(folder);
  const known = new Set(paths);
  const read = folders.flatMap((folder) => DEPENDENCY_FILES.map((name) => join(folder, name))).filter((path) => known.has(path));
  // A declared environment file (snowflake.yml `env_file`, an artifact) counts wherever it is.
  app.dependencyFiles = [...new Set([...app.dependencyFiles, ...read])].sort();
}

/** The conda environment files among an app's dependency files: the standard names, and any a snowflake.yml declares. */
export function environmentFilesOf(app: StreamlitApp): string[] {
  return app.dependencyFiles.filter((file) => !PYPI_DEPENDENCY_FILES.has(posix.basename(file)));
}

const PYPI_DEPENDENCY_FILES = new Set(['requirements.txt', 'pyproject.toml']);

/**
 * An app whose environment.yml the run would turn into a requirements.txt that an app the run
 * leaves alone would then read (the container runtime takes the nearest dependency file above
 * its entry file): migrating the one would change the other's dependencies.
 */
function sharedDependencies(app: StreamlitApp, apps: StreamlitApp[], paths: string[]): string | undefined {
  const known = new Set(paths);
  const environments = environmentFilesOf(app);
  for (const other of apps) {
    if (other === app || other.leftAlone === undefined) continue;
    const searched = readFolders(other).reverse();
    for (const environment of environments) {
      const index = searched.indexOf(folderOf(environment));
      if (index === -1) continue;
      const nearer = searched.slice(0, index).some((candidate) => ['requirements.txt', 'pyproject.toml'].some((name) => known.has(join(candidate, name))));
      if (!nearer) {
        return `its ${environment} would become the dependency file that ${describeApp(other)} reads too, `
          + `and that app is left alone (${other.leftAlone}): give ${describeApp(other)} a requirements.txt of its own beside its entry file`;
      }
    }
  }
  return undefined;
}

/**
 * An app an earlier run of stcodemod moved to the container runtime, as its MIGRATION.md says: the
 * run goes on with it (new code, filled-in placeholders, the plan's outstanding steps), where an
 * app that was on the container runtime before stcodemod is left alone.
 */
function migratedEarlier(project: Project, app: StreamlitApp): boolean {
  const heading = app.definition ? `(${app.definition}, entity \`${app.entityKey}\`)` : `(folder \`${app.root || '.'}\`)`;
  for (let folder = app.root; ; folder = folderOf(folder)) {
    if (earlierPlan(project, folder)?.includes(heading)) return true;
    if (folder === '') return false;
  }
}

function reasonToLeaveAlone(project: Project, app: StreamlitApp, declared: Declarations): string | undefined {
  if ([app.root, app.mainFile ?? ''].some((path) => path === '..' || path.startsWith('../'))) {
    return `its entry file ${app.mainFile} is outside the target, which stcodemod never reads or writes: run it on the folder that holds the app`;
  }
  const blocked = declared.unreadable.find((declaration) => isInside(app.root, declaration.folder));
  if (blocked) return `${blocked.reason}; once that is settled, run stcodemod again, so that the app's files, dependencies and runtime move together`;
  if (app.runtime === 'container' && !migratedEarlier(project, app)) return 'it is already on the container runtime';
  if (app.unclearEntry) return app.unclearEntry;
  if (app.declarationProblem) {
    return `stcodemod cannot write the container runtime into ${app.declarationProblem.path}, so its dependencies and code stay too `
      + '(see the manual step)';
  }
  if (app.kind === 'native-app') return nativeReasonToLeaveAlone(app, declared);
  return undefined;
}

/**
 * A Native App's Streamlit moves to the container runtime through the setup script and manifest
 * (the native-app transform), unless one of the statements that create it cannot take the edits
 * (src/native-app/streamlit-migration.ts says why). One found only by its folder, inside a
 * Native App but created by no setup-script statement stcodemod could follow, is left alone: how
 * it is deployed is unknown.
 */
function nativeReasonToLeaveAlone(app: StreamlitApp, declared: Declarations): string | undefined {
  const nativeCreates = app.createdBy.filter((location) => declared.setupScripts.has(location.path));
  if (nativeCreates.length === 0) {
    return 'it is inside a Native App, but no CREATE STREAMLIT of the setup script that stcodemod could follow creates it, '
      + 'so how the app deploys it is unknown';
  }
  const blocker = nativeCreates.map((location) => declared.nativeBlockers.get(statementKey(location))).find(Boolean);
  return blocker === undefined ? undefined : `it is a Native App's Streamlit that cannot move to the container runtime: ${blocker}`;
}

export function describeApp(app: StreamlitApp): string {
  return app.name ? `app \`${app.name}\`` : `the app in ${app.root === '' ? 'the target' : `${app.root}/`}`;
}

function isInside(path: string, folder: string): boolean {
  return folder === '' || path === folder || path.startsWith(`${folder}/`);
}

// ---------------------------------------------------------------------------------------------
// Where a run starts: the project that holds what the user pointed at

const PROJECT_MARKERS = [...DEFINITION_FILES, 'manifest.yml'];
const APP_MARKERS = [DEFAULT_MAIN_FILE, ...ENVIRONMENT_FILES];

/**
 * The folder a run works in, for a path the user gave, found as ruff finds its configuration:
 * from the path upwards (not above the git work tree, or the home folder outside one), the
 * nearest folder with a project definition (snowflake.yml, manifest.yml), else the nearest that
 * holds an app (streamlit_app.py, environment.yml). A folder the user gave that holds apps of its
 * own is its own project. Returns the project folder and what of it the run covers.
 */
export function enclosingProject(target: string, isFile: boolean, stopAt: string | undefined): { root: string; scope: RunScope } {
  const absolute = path.resolve(target);
  const start = isFile ? path.dirname(absolute) : absolute;
  const relativeTo = (root: string) => path.relative(root, absolute).split(path.sep).join('/');
  const scopeFor = (root: string): RunScope => (isFile ? { folders: [], files: [relativeTo(root)] } : { folders: [relativeTo(root)], files: [] });
  if (!isFile && holdsAny(start, [...PROJECT_MARKERS, ...APP_MARKERS])) return { root: start, scope: WHOLE_TARGET };
  const ancestors = foldersUpward(start, stopAt);
  const project = ancestors.find((folder) => holdsAny(folder, PROJECT_MARKERS)) ?? ancestors.find((folder) => holdsAny(folder, APP_MARKERS));
  if (project === undefined) return isFile ? { root: start, scope: scopeFor(start) } : { root: start, scope: WHOLE_TARGET };
  return { root: project, scope: project === absolute ? WHOLE_TARGET : scopeFor(project) };
}

/**
 * The folders a search upward from `start` looks in, nearest first: up to `stopAt` (the top of
 * the git work tree), else up to the home folder (or the file system's root outside it). The
 * project and its configuration file (config.ts) are both looked for along this path.
 */
export function foldersUpward(start: string, stopAt: string | undefined): string[] {
  const limit = stopAt ?? homeOrRoot(start);
  const folders: string[] = [];
  for (let folder = start; ; folder = path.dirname(folder)) {
    folders.push(folder);
    if (folder === limit || path.dirname(folder) === folder || !isWithin(limit, folder)) break;
  }
  return folders;
}

function holdsAny(folder: string, names: string[]): boolean {
  return names.some((name) => {
    try {
      return fs.lstatSync(path.join(folder, name)).isFile();
    } catch {
      return false;
    }
  });
}

function homeOrRoot(start: string): string {
  const home = process.env.HOME;
  return home && isWithin(path.resolve(home), start) ? path.resolve(home) : path.parse(start).root;
}

function isWithin(outer: string, inner: string): boolean {
  const relative = path.relative(outer, inner);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
