/**
 * # versioned-schema
 *
 * ## What it does
 * Finds every Snowflake Native App (a `manifest.yml`), follows its setup script and every file
 * that runs through `EXECUTE IMMEDIATE FROM`, and makes the scripts upgrade-safe:
 *
 * - a schema that holds only code (procedures, functions, Streamlit apps, views) becomes
 *   `CREATE OR ALTER VERSIONED SCHEMA`; code in a versioned schema is created `OR REPLACE`;
 * - state is created idempotently: `CREATE SCHEMA IF NOT EXISTS`, `CREATE TABLE IF NOT EXISTS`,
 *   `ALTER TABLE ... ADD COLUMN IF NOT EXISTS`, `CREATE APPLICATION ROLE IF NOT EXISTS`;
 *   `CREATE OR REPLACE TABLE` on a state table becomes `CREATE TABLE IF NOT EXISTS`;
 * - `CREATE STREAMLIT ... ROOT_LOCATION = '<relative path>'` becomes `FROM '<relative path>'`.
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
 *     CREATE SCHEMA IF NOT EXISTS core;
 *     CREATE PROCEDURE core.hello() ...;
 *     CREATE SCHEMA state;
 *     CREATE OR REPLACE TABLE state.config (k STRING);
 * becomes
 *     CREATE OR ALTER VERSIONED SCHEMA core;
 *     CREATE OR REPLACE PROCEDURE core.hello() ...;
 *     CREATE SCHEMA IF NOT EXISTS state;
 *     CREATE TABLE IF NOT EXISTS state.config (k STRING);
 *
 * ## Fix safety
 * Adding `IF NOT EXISTS` / `OR REPLACE` to a plain `CREATE`, and `FROM` for `ROOT_LOCATION`, are
 * safe: a fresh install runs exactly as before, and a re-run that used to fail now succeeds.
 * Three rewrites change what an upgrade does and are always reported as manual steps: turning a
 * schema into a versioned one (what Snowflake does when an upgrade converts a schema that a
 * released version created as a normal one is UNCONFIRMED), and replacing `CREATE OR REPLACE`
 * on a state table or schema (existing installations now keep their data and old columns). A
 * table the setup script fills, or builds from a query or clone, is reported, not rewritten.
 * An object whose schema cannot be resolved is reported, not rewritten. Nothing changes in an
 * app whose scripts stcodemod cannot read completely.
 */
import { findNativeApps, NativeApp } from '../../src/native-app/manifest';
import { checkSetup, filledTables, isDerivedTable, isIdempotent, isPlainTable } from '../../src/native-app/checks';
import { Issue } from '../../src/native-app/issues';
import {
  buildModel, CreatedObject, objectKey, SchemaInfo, schemaNamed, schemaOfName, schemasCreatedAtRunTime, SetupModel,
} from '../../src/native-app/model';
import { loadSetupScripts, SetupStatement } from '../../src/native-app/setup-scripts';
import { tableAction } from '../../src/native-app/tables';
import { Project } from '../../src/project';
import { CreateStatement, findProperty, findWords, isWord, matchWords, ObjectName, readName, Token } from '../../src/sql';
import { Reporter, Transform } from '../../src/transform';

export const versionedSchema: Transform = {
  name: 'versioned-schema',
  summary: 'Make Native App setup scripts upgrade-safe (versioned schemas for code, idempotent state) and check them',
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
    rewriter.convertCodeSchemas();
    rewriter.makeCreatesIdempotent();
    rewriter.makeAddColumnIdempotent();
  }
  const checks = checkSetup(project, app, model, { converted: rewriter.converted })
    .filter((issue) => !rewriter.fixed.has(issueKey(issue.path, issue.offset, issue.code)));
  return { splices: rewriter.splices, issues: [...rewriter.issues, ...checks] };
}

function issueKey(path: string | undefined, offset: number | undefined, code: string): string {
  return `${path}:${offset}:${code}`;
}

/** Options `CREATE OR ALTER VERSIONED SCHEMA` accepts after the name. */
const VERSIONED_SCHEMA_OPTIONS = new Set([
  'DATA_RETENTION_TIME_IN_DAYS', 'MAX_DATA_EXTENSION_TIME_IN_DAYS', 'DEFAULT_DDL_COLLATION', 'COMMENT',
]);

class Rewriter {
  readonly converted = new Set<string>();
  readonly splices: Splice[] = [];
  readonly issues: Issue[] = [];
  /** `path:offset:code` of check findings a rewrite made moot. */
  readonly fixed = new Set<string>();
  private readonly done = new Set<string>();

  constructor(private readonly model: SetupModel) {}

