/**
 * # versioned-schema
 *
 * ## What it does
 * Finds every Snowflake Native App (a `manifest.yml`), follows its setup script and every file
 * that runs through `EXECUTE IMMEDIATE FROM`, and makes the scripts upgrade-safe:
 *
 * - code (procedures, functions, Streamlit apps, views) is created `OR REPLACE`, so an upgrade
 *   installs the new version's code;
 * - state is created idempotently: `CREATE SCHEMA IF NOT EXISTS`, `CREATE TABLE IF NOT EXISTS`,
 *   `ALTER TABLE ... ADD COLUMN IF NOT EXISTS`, `CREATE APPLICATION ROLE IF NOT EXISTS`;
 *   `CREATE OR REPLACE TABLE` on a state table becomes `CREATE TABLE IF NOT EXISTS`;
 * - `CREATE STREAMLIT ... ROOT_LOCATION = '<relative path>'` becomes `FROM '<relative path>'`.
 *
 * A normal schema that holds only code stays normal and is reported with the SQL of a new
 * versioned schema for that code: an installed app may have the schema from a released
 * version, and nothing in the project says which versions were released.
 *
 * Then it runs the setup-script checks (src/native-app/checks.ts) and reports what it could not
 * fix: errors as manual steps, the rest as warnings and notes.
 *
 * ## Why
 * The setup script runs on every install and every upgrade, for every consumer at once. Code in
 * a normal schema is replaced under queries that are still running; a table created with
 * `CREATE OR REPLACE` loses consumer data on every upgrade; a plain `CREATE` fails the second
 * time the script runs (runtime facts, section 7).
 *
 * ## Example
 *     CREATE SCHEMA core;
 *     CREATE PROCEDURE core.hello() ...;
 *     CREATE SCHEMA state;
 *     CREATE OR REPLACE TABLE state.config (k STRING);
 * becomes
 *     CREATE SCHEMA IF NOT EXISTS core;
 *     CREATE OR REPLACE PROCEDURE core.hello() ...;
 *     CREATE SCHEMA IF NOT EXISTS state;
 *     CREATE TABLE IF NOT EXISTS state.config (k STRING);
 * with a warning that core could hold its code in a new versioned schema.
 *
 * ## Fix safety
 * Adding `IF NOT EXISTS` / `OR REPLACE` to a plain `CREATE`, and `FROM` for `ROOT_LOCATION`, are
 * safe: a fresh install runs exactly as before, and a re-run that used to fail now succeeds. A
 * statement under an exception handler that swallows its error is re-runnable as written and
 * left alone. Replacing `CREATE OR REPLACE` on a state table or schema changes what an upgrade
 * does (existing installations now keep their data and old columns) and is always reported as
 * a manual step. Never rewritten, only reported: a schema's kind (upgrade-check rejects a
 * change), `CREATE OR REPLACE APPLICATION ROLE` (IF NOT EXISTS would keep privileges an
 * earlier version granted), a table the setup script fills or builds from a query or clone,
 * an object whose schema cannot be resolved. Nothing changes in an app whose scripts
 * stcodemod cannot read completely.
 */
import { findNativeApps, NativeApp } from '../../src/native-app/manifest';
import { checkSetup, codeKeptIssue, filledTables, isDerivedTable, isIdempotent, isPlainTable } from '../../src/native-app/checks';
import { Issue } from '../../src/native-app/issues';
import {
  buildModel, CreatedObject, objectKey, SchemaInfo, schemaNamed, schemaOfName, SetupModel,
} from '../../src/native-app/model';
import { loadSetupScripts, SetupStatement } from '../../src/native-app/setup-scripts';
import { tableAction } from '../../src/native-app/tables';
import { Project } from '../../src/project';
import { displayName, findProperty, identifierKey, Token } from '../../src/sql';
import { Reporter, Transform } from '../../src/transform';

export const versionedSchema: Transform = {
  name: 'versioned-schema',
  summary: 'Make Native App setup scripts upgrade-safe (re-runnable code, state that survives upgrades) and check them',
  touches: 'manifest.yml, the setup script and the SQL files it runs',
  safe: false,
  project(project, report) {
    const { apps, issues } = findNativeApps(project);
    issues.forEach((issue) => reportIssue(report, issue));
    const splices = new Map<string, Splice[]>();
    for (const app of apps) {
      const plan = rewriteApp(project, app);
      plan.issues.forEach((issue) => reportIssue(report, issue));
      for (const splice of plan.splices) splices.set(splice.path, [...(splices.get(splice.path) ?? []), splice]);
    }
    for (const [path, fileSplices] of splices) applySplices(project, path, fileSplices, report);
  },
};

