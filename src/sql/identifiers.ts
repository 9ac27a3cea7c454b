/**
 * Names and values that stcodemod writes into SQL, by Snowflake's rules
 * (https://docs.snowflake.com/en/sql-reference/identifiers-syntax). Every name that comes from the
 * user's files or options (snowflake.yml, secrets.toml keys, command-line flags) goes through
 * here before it lands in SQL, so that a value like `db; GRANT ROLE accountadmin TO USER x; --`
 * is one (odd) quoted name and never a statement of its own.
 *
 * - An unquoted identifier starts with a letter or `_` and holds letters, digits, `_` and `$`
 *   (ASCII); Snowflake reads it case-insensitively. It is written as it is.
 * - Anything else is written double-quoted, with each `"` doubled, as Snowflake CLI does
 *   (`to_identifier`), so the SQL names the object the CLI deployed. A value that already is a
 *   quoted identifier stays as it is.
 * - A placeholder (`<COMPUTE_POOL>`) stays a placeholder.
 * - What no quoting makes safe (empty, over 255 characters, a line break or other control
 *   character, which would also end a `--` comment) has no SQL form: the caller writes a
 *   placeholder and reports a manual step.
 */

const UNQUOTED = /^[A-Za-z_][A-Za-z0-9_$]*$/;
const QUOTED = /^"((?:[^"]|"")*)"$/;
const PLACEHOLDER = /^<[A-Za-z_][A-Za-z0-9_]*>$/;
/** C0 and C1 controls and the Unicode line separators: no comment or one-line name may hold them. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
/** Snowflake's limit on an identifier, quotes excluded. */
const MAX_LENGTH = 255;

/** True for stcodemod's placeholders: `<COMPUTE_POOL>`, `<app_name>`. */
export function isSqlPlaceholder(text: string): boolean {
  return PLACEHOLDER.test(text);
}

/** Why a value cannot be written as one identifier, or undefined when it can. */
export function identifierProblem(value: string): string | undefined {
  const quoted = QUOTED.exec(value);
  const name = quoted ? quoted[1].replace(/""/g, '"') : value;
  if (name === '') return 'it is empty';
  if (CONTROL.test(name)) return 'it holds a line break or another control character';
  if ([...name].length > MAX_LENGTH) return `it is longer than Snowflake's ${MAX_LENGTH} characters`;
  return undefined;
}

/**
 * One name part as SQL: as it is when Snowflake reads it so (an unquoted identifier, a quoted
 * one, a placeholder), otherwise quoted. Undefined when no quoting makes it safe.
 */
export function sqlIdentifier(value: string): string | undefined {
  if (isSqlPlaceholder(value)) return value;
  if (identifierProblem(value) !== undefined) return undefined;
  if (UNQUOTED.test(value) || QUOTED.test(value)) return value;
  return `"${value.replace(/"/g, '""')}"`;
}

/**
 * A possibly qualified object name (`name`, `schema.name`, `db.schema.name`, each part quoted or
 * not, or a placeholder) as SQL. A value that does not read as such a name is one name part
 * (`my-app` is `"my-app"`). Undefined when no quoting makes it safe.
 */
export function sqlObjectName(value: string): string | undefined {
  const parts = qualifiedParts(value);
  if (!parts) return sqlIdentifier(value);
  const written = parts.map(sqlIdentifier);
  return written.every((part) => part !== undefined) ? written.join('.') : undefined;
}

/** Why a possibly qualified name cannot be written (see sqlObjectName), or undefined when it can. */
export function objectNameProblem(value: string): string | undefined {
  const parts = qualifiedParts(value) ?? [value];
  return parts.filter((part) => !isSqlPlaceholder(part)).map(identifierProblem).find((problem) => problem !== undefined);
}

/** The parts of `a.b.c` when every part is a whole identifier or placeholder; undefined otherwise. */
function qualifiedParts(value: string): string[] | undefined {
  const part = /(?:[A-Za-z_][A-Za-z0-9_$]*|"(?:[^"]|"")*"|<[A-Za-z_][A-Za-z0-9_]*>)/y;
  const parts: string[] = [];
  let at = 0;
  while (at < value.length) {
    part.lastIndex = at;
    const match = part.exec(value);
    if (!match) return undefined;
    parts.push(match[0]);
    at += match[0].length;
    if (at === value.length) break;
    if (value[at] !== '.') return undefined;
    at++;
    if (at === value.length) return undefined;
  }
  return parts.length >= 1 && parts.length <= 3 ? parts : undefined;
}

/** A SQL string literal: `'...'` with each `'` doubled. */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * Text for a `--` comment: control characters and line breaks, which would end the comment and
 * turn the rest of the line into SQL, are written as escapes (`\n`).
 */
export function sqlCommentText(text: string): string {
  const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
  return text.replace(new RegExp(CONTROL.source, 'g'),
    (char) => named[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
