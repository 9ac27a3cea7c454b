/**
 * # config
 *
 * ## What it does
 * - Moves a `.streamlit/config.toml` or `secrets.toml` that the container runtime would not read
 *   (beside a page, in a sibling folder, below the entry file) to the nearest folder it reads.
 *   When one is there already, the two are merged by range edits; the file nearer the entry
 *   file wins each conflicting key, and the conflict is reported.
 * - Removes `[snowflake.sleep]` from config.toml and reports the options the container
 *   runtime ignores, or starts to apply, by section.
 * - For a secrets.toml holding credentials: lists it in .gitignore, takes it out of the
 *   snowflake.yml artifacts, and adds one manual step per credential with a `CREATE SECRET`
 *   template that names the key (never its value).
 *
 * ## Why
 * The container runtime reads `.streamlit/` in every folder from the source root down to the
 * entry file's folder, the nearer overriding (runtime facts, section 2). Its support for
 * config.toml sections differs from the warehouse runtime's (Snowflake's "Streamlit
 * configuration" table). A deployed secrets.toml is plain text on the stage and overrides the
 * app's Snowflake secrets.
 *
 * ## Example
 *     [snowflake.sleep]
 *     streamlitSleepTimeoutMinutes = 30
 * is removed: container apps suspend after three days without viewers instead.
 *
 * ## Fix safety
 * Not always safe: a moved file starts to apply, and `[server]` limits may apply on the
 * container runtime (UNCONFIRMED); each is reported as a warning. Nothing is deleted that was
 * not merged first; a merge that has conflicts keeps the farther file for the user to review.
 */
import * as posix from 'node:path/posix';
import ignore from 'ignore';
import { isInside, folderOf, join, readFolders, entryFolder } from '../../src/app-layout';
import { Inventory, inventoryOf, StreamlitApp } from '../../src/inventory';
import { tomlDocument } from '../../src/parsed-files';
import { Project } from '../../src/project';
import { artifactCovers, artifactItems, artifactsOf, entityOf, readDefinition, relativeToDefinition, topLevel }
  from '../../src/snowflake-definition';
import { accessAfter, createSecretSql, SecretBinding, secretBindings, SecretsInventory } from '../../src/streamlit-secrets';
import {
  formatPath, isValidToml, nextLineStart, previousLineStart, samePath, Span, startsWithPath, TomlDocument, TomlEntry, TomlPath,
  TomlTable,
} from '../../src/toml-document';
import { Reporter, Transform } from '../../src/transform';
import { mapValue, replaceSeqItem, seqValue, yamlScalar } from '../../src/yaml-edit';

const STREAMLIT_FILE = /(^|\/)\.streamlit\/(config|secrets)\.toml$/;

export const config: Transform = {
  name: 'config',
  summary: 'Put .streamlit/ files where the container runtime reads them, drop [snowflake.sleep], keep secrets undeployed',
  touches: '.streamlit/config.toml, .streamlit/secrets.toml, .gitignore, snowflake.yml artifacts',
  safe: false,
  project(project, report) {
    const inventory = inventoryOf(project);
    relocateStreamlitFiles(project, inventory, report);
    for (const path of project.paths()) {
      if (!path.endsWith('.streamlit/config.toml') || !STREAMLIT_FILE.test(path) || inventory.leavesAlone(path)) continue;
      if (isRead(inventory, path)) reviewConfig(project, path, report);
    }
    for (const path of project.paths()) {
      if (!path.endsWith('.streamlit/secrets.toml') || !STREAMLIT_FILE.test(path) || inventory.leavesAlone(path)) continue;
      protectSecrets(project, path, inventory.migratedAppAt(path), report);
    }
  },
};

// ---------------------------------------------------------------------------------------------
// Moving .streamlit/ files into the folders the container runtime reads

interface Placement {
  path: string;
  target: string;
  /** Folder steps between the file's folder and the entry file's folder. */
  distance: number;
}

