import * as posix from 'node:path/posix';
import { Document, isMap, isScalar, isSeq, Node } from 'yaml';
import { parsedOnce, parseYaml } from '../parsed-files';
import { Project } from '../project';
import { Issue } from './issues';

/** A Snowflake Native App, as its manifest.yml declares it. All paths are project paths. */
export interface NativeApp {
  /** The manifest file, e.g. `app/manifest.yml`. */
  manifest: string;
  /** The folder that holds it: the root of the application package stage ('' for the target). */
  root: string;
  manifestVersion?: number;
  /** `version.name` and `version.patch`, when the manifest sets them. */
  versionName?: string;
  versionPatch?: number;
  /** The primary setup script (`artifacts.setup_script`, default `setup.sql`); undefined when outside the app. */
  setupScript?: string;
  /** `artifacts.readme`; undefined when not declared or outside the app. */
  readme?: string;
  /** `artifacts.setup_script` and `artifacts.readme` as written. */
  declared: { setupScript?: string; readme?: string };
  /** `artifacts.default_streamlit`: `schema.streamlit`. */
  defaultStreamlit?: string;
  /** Privileges the manifest requests, upper case (`CREATE COMPUTE POOL`). */
  privileges: string[];
  /** Offsets into the manifest's text of the entries findings point at. */
  offsets: { setupScript?: number; readme?: number; defaultStreamlit?: number; manifestVersion?: number; privileges?: number };
}

const MANIFEST_FILE = 'manifest.yml';
const DEFAULT_SETUP_SCRIPT = 'setup.sql';

/**
 * Every Native App manifest in the project: a `manifest.yml` whose top level is a map with
 * `manifest_version` or `artifacts` (other tools' manifest.yml files are left alone). A manifest
 * that is not valid YAML is an unprocessable issue; a setup script, readme or default Streamlit
 * file that does not exist is reported by `checkManifestFiles`.
 */
export function findNativeApps(project: Project): { apps: NativeApp[]; issues: Issue[] } {
  const apps: NativeApp[] = [];
  const issues: Issue[] = [];
  for (const path of project.paths()) {
    if (posix.basename(path) !== MANIFEST_FILE) continue;
    const text = project.read(path)?.text;
    if (text === undefined) continue;
    const document = parsedOnce(project, 'yaml:duplicate-keys', text, (source) => parseYaml(source, { uniqueKeys: false }));
    if (document.errors.length > 0) {
      const looksLikeApp = /^(manifest_version|artifacts)\s*:/m.test(text);
      if (looksLikeApp) issues.push({ level: 'unprocessable', code: 'invalid-manifest', path, message: yamlError(document) });
      continue;
    }
    const app = appFrom(path, document);
    if (app) apps.push(app);
    // A list or a scalar holding a manifest's keys was meant as one: saying nothing would drop it.
    else if (!isMap(document.contents) && /^[\s-]*(manifest_version|artifacts)\s*:/m.test(text)) {
      const shape = isSeq(document.contents) ? 'a list' : 'not a mapping';
      issues.push({ level: 'unprocessable', code: 'invalid-manifest', path,
        message: `is ${shape}: a Native App manifest is a mapping of manifest_version, artifacts and the rest; `
          + 'the manifest and its setup scripts were not checked' });
    }
  }
  return { apps, issues };
}

/** Reports a setup script or readme that the manifest names but the app does not contain. */
export function checkManifestFiles(project: Project, app: NativeApp): Issue[] {
  const issues: Issue[] = [];
  const check = (what: string, declared: string, resolved: string | undefined, offset?: number) => {
    if (resolved !== undefined && project.has(resolved)) return;
    const where = resolved === undefined ? 'it points outside the app folder' : `${resolved} does not exist`;
    issues.push({
      level: 'error',
      code: `missing-${what.replace(/ /g, '-')}`,
      path: app.manifest,
      offset: offset ?? 0,
      message: `the manifest's ${what} '${declared}' cannot be found: ${where}`
        + ' (if snowflake.yml maps it from elsewhere when bundling, check the bundled stage instead)',
    });
  };
  check('setup script', app.declared.setupScript ?? DEFAULT_SETUP_SCRIPT, app.setupScript, app.offsets.setupScript);
  if (app.declared.readme !== undefined) check('readme', app.declared.readme, app.readme, app.offsets.readme);
  return issues;
}

