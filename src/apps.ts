import * as posix from 'node:path/posix';
import { parsedOnce, yamlValue } from './parsed-files';
import { Project } from './project';

/** A Streamlit app found in the target. All paths are project paths (relative to the target). */
export interface StreamlitApp {
  /** The app's source root (Streamlit's working directory when deployed); '' for the target itself. */
  root: string;
  /** The entry file, when known. */
  mainFile?: string;
  /** The Streamlit object's name (from snowflake.yml), when known. */
  name?: string;
  /** The snowflake.yml that declares the app, if any. */
  definition?: string;
  /** The entity key in a definition_version 2 file (or `streamlit` for version 1). */
  entityKey?: string;
}

const DEFINITION_FILES = new Set(['snowflake.yml', 'snowflake.yaml']);
const DEFAULT_MAIN_FILE = 'streamlit_app.py';

/**
 * The Streamlit apps in the target. An app is declared by a Snowflake CLI project definition
 * (snowflake.yml, any definition_version, one app per streamlit entity), or, without one, found
 * by convention: a folder holding `streamlit_app.py` or a conda `environment.yml` (the warehouse
 * runtime needs both at the source root). Apps are sorted by root, then name.
 */
export function findApps(project: Project): StreamlitApp[] {
  const apps: StreamlitApp[] = [];
  const declaredRoots = new Set<string>();
  const paths = project.paths();
  for (const path of paths) {
    if (!DEFINITION_FILES.has(posix.basename(path))) continue;
    const declared = appsFromDefinition(project, path);
    declared.forEach((app) => declaredRoots.add(app.root));
    apps.push(...declared);
  }
  const conventionRoots = new Set<string>();
  for (const path of paths) {
    const name = posix.basename(path);
    if (name !== DEFAULT_MAIN_FILE && name !== 'environment.yml' && name !== 'environment.yaml') continue;
    const root = dirnameOf(path);
    if (declaredRoots.has(root) || conventionRoots.has(root)) continue;
    conventionRoots.add(root);
    const mainFile = join(root, DEFAULT_MAIN_FILE);
    apps.push({ root, ...(project.has(mainFile) ? { mainFile } : {}) });
  }
  return apps.sort((a, b) => a.root.localeCompare(b.root) || (a.name ?? '').localeCompare(b.name ?? ''));
}

/** The app whose source tree holds a path: the deepest root above it. */
export function appOf(apps: StreamlitApp[], path: string): StreamlitApp | undefined {
  const byRoot = appsByRoot(apps);
  // A root holds the path when it is the path, '' or the path's part before one of its slashes;
  // the deepest is the longest of those, so try them longest first.
  if (byRoot.has(path)) return byRoot.get(path);
  for (let slash = path.lastIndexOf('/'); slash >= 0; slash = path.lastIndexOf('/', slash - 1)) {
    const app = byRoot.get(path.slice(0, slash));
    if (app) return app;
    if (slash === 0) break;
  }
  return byRoot.get('');
}

const rootIndexes = new WeakMap<StreamlitApp[], { size: number; byRoot: Map<string, StreamlitApp> }>();

/**
 * Each root's first app (the one `appOf` answered with when it sorted the holders stably by
 * depth), built once per list: hooks ask `appOf` for every file, and scanning every app for
 * every file was quadratic in the number of apps. A list that grew since is indexed again.
 */
function appsByRoot(apps: StreamlitApp[]): Map<string, StreamlitApp> {
  const cached = rootIndexes.get(apps);
  if (cached && cached.size === apps.length) return cached.byRoot;
  const byRoot = new Map<string, StreamlitApp>();
  for (const app of apps) if (!byRoot.has(app.root)) byRoot.set(app.root, app);
  rootIndexes.set(apps, { size: apps.length, byRoot });
  return byRoot;
}

/** Every hook that looks for apps asks, on every pass: the answer is worked out once per text. */
function appsFromDefinition(project: Project, path: string): StreamlitApp[] {
  const text = project.read(path)?.text;
  if (text === undefined) return [];
  const apps = parsedOnce(project, `apps:${path}`, text, () => declaredApps(project, path, text));
  return apps.map((app) => ({ ...app }));
}

function declaredApps(project: Project, path: string, text: string): StreamlitApp[] {
  const definition = yamlValue(project, text) as Record<string, unknown> | null | undefined;
  if (!definition || typeof definition !== 'object') return [];
  const root = dirnameOf(path);
  const apps: StreamlitApp[] = [];
  const v1 = definition.streamlit as Record<string, unknown> | undefined;
  if (v1 && typeof v1 === 'object') {
    apps.push(appFrom(root, path, 'streamlit', stringOf(v1.name), stringOf(v1.main_file)));
  }
  const entities = definition.entities as Record<string, Record<string, unknown>> | undefined;
  for (const [key, entity] of Object.entries(entities ?? {})) {
    if (entity?.type !== 'streamlit') continue;
    const identifier = entity.identifier;
    const name = typeof identifier === 'string' ? identifier : stringOf((identifier as Record<string, unknown>)?.name);
    apps.push(appFrom(root, path, key, name ?? key, stringOf(entity.main_file)));
  }
  return apps;
}

function appFrom(root: string, definition: string, entityKey: string, name?: string, mainFile?: string): StreamlitApp {
  return {
    root,
    mainFile: join(root, (mainFile ?? DEFAULT_MAIN_FILE).replace(/^\/+/, '')),
    ...(name ? { name } : {}),
    definition,
    entityKey,
  };
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function dirnameOf(path: string): string {
  const dir = posix.dirname(path);
  return dir === '.' ? '' : dir;
}

function join(root: string, relative: string): string {
  return root === '' ? posix.normalize(relative) : posix.normalize(`${root}/${relative}`);
}
