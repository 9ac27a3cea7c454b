/**
 * Is this SQL a read? A keyword check over the statement text, enough to decide whether a query
 * may be cached: comments and quoted text are blanked, then each statement's first keyword must
 * start a read (SELECT, WITH, SHOW, DESCRIBE, ...) and no keyword that writes may appear in it.
 * Anything else, including a statement whose text is not known, is not a read.
 */

/** Stands for text supplied at run time: an f-string field, a `+` operand that is not a literal. */
export const HOLE = '\u0000';
const HOLE_END = '\u0001';

/** A run-time field that names its source (`{TABLE}`), so that two queries using it can be matched. */
export function namedHole(expression: string): string {
  return `${HOLE}${expression.replace(/[\u0000\u0001]/g, '')}${HOLE_END}`;
}

export type SqlVerdict =
  | { kind: 'read'; viewerContext?: string; nondeterministic?: string }
  | { kind: 'write'; keyword: string }
  /** `reason` completes "runs SQL that ...". */
  | { kind: 'unknown'; reason: string };

const READ_STARTS = new Set(['SELECT', 'WITH', 'SHOW', 'DESCRIBE', 'DESC', 'EXPLAIN', 'LIST', 'LS', 'VALUES']);
/** Statements that change data, objects, grants or the session; a read never contains these words. */
const WRITES = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE', 'COPY', 'PUT', 'GET', 'REMOVE', 'RM', 'CREATE',
  'ALTER', 'DROP', 'UNDROP', 'TRUNCATE', 'CALL', 'GRANT', 'REVOKE', 'USE', 'SET', 'UNSET', 'BEGIN', 'START',
  'COMMIT', 'ROLLBACK', 'EXECUTE', 'COMMENT', 'NEXTVAL']);
/** The subset that is reserved in Snowflake (or never a column name), checked anywhere in a read. */
const WRITES_ANYWHERE = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE', 'CREATE', 'ALTER', 'DROP', 'TRUNCATE',
  'CALL', 'GRANT', 'REVOKE', 'NEXTVAL']);
/** Context functions whose value depends on who runs the query, or on the session's history. */
export const VIEWER_CONTEXT: ReadonlySet<string> = new Set(['CURRENT_USER', 'CURRENT_ROLE', 'CURRENT_SECONDARY_ROLES',
  'CURRENT_AVAILABLE_ROLES',
  'IS_ROLE_IN_SESSION', 'IS_DATABASE_ROLE_IN_SESSION', 'IS_APPLICATION_ROLE_IN_SESSION', 'INVOKER_ROLE',
  'INVOKER_SHARE', 'CURRENT_SESSION', 'CURRENT_IP_ADDRESS', 'CURRENT_CLIENT', 'LAST_QUERY_ID',
  'CURRENT_STATEMENT', 'CURRENT_TRANSACTION']);
const NONDETERMINISTIC = new Set(['RANDOM', 'UUID_STRING', 'SAMPLE', 'TABLESAMPLE']);

export function classifySql(sql: string): SqlVerdict {
  const statements = blankQuotedText(anonymous(sql), false).split(';').map((statement) => statement.trim()).filter(Boolean);
  if (statements.length === 0) return { kind: 'unknown', reason: 'is empty' };
  const verdicts = statements.map(classifyStatement);
  const unknown = verdicts.find((verdict) => verdict.kind === 'unknown');
  if (unknown) return unknown;
  const write = verdicts.find((verdict) => verdict.kind === 'write');
  if (write) return write;
  const reads = verdicts as Extract<SqlVerdict, { kind: 'read' }>[];
  const viewerContext = reads.find((read) => read.viewerContext)?.viewerContext;
  const nondeterministic = reads.find((read) => read.nondeterministic)?.nondeterministic;
  return { kind: 'read', ...(viewerContext ? { viewerContext } : {}), ...(nondeterministic ? { nondeterministic } : {}) };
}

