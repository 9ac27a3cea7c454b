/**
 * A text check that proves a module gives thread-safety nothing to report, before the module is
 * even parsed: most modules of a project are pure helpers, and parsing them is most of the cost
 * of a run over them.
 *
 * Why it is sound: each test below is a necessary condition of one group of checks, and a text
 * test only ever says "maybe" where the syntax tree could say "yes":
 *
 * - module state needs a top-level `name = value` statement (the only binding the check accepts),
 *   and global writes a `global` statement;
 * - threads, `st.cache_resource` results and `st.pyplot` are gated by their own words;
 * - a process-wide effect is a qualified name ending in one of its words (`os.chdir`,
 *   `random.seed`, `os.environ[...]`, `sys.path...`), and every part of a qualified name is
 *   written in the module (in an import or at the use);
 * - a module attribute write `<import>.<attribute> = ...` writes a name an import binds, then a dot;
 * - the shared connection's hazards have their own test (shared-connection.ts).
 */
import { LogicalLine, logicalLines } from '../../src/python/logical-lines';
import { mayUseSharedConnection } from './shared-connection';

const CHECK_WORDS = /global|Thread|Timer|Process|to_thread|run_in_executor|Executor|Pool|cache_resource|experimental_singleton/;
const EFFECT_WORDS = /allow_output_mutation|pyplot|chdir|putenv|unsetenv|seed|setlocale|environ/;

const SIMPLE_ASSIGNMENT = /^[\p{ID_Start}_][\p{ID_Continue}]*[ \t]*(?::[^=\n]*)?=(?!=)/mu;

/** False when no thread-safety check can find anything in a module with this text. */
export function mayFindAnything(text: string): boolean {
  if (CHECK_WORDS.test(text) || EFFECT_WORDS.test(text) || (text.includes('sys') && text.includes('path'))) return true;
  if (mayUseSharedConnection(text)) return true;
  // Most modules with state say so on a line of its own, `NAME = ...`: no need to split them.
  if (SIMPLE_ASSIGNMENT.test(text)) return true;
  const lines = logicalLines(text);
  if (!lines) return true;
  return lines.some(mayAssignAtTopLevel) || importedNames(lines).some((name) => writesAttributeOf(text, name));
}

/**
 * A top-level statement starts a logical line at column 0. One that starts a compound statement
 * or a decorator holds no top-level assignment (a one-line body belongs to its header); any
 * other may, when an `=` that is not a comparison stands outside brackets. An augmented
 * assignment (`x += 1`) or a lambda default also pass: the test may say "maybe" too often.
 */
function mayAssignAtTopLevel(line: LogicalLine): boolean {
  if (!line.topLevel || COMPOUND_START.test(line.code)) return false;
  let depth = 0;
  const code = line.code;
  for (let at = 0; at < code.length; at++) {
    const char = code[at];
    if (char === '(' || char === '[' || char === '{') depth++;
    else if (char === ')' || char === ']' || char === '}') depth--;
    else if (char === '=' && depth <= 0 && !'=!<>:'.includes(code[at - 1] ?? '') && code[at + 1] !== '=') return true;
  }
  return false;
}

/** `match` and `case` are left out: they are soft keywords, and `match = ...` is an assignment. */
const COMPOUND_START = /^(?:@|(?:def|class|async|if|elif|else|for|while|try|except|finally|with)(?![\p{ID_Continue}]))/u;

/**
 * Every name written in an import statement after its `import` keyword: the names the statement
 * binds are among them (`import a.b` binds `a`, `import a as b` binds `b`, `from m import a as b`
 * binds `b`).
 */
function importedNames(lines: LogicalLine[]): string[] {
  const names: string[] = [];
  for (const { code } of lines) {
    const keyword = /(?<![\p{ID_Continue}])import(?![\p{ID_Continue}])/u.exec(code);
    if (!keyword) continue;
    for (const name of code.slice(keyword.index + keyword[0].length).match(/[\p{ID_Start}_][\p{ID_Continue}]*/gu) ?? []) {
      if (name !== 'as' && name !== 'import') names.push(name);
    }
  }
  return names;
}

/** True when `name` is followed by a dot (across spaces and line continuations) somewhere in the text. */
function writesAttributeOf(text: string, name: string): boolean {
  for (let at = text.indexOf(name); at !== -1; at = text.indexOf(name, at + 1)) {
    let next = at + name.length;
    while (next < text.length && /[\s\\]/.test(text[next])) next++;
    if (text[next] === '.') return true;
  }
  return false;
}
