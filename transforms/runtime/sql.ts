/**
 * Deploy scripts that create or alter Streamlit objects (runtime facts, section 1), read with the
 * shared lexer (src/sql) so that quotes, `$$` bodies and comments are never mistaken for SQL:
 * - `ROOT_LOCATION = '@stage/path'` becomes `FROM '@stage/path'` (a leading `/` in MAIN_FILE
 *   goes: FROM takes a path relative to the source);
 * - `RUNTIME_NAME = 'SYSTEM$ST_CONTAINER_RUNTIME_PY3_11'` and `COMPUTE_POOL` are added to each
 *   CREATE STREAMLIT and ALTER STREAMLIT ... SET;
 * - when the app needs a package index, PYPI_ACCESS_INTEGRATION joins each CREATE STREAMLIT's
 *   EXTERNAL_ACCESS_INTEGRATIONS, and each ALTER ... SET of that list (SET replaces the list, so
 *   a SET without it would drop it); a SET that drops what the script set earlier is reported;
 * - CREATE OR REPLACE drops the app's grants: unless the script grants on it again, re-granting
 *   is a manual step.
 * Statements inside `$$` bodies and Snowflake Scripting blocks are left alone.
 */
import * as posix from 'node:path/posix';
import { Project } from '../../src/project';
import { CONTAINER_RUNTIME } from '../../src/snowflake-definition';
import { droppedIntegrations, INTEGRATIONS_PROPERTY, integrationSplices } from '../../src/streamlit-integrations';
import {
  appendedProperties, createOrReplaceText, describeStatement, findProperty, innerStatements, isWord, nameKey, NamePart,
  ParsedSql, parseSql, sqlIdentifier, Statement, Token,
} from '../../src/sql';
import { Inventory, StreamlitApp } from '../../src/inventory';
import { Reporter, RunOptions } from '../../src/transform';
import { isGeneratedPlan } from '../../src/plan-files';
import { APP_NAME, COMPUTE_POOL } from '../../src/placeholders';


/**
 * Switches the Streamlit statements of the apps the run migrates. A statement for an app the run
 * leaves alone stays as it is; one for an app whose files are not in the target is reported, since
 * switching its runtime without its code would leave the app broken.
 *
 * `packageSettingOf`: what an app needs to install its packages (`--package-source`): an artifact
 * repository, given to each CREATE STREAMLIT, or PYPI_ACCESS_INTEGRATION, merged into each CREATE
 * STREAMLIT's list and into each ALTER ... SET that replaces the list (an ALTER that does not set
 * the list keeps it).
 */
