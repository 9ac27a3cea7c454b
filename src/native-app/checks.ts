/**
 * The setup-script checks: mistakes that break installs or upgrades of a Native App (errors) and
 * forms that only work the first time (warnings). They read the model and never edit. Rules come
 * from Snowflake's setup-script and versioned-schema pages (runtime facts, section 7).
 */
import { Project } from '../project';
import {
  createIfNotExistsText, createOrReplaceText, CreateStatement, findProperty, findWords, isWord, readName, Statement,
} from '../sql';
import { droppedIntegrations } from '../streamlit-integrations';
import { Issue } from './issues';
import { checkManifestFiles, NativeApp } from './manifest';
import {
  CreatedObject, manifestObjectKey, objectKey, SchemaRef, schemaNamed, schemaOfName, SetupModel,
} from './model';
import { SetupStatement } from './setup-scripts';
import { POOL_PRIVILEGES } from './streamlit-migration';
import { tableAction } from './tables';

/** Container runtime names start with this (`SYSTEM$ST_CONTAINER_RUNTIME_PY3_11`). */
const CONTAINER_RUNTIME = 'SYSTEM$ST_CONTAINER_RUNTIME';
/** Table modifiers whose tables hold consumer data like a plain table. */
const PLAIN_TABLE_MODIFIERS = new Set(['TRANSIENT', 'HYBRID', 'LOCAL', 'GLOBAL']);

export function checkSetup(project: Project, app: NativeApp, model: SetupModel): Issue[] {
  const issues: Issue[] = [...checkManifestFiles(project, app), ...model.scripts.issues];
  const versioned = (schema: SchemaRef | undefined) => schema !== undefined && isVersioned(model, schema);
  const seen = new Set<string>();
  const add = (at: SetupStatement, issue: Omit<Issue, 'path' | 'offset'>) => {
    const key = `${at.file.path}:${at.statement.start}:${issue.code}`;
    if (seen.has(key)) return;
    seen.add(key);
    issues.push({ ...issue, path: at.file.path, offset: at.statement.start });
  };
  const filled = filledTables(model);

  for (const at of model.scripts.statements) {
    const described = at.described;
    if (described.kind === 'use' && described.target !== 'WAREHOUSE') {
      const what = described.target === '' ? 'USE' : `USE ${described.target}`;
      add(at, {
        level: 'error',
        code: 'use-statement',
        message: `${what} is not allowed in a setup script: remove it and qualify every object with its schema`,
      });
    }
    if ((described.kind === 'grant' || described.kind === 'revoke') && (described.future || described.all)) {
      const schema = schemaNamed(described.inSchema);
      if (versioned(schema)) {
        add(at, {
          level: 'error',
          code: 'grant-on-versioned-schema',
          message: `${described.future ? 'future grants' : `grants ON ALL ... IN SCHEMA`} are not supported on versioned`
            + ` schema ${schema!.display}: grant on each object instead (GRANT USAGE ON ... TO APPLICATION ROLE is fine)`,
        });
      }
    }
    if (described.kind === 'alter') {
      const action = tableAction(described, at.file.text);
      if (action.kind === 'add-column' && !action.ifNotExists && !at.handled) {
        add(at, {
          level: 'warning',
          code: 'not-re-runnable',
          message: `ALTER TABLE ${described.name?.text ?? ''} ADD COLUMN without IF NOT EXISTS fails when the setup script`
            + ' runs again (on every upgrade, and on a retry after a failed install)',
        });
      }
    }
    if (described.kind === 'drop' && !described.ifExists && described.type.name !== '' && !at.handled) {
      add(at, {
        level: 'warning',
        code: 'not-re-runnable',
        message: `DROP ${described.type.name} ${described.name?.text ?? ''} without IF EXISTS fails when the setup script`
          + ' runs again (on every upgrade, and on a retry after a failed install)',
      });
    }
    if (described.kind === 'drop' && described.type.name === 'SCHEMA') {
      const schema = schemaNamed(described.name);
      if (versioned(schema)) {
        add(at, {
          level: 'error',
          code: 'drop-versioned-schema',
          message: `dropping versioned schema ${schema!.display} is not supported: it would drop the objects of every`
            + ' version, including those that queries of the running version use',
        });
      }
    }
  }

  for (const object of model.objects) {
    const at = object.at;
    const create = object.create;
    const type = object.typeLabel;
    if (object.resolution === 'unresolved') {
      add(at, {
        level: 'error',
        code: 'unqualified-name',
        message: `${type} ${object.display} has no schema: in a setup script CREATE SCHEMA does not make a schema`
          + ` current and USE SCHEMA is not allowed; write <schema>.${object.display}`,
      });
    } else if (object.resolution === 'dynamic') {
      add(at, {
        level: 'info',
        code: 'dynamic-name',
        message: `the name of ${type} ${object.display} is only known when the script runs; stcodemod did not check it`,
      });
    }
    const inVersioned = create.type.name !== 'SCHEMA' && versioned(object.schema);
    if (inVersioned && object.category === 'unversionable') {
      add(at, {
        level: 'error',
        code: 'not-allowed-in-versioned-schema',
        message: `${pluralType(create.type.name)} are not supported in versioned schemas: create ${object.display} in a`
          + ' normal schema (CREATE SCHEMA IF NOT EXISTS)',
      });
    }
    if (inVersioned && object.category === 'state') {
      add(at, {
        level: 'error',
        code: 'state-in-versioned-schema',
        message: `${type} ${object.display} holds state but is in versioned schema ${object.schema!.display}: each`
          + ' version gets its own copy, so its data does not survive an upgrade; create it in a normal schema',
      });
    }
    if (create.type.name === 'APPLICATION ROLE' && create.orReplace) checkRoleReplaced(object, add);
    if (create.ifNotExists && object.category === 'code' && isNormal(model, object.schema)) add(at, codeKeptIssue(object));
    checkIdempotence(model, object, versioned, filled, add);
    checkProcedure(at, create, add);
    checkClone(model, at, create, versioned, add);
    if (create.type.name === 'STREAMLIT' && findProperty(create.statement.tokens, 'ROOT_LOCATION')) {
      add(at, {
        level: 'error',
        code: 'root-location',
        message: `Streamlit ${object.display} uses ROOT_LOCATION: in a Native App use FROM '<path relative to the`
          + " app root>' (the folder of manifest.yml), e.g. FROM '/streamlit'",
      });
    }
  }
  issues.push(...checkManifestAgainstScripts(app, model));
  issues.push(...checkDroppedIntegrations(model));
  issues.push(...checkSchemasCreated(model));
  return issues;
}

