/**
 * Recognises the statements setup and deploy scripts are made of (CREATE, ALTER, DROP, GRANT,
 * USE, EXECUTE IMMEDIATE, DML) and names their parts by token, so callers can check them and
 * splice at exact offsets. Anything else is `other`; nothing here throws.
 */
import { Token } from './lexer';
import { Statement } from './statements';
import { closingParen, findWords, isPunct, isWord, keyword, listItems, matchWords, ObjectName, readName } from './syntax';

/** Object types, longest first where one is a prefix of another. Each is matched word by word. */
const OBJECT_TYPES: readonly string[][] = [
  ['EXTERNAL', 'ACCESS', 'INTEGRATION'], ['API', 'INTEGRATION'], ['STORAGE', 'INTEGRATION'],
  ['SECURITY', 'INTEGRATION'], ['NOTIFICATION', 'INTEGRATION'], ['CATALOG', 'INTEGRATION'], ['INTEGRATION'],
  ['MASKING', 'POLICY'], ['ROW', 'ACCESS', 'POLICY'], ['AGGREGATION', 'POLICY'], ['PROJECTION', 'POLICY'],
  ['NETWORK', 'POLICY'], ['PASSWORD', 'POLICY'], ['SESSION', 'POLICY'], ['AUTHENTICATION', 'POLICY'],
  ['PACKAGES', 'POLICY'], ['NETWORK', 'RULE'], ['COMPUTE', 'POOL'], ['APPLICATION', 'ROLE'], ['DATABASE', 'ROLE'],
  ['APPLICATION', 'PACKAGE'], ['APPLICATION'], ['FILE', 'FORMAT'], ['IMAGE', 'REPOSITORY'], ['GIT', 'REPOSITORY'],
  ['CORTEX', 'SEARCH', 'SERVICE'], ['SEMANTIC', 'VIEW'], ['SECONDARY', 'ROLES'],
  ['TABLE'], ['VIEW'], ['SCHEMA'], ['DATABASE'], ['PROCEDURE'], ['FUNCTION'], ['STREAMLIT'], ['TASK'], ['STREAM'],
  ['STAGE'], ['SEQUENCE'], ['TAG'], ['SECRET'], ['SERVICE'], ['WAREHOUSE'], ['ROLE'], ['USER'], ['PIPE'], ['ALERT'],
  ['NOTEBOOK'], ['MODEL'], ['SHARE'], ['DATASET'], ['SNAPSHOT'],
];

/** Words between CREATE and the object type that qualify it (`CREATE OR REPLACE SECURE VIEW`). */
const MODIFIERS = new Set([
  'SECURE', 'TEMPORARY', 'TEMP', 'VOLATILE', 'TRANSIENT', 'LOCAL', 'GLOBAL', 'RECURSIVE', 'MATERIALIZED',
  'HYBRID', 'DYNAMIC', 'ICEBERG', 'EVENT', 'EXTERNAL', 'VERSIONED', 'AGGREGATE', 'INTERACTIVE',
]);

export interface ObjectType {
  /** The base type, upper case, words joined by one space: `TABLE`, `MASKING POLICY`. '' when unknown. */
  name: string;
  /** Modifiers before it, upper case: `SECURE`, `TRANSIENT`, `VERSIONED`, `MATERIALIZED`. */
  modifiers: string[];
  /** Index of the first modifier or type word, and of the last type word. */
  first: number;
  last: number;
}

export interface CreateStatement {
  kind: 'create';
  statement: Statement;
  create: Token;
  /** `OR REPLACE` / `OR ALTER`, as their two tokens. */
  orReplace?: [Token, Token];
  orAlter?: [Token, Token];
  type: ObjectType;
  /** `IF NOT EXISTS`, as its three tokens. */
  ifNotExists?: [Token, Token, Token];
  name?: ObjectName;
}

export interface AlterStatement {
  kind: 'alter';
  statement: Statement;
  type: ObjectType;
  ifExists?: [Token, Token];
  name?: ObjectName;
}

export interface DropStatement {
  kind: 'drop';
  statement: Statement;
  type: ObjectType;
  ifExists?: [Token, Token];
  name?: ObjectName;
}

