/**
 * What breaks an upgrade in place from one version of a Native App to the next: state tables
 * dropped, renamed or re-created; columns dropped, renamed, retyped, or added only to CREATE
 * TABLE (installed apps never get them); columns a view of a normal schema no longer has (an
 * error when an application role is granted the view); objects moved between a versioned and a normal schema;
 * state changed between two patches of the same version; and everything the setup-script
 * checks find in the new version, with "not re-runnable" raised to an error (an upgrade runs the
 * script again on every installed app).
 */
import { checkSetup } from '../native-app/checks';
import { Issue } from '../native-app/issues';
import { NativeApp } from '../native-app/manifest';
import { CreatedObject, objectKey, SchemaInfo, schemaNamed, schemaOfName, SetupModel } from '../native-app/model';
import { SetupStatement } from '../native-app/setup-scripts';
import { Column, createdColumns, TableAction, tableAction, viewColumns } from '../native-app/tables';
import { Project } from '../project';
import { displayName, findWords, matchWords, NamePart, Token } from '../sql';

export interface AppVersion {
  project: Project;
  app: NativeApp;
  model: SetupModel;
}

export interface UpgradeFinding extends Issue {
  /** Which version the location points into. */
  version: 'old' | 'new';
}

/** Checks codes raised to errors: each one fails the setup script when an upgrade runs it again. */
const RAISED_TO_ERROR = new Set(['not-re-runnable']);

export function compareVersions(old: AppVersion | undefined, next: AppVersion): UpgradeFinding[] {
  const findings: UpgradeFinding[] = checkSetup(next.project, next.app, next.model).map((issue) => ({
    ...issue,
    level: RAISED_TO_ERROR.has(issue.code) && issue.level === 'warning' ? 'error' : issue.level,
    version: 'new',
  }));
  if (!old) return findings;
  findings.push(...old.model.scripts.issues.filter((issue) => issue.level === 'unprocessable')
    .map((issue): UpgradeFinding => ({ ...issue, version: 'old' })));
  if (!old.model.scripts.complete || !next.model.scripts.complete) {
    // Comparing what could be read would report every object of an unread file as dropped.
    const which = !old.model.scripts.complete ? old : next;
    findings.push({
      level: 'error',
      code: 'not-compared',
      version: which === old ? 'old' : 'new',
      path: which.app.manifest,
      offset: 0,
      message: `the setup scripts of this version could not all be read (see above), so the versions were not compared`,
    });
    return findings;
  }
  findings.push(...schemaKindChanges(old.model, next.model));
  findings.push(...movedObjects(old.model, next.model));
  findings.push(...tableChanges(old.model, next.model));
  findings.push(...viewChanges(old.model, next.model));
  findings.push(...patchStateChanges(old, next));
  return findings;
}

function at(version: 'old' | 'new', statement: SetupStatement): { version: 'old' | 'new'; path: string; offset: number } {
  return { version, path: statement.file.path, offset: statement.statement.start };
}

function schemaKind(schema: SchemaInfo | undefined): string {
  return schema?.versioned ? 'versioned' : 'normal';
}

/** A schema created in both versions whose kind changed. */
function schemaKindChanges(old: SetupModel, next: SetupModel): UpgradeFinding[] {
  const findings: UpgradeFinding[] = [];
  for (const schema of next.schemas.values()) {
    const before = old.schemas.get(schema.key);
    if (!before || before.creates.length === 0 || schema.creates.length === 0) continue;
    if (before.versioned === schema.versioned) continue;
    findings.push({
      ...at('new', schema.creates[0].at),
      level: 'error',
      code: 'schema-kind-changed',
      message: `schema ${schema.display} was a ${schemaKind(before)} schema and is now a ${schemaKind(schema)} one:`
        + ` installed apps already have it as a ${schemaKind(before)} schema, and what an upgrade does when a schema`
        + ' changes kind is UNCONFIRMED; keep its kind (put the code in a new versioned schema) unless you have tested'
        + ' an upgrade of an installed app',
    });
  }
  return findings;
}

