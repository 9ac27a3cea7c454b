import { LexError, LexRange, Token, tokenize } from './lexer';

/**
 * One statement of a script: its significant tokens (comments left out, the closing `;` too) and
 * its exact extent, from its first token to the end of its last.
 */
export interface Statement {
  /** The statement's tokens without comments and without the terminating `;`. */
  tokens: Token[];
  /** Offset of the first token and just past the last one (the `;` not included). */
  start: number;
  end: number;
  /** 1-based line of the first token. */
  line: number;
  /** The `;` that ends it; absent for a last statement written without one. */
  terminator?: Token;
  /** True for a Snowflake Scripting block written without `$$` (`BEGIN ... END`, `DECLARE ...`). */
  block: boolean;
}

export interface ParsedSql {
  source: string;
  /** Every token, comments included. */
  tokens: Token[];
  statements: Statement[];
  /** Unterminated strings, bodies, comments and blocks, with their lines. Empty for clean input. */
  errors: LexError[];
}

/** Lexes and splits a script (or a part of it, such as a `$$` body, keeping file positions). */
export function parseSql(source: string, range?: LexRange): ParsedSql {
  const { tokens, errors } = tokenize(source, range);
  const { statements, errors: splitErrors } = splitStatements(tokens);
  return { source, tokens, statements, errors: [...errors, ...splitErrors] };
}

/** Words after `BEGIN` that make it a transaction, not a scripting block. */
const TRANSACTION_WORDS = new Set(['TRANSACTION', 'WORK', 'NAME']);
/** `END IF`, `END LOOP`, ... close constructs this splitter does not count. */
const UNCOUNTED_ENDS = new Set(['IF', 'FOR', 'LOOP', 'WHILE', 'REPEAT']);

/**
 * Splits tokens into statements at `;`, except inside a Snowflake Scripting block written without
 * `$$`: a statement that starts with `DECLARE`, or with `BEGIN` not followed by `;`, `TRANSACTION`,
 * `WORK` or `NAME`, or a CREATE PROCEDURE/FUNCTION that reaches `AS BEGIN` / `AS DECLARE` (a body without `$$`),
 * runs to the `END` that closes its outer `BEGIN`. Inside, `BEGIN`/`CASE` open and `END`/`END CASE`
 * close; `END IF`, `END LOOP`, `END FOR`, `END WHILE`, `END REPEAT` are balanced by themselves.
 */
export function splitStatements(tokens: Token[]): { statements: Statement[]; errors: LexError[] } {
  const statements: Statement[] = [];
  const errors: LexError[] = [];
  const code = tokens.filter((token) => token.kind !== 'comment');
  let current: Token[] = [];
  /** Undefined outside a block; otherwise how many BEGIN/CASE are open. */
  let depth: number | undefined;
  /** A DECLARE section is part of the block before its BEGIN opens it. */
  let blockOpened = false;
  let blockStart: Token | undefined;

  const finish = (terminator?: Token) => {
    if (current.length > 0) {
      const first = current[0];
      const last = current[current.length - 1];
      statements.push({
        tokens: current,
        start: first.start,
        end: last.end,
        line: first.line,
        ...(terminator ? { terminator } : {}),
        block: depth !== undefined,
      });
    }
    current = [];
    depth = undefined;
    blockOpened = false;
    blockStart = undefined;
  };

  for (let i = 0; i < code.length; i++) {
    const token = code[i];
    const word = token.kind === 'word' ? token.text.toUpperCase() : undefined;
    const next = code[i + 1];
    const nextWord = next?.kind === 'word' ? next.text.toUpperCase() : undefined;
    if (depth === undefined) {
      if (token.kind === 'punct' && token.text === ';') {
        finish(token);
        continue;
      }
      const previous = current[current.length - 1];
      const afterAs = previous?.kind === 'word' && previous.text.toUpperCase() === 'AS' && isRoutine(current);
      if (word === 'DECLARE' && (current.length === 0 || afterAs)) {
        depth = 0;
        blockStart = token;
      } else if (word === 'BEGIN' && (current.length === 0 || afterAs) && !beginsTransaction(next, nextWord)) {
        depth = 1;
        blockOpened = true;
        blockStart = token;
      }
      current.push(token);
      continue;
    }
    current.push(token);
    if (word === 'BEGIN' && !beginsTransaction(next, nextWord)) {
      depth++;
      blockOpened = true;
    } else if (word === 'CASE') {
      depth++;
    } else if (word === 'END') {
      if (nextWord !== undefined && UNCOUNTED_ENDS.has(nextWord)) {
        current.push(next!);
        i++;
      } else {
        depth = Math.max(0, depth - 1);
        if (nextWord === 'CASE') {
          current.push(next!);
          i++;
        }
      }
    } else if (token.kind === 'punct' && token.text === ';' && blockOpened && depth === 0) {
      current.pop();
      finish(token);
    }
  }
  if (depth !== undefined && !(blockOpened && depth === 0) && blockStart) {
    errors.push({
      message: `unterminated block: the ${blockStart.text.toUpperCase()} at line ${blockStart.line} has no matching END`,
      offset: blockStart.start,
      line: blockStart.line,
    });
  }
  finish();
  return { statements, errors };
}