  /** A schema that holds only code becomes a versioned schema. */
  convertCodeSchemas(): void {
    const runTime = schemasCreatedAtRunTime(this.model);
    const dynamic = this.model.objects.find((object) => object.resolution === 'dynamic');
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
      const blocker = dynamic
        ? `${dynamic.at.file.path}:${dynamic.at.statement.line} creates an object whose name is only known at run time`
        : this.conversionBlocker(schema, runTime);
      if (blocker) {
        this.note(first, 'info', 'schema-kept-normal', `schema ${schema.display} holds only code but stays a normal`
          + ` schema: ${blocker}`);
        continue;
      }
      this.converted.add(schema.key);
      for (const create of schema.creates) this.convertSchema(create);
      this.note(first, 'error', 'schema-converted', `schema ${schema.display} holds only code (${listed(code)}), so it`
        + ' is now CREATE OR ALTER VERSIONED SCHEMA: upgrades no longer replace code under running queries. UNCONFIRMED:'
        + ` what an upgrade does to a schema that a released version created as a normal one; if one did, run`
        + ' `stcodemod upgrade-check --from <that release>` and test upgrading an installed app before you publish');
    }
  }

  /** Why a code-only schema cannot become versioned, or undefined when it can. */
  private conversionBlocker(schema: SchemaInfo, runTime: Map<string, SetupStatement>): string | undefined {
    for (const create of schema.creates) {
      const statement = create.create;
      const where = `${create.at.file.path}:${create.at.statement.line}`;
      if (statement.type.modifiers.length > 0) return `it is created ${statement.type.modifiers.join(' ')} at ${where}`;
      const option = unsupportedSchemaOption(statement);
      if (option) return `CREATE OR ALTER VERSIONED SCHEMA does not take ${option} (${where})`;
    }
    const runs = runTime.get(schema.key);
    if (runs) {
      return `code at ${runs.file.path}:${runs.statement.line} creates state in it at run time`;
    }
    for (const at of this.model.scripts.statements) {
      const described = at.described;
      const where = `${at.file.path}:${at.statement.line}`;
      const inSchema = (name: ObjectName | undefined) => schemaOfName(this.model, at, name)?.key === schema.key;
      if ((described.kind === 'grant' || described.kind === 'revoke') && (described.future || described.all)
        && schemaNamed(described.inSchema)?.key === schema.key) {
        return `${where} grants ON ${described.future ? 'FUTURE' : 'ALL'} ... IN SCHEMA ${schema.display}, which a`
          + ' versioned schema does not support';
      }
      if ((described.kind === 'drop' || described.kind === 'alter') && described.type.name === 'SCHEMA'
        && schemaNamed(described.name)?.key === schema.key) {
        return `${where} runs ${described.kind.toUpperCase()} SCHEMA on it`;
      }
      if (described.kind === 'dml' && inSchema(described.target)) return `${where} writes rows into it`;
      if (described.kind === 'create') {
        const tokens = described.statement.tokens;
        const clone = findWords(tokens, ['CLONE'], described.name?.next ?? 0);
        const source = clone === -1 ? undefined : readName(tokens, clone + 1, at.file.text);
        const from = (described.type.name === 'SCHEMA' ? schemaNamed(source) : schemaOfName(this.model, at, source))?.key;
        if (from === schema.key) return `${where} clones from it`;
      }
    }
    return undefined;
  }

  private convertSchema(object: CreatedObject): void {
    const create = object.create;
    const schemaWord = create.statement.tokens[create.type.first];
    const style = casing(create.create);
    if (!this.claim(object)) return;
    if (create.orReplace) {
      this.replace(object, create.orReplace[1], style('ALTER'));
      this.insert(object, schemaWord.start, style('VERSIONED '));
    } else if (create.orAlter) {
      this.insert(object, schemaWord.start, style('VERSIONED '));
    } else {
      this.insert(object, schemaWord.start, style('OR ALTER VERSIONED '));
      if (create.ifNotExists) this.removeRun(object, schemaWord, create.ifNotExists);
    }
    this.fix(object, 'not-re-runnable');
  }

  /** Plain CREATEs get IF NOT EXISTS / OR REPLACE; CREATE OR REPLACE on state becomes IF NOT EXISTS. */
  makeCreatesIdempotent(): void {
    const filled = filledTables(this.model);
    for (const object of this.model.objects) {
      const create = object.create;
      const kind = this.schemaKind(object);
      if (create.type.name === 'SCHEMA') {
        if (!create.type.modifiers.includes('VERSIONED') && !this.converted.has(object.schema?.key ?? '')) {
          this.normalSchema(object);
        }
      } else if (object.category === 'code' && kind === 'versioned' && !isIdempotent(create) && !object.at.handled) {
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
    this.splice(object, tokens[property.key].start, tokens[property.equals].end, casing(tokens[property.key])('FROM'));
    this.fix(object, 'root-location');
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
    return schema.versioned || this.converted.has(schema.key) ? 'versioned' : 'normal';
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

  private replace(object: CreatedObject, token: Token, text: string): void {
    this.splice(object, token.start, token.end, text);
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

  private note(at: SetupStatement, level: Issue['level'], code: string, message: string): void {
    this.issues.push({ level, code, message, path: at.file.path, offset: at.statement.start });
  }
}

/** An option after the schema name that a versioned schema does not take, or undefined. */
function unsupportedSchemaOption(create: CreateStatement): string | undefined {
  const tokens = create.statement.tokens;
  let at = create.name?.next ?? tokens.length;
  while (at < tokens.length) {
    const managed = matchWords(tokens, at, ['WITH', 'MANAGED', 'ACCESS']);
    if (managed !== -1) {
      at = managed;
    } else if (tokens[at].kind === 'word' && VERSIONED_SCHEMA_OPTIONS.has(tokens[at].text.toUpperCase())
      && tokens[at + 1]?.text === '=' && tokens[at + 2]) {
      at += 3;
    } else {
      return isWord(tokens[at], 'WITH') && tokens[at + 1] ? `WITH ${tokens[at + 1].text}` : tokens[at].text;
    }
  }
  return undefined;
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