function relocateStreamlitFiles(project: Project, inventory: Inventory, report: Reporter): void {
  const placements: Placement[] = [];
  for (const path of project.paths()) {
    if (!STREAMLIT_FILE.test(path)) continue;
    const app = inventory.migratedAppAt(path);
    if (!app?.mainFile) continue;
    const folder = folderOf(folderOf(path));
    const read = readFolders(app);
    if (read.includes(folder)) continue;
    const nearest = read.filter((candidate) => isInside(folder, candidate)).pop()!;
    placements.push({ path, target: join(nearest, `.streamlit/${posix.basename(path)}`), distance: distance(folder, entryFolder(app)) });
  }
  placements.sort((a, b) => a.distance - b.distance || a.path.localeCompare(b.path));
  for (const placement of placements) {
    if (!project.has(placement.target)) {
      project.move(placement.path, placement.target);
      report.warn({
        code: 'moved',
        message: `moved from ${placement.path}: the container runtime reads .streamlit/ only in the folders from the source `
          + 'root down to the entry file\'s folder, so these settings were not read there and now apply',
        path: placement.target,
      });
    } else {
      mergeInto(project, placement.path, placement.target, report);
    }
  }
}

/** False for a file left where the container runtime does not read it (after a merge conflict). */
function isRead(inventory: Inventory, path: string): boolean {
  const app = inventory.migratedAppAt(path);
  return !app?.mainFile || readFolders(app).includes(folderOf(folderOf(path)));
}

function distance(from: string, to: string): number {
  const a = from === '' ? [] : from.split('/');
  const b = to === '' ? [] : to.split('/');
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  return a.length - common + (b.length - common);
}

/**
 * Copies the keys of `source` that `target` lacks into it. Keys both define with different
 * values are conflicts: the target's (nearer the entry file) stays. The source is deleted only
 * when nothing of it is left behind.
 */
function mergeInto(project: Project, source: string, target: string, report: Reporter): void {
  const from = parseOrReport(project, source, report);
  const into = parseOrReport(project, target, report);
  if (!from || !into) return;
  const secret = source.endsWith('secrets.toml');
  const conflicts: TomlPath[] = [];
  const additions = new Map<string, { table: TomlPath; texts: string[]; header?: string }>();
  const intoEntries = into.entries();
  for (const entry of from.entries()) {
    const clash = intoEntries.filter((other) => startsWithPath(other.path, entry.path) || startsWithPath(entry.path, other.path));
    if (clash.length > 0) {
      const same = clash.length === 1 && samePath(clash[0].path, entry.path) && into.valueText(clash[0]) === from.valueText(entry);
      if (!same) conflicts.push(entry.path);
      continue;
    }
    if (from.tables().some((t) => t.kind === 'array' && startsWithPath(entry.table, t.path))) {
      conflicts.push(entry.path);
      continue;
    }
    const key = JSON.stringify(entry.table);
    const group = additions.get(key) ?? { table: entry.table, texts: [], header: headerText(from, entry) };
    const lines = from.linesOf(entry.node);
    group.texts.push(from.text.slice(lines.start, lines.end));
    additions.set(key, group);
  }
  const edit = project.edit(target);
  for (const group of additions.values()) insertGroup(edit, into, group);
  const merged = edit.toString();
  if (!isValidToml(merged)) {
    report.manual({
      code: 'merge-by-hand',
      message: `${source} must move here, but merging it into this file would not give valid TOML: merge the two by hand`,
      path: target,
    });
    return;
  }
  project.commit(target, edit);
  const keys = (paths: TomlPath[]) => paths.map(formatPath).join(', ');
  if (conflicts.length > 0) {
    report.manual({
      code: 'merge-conflict',
      message: `${source} is not read by the container runtime and was merged into this file, except ${keys(conflicts)}, `
        + `which this file ${secret ? 'also defines' : 'sets differently'} and keeps (it is nearer the entry file); `
        + `review them, then delete ${source}`,
      path: target,
    });
    return;
  }
  project.delete(source);
  report.warn({
    code: 'merged',
    message: `merged ${source} into this file (the container runtime did not read it there, so its settings now apply)`,
    path: target,
  });
}