/** `CREATE ... PROCEDURE|FUNCTION`: only a routine's `AS` can be followed by a block (not `SELECT 1 AS begin`). */
function isRoutine(tokens: Token[]): boolean {
  if (tokens[0]?.kind !== 'word' || tokens[0].text.toUpperCase() !== 'CREATE') return false;
  return tokens.some((token) => token.kind === 'word' && ['PROCEDURE', 'FUNCTION'].includes(token.text.toUpperCase()));
}

function beginsTransaction(next: Token | undefined, nextWord: string | undefined): boolean {
  if (next === undefined) return true;
  if (next.kind === 'punct' && next.text === ';') return true;
  return nextWord !== undefined && TRANSACTION_WORDS.has(nextWord);
}

/** Words that can come right before a statement inside a scripting block. */
const INNER_STATEMENT_OPENERS = new Set(['BEGIN', 'THEN', 'ELSE', 'DO', 'LOOP', 'REPEAT', 'DECLARE']);

/**
 * The statements inside a scripting block, nested ones included, for analysis: every run of
 * tokens that starts after `;`, `BEGIN`, `THEN`, `ELSE`, `DO`, `LOOP`, `REPEAT` or `DECLARE` and
 * ends at the next `;` outside parentheses. Runs that start with a control word (`IF ...`,
 * `END IF`) are returned too; callers look only at the statements they recognise.
 */
export function innerStatements(block: Statement): Statement[] {
  const inner: Statement[] = [];
  const tokens = block.tokens;
  for (let i = 1; i < tokens.length; i++) {
    const previous = tokens[i - 1];
    const opens = (previous.kind === 'punct' && previous.text === ';')
      || (previous.kind === 'word' && INNER_STATEMENT_OPENERS.has(previous.text.toUpperCase()));
    if (!opens || (tokens[i].kind === 'punct' && tokens[i].text === ';')) continue;
    let depth = 0;
    let end = i;
    let terminator: Token | undefined;
    for (; end < tokens.length; end++) {
      const token = tokens[end];
      if (token.kind !== 'punct') continue;
      if (token.text === '(') depth++;
      else if (token.text === ')') depth = Math.max(0, depth - 1);
      else if (token.text === ';' && depth === 0) {
        terminator = token;
        break;
      }
    }
    const own = tokens.slice(i, end);
    if (own.length === 0) continue;
    inner.push({
      tokens: own,
      start: own[0].start,
      end: own[own.length - 1].end,
      line: own[0].line,
      ...(terminator ? { terminator } : {}),
      block: false,
    });
  }
  return inner;
}

/** Snowflake Scripting's built-in exceptions that a failing SQL statement raises (OTHER catches every one). */
const STATEMENT_EXCEPTIONS = new Set(['OTHER', 'STATEMENT_ERROR']);

/**
 * The stretches of a scripting block whose failing statements an exception handler catches and
 * does not raise again: the body of each `BEGIN ... EXCEPTION WHEN OTHER|STATEMENT_ERROR THEN
 * ... END` whose branch has no `RAISE`. A statement there that fails on a second run (an ADD
 * COLUMN of a column that exists) does not fail the script. Offsets are those of the tokens.
 */
export function handledStretches(block: Statement): { start: number; end: number }[] {
  const tokens = block.tokens;
  const stretches: { start: number; end: number }[] = [];
  const open: { begin: number; exception?: number; isCase: boolean }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const word = keywordOf(tokens[i]);
    const next = keywordOf(tokens[i + 1]);
    if (word === 'BEGIN' && !beginsTransaction(tokens[i + 1], next || undefined)) {
      open.push({ begin: i, isCase: false });
    } else if (word === 'CASE') {
      open.push({ begin: i, isCase: true });
    } else if (word === 'EXCEPTION' && next === 'WHEN' && open.length > 0 && !open[open.length - 1].isCase) {
      open[open.length - 1].exception ??= i;
    } else if (word === 'END') {
      if (UNCOUNTED_ENDS.has(next)) {
        i++;
        continue;
      }
      const frame = open.pop();
      if (next === 'CASE') i++;
      if (frame?.exception === undefined || !swallowsStatementErrors(tokens.slice(frame.exception + 1, i))) continue;
      stretches.push({ start: tokens[frame.begin].end, end: tokens[frame.exception].start });
    }
  }
  return stretches;
}

function keywordOf(token: Token | undefined): string {
  return token?.kind === 'word' ? token.text.toUpperCase() : '';
}

/** `WHEN OTHER THEN ...` (or STATEMENT_ERROR) at the handler's own level, with no RAISE in its branch. */
function swallowsStatementErrors(handler: Token[]): boolean {
  let depth = 0;
  const branches: { names: string[]; body: Token[] }[] = [];
  for (let i = 0; i < handler.length; i++) {
    const word = keywordOf(handler[i]);
    if (depth === 0 && word === 'WHEN') {
      const then = handler.findIndex((token, at) => at > i && keywordOf(token) === 'THEN');
      if (then === -1) return false;
      branches.push({ names: handler.slice(i + 1, then).map(keywordOf).filter((name) => name !== 'OR'), body: [] });
      i = then;
      continue;
    }
    if (word === 'BEGIN' || word === 'CASE') depth++;
    if (word === 'END' && !UNCOUNTED_ENDS.has(keywordOf(handler[i + 1]))) depth = Math.max(0, depth - 1);
    branches[branches.length - 1]?.body.push(handler[i]);
  }
  return branches.some((branch) => branch.names.some((name) => STATEMENT_EXCEPTIONS.has(name))
    && !branch.body.some((token) => keywordOf(token) === 'RAISE'));
}
