/**
 * What the project's declarations say: the Streamlit apps that snowflake.yml files, SQL scripts
 * and Native App setup scripts create, and the Python files they name as UDF and procedure
 * handlers. Everything here is read from declarations; nothing is guessed from Python code
 * (python-code.ts does that).
 */
import * as posix from 'node:path/posix';
import { isMap, isScalar, isSeq, Node, parseDocument, YAMLMap } from 'yaml';
import { findNativeApps, NativeApp, resolveInApp } from '../native-app/manifest';
import { loadSetupScripts, SetupStatement } from '../native-app/setup-scripts';
import { nativeMigrationBlocker } from '../native-app/streamlit-migration';
import { Project } from '../project';
import {
  CONTAINER_RUNTIME, isVersion2, ProjectDefinition, readDefinition, streamlitEntities, topLevel, V1_BLOCK, v1ConversionProblem,
} from '../snowflake-definition';
import { describeStatement, findProperty, findWords, parseSql, PutCommand, readPut, Statement, Token } from '../sql';
import { isFlow, mapValue, scalarValue, seqValue } from '../yaml-edit';
import { Runtime, SqlLocation, StreamlitApp } from './model';

export const DEFINITION_FILES = new Set(['snowflake.yml', 'snowflake.yaml']);
export const DEFAULT_MAIN_FILE = 'streamlit_app.py';
/** Project templates (`snow init`) whose definition exists only once rendered. */
const DEFINITION_TEMPLATE = /^snowflake\.ya?ml\.jinja$/;

/** A Python file a declaration runs as a UDF, UDTF or stored procedure handler. */
export interface DeclaredHandler {
  path: string;
  /** The declaration, for people: "CREATE PROCEDURE in setup.sql:12". */
  declaredBy: string;
}

export interface Declarations {
  apps: StreamlitApp[];
  handlers: DeclaredHandler[];
  /** Folders whose apps cannot be known because a declaration in them cannot be read, with why. */
  unreadable: { folder: string; path: string; reason: string }[];
  /** Setup scripts of Native Apps and everything they run: not deploy scripts of standalone apps. */
  setupScripts: Set<string>;
  /** Why a Native App's CREATE STREAMLIT (by `path:offset`) cannot move to the container runtime. */
  nativeBlockers: Map<string, string>;
  /** Files that snowflake.yml deploys into an application package's stage: a Native App's, wherever they are. */
  packaged: Set<string>;
}

/** The key of a statement in `Declarations.nativeBlockers`. */
export function statementKey(location: SqlLocation): string {
  return `${location.path}:${location.offset}`;
}