/** The `[table]` header line an entry sits under, with the comments just above it. */
function headerText(document: TomlDocument, entry: TomlEntry): string | undefined {
  const table = document.tables().find((t) => t.node === entry.node.parent);
  if (!table) return undefined;
  const start = document.linesOf(table.node).start;
  return document.text.slice(start, nextLineStart(document.text, table.node.key.range[1]));
}

function insertGroup(edit: ReturnType<Project['edit']>, into: TomlDocument, group: { table: TomlPath; texts: string[]; header?: string }): void {
  const text = group.texts.map((t) => (/[\r\n]$/.test(t) ? t : `${t}\n`)).join('');
  const body = text.replace(/\r\n?/g, '\n');
  const ending = into.text.length > 0 && !/[\r\n]$/.test(into.text) ? '\n' : '';
  if (group.table.length === 0) {
    const top = into.entries().filter((entry) => entry.table.length === 0).pop();
    if (top) {
      edit.insert(into.linesOf(top.node).end, body);
    } else {
      const offset = into.topLevelEnd();
      edit.insert(offset, offset === into.text.length ? ending + body : `${body}\n`);
    }
    return;
  }
  const table = into.tables().find((t) => t.kind === 'standard' && samePath(t.path, group.table));
  if (table) {
    const last = table.node.body[table.node.body.length - 1];
    const offset = last ? into.linesOf(last).end : nextLineStart(into.text, table.node.key.range[1]);
    edit.insert(offset, offset === into.text.length ? ending + body : body);
    return;
  }
  const header = (group.header ?? `[${group.table.map(String).join('.')}]\n`).replace(/\r\n?/g, '\n');
  edit.insert(into.text.length, `${ending}\n${header}${/\n$/.test(header) ? '' : '\n'}${body}`);
}

function parseOrReport(project: Project, path: string, report: Reporter): TomlDocument | undefined {
  const text = project.read(path)?.text;
  if (text === undefined) return undefined;
  const parsed = tomlDocument(project, text);
  if ('error' in parsed) {
    // The parser's message names the line and the problem, never the value.
    report.error({ code: 'invalid-toml', message: `not valid TOML, left untouched: ${parsed.error}`, path });
    return undefined;
  }
  return parsed;
}

// ---------------------------------------------------------------------------------------------
// config.toml options on the container runtime

/**
 * Snowflake's "Streamlit configuration" table (secrets-and-configuration page): the options of
 * each section the container runtime applies ('all', or a list), and whether the warehouse
 * runtime applied them. [theme] and [theme.sidebar] are supported by both.
 */
const CONTAINER_SUPPORT: Record<string, { container: 'all' | readonly string[]; warehouse: boolean }> = {
  global: { container: ['disableWidgetStateDuplicationWarning'], warehouse: false },
  logger: { container: [], warehouse: false },
  client: { container: ['showErrorDetails', 'showSidebarNavigation'], warehouse: false },
  runner: { container: 'all', warehouse: false },
  server: { container: [], warehouse: false },
  browser: { container: [], warehouse: false },
  mapbox: { container: 'all', warehouse: false },
  theme: { container: 'all', warehouse: true },
  secrets: { container: 'all', warehouse: false },
};
/** The limitations page says these can be set on the container runtime; the table says no. */
const SERVER_LIMITS = ['maxUploadSize', 'maxMessageSize'];
const SLEEP: TomlPath = ['snowflake', 'sleep'];

function reviewConfig(project: Project, path: string, report: Reporter): void {
  const document = parseOrReport(project, path, report);
  if (!document) return;
  removeSleepTimer(project, path, document, report);
  // Parsed again only if the sleep timer went: each text is parsed once (parsed-files.ts).
  const current = tomlDocument(project, project.read(path)!.text);
  if ('error' in current) return;
  reportSections(current, path, report);
}