function appFrom(path: string, document: Document): NativeApp | undefined {
  const contents = document.contents;
  if (!isMap(contents) || !(contents.has('manifest_version') || contents.has('artifacts'))) return undefined;
  const root = posix.dirname(path) === '.' ? '' : posix.dirname(path);
  const node = (...keys: string[]) => document.getIn(keys, true) as Node | undefined;
  const text = (...keys: string[]) => {
    const value = document.getIn(keys);
    return typeof value === 'string' || typeof value === 'number' ? String(value).trim() : undefined;
  };
  const offset = (...keys: string[]) => node(...keys)?.range?.[0];
  const manifestVersion = Number(text('manifest_version'));
  const patch = Number(text('version', 'patch'));
  const setupDeclared = text('artifacts', 'setup_script');
  const readme = text('artifacts', 'readme');
  const app: NativeApp = {
    manifest: path,
    root,
    ...(Number.isFinite(manifestVersion) ? { manifestVersion } : {}),
    ...(text('version', 'name') !== undefined ? { versionName: text('version', 'name') } : {}),
    ...(Number.isInteger(patch) && text('version', 'patch') !== undefined ? { versionPatch: patch } : {}),
    privileges: privilegesOf(node('privileges')),
    declared: { ...(setupDeclared !== undefined ? { setupScript: setupDeclared } : {}), ...(readme !== undefined ? { readme } : {}) },
    offsets: {
      setupScript: offset('artifacts', 'setup_script'),
      readme: offset('artifacts', 'readme'),
      defaultStreamlit: offset('artifacts', 'default_streamlit'),
      manifestVersion: offset('manifest_version'),
      privileges: offset('privileges'),
    },
  };
  const setupScript = resolveInApp(root, setupDeclared ?? DEFAULT_SETUP_SCRIPT);
  if (setupScript !== undefined) app.setupScript = setupScript;
  const readmePath = readme === undefined ? undefined : resolveInApp(root, readme);
  if (readmePath !== undefined) app.readme = readmePath;
  const defaultStreamlit = text('artifacts', 'default_streamlit');
  if (defaultStreamlit) app.defaultStreamlit = defaultStreamlit;
  return app;
}

/** `- CREATE COMPUTE POOL: {description: ...}` items, or plain strings. */
export function privilegesOf(node: Node | undefined): string[] {
  if (!isSeq(node)) return [];
  const names: string[] = [];
  for (const item of node.items) {
    if (isScalar(item) && typeof item.value === 'string') names.push(item.value);
    if (isMap(item)) {
      for (const pair of item.items) if (isScalar(pair.key)) names.push(String(pair.key.value));
    }
  }
  return names.map((name) => name.trim().replace(/\s+/g, ' ').toUpperCase());
}

/**
 * A path relative to the app root (a leading `/` also means the app root), as a project path;
 * undefined when it leaves the app folder.
 */
export function resolveInApp(root: string, relative: string): string | undefined {
  const inApp = posix.normalize(relative.replace(/^\/+/, ''));
  if (inApp === '..' || inApp.startsWith('../') || inApp === '.' || inApp === '') return undefined;
  return root === '' ? inApp : `${root}/${inApp}`;
}

function yamlError(document: Document): string {
  const first = document.errors[0];
  const message = first.message.split('\n')[0].replace(/:$/, '');
  return `invalid YAML: ${message}; the manifest and its setup scripts were not checked`;
}
