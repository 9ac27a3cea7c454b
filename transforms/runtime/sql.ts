/**
 * Deploy scripts that create or alter Streamlit objects (runtime facts, section 1), read with the
 * shared lexer (src/sql) so that quotes, `$$` bodies and comments are never mistaken for SQL:
 * - `ROOT_LOCATION = '@stage/path'` becomes `FROM '@stage/path'` (a leading `/` in MAIN_FILE
 *   goes: FROM takes a path relative to the source);
 * - `RUNTIME_NAME = 'SYSTEM$ST_CONTAINER_RUNTIME_PY3_11'` and `COMPUTE_POOL` are added to each
 *   CREATE STREAMLIT and ALTER STREAMLIT ... SET;
 * - CREATE OR REPLACE drops the app's grants: unless the script grants on it again, re-granting
 *   is a manual step.
 * Statements inside `$$` bodies and Snowflake Scripting blocks are left alone.
 */
import * as posix from 'node:path/posix';
import { Project } from '../../src/project';
import { CONTAINER_RUNTIME } from '../../src/snowflake-definition';
import {
  describeStatement, findProperty, innerStatements, isWord, nameKey, NamePart, ParsedSql, parseSql, Statement, Token,
} from '../../src/sql';
import { Reporter, RunOptions } from '../../src/transform';
import { isGeneratedPlan } from './plan';

export const COMPUTE_POOL_SQL_PLACEHOLDER = '<COMPUTE_POOL>';

export function migrateSqlFile(project: Project, path: string, options: RunOptions, report: Reporter): void {
  const text = project.read(path)?.text;
  if (text === undefined || !/streamlit/i.test(text)) return;
  if (isGeneratedPlan(project, path) || isNativeAppScript(project, path)) return;
  const parsed = parseSql(text);
  if (parsed.errors.length > 0) {
    const first = parsed.errors[0];
    report.error({ code: 'invalid-sql', message: `${first.message} (line ${first.line}); left untouched`, path });
    return;
  }
  const edit = project.edit(path);
  const pool = options.flags['compute-pool'] ?? COMPUTE_POOL_SQL_PLACEHOLDER;
  // Findings placed in the edited text, once it is known; it is parsed once for all of them.
  const pending: ((edited: ParsedSql) => void)[] = [];
  parsed.statements.forEach((statement, index) => {
    if (statement.block) return;
    const described = describeStatement(statement, text);
    if ((described.kind !== 'create' && described.kind !== 'alter') || described.type.name !== 'STREAMLIT') return;
    const name = described.name?.text ?? '<APP_NAME>';
    const tokens = statement.tokens;
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
      addRuntime(edit, text, statement, pool);
      if (pool === COMPUTE_POOL_SQL_PLACEHOLDER) pending.push((edited) => reportPool(edited, report, path, index, name));
      return;
    }
    const rootLocation = findProperty(tokens, 'ROOT_LOCATION');
    if (rootLocation) {
      edit.replace(tokens[rootLocation.key].start, tokens[rootLocation.equals].end, 'FROM');
      const mainFile = findProperty(tokens, 'MAIN_FILE');
      const main = mainFile?.value[0];
      if (main?.kind === 'string' && /^'\/+/.test(main.text)) edit.replace(main.start, main.end, main.text.replace(/^'\/+/, '\''));
    }
    addRuntime(edit, text, statement, pool);
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
    if (pool === COMPUTE_POOL_SQL_PLACEHOLDER && !findProperty(tokens, 'COMPUTE_POOL')) pending.push((edited) => reportPool(edited, report, path, index, name));
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
        snippet: statementText(edited, index),
      }));
    }
  });
  project.commit(path, edit);
  const final = project.read(path)!.text;
  const edited = parseSql(final);
  for (const finish of pending) finish(edited);
  reportStreamlitInBodies(edited.tokens, final, path, report);
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

/** Adds or corrects RUNTIME_NAME and adds COMPUTE_POOL, after the statement's last property. */
function addRuntime(edit: ReturnType<Project['edit']>, text: string, statement: Statement, pool: string): void {
  const tokens = statement.tokens;
  const lines: string[] = [];
  const runtime = findProperty(tokens, 'RUNTIME_NAME');
  const value = runtime?.value[0];
  if (!runtime) {
    lines.push(`RUNTIME_NAME = '${CONTAINER_RUNTIME}'`);
  } else if (value && (value.value ?? value.text).toUpperCase() !== CONTAINER_RUNTIME) {
    edit.replace(value.start, value.end, `'${CONTAINER_RUNTIME}'`);
  }
  if (!findProperty(tokens, 'COMPUTE_POOL')) lines.push(`COMPUTE_POOL = ${pool}`);
  if (lines.length === 0) return;
  const last = tokens[tokens.length - 1];
  const multiline = tokens.some((token) => token.line !== tokens[0].line);
  if (!multiline) {
    edit.insert(last.end, ` ${lines.join(' ')}`);
    return;
  }
  edit.insert(last.end, lines.map((line) => `\n${propertyIndent(text, tokens)}${line}`).join(''));
}

/** The indentation of the statement's second line (where its properties start). */
function propertyIndent(text: string, tokens: Token[]): string {
  const second = tokens.find((token) => token.line !== tokens[0].line)!;
  let start = second.start;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  return text.slice(start, second.start).match(/^[ \t]*/)![0];
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
 * Findings are located in the text after the edits: the statement is found again there (the
 * edited text is parsed once for all of them; once each made a script of many apps quadratic).
 */
function statementText(edited: ParsedSql, index: number): string | undefined {
  const statement = edited.statements[index];
  return statement ? `${edited.source.slice(statement.start, statement.end)};` : undefined;
}

function reportPool(edited: ParsedSql, report: Reporter, path: string, index: number, name: string): void {
  report.manual({
    code: 'compute-pool',
    message: `replace ${COMPUTE_POOL_SQL_PLACEHOLDER} in the statement for ${name} with your compute pool (or rerun with `
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