/** The same object (type and name) now created in a schema of the other kind. */
function movedObjects(old: SetupModel, next: SetupModel): UpgradeFinding[] {
  const findings: UpgradeFinding[] = [];
  const created = (model: SetupModel) => new Set(model.objects.map((o) => keyOf(o)).filter(Boolean));
  const nextKeys = created(next);
  const oldKeys = created(old);
  for (const object of next.objects) {
    if (!object.schema || !object.name || object.create.type.name === 'SCHEMA' || oldKeys.has(keyOf(object))) continue;
    const before = old.objects.find((candidate) => candidate.create.type.name === object.create.type.name
      && candidate.name?.key === object.name!.key && candidate.schema && candidate.schema.key !== object.schema!.key
      && !nextKeys.has(keyOf(candidate)));
    if (!before) continue;
    const from = schemaKind(old.schemas.get(before.schema!.key));
    const to = schemaKind(next.schemas.get(object.schema.key));
    if (from === to) continue;
    findings.push({
      ...at('new', object.at),
      level: 'error',
      code: 'object-moved',
      message: `${object.typeLabel} ${before.display} is now ${object.display}, moved from ${from} schema`
        + ` ${before.schema!.display} to ${to} schema ${object.schema.display}: installed apps keep the old one, and`
        + ' references and grants to it break during the upgrade',
    });
  }
  return findings;
}

function keyOf(object: CreatedObject): string {
  return `${object.create.type.name}:${objectKey(object.schema, object.name) ?? ''}`;
}

interface TableHistory {
  create: CreatedObject;
  /** Columns of the CREATE TABLE; undefined when it takes them from a query, LIKE or CLONE. */
  created?: Map<string, Column>;
  actions: { at: SetupStatement; action: TableAction }[];
  dropped?: SetupStatement;
  renamed?: SetupStatement;
}

/** The state tables of a version (tables in normal schemas), by schema and name. */
function tableHistories(model: SetupModel): Map<string, TableHistory> {
  const tables = new Map<string, TableHistory>();
  for (const object of model.objects) {
    if (object.create.type.name !== 'TABLE' || object.category !== 'state' || model.schemas.get(object.schema?.key ?? '')?.versioned) {
      continue;
    }
    const key = objectKey(object.schema, object.name);
    if (!key || tables.has(key)) continue;
    const columns = createdColumns(object.create, object.at.file.text);
    tables.set(key, { create: object, created: columns && columnMap(columns), actions: [] });
  }
  for (const statement of model.scripts.statements) {
    const described = statement.described;
    if ((described.kind !== 'alter' && described.kind !== 'drop') || described.type.name !== 'TABLE') continue;
    const key = objectKey(schemaOfName(model, statement, described.name), described.name?.parts.at(-1));
    const table = key === undefined ? undefined : tables.get(key);
    if (!table) continue;
    if (described.kind === 'drop') {
      table.dropped ??= statement;
      continue;
    }
    const action = tableAction(described, statement.file.text);
    if (action.kind === 'rename' || action.kind === 'swap') table.renamed ??= statement;
    else if (action.kind !== 'other') table.actions.push({ at: statement, action });
  }
  return tables;
}

function columnMap(columns: Column[]): Map<string, Column> {
  return new Map(columns.map((column) => [column.name.key, column]));
}

function applyActions(columns: Map<string, Column>, actions: TableAction[]): Map<string, Column> {
  const result = new Map(columns);
  for (const action of actions) {
    if (action.kind === 'add-column') {
      for (const column of action.columns) if (!result.has(column.name.key)) result.set(column.name.key, column);
    } else if (action.kind === 'drop-column') {
      for (const name of action.names) result.delete(name.key);
    } else if (action.kind === 'rename-column') {
      const column = result.get(action.from.key);
      if (column) {
        result.delete(action.from.key);
        result.set(action.to.key, { ...column, name: action.to });
      }
    } else if (action.kind === 'retype-column') {
      for (const column of action.columns) {
        const current = result.get(column.name.key);
        if (current) result.set(column.name.key, { ...current, type: column.type, canonical: column.canonical });
      }
    }
  }
  return result;
}

