/**
 * The setup-script edits that move a Native App's Streamlit apps to the container runtime: each
 * CREATE STREAMLIT gets FROM (for ROOT_LOCATION), RUNTIME_NAME, COMPUTE_POOL, QUERY_WAREHOUSE
 * and, when it installs packages, the PyPI integration (merged into its list and into each later
 * `ALTER ... SET` of the list, which replaces it); the statements that create those objects go
 * right before the first such CREATE STREAMLIT, so each exists before any Streamlit names it.
 * Every edit is a splice at token offsets, in the script's own keyword case and line endings.
 */
import { StreamlitApp } from '../../src/inventory';
import { streamlitSource } from '../../src/inventory/declared';
import { buildModel } from '../../src/native-app/model';
import { createsObject, SetupScripts, SetupStatement } from '../../src/native-app/setup-scripts';
import { CONTAINER_RUNTIME } from '../../src/snowflake-definition';
import { integrationKey, integrationSplices, integrationSettings } from '../../src/streamlit-integrations';
import {
  appendedProperties, CreateStatement, displayName, findProperty, findWords, matchWords, nameKey, parseNameString,
  PropertySplice, Token,
} from '../../src/sql';
import { ContainerObjects, containerStatements, integrationName, lowerCased, SPECIFICATION } from './sql';

/** A CREATE STREAMLIT of the setup scripts that creates an app the run migrates. */
export interface Target {
  at: SetupStatement;
  create: CreateStatement;
  app: StreamlitApp;
  /** Its dependency file asks for packages beyond those of the container image. */
  needsPackages: boolean;
}

export interface Splice extends PropertySplice {
  path: string;
}

/** The CREATE STREAMLIT statements (of the scripts themselves, in run order) that create the apps. */
export function findTargets(scripts: SetupScripts, apps: StreamlitApp[], needsPackages: (app: StreamlitApp) => boolean): Target[] {
  const targets: Target[] = [];
  for (const at of scripts.statements) {
    const described = at.described;
    if (at.origin !== 'top' || described.kind !== 'create' || described.type.name !== 'STREAMLIT' || !described.name) continue;
    const key = nameKey(described.name.parts);
    const app = apps.find((candidate) => candidate.createdBy.some((location) => location.path === at.file.path)
      && candidate.name !== undefined && nameKeyOf(candidate.name) === key);
    if (app) targets.push({ at, create: described, app, needsPackages: needsPackages(app) });
  }
  return targets;
}

function nameKeyOf(name: string): string | undefined {
  const parts = parseNameString(name);
  return parts ? nameKey(parts) : undefined;
}

/** The literal COMPUTE_POOL a target has already (an earlier pass of the run set it), if any. */
export function poolInUse(targets: Target[]): string | undefined {
  for (const target of targets) {
    const value = findProperty(target.at.statement.tokens, 'COMPUTE_POOL')?.value[0];
    if (value) return value.text;
  }
  return undefined;
}

/** Whether the scripts create an object of this kind and name already (or, for the specification, set it). */
export function scriptsCreate(scripts: SetupScripts, kind: string, name: string): boolean {
  if (kind !== 'SPECIFICATION') return createsObject(scripts, kind, name);
  const wanted = nameKeyOf(name);
  return scripts.statements.some(({ statement: { tokens } }) => {
    const set = matchWords(tokens, 0, ['ALTER', 'APPLICATION', 'SET', 'SPECIFICATION']);
    return set !== -1 && tokens[set] !== undefined && nameKeyOf(tokens[set].text) === wanted;
  });
}

/** The objects the targets need, named; `pool` and `warehouse` are chosen by the caller. */
export function objectsFor(scripts: SetupScripts, targets: Target[], pool: string, warehouse: string | undefined): ContainerObjects {
  const packaged = targets.find((target) => target.needsPackages);
  let packages: ContainerObjects['packages'];
  if (packaged) {
    const parts = packaged.create.name!.parts;
    const schema = parts.slice(0, -1);
    const versioned = buildModel(scripts).schemas.get(schema[schema.length - 1].key)?.versioned ?? false;
    packages = { schema: displayName(schema), versioned };
  }
  const streamlits = new Set(targets.map((target) => nameKey(target.create.name!.parts))).size;
  return { pool, streamlits, ...(warehouse ? { warehouse } : {}), ...(packages ? { packages } : {}) };
}