function classifyStatement(statement: string): SqlVerdict {
  const tokens = statement.match(/[A-Za-z_][A-Za-z0-9_$]*|\u0000|[^\sA-Za-z_]/g) ?? [];
  const first = tokens.find((token) => token !== '(');
  if (first === undefined) return { kind: 'unknown', reason: 'is empty' };
  if (first === HOLE) return { kind: 'unknown', reason: 'is only known at run time' };
  const keyword = first.toUpperCase();
  if (WRITES.has(keyword)) return { kind: 'write', keyword };
  if (!READ_STARTS.has(keyword)) {
    return { kind: 'unknown', reason: `starts with ${first}, which this tool does not know to be a read` };
  }
  let viewerContext: string | undefined;
  let nondeterministic: string | undefined;
  for (const token of tokens) {
    const word = token.toUpperCase();
    if (WRITES_ANYWHERE.has(word)) return { kind: 'write', keyword: word };
    if (word.startsWith('SYSTEM$')) return { kind: 'unknown', reason: `calls ${token}, which may have side effects` };
    if (VIEWER_CONTEXT.has(word)) viewerContext ??= `${word}()`;
    if (NONDETERMINISTIC.has(word)) nondeterministic ??= word;
  }
  return { kind: 'read', ...(viewerContext ? { viewerContext } : {}), ...(nondeterministic ? { nondeterministic } : {}) };
}

const NAME = `(?:${HOLE}[^${HOLE_END}]*${HOLE_END}|[A-Za-z_][\\w$]*)`;
const TABLE = `(${NAME}(?:\\s*\\.\\s*${NAME})*)`;
const WRITTEN_TABLE = new RegExp(`\\b(?:INSERT\\s+(?:OVERWRITE\\s+)?INTO|UPDATE|DELETE\\s+FROM|MERGE\\s+INTO|COPY\\s+INTO|`
  + `TRUNCATE\\s+(?:TABLE\\s+)?(?:IF\\s+EXISTS\\s+)?|DROP\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?|ALTER\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?|`
  + `CREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:(?:LOCAL|GLOBAL)\\s+)?(?:TEMP|TEMPORARY|TRANSIENT|VOLATILE)?\\s*TABLE\\s+`
  + `(?:IF\\s+NOT\\s+EXISTS\\s+)?)\\s*${TABLE}`, 'gi');
const READ_TABLE = new RegExp(`\\b(?:FROM|JOIN)\\s+${TABLE}`, 'gi');

/**
 * The tables a statement reads and writes, by name as `tableKey` writes it. Names that are
 * run-time fields keep their source (`{RESTOCK_TABLE}`).
 */
export function sqlTables(sql: string): { reads: string[]; writes: string[] } {
  const text = blankQuotedText(sql, true);
  const names = (pattern: RegExp) => [...text.matchAll(pattern)].map((match) => tableKey(match[1]));
  const writes = names(WRITTEN_TABLE);
  const reads = names(READ_TABLE).filter((name) => !['TABLE', 'LATERAL'].includes(name));
  return { reads, writes };
}

/** A table's name for matching reads with writes: its last part, upper-cased; a field as `{source}`. */
export function tableKey(name: string): string {
  const last = name.split(/\s*\.\s*(?![^\u0000]*\u0001)/).pop()!.trim();
  if (last.startsWith(HOLE)) return `{${last.slice(1, -1)}}`;
  return last.replace(/^"|"$/g, '').toUpperCase();
}

/** f-string fields with a named source become plain holes, for the keyword check. */
function anonymous(sql: string): string {
  return sql.replace(new RegExp(`${HOLE}[^${HOLE_END}]*${HOLE_END}`, 'g'), HOLE);
}

/**
 * Blanks what keywords cannot be read from: comments, string literals ('...', $$...$$) and
 * quoted identifiers ("..."). A string literal becomes ''; an identifier becomes x, or (with
 * `keepNames`) its text with other characters replaced by _.
 */
function blankQuotedText(sql: string, keepNames: boolean): string {
  let out = '';
  let index = 0;
  while (index < sql.length) {
    const rest = sql.slice(index);
    if (rest.startsWith('--') || rest.startsWith('//')) {
      const end = sql.indexOf('\n', index);
      index = end < 0 ? sql.length : end;
      out += ' ';
    } else if (rest.startsWith('/*')) {
      const end = sql.indexOf('*/', index + 2);
      index = end < 0 ? sql.length : end + 2;
      out += ' ';
    } else if (rest.startsWith('$$')) {
      const end = sql.indexOf('$$', index + 2);
      index = end < 0 ? sql.length : end + 2;
      out += " '' ";
    } else if (sql[index] === "'" || sql[index] === '"') {
      const quote = sql[index];
      const start = ++index;
      while (index < sql.length) {
        if (sql[index] === '\\') index += 2;
        else if (sql[index] === quote && sql[index + 1] === quote) index += 2;
        else if (sql[index] === quote) break;
        else index++;
      }
      const content = sql.slice(start, index);
      index++;
      out += quote === "'" ? " '' " : keepNames ? content.replace(/[^\w$\u0000\u0001]/g, '_') || 'x' : ' x ';
    } else {
      out += sql[index];
      index++;
    }
  }
  return out;
}
