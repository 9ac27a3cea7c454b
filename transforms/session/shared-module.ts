/**
 * The project hook: gives every app whose modules import the shared accessor its
 * `snowflake_session.py`, next to the entry file (the placement snowflake-module uses for its REST
 * helper, src/generated-files.ts), then reports the implicit-session uses that would still see
 * more than one session (sessions-per-app.ts).
 */
import { Inventory, inventoryOf, StreamlitApp } from '../../src/inventory';
import { generatedModuleLocation } from '../../src/generated-files';
import { PathIndex } from '../../src/path-index';
import { Project } from '../../src/project';
import { LineEnding, withLineEnding } from '../../src/text-file';
import { Reporter, RunOptions } from '../../src/transform';
import { ACCESSOR_NAME, GENERATED_MARKER, isGeneratedSessionModule, SHARED_MODULE } from './accessor';
import { FileFacts, reportImplicitSessions, textFacts } from './sessions-per-app';

/** A module-level `from snowflake_session[_N] import get_snowflake_session [as x]`, as the visit writes it. */
const SHARED_IMPORT = new RegExp(`^from[ \\t]+(${SHARED_MODULE}(?:_\\d+)?)[ \\t]+import[ \\t]+${ACCESSOR_NAME}\\b.*$`, 'gm');

export async function placeSharedModules(project: Project, report: Reporter, options: RunOptions): Promise<void> {
  const inventory = inventoryOf(project);
  const facts = scanProject(project, inventory);
  const importers = [...facts.values()].flatMap((fact) => (fact.importer ? [fact.importer] : []));
  if (importers.length > 0) {
    const paths = new PathIndex(project.paths());
    for (const [app, files] of groupByApp(inventory, importers)) placeSharedModule(project, paths, app, files, report);
  }
  await reportImplicitSessions(project, inventory, scanProject(project, inventory), report, options);
}

interface Importer {
  path: string;
  /** The module names its imports of the accessor name. */
  modules: Set<string>;
  eol: LineEnding;
}

interface Scanned extends FileFacts {
  version: number;
  importer?: Importer;
}

/** The texts already scanned, by path, with the version they had: a later pass rescans only what changed. */
const scans = new WeakMap<Project, Map<string, Scanned>>();

/**
 * What the text of each Python file says, by path: whether it imports the shared accessor, and
 * the words sessions-per-app.ts looks for. A look at each text, not a read: most files of a large
 * repository mention none of it. The generated module itself is left out.
 */
function scanProject(project: Project, inventory: Inventory): Map<string, Scanned> {
  const memo = scans.get(project) ?? new Map<string, Scanned>();
  scans.set(project, memo);
  const facts = new Map<string, Scanned>();
  for (const path of project.paths()) {
    // Only the code the run migrates: a library's or a handler's imports are not the app's.
    if (!path.endsWith('.py') || !inventory.visitsPython(path)) continue;
    const version = project.versionOf(path);
    let entry = memo.get(path);
    if (!entry || entry.version !== version) {
      entry = scanText(path, version, project.peekText(path));
      memo.set(path, entry);
    }
    if (entry.importer || entry.consumer || entry.creator) facts.set(path, entry);
  }
  return facts;
}

function scanText(path: string, version: number, text: string | undefined): Scanned {
  if (text === undefined || isGeneratedSessionModule(text)) return { version, consumer: false, creator: false, shared: false };
  const scanned: Scanned = { version, ...textFacts(text) };
  if (!scanned.shared) return scanned;
  const modules = new Set([...text.matchAll(SHARED_IMPORT)].map((match) => match[1]));
  if (modules.size > 0) {
    scanned.importer = { path, modules, eol: text.includes('\r\n') ? '\r\n' : text.includes('\r') ? '\r' : '\n' };
  }
  return scanned;
}