export function migrateSqlFile(project: Project, path: string, inventory: Inventory, options: RunOptions, report: Reporter,
  packageSettingOf: (app: StreamlitApp) => { artifactRepository?: string; integration?: string } = () => ({})): void {
  const text = project.read(path)?.text;
  if (text === undefined || !/streamlit/i.test(text)) return;
  if (isGeneratedPlan(project, path) || isNativeAppScript(project, path) || inventory.nativeAppFiles.has(path)) return;
  const parsed = parseSql(text);
  if (parsed.errors.length > 0) {
    const first = parsed.errors[0];
    report.error({ code: 'invalid-sql', message: `${first.message} (line ${first.line}); left untouched`, path });
    return;
  }
  const edit = project.edit(path);
  const poolFlag = options.flags['compute-pool'];
  // A name no quoting makes safe is left as the placeholder, with the same manual step.
  const pool = (poolFlag === undefined ? undefined : sqlIdentifier(poolFlag)) ?? COMPUTE_POOL;
  // Findings placed in the edited text, once it is known; it is parsed once for all of them.
  const pending: ((edited: ParsedSql) => void)[] = [];
  parsed.statements.forEach((statement, index) => {
    if (statement.block) return;
    const described = describeStatement(statement, text);
    if ((described.kind !== 'create' && described.kind !== 'alter') || described.type.name !== 'STREAMLIT') return;
    const name = described.name?.text ?? APP_NAME;
    const tokens = statement.tokens;
    const app = inventory.appNamed(described.name?.text);
    if (!app) {
      pending.push((edited) => report.manual({
        code: 'app-files-not-found',
        message: `${name}'s files are not in the target (no file matches its MAIN_FILE, and no PUT line of the script uploads `
          + 'them), so its code cannot be migrated and its runtime was not switched: run stcodemod on the folder that holds them',
        path,
        offset: edited.statements[index]?.start,
      }));
      return;
    }
    if (!inventory.migrates(app)) return;
    const packages = packageSettingOf(app);
    const integrations = packages.integration ? [packages.integration] : [];
    if (described.kind === 'alter') {
      if (!isWord(tokens[described.name?.next ?? -1], 'SET')) return;
      if (findProperty(tokens, 'ROOT_LOCATION')) {
        report.manual({
          code: 'root-location-alter',
          message: `${name} is a ROOT_LOCATION app, which cannot switch runtime with ALTER: re-create it with `
            + 'CREATE OR REPLACE STREAMLIT ... FROM (see migration.sql, step 4)',
          path,
          offset: statement.start,
        });
        return;
      }
      addRuntime(edit, text, statement, pool, findProperty(tokens, INTEGRATIONS_PROPERTY) ? integrations : []);
      if (pool === COMPUTE_POOL && poolLeftOpen(text, tokens)) pending.push((edited) => reportPool(edited, report, path, index, name));
      return;
    }
    const rootLocation = findProperty(tokens, 'ROOT_LOCATION');
    if (rootLocation) {
      edit.replace(tokens[rootLocation.key].start, tokens[rootLocation.equals].end, 'FROM');
      const mainFile = findProperty(tokens, 'MAIN_FILE');
      const main = mainFile?.value[0];
      if (main?.kind === 'string' && /^'\/+/.test(main.text)) edit.replace(main.start, main.end, main.text.replace(/^'\/+/, '\''));
    }
    // An app that installs from Snowflake's artifact repository needs no integration for it.
    const repository = findProperty(tokens, 'ARTIFACT_REPOSITORIES') ? undefined : packages.artifactRepository;
    addRuntime(edit, text, statement, pool, findProperty(tokens, 'ARTIFACT_REPOSITORIES') ? [] : integrations, repository);
    const imports = findProperty(tokens, 'IMPORTS');
    if (imports) {
      report.manual({
        code: 'vendor-import',
        message: `the container runtime ignores IMPORTS: copy ${imports.items?.map((item) => item.map((t) => t.text).join('')).join(', ')} `
          + `into ${name}'s source folder, then remove IMPORTS`,
        path,
        offset: tokens[imports.key].start,
      });
    }
    if (pool === COMPUTE_POOL && poolLeftOpen(text, tokens)) pending.push((edited) => reportPool(edited, report, path, index, name));
    // The fixpoint runs this again on its own output, where ROOT_LOCATION is gone: these findings
    // must read the same then, so the regrant step never depends on it.
    if (described.orReplace && !regrants(parsed.statements.slice(index + 1), text, described.name?.parts)) {
      pending.push((edited) => report.manual({
        code: 'regrant',
        message: `CREATE OR REPLACE re-creates ${name} without its grants: list them first (SHOW GRANTS ON STREAMLIT ${name};) `
          + 'and grant them again after this statement',
        path,
        offset: edited.statements[index]?.start,
      }));
    }
    if (rootLocation) {
      pending.push((edited) => report.info({
        code: 'root-location',
        message: `${name} was created with ROOT_LOCATION, which the container runtime does not support: this statement now `
          + 'copies its files FROM the stage; run it to re-create the app (migration.sql, step 4)',
        path,
        offset: edited.statements[index]?.start,
        snippet: recreatingText(edited, index),
      }));
    }
    // Where the app exists, IF NOT EXISTS makes the statement do nothing: it stays on the warehouse runtime.
    if (described.ifNotExists) {
      pending.push((edited) => report.manual({
        code: 'if-not-exists',
        message: `CREATE STREAMLIT IF NOT EXISTS ${name} does nothing where ${name} exists already: that app keeps the`
          + ' warehouse runtime (and ROOT_LOCATION, if it was created so). Switch it with migration.sql: step 5, after'
          + ` step 4 re-creates it if DESCRIBE STREAMLIT ${name} shows a root_location column`,
        path,
        offset: edited.statements[index]?.start,
      }));
    }
  });
  project.commit(path, edit);
  const final = project.read(path)!.text;
  const finalParsed = parseSql(final);
  for (const finish of pending) finish(finalParsed);
  reportStreamlitInBodies(finalParsed.tokens, final, path, report);
  reportDroppedIntegrations(finalParsed.statements.filter((statement) => !statement.block), final, path, report);
}

/** An ALTER ... SET (or UNSET) of the integration list that drops what an earlier statement set. */
function reportDroppedIntegrations(statements: Statement[], text: string, path: string, report: Reporter): void {
  for (const { setting, earlier, dropped } of droppedIntegrations(statements.map((statement) => ({ statement, source: text })))) {
    const statement = statements[setting.index];
    report.warn({
      code: 'integrations-replaced',
      message: `this ALTER STREAMLIT ${setting.display} ${setting.kind === 'unset' ? 'UNSET' : 'SET'} replaces the`
        + ` integration list that line ${statements[earlier.index].line} gave it, so ${dropped.join(', ')} no longer`
        + ` ${dropped.length === 1 ? 'applies' : 'apply'}: list every integration the app needs`,
      path,
      offset: statement.start,
    });
  }
}

/**
 * Streamlit statements inside `$$` bodies (procedures, EXECUTE IMMEDIATE) and scripting blocks
 * run when the body runs: stcodemod does not edit code it cannot run, so each is reported.
 */