interface Splice {
  path: string;
  start: number;
  end: number;
  text: string;
}

interface Plan {
  splices: Splice[];
  issues: Issue[];
}

/** Plans the rewrites of one app and lists its findings; checks see the app as it will be. */
function rewriteApp(project: Project, app: NativeApp): Plan {
  const model = buildModel(loadSetupScripts(project, app));
  const rewriter = new Rewriter(model);
  if (model.scripts.complete) {
    rewriter.reportCodeInNormalSchemas();
    rewriter.makeCreatesIdempotent();
    rewriter.makeAddColumnIdempotent();
  }
  const checks = checkSetup(project, app, model)
    .filter((issue) => !rewriter.fixed.has(issueKey(issue.path, issue.offset, issue.code)));
  return { splices: rewriter.splices, issues: [...rewriter.issues, ...checks] };
}

function issueKey(path: string | undefined, offset: number | undefined, code: string): string {
  return `${path}:${offset}:${code}`;
}

class Rewriter {
  readonly splices: Splice[] = [];
  readonly issues: Issue[] = [];
  /** `path:offset:code` of check findings a rewrite made moot. */
  readonly fixed = new Set<string>();
  private readonly done = new Set<string>();

  constructor(private readonly model: SetupModel) {}

  /**
   * A normal schema that holds code is never made versioned. Code there is replaced under the
   * running version's queries during an upgrade, but installed apps may have the schema as a
   * normal one already: nothing in the project says which versions were released (the manifest
   * names the next version; releases are made in Snowflake, and git tags need not mark them).
   * Changing a released schema's kind is what upgrade-check rejects, so the safe way is a new
   * versioned schema for the code, which this reports with the SQL to start it.
   */
  reportCodeInNormalSchemas(): void {
    for (const schema of this.model.schemas.values()) {
      if (schema.versioned || schema.creates.length === 0) continue;
      const code = schema.objects.filter((object) => object.category === 'code');
      const other = schema.objects.filter((object) => object.category !== 'code' && object.category !== 'neutral');
      if (code.length === 0) continue;
      const first = schema.creates[0].at;
      if (other.length > 0) {
        this.note(first, 'info', 'code-in-normal-schema', `schema ${schema.display} holds code (${listed(code)}) next to`
          + ` ${listed(other)}, so it stays a normal schema and its code is not version-pinned during upgrades;`
          + ' consider moving the code to a versioned schema');
        continue;
      }
      this.note(first, 'warning', 'code-schema-kept-normal', `schema ${schema.display} holds only code (${listed(code)}) but`
        + ' is a normal schema, so an upgrade replaces that code under the running version\'s queries. It is not made'
        + ' versioned: installed apps may have it as a normal schema already (if a released version created it), and a'
        + ' schema whose kind changes is what `upgrade-check` rejects. Keep it as it is and put the code in a new'
        + ' versioned schema:', this.newVersionedSchemaSql(schema, code));
    }
  }

  /** The start of a versioned schema beside `schema`, granted to the roles that use `schema`. */
  private newVersionedSchemaSql(schema: SchemaInfo, code: CreatedObject[]): string {
    const written = schema.creates[0].name!;
    const suffix = written.value === written.value.toUpperCase() ? '_CODE' : '_code';
    let value = `${written.value}${suffix}`;
    for (let n = 2; this.model.schemas.has(identifierKey(value, written.quoted)); n++) value = `${written.value}${suffix}${n}`;
    const name = displayName([{ ...written, value }]);
    const roles = this.rolesUsing(schema);
    return [
      `CREATE OR ALTER VERSIONED SCHEMA ${name};`,
      ...(roles.length > 0 ? roles : ['<application role>']).map((role) => `GRANT USAGE ON SCHEMA ${name} TO APPLICATION ROLE ${role};`),
      `-- Then create ${listed(code)} in ${name} (CREATE OR REPLACE) and grant each as before.`,
      '-- Use the new names in manifest.yml (default_streamlit, callbacks) and wherever the code is called.',
      `-- Keep the old objects until no installed version uses them; ${schema.display} stays a normal schema.`,
    ].join('\n');
  }

  /** The application roles granted USAGE on a schema, as written. */
  private rolesUsing(schema: SchemaInfo): string[] {
    const roles = new Set<string>();
    for (const at of this.model.scripts.statements) {
      const described = at.described;
      if (described.kind !== 'grant' || described.on?.type.name !== 'SCHEMA') continue;
      if (schemaNamed(described.on.name)?.key !== schema.key || described.to?.type.name !== 'APPLICATION ROLE') continue;
      const role = described.to.name;
      if (role && !role.dynamic) roles.add(role.text);
    }
    return [...roles];
  }