export function isVersioned(model: SetupModel, schema: SchemaRef): boolean {
  return Boolean(model.schemas.get(schema.key)?.versioned);
}

/** A schema the scripts create as a normal schema. */
export function isNormal(model: SetupModel, schema: SchemaRef | undefined): boolean {
  const info = schema && model.schemas.get(schema.key);
  return info !== undefined && info.creates.length > 0 && !info.versioned;
}

type Add = (at: SetupStatement, issue: Omit<Issue, 'path' | 'offset'>) => void;

/** True for an object created with OR REPLACE, OR ALTER or IF NOT EXISTS. */
export function isIdempotent(create: CreateStatement): boolean {
  return Boolean(create.orReplace || create.orAlter || create.ifNotExists);
}

/** Tables the setup script writes rows into (INSERT, MERGE, COPY, UPDATE, DELETE, TRUNCATE). */
export function filledTables(model: SetupModel): Set<string> {
  const filled = new Set<string>();
  for (const at of model.scripts.statements) {
    if (at.described.kind !== 'dml') continue;
    const key = objectKey(schemaOfName(model, at, at.described.target), at.described.target?.parts.at(-1));
    if (key) filled.add(key);
  }
  return filled;
}

/** A plain table (not dynamic, external, Iceberg, event or temporary) created from a column list. */
export function isPlainTable(create: CreateStatement): boolean {
  return create.type.name === 'TABLE' && create.type.modifiers.every((modifier) => PLAIN_TABLE_MODIFIERS.has(modifier));
}

/** CREATE TABLE ... AS SELECT, LIKE, CLONE or USING TEMPLATE: the table takes its rows or shape from elsewhere. */
export function isDerivedTable(create: CreateStatement): boolean {
  const from = create.name?.next ?? 0;
  return ['AS', 'LIKE', 'CLONE', 'USING'].some((word) => findWords(create.statement.tokens, [word], from) !== -1);
}