function reportStreamlitInBodies(tokens: Token[], text: string, path: string, report: Reporter): void {
  for (const token of tokens) {
    if (token.kind !== 'dollar' || !/streamlit/i.test(token.value ?? '')) continue;
    const body = parseSql(text, { start: token.start + 2, end: token.end - 2 });
    for (const statement of body.statements.flatMap((s) => (s.block ? innerStatements(s) : [s]))) {
      const described = describeStatement(statement, text);
      if ((described.kind !== 'create' && described.kind !== 'alter') || described.type.name !== 'STREAMLIT') continue;
      report.manual({
        code: 'streamlit-in-body',
        message: `this ${described.kind.toUpperCase()} STREAMLIT runs inside a $$ body, which stcodemod does not edit: give it `
          + `RUNTIME_NAME = '${CONTAINER_RUNTIME}' and COMPUTE_POOL (and FROM instead of ROOT_LOCATION) by hand`,
        path,
        offset: statement.start,
      });
    }
  }
}

/**
 * Adds or corrects RUNTIME_NAME and adds COMPUTE_POOL after the statement's last property, and
 * merges `integrations` into its integration list (adding the list when it has none).
 */
function addRuntime(edit: ReturnType<Project['edit']>, text: string, statement: Statement, pool: string,
  integrations: string[], artifactRepository?: string): void {
  const tokens = statement.tokens;
  const lines: string[] = [];
  const runtime = findProperty(tokens, 'RUNTIME_NAME');
  const value = runtime?.value[0];
  if (!runtime) {
    lines.push(`RUNTIME_NAME = '${CONTAINER_RUNTIME}'`);
  } else if (value && (value.value ?? value.text).toUpperCase() !== CONTAINER_RUNTIME) {
    edit.replace(value.start, value.end, `'${CONTAINER_RUNTIME}'`);
  }
  const poolProperty = findProperty(tokens, 'COMPUTE_POOL');
  if (!poolProperty) lines.push(`COMPUTE_POOL = ${pool}`);
  const placeholder = poolProperty && placeholderAt(text, poolProperty.value[0]);
  // An earlier run's placeholder takes the pool this run is given.
  if (placeholder && pool !== COMPUTE_POOL) edit.replace(placeholder.start, placeholder.end, pool);
  if (integrations.length > 0 && !findProperty(tokens, INTEGRATIONS_PROPERTY)) {
    lines.push(`${INTEGRATIONS_PROPERTY} = (${integrations.join(', ')})`);
  } else if (integrations.length > 0) {
    for (const splice of integrationSplices(text, statement, integrations)) edit.replace(splice.start, splice.end, splice.text);
  }
  if (artifactRepository) lines.push(`ARTIFACT_REPOSITORIES = (${artifactRepository})`);
  for (const splice of appendedProperties(text, statement, lines)) edit.replace(splice.start, splice.end, splice.text);
}

/** True when the statement has no compute pool yet, or an earlier run's placeholder for it. */
function poolLeftOpen(text: string, tokens: Token[]): boolean {
  const property = findProperty(tokens, 'COMPUTE_POOL');
  return !property || placeholderAt(text, property.value[0]) !== undefined;
}

/** The `<COMPUTE_POOL>` placeholder that starts at a token (the lexer reads it as `<`, a word and `>`). */
function placeholderAt(text: string, token: Token | undefined): { start: number; end: number } | undefined {
  if (!token || !text.startsWith(COMPUTE_POOL, token.start)) return undefined;
  return { start: token.start, end: token.start + COMPUTE_POOL.length };
}

/** True when a later statement of the script grants a privilege on the same Streamlit. */
function regrants(rest: Statement[], text: string, parts: NamePart[] | undefined): boolean {
  if (!parts) return false;
  const key = nameKey(parts);
  return rest.some((statement) => {
    const described = describeStatement(statement, text);
    return described.kind === 'grant' && described.on?.type.name === 'STREAMLIT' && described.on.name !== undefined
      && nameKey(described.on.name.parts) === key;
  });
}

/**
 * The CREATE statement as it now reads, as a CREATE OR REPLACE that re-creates an existing app.
 * Findings are located in the text after the edits: the statement is found again there (the
 * edited text is parsed once for all of them; once each made a script of many apps quadratic).
 */
function recreatingText(edited: ParsedSql, index: number): string | undefined {
  const text = edited.source;
  const statement = edited.statements[index];
  const described = statement && describeStatement(statement, text);
  return described?.kind === 'create' ? `${createOrReplaceText(described, text)};` : undefined;
}

function reportPool(edited: ParsedSql, report: Reporter, path: string, index: number, name: string): void {
  report.manual({
    code: 'compute-pool',
    message: `replace ${COMPUTE_POOL} in the statement for ${name} with your compute pool (or rerun with `
      + '--compute-pool NAME)',
    path,
    offset: edited.statements[index]?.start,
  });
}

/** Setup scripts of Native Apps (a manifest.yml above them) follow the Native App rules instead. */
function isNativeAppScript(project: Project, path: string): boolean {
  let folder = posix.dirname(path);
  for (;;) {
    const manifest = folder === '.' ? 'manifest.yml' : `${folder}/manifest.yml`;
    if (project.has(manifest)) return true;
    if (folder === '.' || folder === '') return false;
    folder = posix.dirname(folder);
  }
}
