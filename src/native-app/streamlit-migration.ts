/**
 * Whether a Native App's Streamlit can move to the container runtime through its setup script and
 * manifest (runtime facts, section 7, "Streamlit inside Native Apps", Preview), and what that move
 * needs. The app inventory asks `nativeMigrationBlocker` for every Streamlit a setup script
 * creates, so that every transform leaves an app that cannot move entirely as it is (its
 * environment.yml included); the `native-app` transform makes the move for the others.
 *
 * What the container runtime needs inside a Native App: `FROM` (never ROOT_LOCATION),
 * RUNTIME_NAME, a COMPUTE_POOL given as a literal name of a pool the app creates itself, a
 * QUERY_WAREHOUSE, `manifest_version: 2` and the privileges below; packages need an external
 * access integration and an app specification the consumer approves.
 */
import { isMap, isScalar, isSeq, parseDocument, YAMLMap } from 'yaml';
import { findProperty, isWord, Token } from '../sql';
import { SetupScripts, SetupStatement } from './setup-scripts';

/** Privileges the manifest requests for the container runtime (the last two only when the app needs them). */
export const POOL_PRIVILEGES = ['CREATE COMPUTE POOL', 'BIND SERVICE ENDPOINT'];
export const WAREHOUSE_PRIVILEGE = 'CREATE WAREHOUSE';
export const INTEGRATION_PRIVILEGE = 'CREATE EXTERNAL ACCESS INTEGRATION';

/**
 * The privileges a manifest requests for a container-runtime Streamlit, given what the setup
 * scripts create (and what an edit is about to add to them).
 */
export function containerPrivileges(scripts: SetupScripts, adding: { warehouse?: boolean; integration?: boolean } = {}): string[] {
  const creates = (type: string) => scripts.statements.some(({ described }) => described.kind === 'create' && described.type.name === type);
  return [...POOL_PRIVILEGES, ...(adding.warehouse || creates('WAREHOUSE') ? [WAREHOUSE_PRIVILEGE] : []),
    ...(adding.integration || creates('EXTERNAL ACCESS INTEGRATION') ? [INTEGRATION_PRIVILEGE] : [])];
}

/**
 * Why the Streamlit that `at` creates cannot be moved to the container runtime by stcodemod, or
 * undefined when it can. Nothing is guessed: a setup script that is not read completely, a
 * statement in a body or block that stcodemod does not edit, a name or pool only known at run
 * time, or a manifest whose layout cannot take the edits, each keeps the whole app as it is.
 */
export function nativeMigrationBlocker(scripts: SetupScripts, at: SetupStatement, manifestText: string | undefined)
  : string | undefined {
  const where = `${at.file.path}:${at.statement.line}`;
  if (!scripts.complete) {
    const issue = scripts.issues.find((candidate) => candidate.level === 'unprocessable' || candidate.level === 'error')
      ?? scripts.issues[0];
    const cause = issue ? ` (${issue.path}: ${issue.message.split(';')[0]})` : ' (a file it runs is missing)';
    return `stcodemod cannot read the Native App's setup scripts completely${cause}, so it cannot tell what they do to the app`;
  }
  if (at.origin === 'body') return `its CREATE STREAMLIT (${where}) runs inside a $$ body, which stcodemod does not edit`;
  if (at.origin === 'block') return `its CREATE STREAMLIT (${where}) runs inside a BEGIN ... END block, which stcodemod does not edit`;
  const described = at.described;
  if (described.kind !== 'create') return undefined;
  if (!described.name || described.name.dynamic) {
    return `the name in its CREATE STREAMLIT (${where}) is only known when the setup script runs`;
  }
  if (described.name.parts.length < 2) {
    return `its CREATE STREAMLIT (${where}) names no schema, which fails in a setup script: write <schema>.${described.name.text}`;
  }
  const tokens = at.statement.tokens;
  const pool = findProperty(tokens, 'COMPUTE_POOL');
  if (pool && !isLiteralName(pool.value[0])) {
    return `its COMPUTE_POOL (${where}) is not a literal name, and a Native App's container runtime needs the literal name of a pool the app creates`;
  }
  const runtime = findProperty(tokens, 'RUNTIME_NAME');
  if (runtime && runtime.value[0]?.kind !== 'string') {
    return `its RUNTIME_NAME (${where}) is only known when the setup script runs`;
  }
  const root = findProperty(tokens, 'ROOT_LOCATION')?.value[0];
  if (root && (root.kind !== 'string' || (root.value ?? '').startsWith('@'))) {
    return `its ROOT_LOCATION (${where}) names a stage, not a path of the application package, and the container runtime needs FROM '<path in the package>'`;
  }
  return manifestBlocker(manifestText);
}

/** `x`, `"x"`, `db.x`: a name written out, not `IDENTIFIER(...)`, a variable or a template. */
export function isLiteralName(token: Token | undefined): boolean {
  return token !== undefined && (token.kind === 'word' || token.kind === 'quoted') && !isWord(token, 'IDENTIFIER');
}

/**
 * Why the manifest cannot take the container runtime's edits (manifest_version, privileges) by
 * range, or undefined when it can: a block mapping at the top, a scalar manifest_version, and a
 * privileges list (when there is one) of names or `NAME: {description: ...}` items.
 */
export function manifestBlocker(text: string | undefined): string | undefined {
  if (text === undefined) return 'its manifest.yml cannot be read';
  const document = parseDocument(text, { uniqueKeys: false });
  const top = document.contents;
  if (document.errors.length > 0 || !isMap(top)) return 'its manifest.yml is not a YAML mapping stcodemod can read';
  if (top.flow) return 'its manifest.yml is written as one flow mapping ({...}), which stcodemod does not edit';
  const keys = top.items.map((pair) => (isScalar(pair.key) ? String(pair.key.value) : ''));
  if (new Set(keys).size !== keys.length) return 'its manifest.yml repeats a key';
  const version = top.get('manifest_version', true);
  if (version !== undefined && !(isScalar(version) && /^\s*\d+\s*$/.test(String(version.value)))) {
    return 'its manifest.yml has a manifest_version that is not a number';
  }
  const privileges = top.get('privileges', true);
  const listed = (item: unknown) => isScalar(item) || (isMap(item) && (item as YAMLMap).items.length >= 1);
  if (top.has('privileges') && !(isSeq(privileges) && privileges.items.every(listed))) {
    return 'its manifest.yml has a privileges entry that is not a list of privileges';
  }
  return undefined;
}
