/**
 * What a piece of SQL does, as far as caching it is concerned, read with the shared Snowflake SQL
 * lexer (src/sql): whether each statement is a read, the tables it reads and writes, and whether
 * its answer may change from one call to the next even when no table changes. Text that is only
 * known at run time (an f-string field, a `+` operand that is not a literal) is a hole: a hole where
 * a verb or a table name should be makes the statement unknown, or its table unknown.
 */
import { describeStatement, isPunct, isWord, keyword, parseSql, readName, Token, tokenize } from '../../src/sql';

/** Stands for text supplied at run time: an f-string field, a `+` operand that is not a literal. */
export const HOLE = '\u0000';
const HOLE_END = '\u0001';
/** What a hole becomes for the lexer: a word no SQL uses, so that it reads as an (unknown) name. */
const HOLE_WORD = 'STCODEMOD__HOLE';

/** A run-time field that names its source (`{TABLE}`), for messages. */
export function namedHole(expression: string): string {
  return `${HOLE}${expression.replace(/[\u0000\u0001]/g, '')}${HOLE_END}`;
}

/** A table (or stage, `@NAME`) that a query names; `ANY` when the name is only known at run time. */
export const ANY = '*';

export interface SqlAnalysis {
  verdict: SqlVerdict;
  /** Tables and stages it reads, by `tableKey` (ANY: a name known only at run time). */
  reads: string[];
  /** Tables, views and stages whose content it changes (ANY: it may change any of them). */
  writes: string[];
  /** Changes objects that hold no data a query reads (functions, procedures, roles, grants). */
  metadataWrite: boolean;
  /** Reads metadata (SHOW, DESCRIBE, LIST, INFORMATION_SCHEMA, ACCOUNT_USAGE): it changes with any write. */
  metadata: boolean;
  /** The functions a read calls by an unqualified name, upper-cased: a built-in, or a UDF of the project. */
  functions?: string[];
}

export type SqlVerdict =
  | { kind: 'read'; viewerContext?: string; nondeterministic?: string; model?: string; userFunction?: string }
  | { kind: 'write'; keyword: string }
  /** `reason` completes "runs SQL that ...". */
  | { kind: 'unknown'; reason: string };

const READ_STARTS = new Set(['SELECT', 'WITH', 'VALUES']);
const METADATA_STARTS = new Set(['SHOW', 'DESCRIBE', 'DESC', 'LIST', 'LS', 'EXPLAIN']);
/** Statements that change data, objects, grants or the session. */
const WRITE_STARTS = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE', 'COPY', 'PUT', 'GET', 'REMOVE', 'RM', 'CREATE',
  'ALTER', 'DROP', 'UNDROP', 'TRUNCATE', 'CALL', 'GRANT', 'REVOKE', 'USE', 'SET', 'UNSET', 'BEGIN', 'START',
  'COMMIT', 'ROLLBACK', 'EXECUTE', 'COMMENT', 'RENAME']);
/** Reserved words (or never column names) that make a statement write wherever they stand. */
const WRITES_ANYWHERE = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE', 'CREATE', 'ALTER', 'DROP', 'TRUNCATE',
  'CALL', 'GRANT', 'REVOKE', 'NEXTVAL']);
/** Statements that change nothing another query could read (transaction control, a warehouse, a download). */
const NO_SHARED_CHANGE = new Set(['BEGIN', 'START', 'COMMIT', 'ROLLBACK', 'GET']);
/** Context functions whose value depends on who runs the query, or on the session's history. */
export const VIEWER_CONTEXT: ReadonlySet<string> = new Set(['CURRENT_USER', 'CURRENT_ROLE', 'CURRENT_SECONDARY_ROLES',
  'CURRENT_AVAILABLE_ROLES', 'IS_ROLE_IN_SESSION', 'IS_DATABASE_ROLE_IN_SESSION', 'IS_APPLICATION_ROLE_IN_SESSION',
  'INVOKER_ROLE', 'INVOKER_SHARE', 'CURRENT_SESSION', 'CURRENT_IP_ADDRESS', 'CURRENT_CLIENT', 'CURRENT_STATEMENT',
  'CURRENT_TRANSACTION']);