export interface GrantStatement {
  kind: 'grant' | 'revoke';
  statement: Statement;
  /** `ON FUTURE <types> IN SCHEMA|DATABASE` */
  future: boolean;
  /** `ON ALL <types> IN SCHEMA|DATABASE` */
  all: boolean;
  /** The schema of an `IN SCHEMA <name>` clause. */
  inSchema?: ObjectName;
  /** The object of `ON <type> <name>` (not set for FUTURE/ALL grants). */
  on?: { type: ObjectType; name?: ObjectName };
  /** The grantee of a GRANT: `TO APPLICATION ROLE app_public` (`type.name` 'APPLICATION ROLE'), `TO ROLE r`, ... */
  to?: { type: ObjectType; name?: ObjectName };
}

export interface UseStatement {
  kind: 'use';
  statement: Statement;
  /** `DATABASE`, `SCHEMA`, `ROLE`, `SECONDARY ROLES`, `WAREHOUSE`, or '' for `USE <name>`. */
  target: string;
  name?: ObjectName;
}

export interface ExecuteFromStatement {
  kind: 'execute-from';
  statement: Statement;
  /** The file reference: a string token, or a stage token for an unquoted `@stage/file.sql`. */
  location?: Token;
}

export interface ExecuteImmediateStatement {
  kind: 'execute-immediate';
  statement: Statement;
  /** The statement text to run: a `$$` body or a string; absent for `EXECUTE IMMEDIATE :var`. */
  body?: Token;
}

export interface DmlStatement {
  kind: 'dml';
  statement: Statement;
  verb: 'INSERT' | 'UPDATE' | 'DELETE' | 'MERGE' | 'COPY' | 'TRUNCATE';
  target?: ObjectName;
}

export interface CallStatement {
  kind: 'call';
  statement: Statement;
  name?: ObjectName;
}

export interface OtherStatement {
  kind: 'other';
  statement: Statement;
}

export type DescribedStatement = CreateStatement | AlterStatement | DropStatement | GrantStatement | UseStatement
  | ExecuteFromStatement | ExecuteImmediateStatement | DmlStatement | CallStatement | OtherStatement;

export function describeStatement(statement: Statement, source: string): DescribedStatement {
  const tokens = statement.tokens;
  switch (keyword(tokens[0])) {
    case 'CREATE':
      return describeCreate(statement, source);
    case 'ALTER':
    case 'DROP':
      return describeAlterOrDrop(statement, source);
    case 'GRANT':
    case 'REVOKE':
      return describeGrant(statement, source);
    case 'USE':
      return describeUse(statement, source);
    case 'EXECUTE':
      return describeExecute(statement);
    case 'INSERT':
    case 'UPDATE':
    case 'DELETE':
    case 'MERGE':
    case 'COPY':
    case 'TRUNCATE':
      return describeDml(statement, source);
    case 'CALL':
      return { kind: 'call', statement, name: readName(tokens, 1, source) };
    default:
      return { kind: 'other', statement };
  }
}

/** Reads `[modifiers] <type words>` at `index`. */
export function readObjectType(tokens: readonly Token[], index: number): ObjectType {
  const modifiers: string[] = [];
  let at = index;
  for (;;) {
    const phrase = OBJECT_TYPES.find((words) => matchWords(tokens, at, words) !== -1);
    if (phrase) return { name: phrase.join(' '), modifiers, first: index, last: at + phrase.length - 1 };
    const word = keyword(tokens[at]);
    if (!MODIFIERS.has(word)) return { name: '', modifiers, first: index, last: at - 1 };
    modifiers.push(word);
    at++;
  }
}

