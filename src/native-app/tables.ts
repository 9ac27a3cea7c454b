/**
 * Table columns as the setup script defines them: the column list of CREATE TABLE and what
 * ALTER TABLE does to it. Used to tell whether existing installations end up with the same
 * table as new ones, and whether an upgrade drops, renames or retypes a column. Also the
 * columns of a view, where its text names them.
 */
import {
  AlterStatement, closingParen, CreateStatement, findWords, isPunct, isWord, keyword, listItems, matchWords, NamePart, splitTopLevel,
  ObjectName, readName, Token,
} from '../sql';

export interface Column {
  name: NamePart;
  /** The type as written, whitespace collapsed: `VARCHAR(100)`. */
  type: string;
  /** The type Snowflake stores, for comparisons: `VARCHAR(100)`, `NUMBER(38,0)` for INT. */
  canonical: string;
}

/** Words that end a column's type in a column definition. */
const TYPE_END = new Set([
  'NOT', 'NULL', 'DEFAULT', 'AUTOINCREMENT', 'IDENTITY', 'COLLATE', 'COMMENT', 'CONSTRAINT', 'PRIMARY', 'UNIQUE',
  'REFERENCES', 'FOREIGN', 'WITH', 'MASKING', 'PROJECTION', 'TAG', 'AS', 'CHECK', 'ENFORCED', 'RELY', 'NORELY',
]);
const CONSTRAINT_WORDS = ['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'FOREIGN', 'CHECK'];

/** The columns of `CREATE TABLE name (...)`; undefined for CTAS, LIKE, CLONE or USING TEMPLATE. */
export function createdColumns(create: CreateStatement, source: string): Column[] | undefined {
  const tokens = create.statement.tokens;
  const at = create.name?.next;
  if (at === undefined || !isPunct(tokens[at], '(')) return undefined;
  const close = closingParen(tokens, at);
  if (isWord(tokens[close + 1], 'AS') || findWords(tokens, ['AS', 'SELECT'], close + 1) !== -1) return undefined;
  return columnList(listItems(tokens, at), source);
}

function columnList(items: Token[][], source: string): Column[] {
  const columns: Column[] = [];
  for (const item of items) {
    if (item.length === 0 || isWord(item[0], ...CONSTRAINT_WORDS)) continue;
    const column = columnDefinition(item, 0, source);
    if (column) columns.push(column);
  }
  return columns;
}

/** `name type [constraints]` at `index`. */
function columnDefinition(tokens: readonly Token[], index: number, source: string): Column | undefined {
  const nameToken = tokens[index];
  if (!nameToken || (nameToken.kind !== 'word' && nameToken.kind !== 'quoted')) return undefined;
  const quoted = nameToken.kind === 'quoted';
  const value = quoted ? nameToken.value ?? '' : nameToken.text;
  const name: NamePart = { value, quoted, key: quoted ? value : value.toUpperCase() };
  let end = index + 1;
  let depth = 0;
  for (; end < tokens.length; end++) {
    const token = tokens[end];
    if (isPunct(token, '(')) depth++;
    else if (isPunct(token, ')')) depth--;
    else if (depth === 0 && (isPunct(token, ',') || TYPE_END.has(keyword(token)))) break;
  }
  if (end === index + 1) return { name, type: '', canonical: '' };
  const type = source.slice(tokens[index + 1].start, tokens[end - 1].end).replace(/\s+/g, ' ');
  return { name, type, canonical: canonicalType(type) };
}

/** Snowflake's synonyms folded together, so `INT` and `NUMBER(38,0)` compare equal. */
export function canonicalType(type: string): string {
  const compact = type.toUpperCase().replace(/\s*([(),])\s*/g, '$1').replace(/\s+/g, ' ').trim();
  const match = /^([A-Z_ ]+?)(?:\((.*)\))?$/.exec(compact);
  if (!match) return compact;
  const [, base, args] = match;
  const sized = (name: string, fallback?: string) => (args !== undefined ? `${name}(${args})` : fallback ?? name);
  switch (base) {
    case 'INT': case 'INTEGER': case 'BIGINT': case 'SMALLINT': case 'TINYINT': case 'BYTEINT':
      return 'NUMBER(38,0)';
    case 'NUMBER': case 'DECIMAL': case 'NUMERIC': case 'DEC':
      return args === undefined ? 'NUMBER(38,0)' : /^\d+$/.test(args) ? `NUMBER(${args},0)` : `NUMBER(${args})`;
    case 'VARCHAR': case 'STRING': case 'TEXT': case 'NVARCHAR': case 'NVARCHAR2': case 'CHAR VARYING': case 'NCHAR VARYING':
      return sized('VARCHAR', 'VARCHAR(16777216)');
    case 'CHAR': case 'CHARACTER': case 'NCHAR':
      return sized('VARCHAR', 'VARCHAR(1)');
    case 'FLOAT': case 'FLOAT4': case 'FLOAT8': case 'DOUBLE': case 'DOUBLE PRECISION': case 'REAL':
      return 'FLOAT';
    case 'BINARY': case 'VARBINARY':
      return sized('BINARY');
    case 'DATETIME':
      return sized('TIMESTAMP_NTZ', 'TIMESTAMP_NTZ(9)');
    case 'TIMESTAMP': case 'TIMESTAMP_NTZ': case 'TIMESTAMP_LTZ': case 'TIMESTAMP_TZ': case 'TIME':
      return sized(base, `${base}(9)`);
    default:
      return compact;
  }
}

export type TableAction =
  | { kind: 'add-column'; columns: Column[]; ifNotExists: boolean; /** Insert ` IF NOT EXISTS` after this token. */ after: Token }
  | { kind: 'drop-column'; names: NamePart[]; ifExists: boolean }
  | { kind: 'rename-column'; from: NamePart; to: NamePart }
  | { kind: 'retype-column'; columns: Column[] }
  | { kind: 'rename'; to: ObjectName }
  | { kind: 'swap'; with: ObjectName }
  | { kind: 'other' };

/** Words after ADD that add something other than a column. */
const NOT_A_COLUMN = new Set(['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'FOREIGN', 'CHECK', 'ROW', 'SEARCH', 'IF', 'DATA', 'TAG']);

/** What an `ALTER TABLE <name> ...` does, as far as columns and the table's name go. */
export function tableAction(alter: AlterStatement, source: string): TableAction {
  const tokens = alter.statement.tokens;
  const at = alter.name?.next;
  if (at === undefined || alter.type.name !== 'TABLE') return { kind: 'other' };
  const verb = keyword(tokens[at]);
  if (verb === 'ADD') {
    const columnWord = isWord(tokens[at + 1], 'COLUMN') ? at + 1 : at;
    let first = columnWord + 1;
    const ifNotExists = matchWords(tokens, first, ['IF', 'NOT', 'EXISTS']) !== -1;
    if (ifNotExists) first += 3;
    if (!ifNotExists && columnWord === at && NOT_A_COLUMN.has(keyword(tokens[first]))) return { kind: 'other' };
    const items = itemsFrom(tokens, first);
    const columns = items.map((item) => columnDefinition(item, 0, source)).filter((c): c is Column => c !== undefined);
    return columns.length > 0 ? { kind: 'add-column', columns, ifNotExists, after: tokens[columnWord] } : { kind: 'other' };
  }
  if (verb === 'DROP' && !isWord(tokens[at + 1], ...CONSTRAINT_WORDS, 'ROW', 'SEARCH', 'CLUSTERING')) {
    let first = isWord(tokens[at + 1], 'COLUMN') ? at + 2 : at + 1;
    const ifExists = matchWords(tokens, first, ['IF', 'EXISTS']) !== -1;
    if (ifExists) first += 2;
    const names = itemsFrom(tokens, first).map((item) => readName(item, 0, source)?.parts.at(-1))
      .filter((part): part is NamePart => part !== undefined);
    return names.length > 0 ? { kind: 'drop-column', names, ifExists } : { kind: 'other' };
  }
  if (matchWords(tokens, at, ['RENAME', 'COLUMN']) !== -1) {
    const from = readName(tokens, at + 2, source);
    const to = from && isWord(tokens[from.next], 'TO') ? readName(tokens, from.next + 1, source) : undefined;
    if (from && to) return { kind: 'rename-column', from: from.parts.at(-1)!, to: to.parts.at(-1)! };
    return { kind: 'other' };
  }
  if (matchWords(tokens, at, ['RENAME', 'TO']) !== -1) {
    const to = readName(tokens, at + 2, source);
    return to ? { kind: 'rename', to } : { kind: 'other' };
  }
  if (matchWords(tokens, at, ['SWAP', 'WITH']) !== -1) {
    const other = readName(tokens, at + 2, source);
    return other ? { kind: 'swap', with: other } : { kind: 'other' };
  }
  if (verb === 'ALTER' || verb === 'MODIFY') return retype(tokens, at + 1, source);
  return { kind: 'other' };
}

/** `ALTER [COLUMN] c [SET DATA] TYPE t [, [COLUMN] c2 ...]`; other column changes are `other`. */
function retype(tokens: readonly Token[], from: number, source: string): TableAction {
  const columns: Column[] = [];
  for (const item of itemsFrom(tokens, from)) {
    const start = isWord(item[0], 'COLUMN') ? 1 : 0;
    const name = readName(item, start, source);
    if (!name) continue;
    const typeAt = matchWords(item, name.next, ['SET|', 'DATA|', 'TYPE']);
    if (typeAt === -1 || typeAt >= item.length) continue;
    const type = source.slice(item[typeAt].start, item[item.length - 1].end).replace(/\s+/g, ' ');
    columns.push({ name: name.parts.at(-1)!, type, canonical: canonicalType(type) });
  }
  return columns.length > 0 ? { kind: 'retype-column', columns } : { kind: 'other' };
}

/** The items of the comma-separated list that runs to the end of the statement (no empty last one). */
function itemsFrom(tokens: readonly Token[], from: number): Token[][] {
  const items = splitTopLevel(tokens, from);
  if (items[items.length - 1].length === 0) items.pop();
  return items;
}

/** Words that end a view's first select list. */
const SELECT_LIST_END = ['FROM', 'WHERE', 'GROUP', 'HAVING', 'QUALIFY', 'WINDOW', 'ORDER', 'LIMIT', 'UNION', 'EXCEPT',
  'INTERSECT', 'MINUS'];
/** Words that end an expression but are no column alias (`CASE ... END`, `x IS NULL`). */
const NOT_AN_ALIAS = new Set(['END', 'NULL', 'TRUE', 'FALSE', 'ASC', 'DESC']);

/**
 * The columns of `CREATE VIEW name [(columns)] AS SELECT ...`, by name: the column list when there
 * is one, else the names of the first select list (`c`, `t.c`, `expr AS c`, `expr c`).
 * Undefined when a name is not in the text: `*`, or an expression without an alias.
 */
export function viewColumns(create: CreateStatement, source: string): NamePart[] | undefined {
  const tokens = create.statement.tokens;
  const at = create.name?.next;
  if (at === undefined) return undefined;
  if (isPunct(tokens[at], '(')) {
    const names = listItems(tokens, at).map((item) => readName(item, 0, source)?.parts.at(-1));
    return names.every((name) => name !== undefined) ? names as NamePart[] : undefined;
  }
  const as = findWords(tokens, ['AS'], at);
  const select = as === -1 ? -1 : findWords(tokens, ['SELECT'], as + 1);
  if (select === -1) return undefined;
  let first = select + 1;
  if (isWord(tokens[first], 'DISTINCT', 'ALL')) first++;
  if (isWord(tokens[first], 'TOP') && tokens[first + 1]?.kind === 'number') first += 2;
  const ends = SELECT_LIST_END.map((word) => findWords(tokens, [word], first)).filter((index) => index !== -1);
  const items = splitTopLevel(tokens, first, ends.length > 0 ? Math.min(...ends) : tokens.length);
  const names = items.map((item) => selectedName(item, source));
  return names.every((name) => name !== undefined) ? names as NamePart[] : undefined;
}

/** The name a select item gives its column, or undefined when Snowflake would name it by the expression. */
function selectedName(item: Token[], source: string): NamePart | undefined {
  const last = item[item.length - 1];
  if (!last || (last.kind !== 'word' && last.kind !== 'quoted') || NOT_AN_ALIAS.has(keyword(last))) return undefined;
  const whole = readName(item, 0, source);
  if (whole && whole.next === item.length) return whole.parts.at(-1);
  const before = item[item.length - 2];
  const aliased = isWord(before, 'AS') || before.kind === 'word' || before.kind === 'quoted' || before.kind === 'number'
    || before.kind === 'string' || isPunct(before, ')');
  if (!aliased) return undefined;
  return readName(item, item.length - 1, source)?.parts[0];
}