function checkIdempotence(
  model: SetupModel,
  object: CreatedObject,
  versioned: (schema: SchemaRef | undefined) => boolean,
  filled: Set<string>,
  add: Add,
): void {
  const create = object.create;
  const at = object.at;
  if (create.type.name === 'SCHEMA' && create.type.modifiers.includes('VERSIONED')) {
    if (!create.orAlter) {
      add(at, {
        level: 'warning',
        code: 'versioned-schema-without-or-alter',
        message: `create versioned schema ${object.display} with CREATE OR ALTER VERSIONED SCHEMA, as Snowflake`
          + ' requires, so it stays compatible across versions and patches',
      });
    }
    return;
  }
  // An object without a schema is reported as such; it fails before re-running matters. An
  // exception handler that swallows the error of a second run makes the statement re-runnable.
  if (!isIdempotent(create) && at.handled) return;
  if (!isIdempotent(create) && object.resolution !== 'unresolved') {
    add(at, {
      level: 'warning',
      code: 'not-re-runnable',
      message: `CREATE ${object.typeLabel} ${object.display} has neither OR REPLACE nor IF NOT EXISTS: the setup`
        + ' script fails when it runs again (on every upgrade, and on a retry after a failed install)',
    });
    return;
  }
  if (!create.orReplace || (create.type.name === 'SCHEMA' && !object.schema)) return;
  if (create.type.name === 'SCHEMA') {
    const schema = model.schemas.get(object.schema!.key);
    const state = schema?.objects.filter((o) => o.category === 'state') ?? [];
    if (!versioned(object.schema) && state.length > 0) {
      add(at, {
        level: 'error',
        code: 'schema-recreated',
        message: `CREATE OR REPLACE SCHEMA ${object.display} drops ${state.map((o) => o.display).join(', ')} with all`
          + ' consumer data on every upgrade: use CREATE SCHEMA IF NOT EXISTS',
      });
    }
    return;
  }
  if (object.category !== 'state' || versioned(object.schema)) return;
  const key = objectKey(object.schema, object.name);
  const refilled = key !== undefined && filled.has(key);
  add(at, {
    level: refilled || isDerivedTable(create) ? 'warning' : 'error',
    code: 'state-recreated',
    message: refilled || isDerivedTable(create)
      ? `CREATE OR REPLACE ${object.typeLabel} ${object.display} re-creates it on every upgrade. That is right only if`
        + ' it holds nothing but what the setup script puts in it; if consumers or the app write to it, create it'
        + ' IF NOT EXISTS'
      : `CREATE OR REPLACE ${object.typeLabel} ${object.display} wipes its consumer data on every upgrade: create it`
        + ` IF NOT EXISTS${create.type.name === 'TABLE' ? ' and add new columns with ALTER TABLE ... ADD COLUMN IF NOT EXISTS' : ''}`,
  });
}

/**
 * `CREATE OR REPLACE APPLICATION ROLE` drops the role and creates it again on every upgrade:
 * consumers' grants of it to their account roles are gone (Snowflake's upgrade guide says to use
 * IF NOT EXISTS instead). stcodemod never rewrites it: with IF NOT EXISTS, privileges that an
 * earlier version granted to the role stay, where OR REPLACE dropped them, and which ones those
 * were is not in this script.
 */
function checkRoleReplaced(object: CreatedObject, add: Add): void {
  add(object.at, {
    level: 'error',
    code: 'application-role-replaced',
    message: `CREATE OR REPLACE APPLICATION ROLE ${object.display} drops the role and creates it again on every upgrade:`
      + ' consumers lose their grants of it to their roles and can no longer use the app. Create it IF NOT EXISTS instead;'
      + ' this is not done for you, because the role then keeps what an earlier version granted it: REVOKE what this'
      + ' version no longer grants',
    snippet: `${createIfNotExistsText(object.create, object.at.file.text)};`,
  });
}

/**
 * Code created IF NOT EXISTS in a normal schema is never updated by an upgrade: installed apps
 * keep what an earlier version created. For a Streamlit that means its files, MAIN_FILE, runtime
 * and ROOT_LOCATION (an app created with ROOT_LOCATION stays on it); a manual step then.
 */