/** State tables dropped, renamed or gone; columns dropped, renamed, retyped or missing on upgrade. */
function tableChanges(old: SetupModel, next: SetupModel): UpgradeFinding[] {
  const findings: UpgradeFinding[] = [];
  const before = tableHistories(old);
  const after = tableHistories(next);
  for (const [key, table] of before) {
    if (table.dropped) continue;
    const name = table.create.display;
    const now = after.get(key);
    if (!now) {
      // Still created under the same name (in a schema that became versioned): reported as a schema change.
      if (next.objects.some((object) => objectKey(object.schema, object.name) === key)) continue;
      const gone = referencesTo(next, key);
      if (gone.dropped || gone.renamed) {
        findings.push({
          ...at('new', (gone.dropped ?? gone.renamed)!),
          level: 'error',
          code: gone.dropped ? 'state-table-dropped' : 'state-table-renamed',
          message: gone.dropped
            ? `state table ${name} is dropped: every installed app loses its data on upgrade`
            : `state table ${name} is renamed: code of the running version still uses the old name during the`
              + ' upgrade; add a new table (or column) instead and migrate the data',
        });
        continue;
      }
      const moved = next.objects.find((object) => object.create.type.name === 'TABLE'
        && object.name?.key === table.create.name?.key && object.schema && object.schema.key !== table.create.schema?.key);
      const kindChanged = moved && schemaKind(next.schemas.get(moved.schema!.key))
        !== schemaKind(old.schemas.get(table.create.schema!.key));
      // A move into a versioned schema is reported by movedObjects.
      if (kindChanged) continue;
      findings.push(moved
        ? {
          ...at('new', moved.at),
          level: 'error',
          code: 'state-table-moved',
          message: `state table ${name} is now created as ${moved.display}: installed apps keep their data in ${name}`
            + ` and get a new, empty ${moved.display}`,
        }
        : {
          ...at('old', table.create.at),
          level: 'error',
          code: 'state-table-dropped',
          message: `state table ${name} is no longer created: installed apps keep it with its data but new installs do`
            + ' not get it (if it was renamed, code of the running version still uses the old name)',
        });
      continue;
    }
    if (now.dropped) {
      findings.push({ ...at('new', now.dropped), level: 'error', code: 'state-table-dropped',
        message: `state table ${name} is dropped: every installed app loses its data on upgrade` });
      continue;
    }
    if (now.renamed) {
      findings.push({ ...at('new', now.renamed), level: 'error', code: 'state-table-renamed',
        message: `state table ${name} is renamed: code of the running version still uses the old name during the`
          + ' upgrade; add a new table (or column) instead and migrate the data' });
      continue;
    }
    findings.push(...columnChanges(table, now));
  }
  return findings;
}

/** A DROP TABLE or ALTER TABLE ... RENAME/SWAP of a table the version does not create. */
function referencesTo(model: SetupModel, key: string): { dropped?: SetupStatement; renamed?: SetupStatement } {
  const found: { dropped?: SetupStatement; renamed?: SetupStatement } = {};
  for (const statement of model.scripts.statements) {
    const described = statement.described;
    if ((described.kind !== 'alter' && described.kind !== 'drop') || described.type.name !== 'TABLE') continue;
    if (objectKey(schemaOfName(model, statement, described.name), described.name?.parts.at(-1)) !== key) continue;
    if (described.kind === 'drop') found.dropped ??= statement;
    else if (['rename', 'swap'].includes(tableAction(described, statement.file.text).kind)) found.renamed ??= statement;
  }
  return found;
}