/** Functions and clauses whose answer changes from call to call with the same tables. */
const NONDETERMINISTIC = new Set(['CURRENT_TIMESTAMP', 'CURRENT_DATE', 'CURRENT_TIME', 'LOCALTIME', 'LOCALTIMESTAMP',
  'SYSDATE', 'SYSTIMESTAMP', 'GETDATE', 'RANDOM', 'RANDSTR', 'UNIFORM', 'NORMAL', 'ZIPF', 'UUID_STRING', 'SEQ1', 'SEQ2',
  'SEQ4', 'SEQ8', 'SAMPLE', 'TABLESAMPLE', 'LAST_QUERY_ID', 'RESULT_SCAN']);
/** Schemas whose views describe objects: what they show changes with every write. */
const METADATA_SCHEMAS = new Set(['INFORMATION_SCHEMA', 'ACCOUNT_USAGE', 'ORGANIZATION_USAGE', 'READER_ACCOUNT_USAGE']);

const HOLES = new RegExp(`${HOLE}[^${HOLE_END}]*${HOLE_END}|${HOLE}`, 'g');

export function analyzeSql(sql: string): SqlAnalysis {
  const source = sql.includes(HOLE) ? sql.replace(HOLES, ` ${HOLE_WORD} `) : sql;
  // One statement (no `;`) needs no splitting: its tokens are all the text's, less the comments.
  const statements = source.includes(';')
    ? parseSql(source).statements.map((statement) => statement.tokens).filter((tokens) => tokens.length > 0)
    : [tokenize(source).tokens.filter((token) => token.kind !== 'comment')].filter((tokens) => tokens.length > 0);
  if (statements.length === 0) return { verdict: { kind: 'unknown', reason: 'is empty' }, reads: [], writes: [ANY], metadataWrite: false, metadata: false };
  const parts = statements.map((tokens) => analyzeStatement(tokens, source));
  const verdicts = parts.map((part) => part.verdict);
  const verdict = verdicts.find((v) => v.kind === 'unknown') ?? verdicts.find((v) => v.kind === 'write')
    ?? mergeReads(verdicts as Extract<SqlVerdict, { kind: 'read' }>[]);
  return {
    verdict,
    reads: [...new Set(parts.flatMap((part) => part.reads))],
    writes: [...new Set(parts.flatMap((part) => part.writes))],
    metadataWrite: parts.some((part) => part.metadataWrite),
    metadata: parts.some((part) => part.metadata),
    functions: [...new Set(parts.flatMap((part) => part.functions ?? []))],
  };
}

function mergeReads(reads: Extract<SqlVerdict, { kind: 'read' }>[]): SqlVerdict {
  const first = <K extends 'viewerContext' | 'nondeterministic' | 'model' | 'userFunction'>(key: K) => reads.find((read) => read[key])?.[key];
  const viewerContext = first('viewerContext');
  const nondeterministic = first('nondeterministic');
  const model = first('model');
  const userFunction = first('userFunction');
  return { kind: 'read', ...(viewerContext ? { viewerContext } : {}), ...(nondeterministic ? { nondeterministic } : {}),
    ...(model ? { model } : {}), ...(userFunction ? { userFunction } : {}) };
}