export function codeKeptIssue(object: CreatedObject, replacements: { start: number; end: number; text: string }[] = [])
  : Omit<Issue, 'path' | 'offset'> {
  const streamlit = object.create.type.name === 'STREAMLIT';
  return {
    level: streamlit ? 'error' : 'warning',
    code: streamlit ? 'streamlit-if-not-exists' : 'code-if-not-exists',
    message: `CREATE ${object.typeLabel} IF NOT EXISTS ${object.display} does nothing on an installed app that has it`
      + ` from an earlier version (${object.schema!.display} is a normal schema), so upgrades never install this`
      + ` version's ${streamlit ? 'Streamlit (its files, MAIN_FILE, runtime; one created with ROOT_LOCATION stays on'
        + ' it)' : object.typeLabel.toLowerCase()}: create it OR REPLACE, and grant it again after that`,
    ...(streamlit ? { snippet: `${createOrReplaceText(object.create, object.at.file.text, replacements)};` } : {}),
  };
}

function checkProcedure(at: SetupStatement, create: CreateStatement, add: Add): void {
  if (create.type.name !== 'PROCEDURE' && create.type.name !== 'FUNCTION') return;
  const tokens = create.statement.tokens;
  if (create.type.name === 'PROCEDURE' && findWords(tokens, ['EXECUTE', 'AS', 'CALLER']) !== -1) {
    add(at, {
      level: 'error',
      code: 'execute-as-caller',
      message: `procedure ${create.name?.text ?? ''} is EXECUTE AS CALLER, which a setup script can neither create nor`
        + ' call: use EXECUTE AS OWNER (or RESTRICTED CALLER with restricted_callers_rights in the manifest)',
    });
  }
  const imports = findProperty(tokens, 'IMPORTS');
  const staged = (imports?.items ?? []).flat().filter((t) => (t.kind === 'string' && (t.value ?? '').startsWith('@'))
    || t.kind === 'stage');
  if (staged.length > 0) {
    add(at, {
      level: 'error',
      code: 'import-from-stage',
      message: `${create.type.name.toLowerCase()} ${create.name?.text ?? ''} imports ${staged.map((t) => t.text).join(', ')}`
        + " from a named stage, which a setup script cannot do: ship the file in the app and import it by its path"
        + " from the app root, e.g. IMPORTS = ('/python/module.py')",
    });
  }
}

function checkClone(
  model: SetupModel,
  at: SetupStatement,
  create: CreateStatement,
  versioned: (schema: SchemaRef | undefined) => boolean,
  add: Add,
): void {
  const tokens = create.statement.tokens;
  const clone = findWords(tokens, ['CLONE'], create.name?.next ?? 0);
  if (clone === -1 || !create.name) return;
  const source = readName(tokens, clone + 1, at.file.text);
  const isSchema = create.type.name === 'SCHEMA';
  const target = isSchema ? schemaNamed(create.name) : schemaOfName(model, at, create.name);
  const from = isSchema ? schemaNamed(source) : schemaOfName(model, at, source);
  const involved = [target, from].find((schema) => versioned(schema));
  if (involved) {
    add(at, {
      level: 'error',
      code: 'clone-versioned-schema',
      message: `versioned schema ${involved.display} cannot be the source or the target of a clone`,
    });
  }
}