function columnChanges(before: TableHistory, now: TableHistory): UpgradeFinding[] {
  if (!before.created || !now.created) return [];
  const findings: UpgradeFinding[] = [];
  const table = now.create.display;
  const installed = applyActions(before.created, before.actions.map((a) => a.action));
  const upgraded = applyActions(installed, now.actions.map((a) => a.action));
  const fresh = applyActions(now.created, now.actions.map((a) => a.action));
  const newActions = now.actions;
  const where = (find: (action: TableAction) => boolean) => newActions.find((a) => find(a.action))?.at ?? now.create.at;

  for (const [key, column] of installed) {
    const name = label(column.name);
    if (fresh.has(key)) {
      const current = fresh.get(key)!;
      if (current.canonical !== column.canonical && column.canonical !== '' && current.canonical !== '') {
        const altered = newActions.some((a) => a.action.kind === 'retype-column'
          && a.action.columns.some((c) => c.name.key === key));
        findings.push({
          ...at('new', where((a) => a.kind === 'retype-column' && a.columns.some((c) => c.name.key === key))),
          level: 'error',
          code: 'column-retyped',
          message: altered
            ? `column ${name} of ${table} changes type from ${column.type} to ${current.type}: code of the running version`
              + ' reads it during the upgrade; add a new column instead'
            : `column ${name} of ${table} is ${current.type} in the new CREATE TABLE but ${column.type} in installed apps,`
              + ' which keep their table: add a new column instead',
        });
      }
      continue;
    }
    const renamed = newActions.find((a) => a.action.kind === 'rename-column' && a.action.from.key === key);
    const dropped = newActions.find((a) => a.action.kind === 'drop-column' && a.action.names.some((n) => n.key === key));
    findings.push({
      ...at('new', (renamed ?? dropped)?.at ?? now.create.at),
      level: 'error',
      code: renamed ? 'column-renamed' : 'column-dropped',
      message: renamed
        ? `column ${name} of ${table} is renamed: code of the running version still reads it during the upgrade`
        : dropped
          ? `column ${name} of ${table} is dropped: installed apps lose its data and the running version's code breaks`
          : `column ${name} of ${table} is no longer in its CREATE TABLE: installed apps keep it, new installs do not`
            + ' get it (dropped or renamed?)',
    });
  }
  for (const [key, column] of fresh) {
    if (upgraded.has(key) || installed.has(key)) continue;
    findings.push({
      ...at('new', now.create.at),
      level: 'error',
      code: 'column-missing-on-upgrade',
      message: `column ${label(column.name)} is in the new CREATE TABLE ${table} but installed apps never get it: CREATE`
        + ' TABLE IF NOT EXISTS leaves their table as it is',
      snippet: `ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS ${label(column.name)} ${column.type};`,
    });
  }
  return findings;
}

/**
 * A column a view of a normal schema no longer has. A normal schema's view is replaced in place,
 * so during the upgrade the running version's code still reads the column; when an application
 * role is granted the view, so do consumers' queries. Views whose columns the text does not name
 * (`*`, an expression without an alias) are not compared.
 */
function viewChanges(old: SetupModel, next: SetupModel): UpgradeFinding[] {
  const findings: UpgradeFinding[] = [];
  const views = (model: SetupModel) => new Map(model.objects
    .filter((object) => object.create.type.name === 'VIEW' && object.category === 'code' && object.schema
      && !model.schemas.get(object.schema.key)?.versioned)
    .map((object) => [objectKey(object.schema, object.name) ?? '', object]));
  const before = views(old);
  for (const [key, view] of views(next)) {
    const was = before.get(key);
    if (!was || key === '') continue;
    const oldColumns = viewColumns(was.create, was.at.file.text);
    const newColumns = viewColumns(view.create, view.at.file.text);
    if (!oldColumns || !newColumns) continue;
    const gone = oldColumns.filter((column) => !newColumns.some((now) => now.key === column.key));
    if (gone.length === 0) continue;
    const roles = [...new Set([...rolesGranted(old, key, was), ...rolesGranted(next, key, view)])];
    const columns = gone.map(label).join(', ');
    findings.push({
      ...at('new', view.at),
      level: roles.length > 0 ? 'error' : 'warning',
      code: 'view-column-dropped',
      message: `view ${view.display} no longer has ${gone.length === 1 ? 'column' : 'columns'} ${columns}. It is in normal`
        + ` schema ${view.schema!.display}, so the upgrade replaces it in place while the running version's code still`
        + ` reads ${gone.length === 1 ? 'it' : 'them'}`
        + (roles.length > 0 ? `, and so do consumers' queries through application role ${roles.join(', ')}` : '')
        + `: keep ${gone.length === 1 ? 'the column' : 'the columns'} (add new ones beside) until no installed version reads`
        + ` ${gone.length === 1 ? 'it' : 'them'}`,
    });
  }
  return findings;
}