function analyzeStatement(tokens: Token[], source: string): SqlAnalysis {
  const start = tokens.findIndex((token) => !isPunct(token, '('));
  const first = tokens[start];
  const word = keyword(first);
  if (!first || word === HOLE_WORD) {
    return { verdict: { kind: 'unknown', reason: 'is only known at run time' }, reads: [], writes: [ANY], metadataWrite: false,
      metadata: false };
  }
  if (WRITE_STARTS.has(word)) {
    const written = writtenObjects(tokens, source);
    return { verdict: { kind: 'write', keyword: word }, reads: readTables(tokens, source),
      writes: written === METADATA_ONLY ? [] : written, metadataWrite: written === METADATA_ONLY, metadata: false };
  }
  const metadata = METADATA_STARTS.has(word);
  if (!metadata && !READ_STARTS.has(word)) {
    return { verdict: { kind: 'unknown', reason: `starts with ${first.text}, which this tool does not know to be a read` },
      reads: [], writes: [ANY], metadataWrite: false, metadata: false };
  }
  let viewerContext: string | undefined;
  let nondeterministic: string | undefined;
  let model: string | undefined;
  let userFunction: string | undefined;
  const functions = new Set<string>();
  for (const [index, token] of tokens.entries()) {
    const upper = keyword(token);
    if (!upper) continue;
    const called = isPunct(tokens[index + 1], '(');
    if (WRITES_ANYWHERE.has(upper)) {
      return { verdict: { kind: 'write', keyword: upper }, reads: readTables(tokens, source), writes: [ANY], metadataWrite: false,
        metadata: false };
    }
    if (upper.startsWith('SYSTEM$')) {
      return { verdict: { kind: 'unknown', reason: `calls ${token.text}, which may have side effects` }, reads: [],
        writes: [ANY], metadataWrite: false, metadata: false };
    }
    if (VIEWER_CONTEXT.has(upper)) viewerContext ??= `${upper}()`;
    if (NONDETERMINISTIC.has(upper)) nondeterministic ??= upper;
    if (upper === 'CORTEX' && isPunct(tokens[index + 1], '.') && tokens[index + 2]) {
      model ??= `SNOWFLAKE.CORTEX.${tokens[index + 2].text.toUpperCase()}`;
    } else if (upper === 'CORTEX' || (called && (upper === 'COMPLETE' || upper.startsWith('AI_')))) {
      model ??= upper;
    }
    if (called && isPunct(tokens[index - 1], '.')) userFunction ??= qualifiedUserFunction(tokens, index);
    else if (called) functions.add(upper);
  }
  const reads = metadata ? [] : readTables(tokens, source);
  const describesObjects = metadata || tokens.some((token) => METADATA_SCHEMAS.has(keyword(token)));
  return {
    verdict: { kind: 'read', ...(viewerContext ? { viewerContext } : {}), ...(nondeterministic ? { nondeterministic } : {}),
      ...(model ? { model } : {}), ...(userFunction ? { userFunction } : {}) },
    reads,
    writes: [],
    metadataWrite: false,
    metadata: describesObjects,
    functions: [...functions],
  };
}

/**
 * The name of a schema-qualified function call (`tools.gpt_completion(...)`), whose code is the
 * user's: Snowflake's own functions are called unqualified, except those of the SNOWFLAKE
 * database (Cortex: a language model, reported as such) and of INFORMATION_SCHEMA (metadata).
 */
function qualifiedUserFunction(tokens: Token[], index: number): string | undefined {
  let start = index;
  while (start >= 2 && isPunct(tokens[start - 1], '.') && tokens[start - 2].kind !== 'punct') start -= 2;
  const parts = tokens.slice(start, index + 1).filter((_, position) => position % 2 === 0).map((token) => token.text);
  if (parts.some((part) => ['SNOWFLAKE', 'INFORMATION_SCHEMA'].includes(part.toUpperCase()))) return undefined;
  return parts.join('.');
}

/** Object types that hold no data a query reads: changing them changes only what metadata shows. */
const METADATA_TYPES = new Set(['FUNCTION', 'PROCEDURE', 'STREAMLIT', 'ROLE', 'DATABASE ROLE', 'APPLICATION ROLE', 'USER',
  'WAREHOUSE', 'INTEGRATION', 'EXTERNAL ACCESS INTEGRATION', 'API INTEGRATION', 'STORAGE INTEGRATION',
  'SECURITY INTEGRATION', 'NOTIFICATION INTEGRATION', 'SECRET', 'NETWORK RULE', 'TAG', 'NOTEBOOK', 'MODEL',
  'FILE FORMAT', 'COMPUTE POOL']);
const METADATA_ONLY: string[] = [];

/**
 * What a writing statement changes: its target's key, ANY when it cannot be named (or may change
 * anything), METADATA_ONLY when it changes no data, or [] when it changes nothing another query reads.
 */