function removeSleepTimer(project: Project, path: string, document: TomlDocument, report: Reporter): void {
  const spans: Span[] = [];
  const sleepTables = document.tables().filter((table) => startsWithPath(table.path, SLEEP));
  for (const table of sleepTables) spans.push(document.tableSpan(table));
  const sleepEntries = document.entries().filter((entry) => startsWithPath(entry.path, SLEEP)
    && !sleepTables.some((table) => table.node === entry.node.parent));
  for (const entry of sleepEntries) spans.push(document.linesOf(entry.node));
  if (spans.length === 0) return;
  // A [snowflake] table left with nothing goes too.
  const parent = document.tables().find((table) => table.kind === 'standard' && samePath(table.path, ['snowflake']));
  const otherSnowflake = document.entries().some((entry) => entry.path[0] === 'snowflake' && !startsWithPath(entry.path, SLEEP))
    || document.tables().some((table) => table.path[0] === 'snowflake' && table.path.length > 1 && !startsWithPath(table.path, SLEEP));
  if (parent && !otherSnowflake) spans.push(document.tableSpan(parent));

  const edit = project.edit(path);
  for (const span of mergeSpans(spans)) edit.remove(withBlankLinesBefore(document.text, span), span.end);
  const result = edit.toString();
  if (!isValidToml(result)) {
    report.manual({ code: 'remove-sleep-timer', message: 'remove [snowflake.sleep] by hand: it has no meaning on the container runtime', path });
    return;
  }
  const minutes = document.entries().find((entry) => entry.path[entry.path.length - 1] === 'streamlitSleepTimeoutMinutes');
  const was = minutes ? ` (${document.valueText(minutes)} minutes)` : '';
  project.commit(path, edit);
  report.warn({
    code: 'sleep-timer-removed',
    message: `removed [snowflake.sleep]${was}: the container runtime has no sleep timer; an app suspends after three days `
      + 'without viewers and its compute pool bills while it runs (size the pool and suspend it when not needed)',
    path,
    offset: Math.min(...spans.map((span) => span.start)),
  });
}

/** A span that runs to the end of the file takes the blank lines before it along. */
function withBlankLinesBefore(text: string, span: Span): number {
  if (span.end !== text.length) return span.start;
  let start = span.start;
  while (start > 0) {
    const previous = previousLineStart(text, start);
    if (text.slice(previous, start).trim() !== '' || previous === start) break;
    start = previous;
  }
  return start;
}