function describeCreate(statement: Statement, source: string): CreateStatement {
  const tokens = statement.tokens;
  let at = 1;
  let orReplace: [Token, Token] | undefined;
  let orAlter: [Token, Token] | undefined;
  if (matchWords(tokens, 1, ['OR', 'REPLACE']) !== -1) {
    orReplace = [tokens[1], tokens[2]];
    at = 3;
  } else if (matchWords(tokens, 1, ['OR', 'ALTER']) !== -1) {
    orAlter = [tokens[1], tokens[2]];
    at = 3;
  }
  const result: CreateStatement = {
    kind: 'create', statement, create: tokens[0], type: readObjectType(tokens, at),
    ...(orReplace ? { orReplace } : {}), ...(orAlter ? { orAlter } : {}),
  };
  if (result.type.name === '') return result;
  at = result.type.last + 1;
  if (matchWords(tokens, at, ['IF', 'NOT', 'EXISTS']) !== -1) {
    result.ifNotExists = [tokens[at], tokens[at + 1], tokens[at + 2]];
    at += 3;
  }
  const name = readName(tokens, at, source);
  if (name) result.name = name;
  return result;
}

function describeAlterOrDrop(statement: Statement, source: string): AlterStatement | DropStatement {
  const tokens = statement.tokens;
  const kind = keyword(tokens[0]) === 'ALTER' ? 'alter' : 'drop';
  const type = readObjectType(tokens, 1);
  const result: AlterStatement | DropStatement = { kind, statement, type };
  if (type.name === '') return result;
  let at = type.last + 1;
  if (matchWords(tokens, at, ['IF', 'EXISTS']) !== -1) {
    result.ifExists = [tokens[at], tokens[at + 1]];
    at += 2;
  }
  const name = readName(tokens, at, source);
  if (name) result.name = name;
  return result;
}

function describeGrant(statement: Statement, source: string): GrantStatement {
  const tokens = statement.tokens;
  const result: GrantStatement = { kind: keyword(tokens[0]) === 'GRANT' ? 'grant' : 'revoke', statement, future: false, all: false };
  const to = result.kind === 'grant' ? findWords(tokens, ['TO'], 1) : -1;
  if (to !== -1) {
    const type = readObjectType(tokens, to + 1);
    if (type.name !== '') result.to = { type, name: readName(tokens, type.last + 1, source) };
  }
  const on = findWords(tokens, ['ON'], 1);
  if (on === -1) return result;
  let at = on + 1;
  if (isWord(tokens[at], 'FUTURE', 'ALL')) {
    result.future = isWord(tokens[at], 'FUTURE');
    result.all = !result.future;
    const inSchema = findWords(tokens, ['IN', 'SCHEMA'], at);
    if (inSchema !== -1) result.inSchema = readName(tokens, inSchema + 2, source);
    return result;
  }
  const type = readObjectType(tokens, at);
  if (type.name === '') return result;
  at = type.last + 1;
  result.on = { type, name: readName(tokens, at, source) };
  return result;
}

function describeUse(statement: Statement, source: string): UseStatement {
  const tokens = statement.tokens;
  for (const target of [['SECONDARY', 'ROLES'], ['DATABASE'], ['SCHEMA'], ['ROLE'], ['WAREHOUSE']]) {
    const at = matchWords(tokens, 1, target);
    if (at !== -1) return { kind: 'use', statement, target: target.join(' '), name: readName(tokens, at, source) };
  }
  return { kind: 'use', statement, target: '', name: readName(tokens, 1, source) };
}

function describeExecute(statement: Statement): ExecuteFromStatement | ExecuteImmediateStatement | OtherStatement {
  const tokens = statement.tokens;
  if (matchWords(tokens, 0, ['EXECUTE', 'IMMEDIATE', 'FROM']) !== -1) {
    const location = tokens[3]?.kind === 'string' || tokens[3]?.kind === 'stage' ? tokens[3] : undefined;
    return { kind: 'execute-from', statement, ...(location ? { location } : {}) };
  }
  if (matchWords(tokens, 0, ['EXECUTE', 'IMMEDIATE']) !== -1) {
    const body = tokens[2]?.kind === 'dollar' || tokens[2]?.kind === 'string' ? tokens[2] : undefined;
    return { kind: 'execute-immediate', statement, ...(body ? { body } : {}) };
  }
  return { kind: 'other', statement };
}