function writtenObjects(tokens: Token[], source: string): string[] {
  const described = describeStatement({ tokens, start: tokens[0].start, end: tokens[tokens.length - 1].end, line: 1,
    block: false }, source);
  const word = keyword(tokens[0]);
  if (NO_SHARED_CHANGE.has(word)) return [];
  switch (described.kind) {
    case 'dml': {
      if (described.verb === 'COPY' || described.verb === 'INSERT') {
        const into = tokens.findIndex((token) => isWord(token, 'INTO'));
        if (tokens[into + 1]?.kind === 'stage') return [stageKey(tokens[into + 1].text)];
      }
      return [described.target ? objectKey(described.target.parts.map((part) => part.key), described.target.dynamic) : ANY];
    }
    case 'create':
    case 'alter':
    case 'drop': {
      const type = described.type.name;
      // Tasks, services, alerts and procedures run code that may change anything; a session's
      // parameters change what every later query of the shared session means.
      if (['TASK', 'SERVICE', 'ALERT', 'COMPUTE POOL'].includes(type) && described.kind !== 'create') return [ANY];
      if (described.kind === 'alter' && (type === '' || /^SESSION/i.test(tokens[1]?.text ?? ''))) return [ANY];
      if (METADATA_TYPES.has(type)) return METADATA_ONLY;
      return [described.name ? objectKey(described.name.parts.map((part) => part.key), described.name.dynamic) : ANY];
    }
    case 'use':
      return described.target === 'WAREHOUSE' ? [] : [ANY];
    default:
      break;
  }
  if (word === 'PUT') {
    const stage = tokens.find((token) => token.kind === 'stage');
    return [stage ? stageKey(stage.text) : ANY];
  }
  if (word === 'REMOVE' || word === 'RM') return tokens[1]?.kind === 'stage' ? [stageKey(tokens[1].text)] : [ANY];
  if (word === 'UNDROP' || word === 'COMMENT' || word === 'RENAME') {
    const name = tokens.findIndex((token, index) => index > 0 && (token.kind === 'word' || token.kind === 'quoted')
      && !['TABLE', 'VIEW', 'SCHEMA', 'DATABASE', 'ON', 'COLUMN', 'IF', 'EXISTS'].includes(keyword(token)));
    const read = name > 0 ? readName(tokens, name, source) : undefined;
    return [read ? objectKey(read.parts.map((part) => part.key), read.dynamic) : ANY];
  }
  if (described.kind === 'grant' || described.kind === 'revoke') return METADATA_ONLY;
  // CALL, EXECUTE, SET, UNSET: may change anything a later query reads.
  return [ANY];
}

/** Tables and stages named after FROM, JOIN and USING (subqueries and table functions are read inside). */
function readTables(tokens: Token[], source: string): string[] {
  const tables: string[] = [];
  for (const [index, token] of tokens.entries()) {
    if (!isWord(token, 'FROM', 'JOIN', 'USING')) continue;
    const next = tokens[index + 1];
    if (!next || isPunct(next, '(') || isWord(next, 'TABLE', 'LATERAL')) continue;
    if (next.kind === 'stage') {
      tables.push(stageKey(next.text));
      continue;
    }
    const name = readName(tokens, index + 1, source);
    if (name) tables.push(objectKey(name.parts.map((part) => part.key), name.dynamic));
  }
  return tables;
}

/** A table's key for matching reads with writes: its last part, upper-cased (ANY for a run-time name). */
export function tableKey(name: string): string {
  if (name.includes(HOLE)) return ANY;
  const last = name.split('.').pop()!.trim();
  return /^".*"$/.test(last) ? last.slice(1, -1).toUpperCase() : last.toUpperCase();
}

function objectKey(parts: string[], dynamic: boolean): string {
  if (dynamic || parts.length === 0 || parts.some((part) => part.toUpperCase().includes(HOLE_WORD))) return ANY;
  return parts[parts.length - 1].toUpperCase();
}

function stageKey(text: string): string {
  if (text.toUpperCase().includes(HOLE_WORD)) return ANY;
  const name = text.slice(1).split('/')[0].split('.').pop()!.replace(/^"|"$/g, '');
  return `@${name.toUpperCase()}`;
}
