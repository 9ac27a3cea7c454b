/**
 * What CPython 3.11 (the container runtime's Python) rejects although tree-sitter-python parses
 * it. The grammar accepts Python 2 (`print "hi"`, `exec code`, `except E, e:`) and Python 3.12
 * (`type X = int`, `def f[T]()`, f-strings that nest their own quotes), and leaves the
 * tokenizer's limits to the compiler: at most 200 nested brackets, indentation that means the
 * same with a tab as 8 columns and as 1 (else TabError), at most 100 indentation levels. A file
 * that fails any of these does not run on the container runtime, so it is left untouched and
 * reported like any other syntax error, and a transform's output is held to the same rules.
 *
 * The checks follow CPython 3.11's own code: Parser/tokenizer.c (brackets, indentation, string
 * prefixes, numbers), Parser/string_parser.c (fstring_find_literal, fstring_find_expr) and the
 * grammar. The compiler's checks on a correct parse (`return` outside a function, a repeated
 * argument name) are not made: they fail at import on every runtime alike.
 * src/python/cpython-syntax.test.ts compiles each sample with python3 as the oracle.
 */
import Parser from 'tree-sitter';
import Python from 'tree-sitter-python';
import { lineStart } from '../text-lines';
import { SyntaxNode, Tree } from './parser';

export interface SyntaxProblem {
  /** Where CPython would stop, as a string index into the text. */
  offset: number;
  /** What is wrong, for the report: `inconsistent use of tabs and spaces in indentation (TabError)`. */
  message: string;
}

/** CPython's MAXLEVEL: brackets nested deeper than this are "too many nested parentheses". */
const MAX_BRACKET_DEPTH = 200;
/** CPython's MAXINDENT: the indentation stack holds at most this many levels, the module's own included. */
const MAX_INDENT_LEVELS = 100;
const TAB_SIZE = 8;

/** The first thing in the text that CPython 3.11 would refuse to compile, or undefined. */
export function cpython311Problem(text: string, tree: Tree): SyntaxProblem | undefined {
  const tokens = new Tokens(text);
  return tokens.problem()
    ?? (tokens.grammarHint ? grammarProblem(tree) : undefined)
    ?? (tokens.longestStatement > LINKS_WORTH_MEASURING ? depthProblem(tree) : undefined);
}

// ---------------------------------------------------------------------------------------------
// The compiler's recursion limit

/**
 * CPython 3.11 compiles an expression by recursion, and stops at three times the recursion limit
 * (1000): `a + a + ...` of 2,990 terms compiles, of 2,991 does not ("maximum recursion depth
 * exceeded during compilation"), nor a chain of 1,495 method calls. Each term or call nests one
 * level deeper in tree-sitter's tree too. A Streamlit script is compiled some frames deep, so its
 * limit is a little lower; a file is refused only past this depth, where no context compiles it.
 * (Transforms also slow down with the square of the depth, each walk up a tree costing as much as
 * the node is deep.)
 */
const MAX_TREE_DEPTH = 3000;
/**
 * Operators, dots and brackets one statement needs before its tree is worth measuring: every
 * level of nesting past a few costs at least one of them. Measuring walks the whole tree.
 */
const LINKS_WORTH_MEASURING = MAX_TREE_DEPTH - 100;