export function readDeclarations(project: Project, paths: string[]): Declarations {
  const found: Declarations = {
    apps: [], handlers: [], unreadable: [], setupScripts: new Set(), nativeBlockers: new Map(), packaged: new Set(),
  };
  for (const path of paths) {
    if (DEFINITION_FILES.has(posix.basename(path))) readDefinitionFile(project, path, paths, found);
    if (DEFINITION_TEMPLATE.test(posix.basename(path))) {
      // Its artifacts decide which files each app and Native App deploys, and they are unknown until rendered.
      found.unreadable.push({ folder: folderOf(path), path, reason: `${posix.basename(path)} is a project template, `
        + 'which stcodemod reads only once rendered (`snow init`)' });
    }
  }
  const packages = applicationPackages(project, paths);
  found.packaged = packagedFiles(paths, packages.flatMap((bundle) => bundle.mappings));
  readNativeApps(project, paths, packages, found);
  // A SQL file bundled into an application package runs in consumers' accounts, if at all: never a deploy script.
  for (const path of paths) {
    if (path.endsWith('.sql') && !found.setupScripts.has(path) && !found.packaged.has(path)) readSqlScript(project, path, paths, found);
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// snowflake.yml

function readDefinitionFile(project: Project, path: string, paths: string[], found: Declarations): void {
  const definition = readDefinition(project, path);
  if (definition === undefined) return;
  if ('error' in definition) {
    found.unreadable.push({ folder: folderOf(path), path, reason: `${posix.basename(path)} is ${definition.error}` });
    return;
  }
  const top = topLevel(definition);
  const v1 = mapValue(top, V1_BLOCK);
  if (v1) {
    const mainFile = mainFileOf(definition.root, scalarValue(v1, 'main_file'));
    const app = declaredApp(definition, V1_BLOCK, scalarValue(v1, 'name'), mainFile, 'warehouse',
      `${posix.basename(path)} (definition_version ${definition.version ?? '1'}) \`streamlit\` block`);
    const envFile = scalarValue(v1, 'env_file');
    const environment = envFile === undefined ? undefined : join(definition.root, envFile.replace(/^\.\//, ''));
    if (environment !== undefined && paths.includes(environment)) app.dependencyFiles.push(environment);
    const problem = v1ConversionProblem(definition);
    if (problem) app.declarationProblem = { kind: 'unconvertible-v1', step: problem.message, path, offset: problem.offset };
    found.apps.push(app);
  }
  if (isVersion2(definition)) {
    for (const entity of streamlitEntities(definition)) {
      const runtimeName = scalarValue(entity.map, 'runtime_name');
      const runtime: Runtime = runtimeName === undefined ? 'warehouse'
        : runtimeName.toUpperCase() === CONTAINER_RUNTIME ? 'container' : runtimeName.includes('<%') ? 'unknown' : 'warehouse';
      const app = declaredApp(definition, entity.key, identifierName(entity.map) ?? entity.key,
        mainFileOf(definition.root, scalarValue(entity.map, 'main_file')), runtime, `${posix.basename(path)} entity \`${entity.key}\``);
      const mappings = mappingsOf(definition.root, seqValue(entity.map, 'artifacts'));
      app.dependencyFiles.push(...environmentArtifacts(project, mappings, paths));
      if (runtime !== 'container' && isFlow(entity.map)) {
        app.declarationProblem = {
          kind: 'flow-entity',
          step: `rewrite the entity '${entity.key}' as a block mapping, one key per line, and run stcodemod again (stcodemod `
            + `edits block mappings only), or set runtime_name: ${CONTAINER_RUNTIME} and compute_pool on it and move its dependencies by hand`,
          path,
          offset: entity.map.range?.[0],
        };
      }
      found.apps.push(withMappedEntry(app, definition.root, scalarValue(entity.map, 'main_file'), mappings, paths));
    }
  }
  for (const handler of declaredHandlerModules(definition)) {
    const file = handlerFile(paths, handler.module, handler.bases);
    if (file) found.handlers.push({ path: file, declaredBy: `${handler.what} in ${path}` });
  }
}

function declaredApp(definition: ProjectDefinition, entityKey: string, name: string | undefined, mainFile: string,
  runtime: Runtime, how: string): StreamlitApp {
  return {
    root: definition.root,
    mainFile,
    ...(name ? { name } : {}),
    definition: definition.path,
    entityKey,
    foundBy: 'snowflake.yml',
    how,
    kind: 'standalone',
    runtime,
    createdBy: [],
    dependencyFiles: [],
  };
}

/**
 * The conda environment files an entity deploys: an artifact that lands as `environment.yml`, or a
 * YAML file of the project that is a conda environment (`streamlit_environment.yml`, as
 * `snow helpers v1-to-v2` turns a version 1 `env_file` into an artifact). Globs are not followed.
 */
function environmentArtifacts(project: Project, mappings: ArtifactMapping[], paths: string[]): string[] {
  const known = new Set(paths);
  return mappings.filter((mapping) => known.has(mapping.src) && /\.ya?ml$/i.test(mapping.src)
    && (ENVIRONMENT_NAME.test(posix.basename(mapping.dest)) || isCondaEnvironment(project.peekText(mapping.src))))
    .map((mapping) => mapping.src);
}

const ENVIRONMENT_NAME = /^environment\.ya?ml$/;
const CONDA_KEYS = new Set(['name', 'channels', 'dependencies', 'prefix', 'variables']);

/** A YAML mapping with a `dependencies` list and no key a conda environment file does not have. */
function isCondaEnvironment(text: string | undefined): boolean {
  if (text === undefined || !/^dependencies\s*:/m.test(text)) return false;
  const document = parseDocument(text);
  const root = document.contents;
  if (document.errors.length > 0 || !isMap(root) || !isSeq(root.get('dependencies', true))) return false;
  return root.items.every((pair) => isScalar(pair.key) && CONDA_KEYS.has(String(pair.key.value)));
}

/**
 * An entity's entry file is a path on the stage; its artifacts say which local file lands there.
 * When that file is elsewhere (`src: orders/app.py, dest: app.py`), the app's source root is where
 * it is, since that is where its code imports its helpers from.
 */
function withMappedEntry(app: StreamlitApp, root: string, written: string | undefined, mappings: ArtifactMapping[], paths: string[])
  : StreamlitApp {
  const onStage = (written?.trim() || DEFAULT_MAIN_FILE).replace(/^\/+/, '');
  const local = stagePathToLocal(root, onStage, new Set(paths), mappings);
  if (local === undefined || local === app.mainFile) return app;
  const depth = onStage.split('/').length - 1;
  const entryFolder = folderOf(local);
  return { ...app, mainFile: local, root: depth === 0 ? entryFolder : entryFolder.split('/').slice(0, -depth).join('/') };
}

function identifierName(entity: YAMLMap): string | undefined {
  const identifier = entity.get('identifier', true) as Node | undefined;
  if (isScalar(identifier) && typeof identifier.value === 'string') return identifier.value;
  return isMap(identifier) ? scalarValue(identifier, 'name') : undefined;
}

function mainFileOf(root: string, written: string | undefined): string {
  return join(root, (written?.trim() || DEFAULT_MAIN_FILE).replace(/^\/+/, ''));
}

/**
 * Handlers named by a definition: version 1's `snowpark:` functions and procedures (relative to its
 * `src`), version 2's `function` and `procedure` entities (relative to their artifacts).
 */
function declaredHandlerModules(definition: ProjectDefinition): { module: string; bases: string[]; what: string }[] {
  const top = topLevel(definition);
  const handlers: { module: string; bases: string[]; what: string }[] = [];
  const snowpark = mapValue(top, 'snowpark');
  if (snowpark) {
    const src = scalarValue(snowpark, 'src') ?? '';
    for (const kind of ['functions', 'procedures']) {
      for (const item of seqValue(snowpark, kind)?.items ?? []) {
        const handler = isMap(item) ? scalarValue(item, 'handler') : undefined;
        if (handler) handlers.push({ module: moduleOf(handler), bases: [join(definition.root, src)], what: `snowpark ${kind}` });
      }
    }
  }
  const entities = mapValue(top, 'entities');
  for (const pair of entities?.items ?? []) {
    if (!isMap(pair.value)) continue;
    const type = scalarValue(pair.value, 'type');
    if (type !== 'function' && type !== 'procedure') continue;
    const handler = scalarValue(pair.value, 'handler');
    if (!handler) continue;
    const bases = artifactFolders(pair.value).map((folder) => join(definition.root, folder));
    handlers.push({ module: moduleOf(handler), bases: [...bases, definition.root], what: `${type} entity \`${String(isScalar(pair.key) ? pair.key.value : '')}\`` });
  }
  return handlers;
}

function artifactFolders(entity: YAMLMap): string[] {
  const folders: string[] = [];
  for (const item of seqValue(entity, 'artifacts')?.items ?? []) {
    const src = isScalar(item) ? String(item.value) : isMap(item) ? scalarValue(item, 'src') : undefined;
    if (src && !src.endsWith('.py')) folders.push(src.replace(/\/?\*+$/, '').replace(/\/+$/, ''));
    if (src?.endsWith('.py')) folders.push(folderOf(src));
  }
  return folders;
}

/** `pkg.module.function` -> `pkg.module` (a handler names a function in a module). */
function moduleOf(handler: string): string {
  const parts = handler.trim().split('.');
  return parts.length > 1 ? parts.slice(0, -1).join('.') : parts[0];
}

/** The project file of a handler's module, looked for under each base folder in turn. */
function handlerFile(paths: string[], module: string, bases: string[]): string | undefined {
  const relative = module.split('.').join('/');
  const known = new Set(paths);
  for (const base of bases) {
    for (const candidate of [`${relative}.py`, `${relative}/__init__.py`]) {
      const path = join(base, candidate);
      if (known.has(path)) return path;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Native Apps

/**
 * The Streamlit apps and handlers of each Native App, from its setup script and what it runs.
 * `FROM` paths are relative to the application package's stage root: the manifest's folder, or
 * where a snowflake.yml `artifacts` mapping puts files when they live elsewhere.
 */
function readNativeApps(project: Project, paths: string[], packages: ApplicationPackage[], found: Declarations): void {
  const { apps, issues } = findNativeApps(project);
  // A Native App whose manifest cannot be read: its setup script and Streamlits are unknown.
  for (const issue of issues) {
    if (issue.path === undefined) continue;
    found.unreadable.push({ folder: folderOf(issue.path), path: issue.path,
      reason: `the Native App manifest ${issue.path} cannot be read (${issue.message.split(';')[0]})` });
  }
  const known = new Set(paths);
  for (const nativeApp of apps) {
    const mappings = mappingsOfPackage(nativeApp, packages, paths);
    const scripts = loadSetupScripts(project, nativeApp);
    scripts.files.forEach((file) => found.setupScripts.add(file.path));
    for (const at of scripts.statements) {
      const described = at.described;
      if (described.kind !== 'create') continue;
      if (described.type.name === 'STREAMLIT') {
        const app = nativeStreamlit(nativeApp, at, paths, mappings);
        if (app) found.apps.push(app);
        const blocker = nativeMigrationBlocker(scripts, at, project.read(nativeApp.manifest)?.text);
        if (app && blocker) found.nativeBlockers.set(statementKey(app.createdBy[0]), blocker);
      }
      if (described.type.name === 'FUNCTION' || described.type.name === 'PROCEDURE') {
        for (const file of handlerImports(at.statement, (written) => stagePathToLocal(nativeApp.root, written, known, mappings))) {
          found.handlers.push({ path: file, declaredBy: `CREATE ${described.type.name} in ${at.file.path}:${at.statement.line}` });
        }
      }
    }
  }
}

function nativeStreamlit(nativeApp: NativeApp, at: SetupStatement, paths: string[], mappings: ArtifactMapping[])
  : StreamlitApp | undefined {
  const tokens = at.statement.tokens;
  const from = streamlitSource(tokens) ?? '/';
  const main = (stringProperty(tokens, 'MAIN_FILE') ?? DEFAULT_MAIN_FILE).replace(/^\/+/, '');
  const mainFile = stagePathToLocal(nativeApp.root, `${from.replace(/\/+$/, '')}/${main}`, new Set(paths), mappings);
  if (mainFile === undefined) return undefined;
  const entryFolder = folderOf(mainFile);
  const depth = main.split('/').length - 1;
  const root = depth === 0 ? entryFolder : entryFolder.split('/').slice(0, -depth).join('/');
  return {
    root,
    mainFile,
    name: at.described.kind === 'create' ? at.described.name?.text : undefined,
    foundBy: 'native-app',
    how: `CREATE STREAMLIT in the Native App setup script ${at.file.path}:${at.statement.line}`,
    kind: 'native-app',
    runtime: runtimeOfStatement(at.statement),
    createdBy: [{ path: at.file.path, offset: at.statement.start }],
    dependencyFiles: [],
  };
}

export interface ArtifactMapping {
  /** The local path or glob, a project path. */
  src: string;
  /** Where it lands on the stage, relative to the stage root ('' for the root). */
  dest: string;
}

/**
 * The project files the mappings deploy: a file, a folder's files, or a glob's (approximated by
 * every file under the folder before its first wildcard).
 */
function packagedFiles(paths: string[], mappings: ArtifactMapping[]): Set<string> {
  const packaged = new Set<string>();
  for (const mapping of mappings) {
    const wildcard = mapping.src.search(/[*?[]/);
    const base = wildcard === -1 ? mapping.src : folderOf(mapping.src.slice(0, wildcard + 1));
    for (const path of paths) {
      if (path === base || base === '' || path.startsWith(`${base}/`)) packaged.add(path);
    }
  }
  return packaged;
}

/** One application package of a snowflake.yml (a v2 entity, or a v1 `native_app:`), by its artifacts. */
interface ApplicationPackage {
  /** The folder of the snowflake.yml that declares it. */
  root: string;
  mappings: ArtifactMapping[];
}

/** Every application package of every snowflake.yml (v2 `application package` entities, v1 `native_app:`). */
function applicationPackages(project: Project, paths: string[]): ApplicationPackage[] {
  const packages: ApplicationPackage[] = [];
  for (const path of paths) {
    if (!DEFINITION_FILES.has(posix.basename(path))) continue;
    const definition = readDefinition(project, path);
    if (!definition || 'error' in definition) continue;
    const top = topLevel(definition);
    const sequences = [seqValue(mapValue(top, 'native_app') ?? new YAMLMap(), 'artifacts')];
    for (const pair of mapValue(top, 'entities')?.items ?? []) {
      if (isMap(pair.value) && scalarValue(pair.value, 'type') === 'application package') sequences.push(seqValue(pair.value, 'artifacts'));
    }
    for (const seq of sequences) {
      const mappings = mappingsOf(definition.root, seq);
      if (mappings.length > 0) packages.push({ root: definition.root, mappings });
    }
  }
  return packages;
}

/**
 * The artifacts that build a Native App's stage: those of the packages that bundle its manifest,
 * else of the packages whose snowflake.yml sits above it. A repository of several Native Apps
 * maps each app's files with its own snowflake.yml; another app's mappings would name other files.
 */
function mappingsOfPackage(nativeApp: NativeApp, packages: ApplicationPackage[], paths: string[]): ArtifactMapping[] {
  const bundling = packages.filter((bundle) => packagedFiles(paths, bundle.mappings).has(nativeApp.manifest));
  const chosen = bundling.length > 0 ? bundling
    : packages.filter((bundle) => bundle.root === '' || nativeApp.root === bundle.root || nativeApp.root.startsWith(`${bundle.root}/`));
  return chosen.flatMap((bundle) => bundle.mappings);
}

/** The items of an `artifacts:` sequence as mappings; a plain path lands at the same path on the stage. */
function mappingsOf(root: string, seq: ReturnType<typeof seqValue>): ArtifactMapping[] {
  const mappings: ArtifactMapping[] = [];
  for (const item of seq?.items ?? []) {
    if (isScalar(item) && typeof item.value === 'string') mappings.push({ src: join(root, item.value), dest: stageDest(item.value) });
    if (isMap(item)) {
      const src = scalarValue(item, 'src');
      if (src) mappings.push({ src: join(root, src), dest: stageDest(scalarValue(item, 'dest') ?? src) });
    }
  }
  return mappings;
}

/** A `dest` relative to the stage root, as Snowflake CLI reads it: `./python/` is `python/`, `./` and `/` the root (''). */
function stageDest(written: string): string {
  const normal = posix.normalize(written.trim().replace(/^\/+/, ''));
  if (normal === '.' || normal === './') return '';
  return normal.replace(/^\.\//, '');
}

/**
 * The project file that lands at a stage path: the same path under the stage's local root, or the
 * source of an artifact mapping (`src/ui/*` -> `streamlit/` puts `src/ui/app.py` at `streamlit/app.py`).
 */
export function stagePathToLocal(stageRoot: string, stagePath: string, known: Set<string>, mappings: ArtifactMapping[]): string | undefined {
  const onStage = posix.normalize(stagePath.replace(/^\/+/, ''));
  for (const mapping of mappings) {
    const dest = mapping.dest.replace(/\/+$/, '');
    const intoFolder = mapping.dest === '' || mapping.dest.endsWith('/') || mapping.src.endsWith('*');
    if (!intoFolder) {
      if (dest === onStage && known.has(mapping.src)) return mapping.src;
      continue;
    }
    const inDest = dest === '' ? onStage : onStage.startsWith(`${dest}/`) ? onStage.slice(dest.length + 1) : undefined;
    if (inDest === undefined) continue;
    const srcFolder = mapping.src.replace(/\/?\*+$/, '').replace(/\/+$/, '');
    const candidates = mapping.src.endsWith('*') ? [join(srcFolder, inDest)] : [join(srcFolder, inDest), join(folderOf(srcFolder), inDest)];
    const hit = candidates.find((candidate) => known.has(candidate));
    if (hit) return hit;
  }
  const direct = resolveInApp(stageRoot, onStage);
  return direct !== undefined && known.has(direct) ? direct : undefined;
}

/**
 * The files of `files` (project paths under `localRoot`) that the application package of a Native
 * App does not put under `stageFolder` at the same relative path: a Streamlit created FROM that
 * folder never sees them.
 */
export function notDeployed(project: Project, nativeApp: NativeApp, stageFolder: string, localRoot: string, files: string[]): string[] {
  const paths = project.paths();
  const known = new Set(paths);
  const mappings = mappingsOfPackage(nativeApp, applicationPackages(project, paths), paths);
  const stageRoot = nativeApp.root;
  const folder = stageFolder.replace(/\/+$/, '');
  return files.filter((file) => stagePathToLocal(stageRoot, `${folder}/${localRoot === '' ? file : file.slice(localRoot.length + 1)}`,
    known, mappings) !== file);
}

// ---------------------------------------------------------------------------------------------
// SQL scripts of standalone apps

/**
 * `CREATE STREAMLIT` in a deploy script names its stage, not a local folder. The local files are
 * found through the script's `PUT file://...` lines when it uploads them, else by the entry
 * file's name: the one file of that name under the script's folder, or in the whole target.
 */
function readSqlScript(project: Project, path: string, paths: string[], found: Declarations): void {
  const text = project.read(path)?.text;
  if (text === undefined || !/\b(streamlit|function|procedure)\b/i.test(text)) return;
  const parsed = parseSql(text);
  if (parsed.errors.length > 0) {
    if (/\bstreamlit\b/i.test(text)) {
      const first = parsed.errors[0];
      found.unreadable.push({ folder: folderOf(path), path, reason: `${path} cannot be read as SQL (${first.message}, line ${first.line})` });
    }
    return;
  }
  const uploads = putUploads(parsed.statements, text, path);
  for (const statement of parsed.statements) {
    const described = describeStatement(statement, text);
    if (described.kind !== 'create' || statement.block) continue;
    if (described.type.name === 'STREAMLIT') {
      const app = scriptedStreamlit(statement, described.name?.text, path, paths, uploads);
      if (app) found.apps.push(app);
    }
    if (described.type.name === 'FUNCTION' || described.type.name === 'PROCEDURE') {
      const toLocal = (written: string) => uploadedFile(written, uploads, paths, path) ?? uniqueFile(paths, posix.basename(written), folderOf(path));
      for (const file of handlerImports(statement, toLocal)) {
        found.handlers.push({ path: file, declaredBy: `CREATE ${described.type.name} in ${path}:${statement.line}` });
      }
    }
  }
}

function scriptedStreamlit(statement: Statement, name: string | undefined, script: string, paths: string[],
  uploads: Upload[]): StreamlitApp | undefined {
  const tokens = statement.tokens;
  const location = streamlitSource(tokens);
  const main = (stringProperty(tokens, 'MAIN_FILE') ?? DEFAULT_MAIN_FILE).replace(/^\/+/, '');
  const mainFile = location === undefined ? undefined : uploadedFile(`${location.replace(/\/+$/, '')}/${main}`, uploads, paths, script);
  const entry = mainFile ?? uniqueFile(paths, main, folderOf(script));
  if (entry === undefined) return undefined;
  const depth = main.split('/').length - 1;
  const entryFolder = folderOf(entry);
  return {
    root: depth === 0 ? entryFolder : entryFolder.split('/').slice(0, -depth).join('/'),
    mainFile: entry,
    ...(name ? { name } : {}),
    foundBy: 'sql',
    how: `CREATE STREAMLIT in ${script}:${statement.line}`,
    kind: 'standalone',
    runtime: runtimeOfStatement(statement),
    createdBy: [{ path: script, offset: statement.start }],
    dependencyFiles: [],
  };
}

interface Upload {
  /** The stage folder files go to, without a trailing slash: `@db.sch.stage/app`. */
  stageFolder: string;
  /** The local file or glob, as a project path. */
  local: string;
}

/** `PUT file://<local> @<stage>/<folder>` lines; local paths are read from the target and the script's folder. */
function putUploads(statements: Statement[], text: string, script: string): Upload[] {
  const uploads: Upload[] = [];
  for (const statement of statements) {
    const put = readPut(statement, text);
    if (!put) continue;
    for (const local of putLocalPaths(put, script)) uploads.push({ stageFolder: put.stage, local });
  }
  return uploads;
}

/**
 * The project paths a PUT's local side may mean: the client resolves a relative path from where it
 * runs, which is the target's root or the script's own folder.
 */
export function putLocalPaths(put: PutCommand, script: string): string[] {
  const local = put.localPath.replace(/^\.\//, '');
  return [...new Set(['', folderOf(script)].map((base) => join(base, local)))];
}

/** The project file a stage path was uploaded from, if a PUT line of the script says. */
function uploadedFile(stagePath: string, uploads: Upload[], paths: string[], script: string): string | undefined {
  const clean = stagePath.replace(/^'+|'+$/g, '');
  const known = new Set(paths);
  for (const upload of uploads) {
    if (!sameStage(clean, upload.stageFolder) && !clean.toLowerCase().startsWith(`${upload.stageFolder.toLowerCase()}/`)) continue;
    const name = posix.basename(clean);
    const local = upload.local.includes('*') ? join(folderOf(upload.local), name) : posix.basename(upload.local) === name ? upload.local : undefined;
    if (local !== undefined && known.has(local)) return local;
  }
  if (!clean.startsWith('@')) {
    const relative = join(folderOf(script), clean);
    if (known.has(relative)) return relative;
  }
  return undefined;
}

function sameStage(a: string, b: string): boolean {
  return folderOf(a).toLowerCase() === b.toLowerCase();
}

/** The one project file with this name under `folder`, else the one in the whole target. */
function uniqueFile(paths: string[], name: string, folder: string): string | undefined {
  const base = posix.basename(name);
  const matches = paths.filter((path) => posix.basename(path) === base && (name === base || path.endsWith(`/${name}`) || path === name));
  const near = matches.filter((path) => folder === '' || path.startsWith(`${folder}/`));
  if (near.length === 1) return near[0];
  return matches.length === 1 ? matches[0] : undefined;
}

// ---------------------------------------------------------------------------------------------
// Statement parts

/**
 * The Python files a CREATE FUNCTION/PROCEDURE runs: its `IMPORTS` that are `.py` files and hold the
 * module `HANDLER` names. A handler written inline (`AS $$ ... $$`) runs no file of the project.
 */
function handlerImports(statement: Statement, toLocal: (written: string) => string | undefined): string[] {
  const tokens = statement.tokens;
  const handler = stringProperty(tokens, 'HANDLER');
  const imports = findProperty(tokens, 'IMPORTS');
  if (handler === undefined || !imports?.items) return [];
  const module = moduleOf(handler).split('.').pop()!;
  const files: string[] = [];
  for (const item of imports.items) {
    const written = item[0]?.kind === 'string' ? item[0].value : item[0]?.text;
    if (!written?.endsWith('.py')) continue;
    if (posix.basename(written, '.py') !== module) continue;
    const local = toLocal(written);
    if (local) files.push(local);
  }
  return files;
}

/** Where a CREATE STREAMLIT takes its files from: the location after `FROM`, else its ROOT_LOCATION, without quotes. */
export function streamlitSource(tokens: readonly Token[]): string | undefined {
  return fromLocation(tokens) ?? stringProperty(tokens, 'ROOT_LOCATION');
}

/** The location after `FROM` in a CREATE STREAMLIT, quoted or not. */
function fromLocation(tokens: readonly Token[]): string | undefined {
  const index = findWords(tokens, ['FROM']);
  const value = index === -1 ? undefined : tokens[index + 1];
  if (!value) return undefined;
  return value.kind === 'string' ? value.value : value.text;
}

function stringProperty(tokens: readonly Token[], name: string): string | undefined {
  const value = findProperty(tokens, name)?.value[0];
  if (!value) return undefined;
  return value.kind === 'string' ? value.value : value.text;
}

function runtimeOfStatement(statement: Statement): Runtime {
  const runtime = stringProperty(statement.tokens, 'RUNTIME_NAME');
  if (runtime === undefined) return 'warehouse';
  return runtime.toUpperCase() === CONTAINER_RUNTIME ? 'container' : runtime.startsWith('<') || runtime.startsWith('&') ? 'unknown' : 'warehouse';
}

export function folderOf(path: string): string {
  const dir = posix.dirname(path);
  return dir === '.' ? '' : dir;
}

export function join(root: string, relative: string): string {
  const joined = root === '' ? posix.normalize(relative) : posix.normalize(`${root}/${relative}`);
  return joined === '.' ? '' : joined.replace(/\/+$/, '');
}

export type { SqlLocation };