function describeDml(statement: Statement, source: string): DmlStatement {
  const tokens = statement.tokens;
  const verb = keyword(tokens[0]) as DmlStatement['verb'];
  let at = 1;
  if (verb === 'INSERT') at = Math.max(matchWords(tokens, 1, ['OVERWRITE|', 'INTO']), matchWords(tokens, 1, ['ALL']), 1);
  if (verb === 'DELETE') at = Math.max(matchWords(tokens, 1, ['FROM']), 1);
  if (verb === 'MERGE' || verb === 'COPY') at = Math.max(matchWords(tokens, 1, ['INTO']), 1);
  if (verb === 'TRUNCATE') at = Math.max(matchWords(tokens, 1, ['TABLE|', 'IF|', 'EXISTS|']), 1);
  if (verb === 'INSERT' && isWord(tokens[1], 'ALL', 'FIRST')) return { kind: 'dml', statement, verb };
  return { kind: 'dml', statement, verb, target: readName(tokens, at, source) };
}

/** A `NAME = value` property of a statement, outside parentheses. */
export interface Property {
  /** Index of the property's name token, and of its `=`. */
  key: number;
  equals: number;
  /** The value's tokens: one token, or a parenthesised list from `(` to `)`. */
  value: Token[];
  /** For a parenthesised value, its items. */
  items?: Token[][];
}

/** Finds `NAME = value` in a statement's tokens, outside parentheses. */
export function findProperty(tokens: readonly Token[], name: string, from = 0): Property | undefined {
  const key = findWords(tokens, [name.toUpperCase()], from);
  if (key === -1 || !isPunct(tokens[key + 1], '=')) return undefined;
  const start = key + 2;
  if (isPunct(tokens[start], '(')) {
    const close = closingParen(tokens, start);
    return { key, equals: key + 1, value: tokens.slice(start, close + 1), items: listItems(tokens, start) };
  }
  return tokens[start] ? { key, equals: key + 1, value: [tokens[start]] } : undefined;
}

/**
 * A CREATE statement's text rewritten to `CREATE OR REPLACE` (an `IF NOT EXISTS` or `OR ALTER`
 * dropped), every other byte as written; `replacements` (offsets into `source`, inside the
 * statement, not overlapping those words) are applied too. Keywords follow CREATE's case.
 */
export function createOrReplaceText(create: CreateStatement, source: string,
  replacements: { start: number; end: number; text: string }[] = []): string {
  const edits = [...replacements, ...removedClauses(create, source, create.ifNotExists, create.orAlter)];
  if (!create.orReplace) edits.push({ start: create.create.end, end: create.create.end, text: inCaseOf(create.create, ' OR REPLACE') });
  return spliced(source, create.statement.start, create.statement.end, edits);
}

/** A CREATE statement's text rewritten to `CREATE ... IF NOT EXISTS` (an `OR REPLACE` or `OR ALTER` dropped). */
export function createIfNotExistsText(create: CreateStatement, source: string): string {
  const edits = removedClauses(create, source, create.orReplace, create.orAlter);
  const typeEnd = create.statement.tokens[create.type.last].end;
  if (!create.ifNotExists) edits.push({ start: typeEnd, end: typeEnd, text: inCaseOf(create.create, ' IF NOT EXISTS') });
  return spliced(source, create.statement.start, create.statement.end, edits);
}

/** Removals of the given clauses, each with the whitespace before it. */
function removedClauses(create: CreateStatement, source: string, ...clauses: (readonly Token[] | undefined)[])
  : { start: number; end: number; text: string }[] {
  const tokens = create.statement.tokens;
  return clauses.filter((clause): clause is readonly Token[] => clause !== undefined).map((clause) => {
    const previous = tokens[tokens.indexOf(clause[0]) - 1];
    const start = previous && source.slice(previous.end, clause[0].start).trim() === '' ? previous.end : clause[0].start;
    return { start, end: clause[clause.length - 1].end, text: '' };
  });
}

function inCaseOf(token: Token, text: string): string {
  return token.text === token.text.toLowerCase() ? text.toLowerCase() : text.toUpperCase();
}

function spliced(source: string, start: number, end: number, edits: { start: number; end: number; text: string }[]): string {
  let text = '';
  let at = start;
  for (const edit of [...edits].sort((a, b) => a.start - b.start || a.end - b.end)) {
    text += source.slice(at, edit.start) + edit.text;
    at = Math.max(at, edit.end);
  }
  return text + source.slice(at, end);
}
