import * as posix from 'node:path/posix';
import { Project } from '../project';
import {
  DescribedStatement, describeStatement, ExecuteFromStatement, handledStretches, innerStatements, isWord, nameKey, parseNameString,
  ParsedSql, parseSql, Statement,
} from '../sql';
import { Issue } from './issues';
import { NativeApp, resolveInApp } from './manifest';

export interface ScriptFile {
  path: string;
  text: string;
  parsed: ParsedSql;
}

/** A statement the setup script runs, in the order it runs, with the file it is written in. */
export interface SetupStatement {
  file: ScriptFile;
  statement: Statement;
  described: DescribedStatement;
  /** `top` for a statement of the file itself; `block` inside a BEGIN ... END block; `body` inside EXECUTE IMMEDIATE $$ ... $$. */
  origin: 'top' | 'block' | 'body';
  /** Inside a block whose exception handler catches its errors and does not raise them again. */
  handled?: true;
}

export interface SetupScripts {
  /** Every file of the chain, once each, in the order they first run. */
  files: ScriptFile[];
  statements: SetupStatement[];
  issues: Issue[];
  /** False when a file of the chain is missing or could not be read or lexed: the picture is partial. */
  complete: boolean;
}

/**
 * The setup script of an app and every file it runs with `EXECUTE IMMEDIATE FROM '<path>'`, in
 * the order Snowflake runs them. Paths follow Snowflake's rules: `/x.sql` is relative to the
 * app root (the manifest's folder), `x.sql`, `./x.sql` and `../x.sql` to the including file.
 */
export function loadSetupScripts(project: Project, app: NativeApp): SetupScripts {
  const result: SetupScripts = { files: [], statements: [], issues: [], complete: true };
  if (app.setupScript === undefined || !project.has(app.setupScript)) {
    result.complete = false;
    return result;
  }
  const parsedFiles = new Map<string, ScriptFile | undefined>();
  const open = (path: string): ScriptFile | undefined => {
    if (parsedFiles.has(path)) return parsedFiles.get(path);
    const text = project.read(path)?.text;
    let file: ScriptFile | undefined;
    if (text === undefined) {
      result.complete = false;
    } else {
      file = { path, text, parsed: parseSql(text) };
      result.files.push(file);
      for (const error of file.parsed.errors) {
        result.complete = false;
        result.issues.push({
          level: 'unprocessable',
          code: 'sql-syntax',
          path,
          offset: error.offset,
          message: `${error.message}; nothing in this file was checked or changed`,
        });
      }
    }
    parsedFiles.set(path, file);
    return file;
  };

  const include = (file: ScriptFile, described: ExecuteFromStatement, chain: string[]) => {
    const at = { path: file.path, offset: described.statement.start };
    const location = described.location;
    if (location?.kind !== 'string') {
      result.complete = false;
      result.issues.push({
        ...at,
        level: 'warning',
        code: 'include-not-followed',
        message: `EXECUTE IMMEDIATE FROM ${location?.text ?? 'a variable'} does not name a file of the app; stcodemod`
          + ' cannot check what it runs, so it changed nothing in these setup scripts',
      });
      return;
    }
    const written = location.value ?? '';
    const target = resolveInclude(app.root, file.path, written);
    if (target === undefined || !project.has(target)) {
      result.complete = false;
      const where = target === undefined ? 'it points outside the app folder' : `${target} does not exist`;
      result.issues.push({
        ...at,
        level: 'error',
        code: 'missing-include',
        message: `EXECUTE IMMEDIATE FROM '${written}' cannot be found: ${where}; stcodemod changed nothing in these setup scripts`,
      });
      return;
    }
    if (chain.includes(target)) {
      result.complete = false;
      result.issues.push({
        ...at,
        level: 'error',
        code: 'include-cycle',
        message: `EXECUTE IMMEDIATE FROM '${written}' runs ${target} again while it is still running: the setup never ends`,
      });
      return;
    }
    run(target, [...chain, target]);
  };

  const run = (path: string, chain: string[]) => {
    const file = open(path);
    if (!file || file.parsed.errors.length > 0) return;
    for (const statement of file.parsed.statements) {
      const described = describeStatement(statement, file.text);
      result.statements.push({ file, statement, described, origin: 'top' });
      addNested(result, file, statement, described);
      if (described.kind === 'execute-from') include(file, described, chain);
    }
  };
  run(app.setupScript, [app.setupScript]);
  return result;
}

/**
 * Where `EXECUTE IMMEDIATE FROM '<written>'` in `from` points: `/x` from the app root, anything
 * else from the including file's folder. Undefined when it leaves the app.
 */
export function resolveInclude(root: string, from: string, written: string): string | undefined {
  if (written.startsWith('/')) return resolveInApp(root, written);
  const folder = posix.dirname(from);
  const joined = posix.normalize(folder === '.' ? written : `${folder}/${written}`);
  const inRoot = root === '' ? joined : joined.startsWith(`${root}/`) ? joined.slice(root.length + 1) : undefined;
  return inRoot === undefined ? undefined : resolveInApp(root, inRoot);
}

/** Statements inside an anonymous block or an EXECUTE IMMEDIATE $$ body run too; procedure bodies do not. */
function addNested(result: SetupScripts, file: ScriptFile, statement: Statement, described: DescribedStatement): void {
  if (statement.block && isWord(statement.tokens[0], 'BEGIN', 'DECLARE')) addBlock(result, file, statement, 'block');
  if (described.kind === 'execute-immediate' && described.body?.kind === 'dollar' && !described.body.unterminated) {
    const body = parseSql(file.text, { start: described.body.start + 2, end: described.body.end - 2 });
    if (body.errors.length > 0) return;
    for (const inner of body.statements) {
      const innerDescribed = describeStatement(inner, file.text);
      result.statements.push({ file, statement: inner, described: innerDescribed, origin: 'body' });
      if (inner.block && isWord(inner.tokens[0], 'BEGIN', 'DECLARE')) addBlock(result, file, inner, 'body');
    }
  }
}

/** The statements of a scripting block, each marked when an exception handler of the block swallows its errors. */
function addBlock(result: SetupScripts, file: ScriptFile, block: Statement, origin: 'block' | 'body'): void {
  const handled = handledStretches(block);
  for (const inner of innerStatements(block)) {
    const isHandled = handled.some((stretch) => inner.start >= stretch.start && inner.end <= stretch.end);
    result.statements.push({
      file, statement: inner, described: describeStatement(inner, file.text), origin, ...(isHandled ? { handled: true } : {}),
    });
  }
}

/** Whether the scripts create an object of this type (`COMPUTE POOL`, `NETWORK RULE`, ...) and name. */
export function createsObject(scripts: SetupScripts, type: string, name: string): boolean {
  const wanted = parseNameString(name);
  return wanted !== undefined && scripts.statements.some(({ described }) => described.kind === 'create'
    && described.type.name === type && described.name !== undefined && nameKey(described.name.parts) === nameKey(wanted));
}