function depthProblem(tree: Tree): SyntaxProblem | undefined {
  const cursor = tree.walk();
  for (;;) {
    if (cursor.currentDepth >= MAX_TREE_DEPTH) {
      return { offset: cursor.startIndex,
        message: `an expression nested more than ${MAX_TREE_DEPTH} levels deep, which CPython cannot compile `
          + '(maximum recursion depth exceeded during compilation)' };
    }
    if (cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) return undefined;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The grammar: constructs tree-sitter-python has nodes for, which CPython 3.11 does not accept

const GRAMMAR_QUERY = `
(print_statement) @print
(exec_statement) @exec
(except_clause) @except
(raise_statement (expression_list) @raise)
(parameters (tuple_pattern) @tuple_parameter)
(lambda_parameters (tuple_pattern) @tuple_parameter)
(type_alias_statement) @type_alias
(function_definition type_parameters: (type_parameter) @type_parameters)
(class_definition type_parameters: (type_parameter) @type_parameters)
`;

/**
 * What follows a word where one of the query's patterns could match: the query walks the whole
 * tree in native code (a second of a run over a 1 MB module when it ran on every parse), so it
 * runs only on a text where the scan saw one of these. Each is looser than its pattern.
 */
const GRAMMAR_HINTS = new Map<string, RegExp>([
  ['print', /[ \t]*(?![\s(=.,)\]}:;#]|$)/my],
  ['exec', /[ \t]*(?![\s(=.,)\]}:;#]|$)/my],
  ['except', /[ \t]+[\w.]+[ \t]*,/y],
  ['raise', /[ \t]+[\w.]+[ \t]*,/y],
  ['def', /[ \t]+\w+[ \t]*(?:\[|\([^)]*\()/y],
  ['class', /[ \t]+\w+[ \t]*\[/y],
  ['lambda', /[^:\n]*\(/y],
  // Only as a statement's first word; the scan checks that.
  ['type', /[ \t]+\w/y],
]);

let grammarQuery: Parser.Query | undefined;

function grammarProblem(tree: Tree): SyntaxProblem | undefined {
  grammarQuery ??= new Parser.Query(Python as unknown as Parser.Language, GRAMMAR_QUERY);
  for (const { name, node } of grammarQuery.captures(tree.rootNode)) {
    const message = grammarMessage(name, node);
    if (message) return { offset: node.startIndex, message };
  }
  return undefined;
}

function grammarMessage(capture: string, node: SyntaxNode): string | undefined {
  switch (capture) {
    case 'print':
      // `print >>f, x` is also an expression in Python 3 (a shift and a tuple), so it compiles.
      return node.children.some((child) => child.type === 'chevron') ? undefined : 'a Python 2 print statement';
    case 'exec':
      return 'a Python 2 exec statement';
    case 'except':
      return node.childrenForFieldName('value').length > 1
        ? 'multiple exception types must be parenthesized (`except E, e:` is Python 2)' : undefined;
    case 'raise':
      return 'a Python 2 raise statement (`raise E, "message"`)';
    case 'tuple_parameter':
      return 'a Python 2 tuple parameter';
    case 'type_alias':
      // The grammar also reads `type(self).x = 1` as one; only `type Name[...] = ...` is the 3.12 statement.
      return isAliasName(node.childForFieldName('left')?.firstNamedChild) ? 'a `type` statement, which needs Python 3.12' : undefined;
    case 'type_parameters':
      return 'type parameters (`def f[T]()`, `class C[T]`), which need Python 3.12';
    default:
      return undefined;
  }
}

function isAliasName(node: SyntaxNode | null | undefined): boolean {
  if (node?.type === 'identifier') return true;
  return node?.type === 'generic_type' && node.firstNamedChild?.type === 'identifier';
}

// ---------------------------------------------------------------------------------------------
// The tokenizer: brackets, indentation, strings and numbers as CPython 3.11 reads them

const LF = 0x0a;
const CR = 0x0d;
const TAB = 0x09;
const FORM_FEED = 0x0c;
const SPACE = 0x20;
const HASH = 0x23;
const BACKSLASH = 0x5c;

const OTHER = 0;
const BLANK = 1;
const DIGIT = 2;
const NAME = 3;
/** What each ASCII character is to the scan: a blank to skip, a digit or a character of a name. */
const CHAR_KINDS = new Uint8Array(0x80);
CHAR_KINDS[SPACE] = BLANK;
CHAR_KINDS[TAB] = BLANK;
CHAR_KINDS[FORM_FEED] = BLANK;
for (let code = 0x30; code <= 0x39; code++) CHAR_KINDS[code] = DIGIT;
for (let code = 0x41; code <= 0x5a; code++) CHAR_KINDS[code] = NAME;
for (let code = 0x61; code <= 0x7a; code++) CHAR_KINDS[code] = NAME;
CHAR_KINDS[0x5f] = NAME;
void OTHER;

/** Characters of the tokens that can nest an expression one level deeper: operators and attribute dots. */
const OPERATORS = '+-*/%@&|^~<>.';
const NESTING_WORDS = new Set(['not', 'lambda', 'if', 'await', 'and', 'or']);
const NESTING_INITIALS = 'nliao';
const HINT_INITIALS = 'percdlt';
const STRING_PREFIX = /^(?:[rubf]|br|rb|fr|rf)$/i;
/** Words a string may follow with no space between: every other name before a quote is an error. */
const KEYWORDS = new Set(['False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class',
  'continue', 'def', 'del', 'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in',
  'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield', 'match',
  'case']);

class Tokens {
  /** The most operators, dots and opening brackets of one logical line: the depth it can nest to, at most. */
  longestStatement = 0;
  /** True when a word was followed by what a pattern of the grammar query needs (GRAMMAR_HINTS). */
  grammarHint = false;
  private links = 0;
  private at = 0;
  private depth = 0;
  private readonly indents = [0];
  private readonly altIndents = [0];

  constructor(private readonly text: string) {}

  problem(): SyntaxProblem | undefined {
    const { text } = this;
    let lineStart = true;
    while (this.at < text.length) {
      if (lineStart) {
        lineStart = false;
        this.links = 0;
        const problem = this.indentation();
        if (problem) return problem;
        continue;
      }
      let code = text.charCodeAt(this.at);
      // The common characters first, without a call: this pass runs on every parse and edit.
      if (code === SPACE) {
        let at = this.at;
        while (code === SPACE) code = text.charCodeAt(++at);
        this.at = at;
        continue;
      }
      const kind = code < 0x80 ? CHAR_KINDS[code] : NAME;
      if (kind === BLANK) {
        this.at++;
      } else if (kind === NAME && code < 0x80) {
        const problem = this.name(this.at);
        if (problem) return problem;
      } else if (code === LF || code === CR) {
        this.at += code === CR && text.charCodeAt(this.at + 1) === LF ? 2 : 1;
        lineStart = this.depth === 0;
      } else if (code === HASH) {
        this.skipToLineEnd();
      } else if (code === BACKSLASH) {
        // A continuation: the next line goes on with this one. Any other backslash is tree-sitter's to refuse.
        this.at++;
        if (text.charCodeAt(this.at) === CR) this.at++;
        if (text.charCodeAt(this.at) === LF) this.at++;
      } else {
        const problem = this.token(code);
        if (problem) return problem;
      }
    }
    return undefined;
  }

  private token(code: number): SyntaxProblem | undefined {
    const { text } = this;
    const start = this.at;
    const char = text[start];
    if (char === '(' || char === '[' || char === '{') {
      this.at++;
      this.link();
      if (++this.depth > MAX_BRACKET_DEPTH) {
        return { offset: start, message: `too many nested parentheses (CPython allows ${MAX_BRACKET_DEPTH} levels)` };
      }
    } else if (char === ')' || char === ']' || char === '}') {
      this.at++;
      if (this.depth > 0) this.depth--;
    } else if (char === '"' || char === "'") {
      return this.string('', start);
    } else if (isNameStart(code)) {
      return this.name(start);
    } else if (isDigit(code) || (char === '.' && isDigit(text.charCodeAt(start + 1)))) {
      return this.number(start);
    } else if (char === '`') {
      return { offset: start, message: 'Python 2 backticks (use repr())' };
    } else if (char === '<' && text[start + 1] === '>') {
      return { offset: start, message: 'the Python 2 operator `<>` (use `!=`)' };
    } else {
      if (OPERATORS.includes(char)) this.link();
      this.at++;
    }
    return undefined;
  }

  /** A name (or keyword), and the string it prefixes if a quote follows it at once. */
  private name(start: number): SyntaxProblem | undefined {
    const { text } = this;
    let end = start + 1;
    let code = text.charCodeAt(end);
    while (code < 0x80 && CHAR_KINDS[code] >= DIGIT) code = text.charCodeAt(++end);
    if (code >= 0x80) {
      const name = /[\p{L}\p{N}_\p{Mn}\p{Mc}\p{Pc}]*/uy;
      name.lastIndex = start;
      // A character that is not a letter (a stray non-ASCII one) is tree-sitter's to refuse.
      end = start + Math.max(1, name.exec(text)![0].length);
    }
    this.at = end;
    const next = text.charCodeAt(end);
    if (next !== 0x22 && next !== 0x27) {
      if (end - start <= 6) this.shortWord(start, end);
      return undefined;
    }
    const word = text.slice(start, end);
    if (STRING_PREFIX.test(word)) return this.string(word, start);
    if (KEYWORDS.has(word)) return undefined;
    return { offset: start, message: /^[a-z]{1,3}$/i.test(word)
      ? `\`${word}\` is not a string prefix in Python 3.11` : 'a name directly before a string' };
  }

  /** Short words that nest an expression, or that may start what the grammar query looks for. */
  private shortWord(start: number, end: number): void {
    const { text } = this;
    const initial = text[start];
    if (NESTING_INITIALS.includes(initial) && NESTING_WORDS.has(text.slice(start, end))) this.link();
    if (this.grammarHint || !HINT_INITIALS.includes(initial)) return;
    const word = text.slice(start, end);
    const hint = GRAMMAR_HINTS.get(word);
    if (!hint || (word === 'type' && !/^[ \t]*$/.test(text.slice(lineStart(text, start), start)))) return;
    hint.lastIndex = end;
    this.grammarHint = hint.test(text);
  }

  private link(): void {
    if (++this.links > this.longestStatement) this.longestStatement = this.links;
  }

  /**
   * At the start of a line outside brackets: CPython compares its indentation with tabs as 8
   * columns and as 1, and the two must agree on whether it is deeper, the same or shallower.
   * Blank lines and lines with only a comment do not count.
   */
  private indentation(): SyntaxProblem | undefined {
    const { text } = this;
    let column = 0;
    let altColumn = 0;
    for (; this.at < text.length; this.at++) {
      const code = text.charCodeAt(this.at);
      if (code === SPACE) {
        column++;
        altColumn++;
      } else if (code === TAB) {
        column = (Math.floor(column / TAB_SIZE) + 1) * TAB_SIZE;
        altColumn++;
      } else if (code === FORM_FEED) {
        column = altColumn = 0;
      } else {
        break;
      }
    }
    const code = text.charCodeAt(this.at);
    if (this.at >= text.length || code === HASH || code === LF || code === CR) return undefined;
    const offset = this.at;
    const tabError = { offset, message: 'inconsistent use of tabs and spaces in indentation (TabError)' };
    const top = this.indents.length - 1;
    if (column === this.indents[top]) {
      if (altColumn !== this.altIndents[top]) return tabError;
    } else if (column > this.indents[top]) {
      if (this.indents.length >= MAX_INDENT_LEVELS) {
        return { offset, message: `too many levels of indentation (CPython allows ${MAX_INDENT_LEVELS - 1})` };
      }
      if (altColumn <= this.altIndents[top]) return tabError;
      this.indents.push(column);
      this.altIndents.push(altColumn);
    } else {
      while (this.indents.length > 1 && column < this.indents[this.indents.length - 1]) {
        this.indents.pop();
        this.altIndents.pop();
      }
      if (column !== this.indents[this.indents.length - 1]) {
        return { offset, message: 'unindent does not match any outer indentation level' };
      }
      if (altColumn !== this.altIndents[this.altIndents.length - 1]) return tabError;
    }
    return undefined;
  }

  /** A string literal from its prefix at `start`; an f-string's expressions are checked as 3.11 reads them. */
  private string(prefix: string, start: number): SyntaxProblem | undefined {
    const { text } = this;
    const quote = text.charCodeAt(this.at);
    const triple = text.charCodeAt(this.at + 1) === quote && text.charCodeAt(this.at + 2) === quote;
    const contentStart = this.at + (triple ? 3 : 1);
    let index = contentStart;
    for (;;) {
      if (index >= text.length) {
        return { offset: start, message: triple ? 'unterminated triple-quoted string literal' : 'unterminated string literal' };
      }
      const code = text.charCodeAt(index);
      if (code === BACKSLASH) {
        index += text.charCodeAt(index + 1) === CR && text.charCodeAt(index + 2) === LF ? 3 : 2;
        continue;
      }
      if (code === quote && (!triple || (text.charCodeAt(index + 1) === quote && text.charCodeAt(index + 2) === quote))) break;
      if (!triple && (code === LF || code === CR)) return { offset: start, message: 'unterminated string literal' };
      index++;
    }
    this.at = index + (triple ? 3 : 1);
    if (!/f/i.test(prefix)) return undefined;
    const problem = new FormattedString(text, contentStart, index, /r/i.test(prefix)).problem();
    return problem && { offset: problem.offset, message: `${problem.message} (as Python 3.11 reads f-strings)` };
  }

  /** A number: Python 2's `10L` and `0777` are errors in Python 3. */
  private number(start: number): SyntaxProblem | undefined {
    const { text } = this;
    if (text.charCodeAt(start) !== 0x30) {
      // Most numbers are plain decimals that start with 1-9 and end at a character no number holds.
      let end = start;
      while (end < text.length && isDigit(text.charCodeAt(end))) end++;
      const next = text.charCodeAt(end);
      if (end > start && !(next < 0x80 && CHAR_KINDS[next] >= DIGIT) && next !== 0x2e) {
        this.at = end;
        return undefined;
      }
    }
    const token = /(?:[eE][+-]|[\w.])*/y;
    token.lastIndex = start;
    const number = token.exec(this.text)![0];
    this.at = start + number.length;
    if (/^(?:\d[\d_]*|0[xX][\da-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+)[lL]$/.test(number)) {
      return { offset: start, message: 'a Python 2 long integer (drop the L)' };
    }
    const zeros = /^0[\d_]*/.exec(number);
    if (zeros && /[1-9]/.test(zeros[0]) && !/^[.eEjJ]/.test(number.slice(zeros[0].length))) {
      return { offset: start, message: 'leading zeros in a decimal integer (a Python 2 octal: write 0o...)' };
    }
    return undefined;
  }

  private skipToLineEnd(): void {
    const { text } = this;
    let at = this.at;
    let code = text.charCodeAt(at);
    while (at < text.length && code !== LF && code !== CR) code = text.charCodeAt(++at);
    this.at = at;
  }
}

function isNameStart(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x5f || code >= 0x80;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/**
 * The literal parts and `{expression}` parts of one f-string's content, as Python 3.11 splits
 * them (string_parser.c). Since 3.11 ends the string at the first quote like its own, an
 * expression that nests such a quote is cut off: it is then unterminated here.
 */
class FormattedString {
  private at: number;

  constructor(private readonly text: string, start: number, private readonly end: number, private readonly raw: boolean) {
    this.at = start;
  }

  problem(): SyntaxProblem | undefined {
    return this.parse(0);
  }

  /** Literal text and expressions up to the end (level 0) or the `}` that closes a format spec. */
  private parse(level: number): SyntaxProblem | undefined {
    for (;;) {
      const literal = this.literal(level);
      if (literal === 'doubled') continue;
      if (literal) return literal;
      if (this.at >= this.end || this.text[this.at] === '}') return undefined;
      const problem = this.expression(level);
      if (problem) return problem;
    }
  }

  /** Skips literal text; stops at a `{` or `}` that is not doubled (at level 0). */
  private literal(level: number): SyntaxProblem | 'doubled' | undefined {
    const { text } = this;
    while (this.at < this.end) {
      let char = text[this.at++];
      if (!this.raw && char === '\\' && this.at < this.end) {
        char = text[this.at++];
        if (char === 'N') {
          // `\N{NAME}`: its braces are not an expression.
          if (this.at < this.end && text[this.at++] === '{') {
            while (this.at < this.end && text[this.at++] !== '}') { /* skip the name */ }
          }
          continue;
        }
      }
      if (char !== '{' && char !== '}') continue;
      if (level === 0) {
        if (text[this.at] === char && this.at < this.end) {
          this.at++;
          return 'doubled';
        }
        if (char === '}') return { offset: this.at - 1, message: "f-string: single '}' is not allowed" };
      }
      this.at--;
      return undefined;
    }
    return undefined;
  }

  /** One `{expression[=][!conversion][:format spec]}`, from its `{`. */
  private expression(level: number): SyntaxProblem | undefined {
    const { text, end } = this;
    const open = this.at;
    if (level >= 2) return { offset: open, message: 'f-string: expressions nested too deeply' };
    this.at++;
    const expressionStart = this.at;
    const brackets: string[] = [];
    let quote: string | undefined;
    let triple = false;
    for (; this.at < end; this.at++) {
      const char = text[this.at];
      if (char === '\\') return { offset: this.at, message: 'f-string expression part cannot include a backslash' };
      if (quote) {
        if (char === quote && (!triple || (text[this.at + 1] === quote && text[this.at + 2] === quote && this.at + 2 < end))) {
          if (triple) this.at += 2;
          quote = undefined;
        }
        continue;
      }
      if (char === '"' || char === "'") {
        triple = this.at + 2 < end && text[this.at + 1] === char && text[this.at + 2] === char;
        if (triple) this.at += 2;
        quote = char;
        continue;
      }
      if (char === '(' || char === '[' || char === '{') {
        brackets.push(char);
        continue;
      }
      if (char === '#') return { offset: this.at, message: "f-string expression part cannot include '#'" };
      if (brackets.length === 0 && '!:}=<>'.includes(char)) {
        const next = text[this.at + 1];
        if (this.at + 1 < end && next === '=' && '!=<>'.includes(char)) {
          this.at++;
          continue;
        }
        if (char === '<' || char === '>') continue;
        break;
      }
      if (char === ')' || char === ']' || char === '}') {
        const opening = brackets.pop();
        if (opening === undefined) return { offset: this.at, message: `f-string: unmatched '${char}'` };
        if ('([{'.indexOf(opening) !== ')]}'.indexOf(char)) {
          return { offset: this.at, message: `f-string: closing parenthesis '${char}' does not match opening parenthesis '${opening}'` };
        }
      }
    }
    if (quote) return { offset: open, message: 'f-string: unterminated string' };
    if (brackets.length > 0) return { offset: open, message: `f-string: unmatched '${brackets[brackets.length - 1]}'` };
    if (this.at >= end) return { offset: open, message: "f-string: expecting '}'" };
    if (text.slice(expressionStart, this.at).trim() === '') return { offset: open, message: 'f-string: empty expression not allowed' };
    if (text[this.at] === '=') {
      this.at++;
      while (this.at < end && /\s/.test(text[this.at])) this.at++;
      if (this.at >= end) return { offset: open, message: "f-string: expecting '}'" };
    }
    if (text[this.at] === '!') {
      this.at++;
      if (this.at >= end) return { offset: open, message: "f-string: expecting '}'" };
      const conversion = text[this.at++];
      if (!'sra'.includes(conversion)) {
        return { offset: this.at - 1, message: "f-string: invalid conversion character: expected 's', 'r', or 'a'" };
      }
    }
    if (this.at < end && text[this.at] === ':') {
      this.at++;
      if (this.at >= end) return { offset: open, message: "f-string: expecting '}'" };
      const problem = this.parse(level + 1);
      if (problem) return problem;
    }
    if (this.at >= end || text[this.at] !== '}') return { offset: open, message: "f-string: expecting '}'" };
    this.at++;
    return undefined;
  }
}