/** default_streamlit must name a Streamlit the scripts create; container runtime Streamlits need manifest_version 2. */
function checkManifestAgainstScripts(app: NativeApp, model: SetupModel): Issue[] {
  const issues: Issue[] = [];
  const streamlits = model.objects.filter((object) => object.create.type.name === 'STREAMLIT');
  if (app.defaultStreamlit !== undefined && model.scripts.complete) {
    const wanted = manifestObjectKey(app.defaultStreamlit);
    const dynamic = streamlits.some((object) => object.resolution === 'dynamic');
    if (!dynamic && !streamlits.some((object) => objectKey(object.schema, object.name) === wanted)) {
      issues.push({
        level: 'error',
        code: 'missing-default-streamlit',
        path: app.manifest,
        offset: app.offsets.defaultStreamlit ?? 0,
        message: `default_streamlit '${app.defaultStreamlit}' names no Streamlit that the setup script creates`
          + ' (write it as <schema>.<streamlit name>)',
      });
    }
  }
  const container = [...streamlits.map((object) => object.at), ...alterStreamlits(model)]
    .find((at) => runtimeOf(at.statement)?.startsWith(CONTAINER_RUNTIME));
  if (container) {
    const where = `${container.file.path}:${container.statement.line}`;
    if (app.manifestVersion !== 2) {
      issues.push({
        level: 'error',
        code: 'container-runtime-manifest-version',
        path: app.manifest,
        offset: app.offsets.manifestVersion ?? 0,
        message: `a Streamlit runs on the container runtime (${where}): a Native App needs manifest_version: 2 for that`,
      });
    }
    const missing = POOL_PRIVILEGES.filter((privilege) => !app.privileges.includes(privilege));
    if (missing.length > 0) {
      issues.push({
        level: 'error',
        code: 'container-runtime-privileges',
        path: app.manifest,
        offset: app.offsets.privileges ?? app.offsets.manifestVersion ?? 0,
        message: `a Streamlit runs on the container runtime (${where}): add the privileges ${missing.join(', ')} to the`
          + ' manifest (and CREATE WAREHOUSE / CREATE EXTERNAL ACCESS INTEGRATION if the app creates them)',
      });
    }
    const pool = findProperty(container.statement.tokens, 'COMPUTE_POOL');
    if (!pool || isWord(pool.value[0], 'IDENTIFIER') || pool.value[0].kind !== 'word' && pool.value[0].kind !== 'quoted') {
      issues.push({
        level: 'error',
        code: 'container-runtime-compute-pool',
        path: container.file.path,
        offset: container.statement.start,
        message: 'a container-runtime Streamlit in a Native App needs COMPUTE_POOL = <literal name of a pool the app'
          + ' creates> (CREATE COMPUTE POOL IF NOT EXISTS ... in the setup script)',
      });
    }
  }
  return issues;
}

/** `ALTER STREAMLIT ... SET EXTERNAL_ACCESS_INTEGRATIONS` replaces the list: what an earlier statement set is dropped. */
function checkDroppedIntegrations(model: SetupModel): Issue[] {
  const statements = model.scripts.statements;
  return droppedIntegrations(statements.map((at) => ({ statement: at.statement, source: at.file.text })))
    .map(({ setting, earlier, dropped }) => {
      const at = statements[setting.index];
      const before = statements[earlier.index];
      return {
        level: 'warning',
        code: 'integrations-replaced',
        path: at.file.path,
        offset: at.statement.start,
        message: `this ALTER STREAMLIT ${setting.display} ${setting.kind === 'unset' ? 'UNSET' : 'SET'} replaces the`
          + ` integration list that ${before.file.path}:${before.statement.line} gave it, so ${dropped.join(', ')} no longer`
          + ` ${dropped.length === 1 ? 'applies' : 'apply'}: list every integration the app needs`,
      };
    });
}

function alterStreamlits(model: SetupModel): SetupStatement[] {
  return model.scripts.statements.filter((at) => at.described.kind === 'alter' && at.described.type.name === 'STREAMLIT');
}

/** The RUNTIME_NAME of a CREATE or ALTER STREAMLIT, upper case. */
export function runtimeOf(statement: Statement): string | undefined {
  const property = findProperty(statement.tokens, 'RUNTIME_NAME');
  const value = property?.value[0];
  if (!value) return undefined;
  return (value.kind === 'string' ? value.value ?? '' : value.text).toUpperCase();
}

/** Objects qualified with a schema the setup script never creates fail to install. */
function checkSchemasCreated(model: SetupModel): Issue[] {
  if (!model.scripts.complete) return [];
  const issues: Issue[] = [];
  for (const schema of model.schemas.values()) {
    if (schema.creates.length > 0 || schema.objects.length === 0) continue;
    const first = schema.objects[0];
    issues.push({
      level: 'warning',
      code: 'schema-not-created',
      path: first.at.file.path,
      offset: first.at.statement.start,
      message: `schema ${schema.display} is never created by the setup script, so creating ${first.display} fails;`
        + ' create it first (stcodemod cannot tell whether it should be versioned, so it changes nothing in it)',
    });
  }
  return issues;
}

function pluralType(type: string): string {
  const plural: Record<string, string> = {
    TASK: 'tasks', TAG: 'tags', 'MASKING POLICY': 'masking policies', SERVICE: 'Snowpark Container Services services',
    'COMPUTE POOL': 'compute pools', 'APPLICATION ROLE': 'application roles',
  };
  return plural[type] ?? `${type.toLowerCase()} objects`;
}