  /** Plain CREATEs get IF NOT EXISTS / OR REPLACE; CREATE OR REPLACE on state becomes IF NOT EXISTS. */
  makeCreatesIdempotent(): void {
    const filled = filledTables(this.model);
    for (const object of this.model.objects) {
      const create = object.create;
      const kind = this.schemaKind(object);
      if (create.type.name === 'SCHEMA') {
        if (!create.type.modifiers.includes('VERSIONED')) this.normalSchema(object);
      } else if (object.category === 'code' && kind !== 'unknown' && !isIdempotent(create) && !object.at.handled) {
        // OR REPLACE, not IF NOT EXISTS: an upgrade must install the new version's code.
        if (this.claim(object)) this.insert(object, create.create.end, casing(create.create)(' OR REPLACE'));
        this.fix(object, 'not-re-runnable');
      } else if (create.type.name === 'APPLICATION ROLE' && !isIdempotent(create) && object.resolution === 'unscoped') {
        this.addIfNotExists(object);
      } else if (isPlainTable(create) && kind === 'normal') {
        this.stateTable(object, filled);
      }
      if (create.type.name === 'STREAMLIT') this.rootLocation(object);
    }
  }

  private normalSchema(object: CreatedObject): void {
    const create = object.create;
    if (!isIdempotent(create)) return this.addIfNotExists(object);
    if (!create.orReplace || !object.schema) return;
    const state = this.model.schemas.get(object.schema.key)?.objects.filter((o) => o.category === 'state') ?? [];
    if (state.length === 0 || !this.claim(object)) return;
    if (!this.removeRun(object, create.create, create.orReplace)) return;
    this.insert(object, create.statement.tokens[create.type.last].end, casing(create.create)(' IF NOT EXISTS'));
    this.fix(object, 'schema-recreated');
    this.note(object.at, 'error', 'state-schema-replaced', `CREATE OR REPLACE SCHEMA ${object.display} dropped`
      + ` ${listed(state)} with all consumer data on every upgrade; it is now CREATE SCHEMA IF NOT EXISTS, so installed`
      + ' apps keep their data. Check that nothing relied on the schema being emptied');
  }

  private stateTable(object: CreatedObject, filled: Set<string>): void {
    const create = object.create;
    if (!isIdempotent(create)) return this.addIfNotExists(object);
    if (!create.orReplace) return;
    const key = objectKey(object.schema, object.name);
    if ((key !== undefined && filled.has(key)) || isDerivedTable(create) || !this.claim(object)) return;
    if (!this.removeRun(object, create.create, create.orReplace)) return;
    this.insert(object, create.statement.tokens[create.type.last].end, casing(create.create)(' IF NOT EXISTS'));
    this.fix(object, 'state-recreated');
    this.note(object.at, 'error', 'state-table-replaced', `CREATE OR REPLACE TABLE ${object.display} wiped consumer`
      + ' data on every upgrade; it is now CREATE TABLE IF NOT EXISTS. Installed apps keep the table as it is, so'
      + ' add every column that a later version adds with ALTER TABLE ... ADD COLUMN IF NOT EXISTS');
  }

  private addIfNotExists(object: CreatedObject): void {
    const create = object.create;
    if (object.at.handled) return;
    if (this.claim(object)) {
      this.insert(object, create.statement.tokens[create.type.last].end, casing(create.create)(' IF NOT EXISTS'));
    }
    this.fix(object, 'not-re-runnable');
  }

  /** `ROOT_LOCATION = '<relative path>'` becomes `FROM '<relative path>'`; a stage path is left to the check. */
  private rootLocation(object: CreatedObject): void {
    const tokens = object.create.statement.tokens;
    const property = findProperty(tokens, 'ROOT_LOCATION');
    const value = property?.value[0];
    if (!property || value?.kind !== 'string' || (value.value ?? '').startsWith('@') || findProperty(tokens, 'FROM')) return;
    if (!this.claim(object, 'root-location')) return;
    const from = { start: tokens[property.key].start, end: tokens[property.equals].end, text: casing(tokens[property.key])('FROM') };
    this.splice(object, from.start, from.end, from.text);
    this.fix(object, 'root-location');
    if (object.create.ifNotExists && this.schemaKind(object) === 'normal') {
      // The same finding the check makes on the rewritten text (a later pass), with FROM in its SQL already.
      const issue = codeKeptIssue(object, [from]);
      this.fix(object, issue.code);
      this.note(object.at, issue.level, issue.code, issue.message, issue.snippet);
    }
  }