function groupByApp(inventory: Inventory, importers: Importer[]): Map<StreamlitApp | undefined, Importer[]> {
  const groups = new Map<StreamlitApp | undefined, Importer[]>();
  for (const importer of importers) {
    const app = inventory.appOf(importer.path);
    groups.set(app, [...(groups.get(app) ?? []), importer]);
  }
  return groups;
}

function placeSharedModule(project: Project, paths: PathIndex, app: StreamlitApp | undefined, importers: Importer[],
  report: Reporter): void {
  const location = generatedModuleLocation(project, paths, app, SHARED_MODULE, isGeneratedSessionModule);
  if (!project.has(location.path)) {
    project.write(location.path, withLineEnding(sharedModuleText(location.module), importers[0].eol), importers[0].eol);
    paths.add(location.path);
  }
  if (location.guessed) {
    report.warn({
      code: 'module-location',
      path: location.path,
      message: `the app's entry file is unknown, so ${location.path} was put at the app root; it must sit next to the `
        + `entry file for \`from ${location.module} import ${ACCESSOR_NAME}\` to work: move it there if the entry file is elsewhere`,
    });
  }
  if (location.module !== SHARED_MODULE) retargetNewImports(project, importers, location.module, location.path, report);
}

/**
 * The app has a module of its own named `snowflake_session`, so the generated one got another name:
 * the imports this run wrote (the visit always writes the base name) are pointed at it. Imports the
 * files had before the run are the app's own and stay.
 */
function retargetNewImports(project: Project, importers: Importer[], module: string, path: string, report: Reporter): void {
  for (const importer of importers) {
    if (!importer.modules.has(SHARED_MODULE)) continue;
    const text = project.read(importer.path)?.text;
    if (text === undefined) continue;
    const before = new Set((project.originalText(importer.path) ?? '').split(/\r\n|\r|\n/));
    const edit = project.edit(importer.path);
    let retargeted = false;
    for (const match of text.matchAll(SHARED_IMPORT)) {
      if (match[1] !== SHARED_MODULE || before.has(match[0].replace(/\r$/, ''))) continue;
      const start = match.index! + match[0].indexOf(SHARED_MODULE);
      edit.replace(start, start + SHARED_MODULE.length, module);
      retargeted = true;
    }
    if (!retargeted) {
      report.warn({
        code: 'own-module-name',
        path: importer.path,
        message: `this file imports ${ACCESSOR_NAME} from the app's own ${SHARED_MODULE} module; stcodemod's accessor is `
          + `${path}: check that the app's function also returns the app's one shared session`,
      });
      continue;
    }
    project.commit(importer.path, edit);
  }
}

/** The generated module (runtime facts, section 5: `st.connection("snowflake").session()` replaces get_active_session). */
export function sharedModuleText(moduleName: string): string {
  return `"""The app's one Snowpark session, shared by every page and module.

${GENERATED_MARKER} to replace the active session of
snowflake.snowpark.context, which the container runtime of Streamlit in Snowflake does not
provide. stcodemod never overwrites this file: edit it freely.

Every st.connection("snowflake").session() call creates a new Snowpark session, which Snowpark
keeps until it is closed (and closing it would close the connection that every viewer shares).
This is the one place the app creates its session: st.cache_resource keys its cache by this
function's module and name, so every page and module that calls ${ACCESSOR_NAME}() gets
the same session, as they all got the one active session on the warehouse runtime. Code that uses
the active session implicitly (snowflake.cortex functions or @udf without session=) needs it to
be the only one.

This file sits next to the app's entry file on purpose: Streamlit puts that folder on sys.path
for the entry file and every page, so \`from ${moduleName} import ${ACCESSOR_NAME}\` works
from pages/ and from the app's packages too.
"""
import streamlit as st


@st.cache_resource(validate=lambda session: not session.connection.is_closed())
def ${ACCESSOR_NAME}():
    """The app's Snowpark session (the app owner's role), shared by every viewer.

    Created on first use; validate replaces it when Streamlit has reset the shared connection.
    """
    return st.connection("snowflake").session()
`;
}