/**
 * The splices that add the missing objects before the first target, and give every target its
 * runtime, pool, warehouse and integration.
 */
export function setupSplices(scripts: SetupScripts, targets: Target[], objects: ContainerObjects): Splice[] {
  const splices: Splice[] = [];
  const statements = containerStatements(objects, (kind, name) => !scriptsCreate(scripts, kind, name));
  if (statements.length > 0) splices.push(insertBefore(targets[0], statements, objects));
  const integration = objects.packages ? integrationName(objects.packages.schema) : undefined;
  for (const target of targets) {
    const lower = isLowerCase(target.create.create);
    const cased = (line: string) => (lower ? lowerCased(line) : line);
    const own = targetSplices(target, objects, target.needsPackages ? integration : undefined, cased);
    if (recreatesOnUpgrade(scripts, target)) own.push(...orReplaceSplices(target, cased));
    splices.push(...own.map((splice) => ({ ...splice, path: target.at.file.path })));
  }
  if (integration) splices.push(...laterIntegrationSettings(scripts, targets, integration));
  return splices;
}

function targetSplices(target: Target, objects: ContainerObjects, integration: string | undefined, cased: (line: string) => string)
  : PropertySplice[] {
  const { statement } = target.at;
  const text = target.at.file.text;
  const tokens = statement.tokens;
  const splices: PropertySplice[] = [];
  const lines: string[] = [];
  const rootLocation = findProperty(tokens, 'ROOT_LOCATION');
  if (rootLocation) {
    splices.push({ start: tokens[rootLocation.key].start, end: tokens[rootLocation.equals].end, text: cased('FROM') });
  }
  const main = findProperty(tokens, 'MAIN_FILE')?.value[0];
  // The container runtime takes MAIN_FILE relative to FROM; whether it accepts a leading slash is UNCONFIRMED.
  if (main?.kind === 'string' && /^'\/+/.test(main.text)) splices.push({ start: main.start, end: main.end, text: main.text.replace(/^'\/+/, '\'') });
  const runtime = findProperty(tokens, 'RUNTIME_NAME')?.value[0];
  if (!runtime) lines.push(`RUNTIME_NAME = '${CONTAINER_RUNTIME}'`);
  else if ((runtime.value ?? '').toUpperCase() !== CONTAINER_RUNTIME) splices.push({ start: runtime.start, end: runtime.end, text: `'${CONTAINER_RUNTIME}'` });
  if (!findProperty(tokens, 'COMPUTE_POOL')) lines.push(`COMPUTE_POOL = ${objects.pool}`);
  if (!findProperty(tokens, 'QUERY_WAREHOUSE') && objects.warehouse) lines.push(`QUERY_WAREHOUSE = ${objects.warehouse}`);
  if (integration) {
    const merged = integrationSplices(text, statement, [integration]);
    if (findProperty(tokens, 'EXTERNAL_ACCESS_INTEGRATIONS')) splices.push(...merged);
    else lines.push(`EXTERNAL_ACCESS_INTEGRATIONS = (${integration})`);
  }
  splices.push(...appendedProperties(text, statement, lines.map(cased)));
  return splices;
}

/**
 * `CREATE STREAMLIT IF NOT EXISTS` in a normal schema does nothing in an installed app, which
 * would keep its warehouse-runtime Streamlit after the upgrade. When the scripts grant on the
 * Streamlit again after creating it (CREATE OR REPLACE drops its grants), it becomes CREATE OR
 * REPLACE, so the upgrade re-creates it on the container runtime; otherwise the setup-script
 * checks report it, with the statement to use.
 */