  /** `ALTER TABLE t ADD [COLUMN] c ...` gets IF NOT EXISTS when t's schema is known. */
  makeAddColumnIdempotent(): void {
    for (const at of this.model.scripts.statements) {
      const described = at.described;
      if (described.kind !== 'alter' || !schemaOfName(this.model, at, described.name)) continue;
      const action = tableAction(described, at.file.text);
      // Under an exception handler that swallows its error the statement is re-runnable as written.
      if (action.kind !== 'add-column' || action.ifNotExists || at.handled) continue;
      const key = `${at.file.path}:${at.statement.start}`;
      if (!this.done.has(key)) {
        this.done.add(key);
        this.splices.push({ path: at.file.path, start: action.after.end, end: action.after.end,
          text: casing(action.after)(' IF NOT EXISTS') });
      }
      this.fixed.add(issueKey(at.file.path, at.statement.start, 'not-re-runnable'));
    }
  }

  /** versioned, normal, or unknown (a schema the scripts never create, or none at all). */
  private schemaKind(object: CreatedObject): 'versioned' | 'normal' | 'unknown' {
    if (!object.schema || object.resolution === 'dynamic' || object.resolution === 'unresolved') return 'unknown';
    const schema = this.model.schemas.get(object.schema.key);
    if (!schema || schema.creates.length === 0) return 'unknown';
    return schema.versioned ? 'versioned' : 'normal';
  }

  /** Each statement is rewritten once, however often it runs. */
  private claim(object: CreatedObject, part = 'create'): boolean {
    const key = `${object.at.file.path}:${object.at.statement.start}:${part}`;
    if (this.done.has(key)) return false;
    this.done.add(key);
    return true;
  }

  private fix(object: CreatedObject, code: string): void {
    this.fixed.add(issueKey(object.at.file.path, object.at.statement.start, code));
  }

  private insert(object: CreatedObject, offset: number, text: string): void {
    this.splice(object, offset, offset, text);
  }

  private splice(object: CreatedObject, start: number, end: number, text: string): void {
    this.splices.push({ path: object.at.file.path, start, end, text });
  }

  /** Removes `run` (e.g. `OR REPLACE`) with the whitespace before it, when only whitespace separates them. */
  private removeRun(object: CreatedObject, before: Token, run: readonly Token[]): boolean {
    const text = object.at.file.text;
    let previous = before;
    for (const token of run) {
      if (text.slice(previous.end, token.start).trim() !== '') return false;
      previous = token;
    }
    this.splice(object, before.end, run[run.length - 1].end, '');
    return true;
  }

  private note(at: SetupStatement, level: Issue['level'], code: string, message: string, snippet?: string): void {
    this.issues.push({ level, code, message, path: at.file.path, offset: at.statement.start, ...(snippet ? { snippet } : {}) });
  }
}

/** Keywords in the case the statement uses: lower case after a lower-case CREATE, upper case otherwise. */
function casing(token: Token): (text: string) => string {
  return token.text === token.text.toLowerCase() ? (text) => text.toLowerCase() : (text) => text.toUpperCase();
}

function listed(objects: CreatedObject[]): string {
  const names = [...new Set(objects.map((object) => object.display))];
  return names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
}

function reportIssue(report: Reporter, issue: Issue): void {
  const finding = { code: issue.code, message: issue.message, path: issue.path, offset: issue.offset,
    ...(issue.snippet ? { snippet: issue.snippet } : {}) };
  if (issue.level === 'error') report.manual(finding);
  else if (issue.level === 'warning') report.warn(finding);
  else if (issue.level === 'info') report.info(finding);
  else report.error(finding);
}

/** Applies one file's splices; identical ones (from two apps sharing a file) once, conflicting ones not at all. */
function applySplices(project: Project, path: string, splices: Splice[], report: Reporter): void {
  const edit = project.edit(path);
  const applied: Splice[] = [];
  for (const splice of splices.sort((a, b) => a.start - b.start || a.end - b.end)) {
    if (applied.some((other) => other.start === splice.start && other.end === splice.end && other.text === splice.text)) continue;
    const overlaps = applied.some((other) => splice.start < other.end && other.start < splice.end
      || (splice.start === splice.end && other.start === other.end && splice.start === other.start));
    if (overlaps) {
      report.warn({ code: 'conflicting-rewrites', path, offset: splice.start,
        message: 'two apps that share this file need different rewrites here; it was left as it is' });
      continue;
    }
    edit.replace(splice.start, splice.end, splice.text);
    applied.push(splice);
  }
  project.commit(path, edit);
}