/** The application roles granted a view: on the view itself, or on all or future views of its schema. */
function rolesGranted(model: SetupModel, key: string, view: CreatedObject): string[] {
  const roles: string[] = [];
  for (const statement of model.scripts.statements) {
    const described = statement.described;
    if (described.kind !== 'grant' || described.to?.type.name !== 'APPLICATION ROLE' || !described.to.name) continue;
    const onView = described.on?.type.name === 'VIEW'
      && objectKey(schemaOfName(model, statement, described.on.name), described.on.name?.parts.at(-1)) === key;
    const onSchema = (described.all || described.future) && described.inSchema !== undefined
      && schemaNamed(described.inSchema)?.key === view.schema?.key
      && findWords(described.statement.tokens, ['VIEWS']) !== -1;
    if (onView || onSchema) roles.push(described.to.name.text);
  }
  return roles;
}

function label(part: NamePart): string {
  return displayName([part]);
}

/**
 * Two patches of one version (same `version.name` in both manifests) must not change state:
 * every statement that creates, alters, drops or fills a state object must be the same.
 */
function patchStateChanges(old: AppVersion, next: AppVersion): UpgradeFinding[] {
  const name = next.app.versionName;
  if (name === undefined || old.app.versionName !== name) return [];
  const findings: UpgradeFinding[] = [];
  const before = stateStatements(old.model);
  const after = stateStatements(next.model);
  const message = (verb: string) => `${verb} between two patches of version ${name} (the manifest's version name`
    + ' did not change): state changes belong in a new version, so installed apps and running code stay consistent';
  const unmatched = (from: Map<string, SetupStatement[]>, to: Map<string, SetupStatement[]>) => {
    const left: SetupStatement[] = [];
    for (const [print, statements] of from) left.push(...statements.slice(to.get(print)?.length ?? 0));
    return left;
  };
  for (const statement of unmatched(after, before)) {
    findings.push({ ...at('new', statement), level: 'error', code: 'state-change-in-patch', message: message('state changes') });
  }
  for (const statement of unmatched(before, after)) {
    findings.push({ ...at('old', statement), level: 'error', code: 'state-change-in-patch',
      message: message('a state statement of the previous patch is gone') });
  }
  return findings;
}

const STATE_TYPES = new Set(['TABLE', 'SCHEMA', 'STAGE', 'SEQUENCE', 'STREAM', 'PIPE']);

function stateStatements(model: SetupModel): Map<string, SetupStatement[]> {
  const prints = new Map<string, SetupStatement[]>();
  const seen = new Set<string>();
  for (const statement of model.scripts.statements) {
    const described = statement.described;
    const isState = described.kind === 'dml'
      || ((described.kind === 'create' || described.kind === 'alter' || described.kind === 'drop')
        && STATE_TYPES.has(described.type.name) && !described.type.modifiers.includes('VERSIONED')
        && !described.type.modifiers.some((m) => ['TEMPORARY', 'TEMP', 'VOLATILE'].includes(m)));
    const once = `${statement.file.path}:${statement.statement.start}`;
    if (!isState || seen.has(once)) continue;
    seen.add(once);
    const print = statePrint(statement.statement.tokens);
    prints.set(print, [...(prints.get(print) ?? []), statement]);
  }
  return prints;
}

/**
 * A statement's tokens as text to compare, with `IF NOT EXISTS` / `IF EXISTS` left out: they
 * change whether a re-run fails, not the state it leaves (so a patch may add them).
 */
function statePrint(tokens: Token[]): string {
  const words: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const skip = Math.max(matchWords(tokens, i, ['IF', 'NOT', 'EXISTS']), matchWords(tokens, i, ['IF', 'EXISTS']));
    if (skip !== -1) {
      i = skip - 1;
      continue;
    }
    words.push(tokens[i].kind === 'word' ? tokens[i].text.toUpperCase() : tokens[i].text);
  }
  return words.join(' ');
}