export function recreatesOnUpgrade(scripts: SetupScripts, target: Target): boolean {
  if (!target.create.ifNotExists || target.create.orReplace) return false;
  const name = target.create.name!;
  const schema = buildModel(scripts).schemas.get(name.parts[name.parts.length - 2].key);
  if (!schema || schema.versioned || schema.creates.length === 0) return false;
  const after = scripts.statements.slice(scripts.statements.indexOf(target.at) + 1);
  return after.some(({ described }) => described.kind === 'grant' && described.on?.type.name === 'STREAMLIT'
    && described.on.name !== undefined && nameKey(described.on.name.parts) === nameKey(name.parts));
}

function orReplaceSplices(target: Target, cased: (line: string) => string): PropertySplice[] {
  const { create } = target;
  const tokens = target.at.statement.tokens;
  const words = create.ifNotExists!;
  const before = tokens[tokens.indexOf(words[0]) - 1];
  return [
    { start: create.create.end, end: create.create.end, text: cased(' OR REPLACE') },
    { start: before.end, end: words[2].end, text: '' },
  ];
}

/** `ALTER STREAMLIT <target> SET EXTERNAL_ACCESS_INTEGRATIONS = (...)` later in the scripts replaces the list: merge into it. */
function laterIntegrationSettings(scripts: SetupScripts, targets: Target[], integration: string): Splice[] {
  const packaged = new Set(targets.filter((target) => target.needsPackages).map((target) => nameKey(target.create.name!.parts)));
  const statements = scripts.statements;
  const splices: Splice[] = [];
  for (const setting of integrationSettings(statements.map((at) => ({ statement: at.statement, source: at.file.text })))) {
    const at = statements[setting.index];
    if (setting.kind !== 'set' || !packaged.has(setting.streamlit) || at.origin !== 'top') continue;
    if (setting.names.some((name) => integrationKey(name) === integrationKey(integration))) continue;
    for (const splice of integrationSplices(at.file.text, at.statement, [integration])) splices.push({ ...splice, path: at.file.path });
  }
  return splices;
}

/** The new statements, with a comment that says why, above the first target and the comment lines right above it. */
function insertBefore(first: Target, statements: string[][], objects: ContainerObjects): Splice {
  const text = first.at.file.text;
  const offset = commentBlockStart(text, first.at.statement.start);
  const cased = isLowerCase(first.create.create) ? lowerCased : (line: string) => line;
  const what = `the compute pool${objects.warehouse ? ' and warehouse' : ''} the app's Streamlit runs on in the container runtime`;
  const why = objects.packages
    ? [`-- Added by stcodemod: ${what},`, `-- and PyPI access for its packages, which the consumer approves (app specification ${SPECIFICATION}).`]
    : [`-- Added by stcodemod: ${what}.`];
  const block = `${[...why, ...statements.flatMap((statement) => statement.map(cased)), ''].join('\n')}\n`;
  const ownLine = text.slice(lineStart(text, offset), offset).trim() === '';
  return { path: first.at.file.path, start: offset, end: offset, text: ownLine ? block : `\n${block}` };
}

/**
 * Where the lines that belong to a statement start: its own line, or the comment lines right
 * above it. A statement that shares its line with another starts at its first token.
 */
function commentBlockStart(text: string, statementStart: number): number {
  let start = lineStart(text, statementStart);
  if (text.slice(start, statementStart).trim() !== '') return statementStart;
  while (start > 0) {
    let end = start - 1;
    if (text[end] === '\n' && text[end - 1] === '\r') end--;
    const previous = lineStart(text, end);
    const line = text.slice(previous, end).trim();
    if (!line.startsWith('--') && !line.startsWith('//')) break;
    start = previous;
  }
  return start;
}

function lineStart(text: string, offset: number): number {
  return Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
}

export function isLowerCase(token: Token): boolean {
  return token.text === token.text.toLowerCase();
}

/** `IMPORTS = (...)` on a Streamlit: the container runtime ignores it. */
export function importsOf(target: Target): string | undefined {
  const imports = findProperty(target.at.statement.tokens, 'IMPORTS');
  return imports?.items?.map((item) => item.map((token) => token.text).join('')).join(', ');
}

/** The FROM (or ROOT_LOCATION) path of a target, without quotes. */
export function sourceLocation(target: Target): string {
  return streamlitSource(target.at.statement.tokens) ?? '/';
}