function mergeSpans(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

function reportSections(document: TomlDocument, path: string, report: Reporter): void {
  const bySection = new Map<string, TomlEntry[]>();
  for (const entry of document.entries()) {
    const section = String(entry.path[0]);
    if (entry.path.length < 2 && !(section in CONTAINER_SUPPORT)) continue;
    const entries = bySection.get(section);
    if (entries) entries.push(entry);
    else bySection.set(section, [entry]);
  }
  // The first table of each section, found once: a search per section made 16,000 sections quadratic.
  const firstTables = new Map<string, TomlTable>();
  for (const table of document.tables()) if (!firstTables.has(String(table.path[0]))) firstTables.set(String(table.path[0]), table);
  for (const [section, entries] of [...bySection].sort(([a], [b]) => a.localeCompare(b))) {
    const support = CONTAINER_SUPPORT[section];
    const offset = Math.min(firstTables.get(section)?.node.range[0] ?? Infinity, entries[0].node.range[0]);
    const names = (list: TomlEntry[]) => list.map((entry) => formatPath(entry.path.slice(1))).join(', ');
    if (!support) {
      report.info({
        code: 'unknown-section',
        message: `[${section}] is not in Snowflake's table of config.toml sections for Streamlit in Snowflake; whether the `
          + 'container runtime applies it is UNCONFIRMED',
        path,
        offset,
      });
      continue;
    }
    const applied = entries.filter((entry) => support.container === 'all' || support.container.includes(String(entry.path[1])));
    const limits = section === 'server' ? entries.filter((entry) => SERVER_LIMITS.includes(String(entry.path[1]))) : [];
    const ignored = entries.filter((entry) => !applied.includes(entry) && !limits.includes(entry));
    if (applied.length > 0 && !support.warehouse) {
      report.warn({
        code: 'now-applies',
        message: `[${section}] ${names(applied)}: ignored by the warehouse runtime, applied by the container runtime; `
          + 'check the app still looks and behaves as intended',
        path,
        offset,
      });
    }
    if (limits.length > 0) {
      report.warn({
        code: 'server-limit',
        message: `[server] ${names(limits)}: Snowflake's configuration table says [server] is not supported, but its `
          + 'limitations page says uploads and message sizes are configurable on the container runtime (UNCONFIRMED which '
          + 'holds): this limit may now apply; the default is 200 MB',
        path,
        offset: limits[0].node.range[0],
      });
    }
    if (ignored.length > 0) {
      report.info({
        code: 'unsupported-option',
        message: `[${section}] ${names(ignored)}: not supported on the container runtime (ignored there, as on the warehouse runtime)`,
        path,
        offset: ignored[0].node.range[0],
      });
    }
    if (section === 'mapbox' && entries.some((entry) => entry.path[1] === 'token')) {
      report.warn({
        code: 'mapbox-token',
        message: 'mapbox.token is a credential in a deployed file (and Snowflake deprecates this option): '
          + 'keep the token out of config.toml',
        path,
        offset,
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// secrets.toml

function protectSecrets(project: Project, path: string, app: StreamlitApp | undefined, report: Reporter): void {
  const document = parseOrReport(project, path, report);
  if (!document) return;
  const { inventory, bindings } = secretBindings(document, app?.name);
  if (inventory.credentials.length === 0 && inventory.snowflakeConnections.length === 0) {
    report.info({
      code: 'plain-secrets',
      message: 'holds no key that looks like a credential; the container runtime reads it from the stage, and its keys '
        + 'override Snowflake secrets of the same name',
      path,
    });
    return;
  }
  ignoreInGit(project, path, app, report);
  keepOutOfArtifacts(project, path, app, report);
  reportSettingsLeftBehind(document, inventory, bindings, path, report);
  const relative = app ? posix.relative(app.root, path) : path;
  for (const connection of inventory.snowflakeConnections) {
    report.info({
      code: 'snowflake-connection',
      message: `[${formatPath(connection.path)}] is for local development: in Snowflake, st.connection("snowflake") connects `
        + 'as the app owner without it',
      path,
      offset: connection.offset,
    });
  }
  for (const binding of bindings) {
    const { before, after } = accessAfter(binding);
    const changed = before === after ? '' : `, and read it as ${after} instead of ${before}`;
    report.manual({
      code: 'credential',
      message: `${binding.keys.map(formatPath).join(' and ')} ${binding.keys.length > 1 ? 'are credentials' : 'looks like a credential'}: `
        + `create the Snowflake secret ${binding.secretName} (migration.sql) and bind it to the app as '${binding.alias}'${changed}`,
      path,
      offset: binding.offset,
      snippet: createSecretSql(binding, relative),
    });
  }
}

/** Keys that are no credentials but leave the deployment with the file. */
function reportSettingsLeftBehind(document: TomlDocument, inventory: SecretsInventory, bindings: SecretBinding[], path: string,
  report: Reporter): void {
  const covered = new Set([...bindings.flatMap((b) => b.keys), ...inventory.credentials.map((c) => c.path)].map((p) => p.join('.')));
  const settings = document.entries().map((entry) => entry.path.map(String)).filter((key) => !covered.has(key.join('.'))
    && !inventory.snowflakeConnections.some((connection) => startsWithPath(key, connection.path)));
  if (settings.length === 0) return;
  report.warn({
    code: 'settings-not-deployed',
    message: `${settings.map(formatPath).join(', ')} ${settings.length > 1 ? 'are no credentials but leave' : 'is no credential but leaves'} `
      + 'the deployment with this file: where the app reads it through st.secrets, move it into the code or a deployed file',
    path,
  });
}

/** Lists the file in the nearest .gitignore above it (or a new one at the app's root). */
function ignoreInGit(project: Project, path: string, app: StreamlitApp | undefined, report: Reporter): void {
  let folder = folderOf(folderOf(path));
  let gitignore: string | undefined;
  for (;;) {
    const candidate = join(folder, '.gitignore');
    if (project.has(candidate)) {
      gitignore = candidate;
      break;
    }
    if (folder === '') break;
    folder = folderOf(folder);
  }
  gitignore ??= join(app?.root ?? '', '.gitignore');
  const base = folderOf(gitignore);
  const pattern = base === '' ? path : posix.relative(base, path);
  const existing = project.has(gitignore) ? project.read(gitignore)?.text : '';
  if (existing === undefined) return;
  if (ignore().add(existing).ignores(pattern)) return;
  const separator = existing === '' || /\n$/.test(existing) ? '' : '\n';
  const blank = existing.trim() === '' ? '' : '\n';
  const addition = `${separator}${blank}# Streamlit secrets hold credentials: never commit or deploy them.\n${pattern}\n`;
  if (project.has(gitignore)) {
    const edit = project.edit(gitignore);
    edit.insert(existing.length, addition);
    project.commit(gitignore, edit);
  } else {
    project.write(gitignore, addition.replace(/^\n+/, ''));
  }
  report.warn({
    code: 'secrets-ignored',
    message: `listed in ${gitignore}: if it was ever committed, also run \`git rm --cached ${path}\` and rotate the credentials it holds`,
    path,
  });
}

/** Takes the file out of the snowflake.yml artifacts of its app. */
function keepOutOfArtifacts(project: Project, path: string, app: StreamlitApp | undefined, report: Reporter): void {
  if (!app?.definition) return;
  const definition = readDefinition(project, app.definition);
  if (!definition || 'error' in definition) return;
  const relative = relativeToDefinition(definition, path);
  const entity = entityOf(definition, app);
  const v1 = mapValue(topLevel(definition), 'streamlit');
  const seq = entity ? artifactsOf(entity).seq : v1 ? seqValue(v1, 'additional_source_files') : undefined;
  if (!seq) return;
  const edit = project.edit(definition.path);
  for (const item of artifactItems(seq)) {
    if (!artifactCovers(item.src, relative)) continue;
    const clean = item.src.replace(/^\.\//, '').replace(/\/+$/, '');
    if (clean === relative && item.dest === undefined) {
      replaceSeqItem(edit, definition.text, seq, item.node, []);
      continue;
    }
    const isFolder = item.dest === undefined && clean !== '' && clean !== '.' && !/[*?[]/.test(clean);
    if (isFolder) {
      const folder = definition.root === '' ? clean : `${definition.root}/${clean}`;
      const rest = project.paths().filter((p) => isInside(p, folder) && p !== path).map((p) => relativeToDefinition(definition, p));
      if (rest.length > 0 && rest.length <= 20) {
        replaceSeqItem(edit, definition.text, seq, item.node, rest.map((value) => yamlScalar(value)));
        continue;
      }
    }
    report.manual({
      code: 'secrets-deployed',
      message: `the artifact '${item.src}' in ${definition.path} deploys ${relative}: exclude that file from it`,
      path: definition.path,
      offset: item.node.range![0],
    });
  }
  if (edit.hasChanges) {
    project.commit(definition.path, edit);
    report.info({ code: 'secrets-not-deployed', message: `no longer deployed: removed from the artifacts in ${definition.path}`, path });
  }
}
