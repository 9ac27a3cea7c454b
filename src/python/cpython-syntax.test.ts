/**
 * The syntax check agrees with CPython 3.11: every sample is compiled by python3 (3.11 on this
 * machine and in CI) and must be refused by stcodemod exactly when CPython refuses it.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { folderWith, runCli } from '../testing/helpers';
import { cpython311Problem } from './cpython-syntax';
import { firstSyntaxError, parsePython } from './parser';

const nested = (depth: number) => `x = ${'('.repeat(depth)}1${')'.repeat(depth)}\n`;
const indented = (levels: number) => Array.from({ length: levels }, (_, level) => `${' '.repeat(level)}if x:\n`).join('')
  + `${' '.repeat(levels)}pass\n`;

/** Name -> source. Each is judged by CPython; the names say what they try. */
const SAMPLES: Record<string, string> = {
  // Python 2
  'print statement': 'print "hi"\n',
  'print statement with a value': 'print x, y\n',
  'print statement in a function': 'def f():\n    print "x"\n',
  'print with a chevron is a Python 3 expression': 'import sys\nprint >>sys.stderr, "x"\n',
  'print call': 'print("hi")\n',
  'print alone': 'print\n',
  'print call and a tuple': 'print (x), y\n',
  'exec statement': 'exec "x = 1"\n',
  'exec in a namespace': 'exec code in ns\n',
  'exec call compared': 'exec (code) in ns\n',
  'except with a comma': 'try:\n    pass\nexcept ValueError, e:\n    pass\n',
  'except with a tuple': 'try:\n    pass\nexcept (ValueError, TypeError) as e:\n    pass\n',
  'raise with a comma': 'raise ValueError, "x"\n',
  'raise of a tuple': 'raise (ValueError, "x")\n',
  'tuple parameter': 'def f((a, b)):\n    pass\n',
  'tuple lambda parameter': 'f = lambda (a, b): a\n',
  'backticks': 'x = `1`\n',
  'not-equal operator of Python 2': 'x = 1 <> 2\n',
  'shift then greater': 'x = a << b > c\n',
  'long integer': 'x = 10L\n',
  'hex long integer': 'x = 0xffL\n',
  'octal of Python 2': 'x = 0777\n',
  'octal with an underscore': 'x = 0_7\n',
  'octal of Python 3': 'x = 0o777\n',
  'zeros': 'x = 00 + 0_0 + 0\n',
  'float with leading zeros': 'x = 0777.5 + 09.5 + 0777e1 + 07j\n',
  'ur prefix': "x = ur'abc'\n",
  'valid prefixes': 'x = (r"a", u"b", b"c", br"d", Rb"e", f"{1}", fR"{2}", rf"{3}")\n',
  'keyword before a string': 'if"a"in x:\n    y = not"b"\n',
  // Python 3.12 and later
  'type alias': 'type X = int\n',
  'type as a name': 'type = 1\nprint(type)\n',
  'generic type alias': 'type X[T] = list[T]\n',
  'an attribute of type(self)': 'class C:\n    def f(self):\n        type(self).called = True\n',
  'generic function': 'def f[T](x: T) -> T:\n    return x\n',
  'generic class': 'class C[T]:\n    pass\n',
  'generic annotations': 'def f(x: list[int], y: dict[str, list[T]]) -> tuple[int, ...]:\n    z: list[str] = []\n',
  'subscript in a def default': 'def f(x=a[1]):\n    pass\n',
  'f-string nesting its own quotes': 'd = {"a": 1}\nx = f"{d["a"]}"\n',
  'f-string nesting other quotes': "d = {'a': 1}\nx = f\"{d['a']}\"\n",
  'triple-quoted f-string nesting its quote once': 'd = {"a": 1}\nx = f"""{d["a"]}"""\n',
  'f-string with a backslash in an expression': 'x = f"{\'\\n\'.join(y)}"\n',
  'f-string with a backslash in the literal': 'x = f"a\\n{y}"\n',
  'f-string with a comment': 'x = f"""{1 # one\n}"""\n',
  'f-string with a hash in a string': "x = f\"{'#'}\"\n",
  'f-string over two lines in single quotes': 'x = f"{1 +\n2}"\n',
  'triple-quoted f-string over two lines': 'x = f"""{1 +\n2}"""\n',
  'nested f-string': "x = f\"{f'{1}'}\"\n",
  'f-string specs': 'x = f"{a!r:>{w}.{p}} {b=} {c = !s} {d:%Y-%m-%d} {e!a}"\n',
  'f-string spec nested too deeply': 'x = f"{a:{b:{c}}}"\n',
  'f-string comparisons': 'x = f"{a!=b} {a<=b} {a>b} {a==b}"\n',
  'f-string doubled braces': 'x = f"{{}} {{{a}}}"\n',
  'f-string single closing brace': 'x = f"a}b"\n',
  'f-string named escape': 'x = f"\\N{BULLET} {a}"\n',
  'f-string bad conversion': 'x = f"{a!x}"\n',
  'f-string unmatched bracket': 'x = f"{a]}"\n',
  'f-string dict in an expression': 'x = f"{ {1: 2}[1] }"\n',
  'f-string lambda in parentheses': 'x = f"{(lambda: 1)()}"\n',
  'f-string walrus as a spec': 'x = f"{a:=5}"\n',
  'raw f-string with braces and backslashes': 'x = rf"\\d{{2}}{a}\\w"\n',
  't-string': 'x = t"hi {name}"\n',
  'except without parentheses (3.14)': 'try:\n    pass\nexcept ValueError, TypeError:\n    pass\n',
  // the tokenizer's limits
  '200 nested brackets': nested(200),
  '201 nested brackets': nested(201),
  '300 nested brackets': nested(300),
  '200 brackets in a row': `x = ${'(1) + '.repeat(200)}1\n`,
  '2,000 terms in one sum': `x = ${Array(2000).fill('f()').join(' + ')}\n`,
  '4,000 terms in one sum': `x = ${Array(4000).fill('f()').join(' + ')}\n`,
  '1,000 chained calls': `x = session${'.filter("a")'.repeat(1000)}\n`,
  '2,000 chained calls': `x = session${'.filter("a")'.repeat(2000)}\n`,
  '5,000 sums side by side': `x = [${Array(5000).fill('a + b.c').join(', ')}]\n`,
  '99 indentation levels': indented(98),
  '100 indentation levels': indented(99),
  // tabs and spaces
  'tab after spaces': 'if True:\n        x = 1\n\ty = 2\n',
  'tabs only': 'if True:\n\tx = 1\n\tif x:\n\t\ty = 2\n',
  'spaces then a tab at the same depth in both': 'if True:\n\tif True:\n\t        x = 1\n        \ty = 2\n',
  'a tab that means less with tabs as one column': 'if x:\n        if y:\n\t    z = 1\n',
  'a comment with a tab indent': 'if x:\n    y = 1\n\t# note\n    z = 2\n',
  'a tab inside brackets': 'x = (1,\n\t2,\n        3)\n',
  'a form feed before indentation': 'x = 1\n\f\ny = 2\nif x:\n\f    z = 3\n',
  'a backslash continuation indented with a tab': 'x = 1 + \\\n\t2\nif x:\n    y = 1\n',
  'unindent to no outer level': 'if x:\n        y = 1\n    z = 2\n',
  // line endings
  'CR line endings': 'import os\rx = 1\rif x:\r    y = f"{x}"\r    z = """a\rb"""\r',
  'CRLF line endings': 'import os\r\nx = 1\r\nif x:\r\n    y = 2\r\n',
  'mixed line endings': 'x = 1\ry = 2\r\nz = 3\n',
  'a string continued over a CR': 'x = "a\\\rb"\r',
  // strings and names
  'a string with an escaped quote': 'x = "a\\"b" + \'c\\\'d\'\n',
  'a raw string ending in an escaped quote': 'x = r"a\\"" + r"\\\\"\n',
  'an unterminated string': 'x = "abc\ny = 1\n',
  'a name before a string': 'x = name"abc"\n',
  'unicode names': 'café = 1\nnaïve_π = café\n',
  'a number then a keyword': 'x = [1 for y in z] + [0x1for y in z] if 1else 2\n',
  'a comment with quotes and brackets': 'x = 1  # it\'s ((( "\n',
  'a docstring with brackets': 'def f():\n    """((((\n    ]]]"""\n    return 1\n',
  'match statement': 'match x:\n    case "a":\n        pass\n    case _:\n        pass\n',
  'except star': 'try:\n    pass\nexcept* ValueError:\n    pass\n',
  'walrus and lambda': 'if (n := 10) > 5:\n    f = lambda x=1, *a, k, **kw: x\n',
};

function cpythonVerdicts(samples: Record<string, string>): Record<string, string | null> {
  const script = [
    'import sys, json',
    'samples = json.load(sys.stdin)',
    'out = {}',
    'for name, text in samples.items():',
    '    try:',
    '        compile(text, name, "exec")',
    '        out[name] = None',
    '    except (SyntaxError, ValueError, RecursionError, MemoryError) as error:',
    '        out[name] = f"{type(error).__name__}: {error}"',
    'print(json.dumps(out))',
  ].join('\n');
  const result = spawnSync('python3', ['-c', script], { input: JSON.stringify(samples), encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`python3 failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

function stcodemodVerdict(text: string): string | null {
  const tree = parsePython(text);
  const error = firstSyntaxError(tree);
  if (error) return `tree-sitter error at ${error.startIndex}`;
  return cpython311Problem(text, tree)?.message ?? null;
}

test('python3 is CPython 3.11, the container runtime\'s Python', () => {
  const version = spawnSync('python3', ['-c', 'import sys; print(sys.version_info[:2])'], { encoding: 'utf8' }).stdout.trim();
  assert.is(version, '(3, 11)');
});

test('every sample is refused exactly when CPython 3.11 refuses it', () => {
  const cpython = cpythonVerdicts(SAMPLES);
  const disagreements: string[] = [];
  for (const [name, text] of Object.entries(SAMPLES)) {
    const ours = stcodemodVerdict(text);
    if ((ours === null) !== (cpython[name] === null)) {
      disagreements.push(`${name}: CPython ${cpython[name] ?? 'compiles it'}; stcodemod ${ours ?? 'accepts it'}`);
    }
  }
  assert.equal(disagreements, []);
});

test('every Python file of the test data and the example app compiles and is accepted', () => {
  const repository = path.join(__dirname, '..', '..', '..');
  const files: string[] = [];
  const walk = (folder: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.py')) files.push(full);
    }
  };
  walk(path.join(repository, 'testdata'));
  const samples = Object.fromEntries(files.map((file) => [path.relative(repository, file), fs.readFileSync(file, 'utf8').replace(/^\ufeff/, '')]));
  const cpython = cpythonVerdicts(samples);
  const disagreements = Object.entries(samples)
    .filter(([name, text]) => (stcodemodVerdict(text) === null) !== (cpython[name] === null))
    .map(([name, text]) => `${name}: CPython ${cpython[name] ?? 'compiles it'}; stcodemod ${stcodemodVerdict(text) ?? 'accepts it'}`);
  assert.equal(disagreements, []);
});

test('a file CPython 3.11 refuses is left untouched and reported with the reason; a CR-only file is migrated', () => {
  const session = 'from snowflake.snowpark.context import get_active_session\nsession = get_active_session()\n';
  const root = folderWith({
    'streamlit_app.py': 'import streamlit as st\n',
    'pages/py2.py': `${session}print "rows", session.sql("select 1").count()\n`,
    'pages/tabs.py': `${session}if session:\n        x = 1\n\ty = 2\n`,
    'pages/generic.py': `${session}def first[T](items: list[T]) -> T:\n    return items[0]\n`,
    'pages/quotes.py': `${session}d = {"a": 1}\nlabel = f"{d["a"]}"\n`,
    'pages/mac.py': session.replace(/\n/g, '\r'),
  });
  const document = JSON.parse(runCli(['session', root, '--dry-run', '--json', '--no-cache']).stdout);
  const reasons = Object.fromEntries(document.skipped.map((skip: { path: string; reason: string }) => [skip.path, skip.reason]));
  assert.equal(reasons, {
    'pages/generic.py': 'Python syntax error at line 3 (type parameters (`def f[T]()`, `class C[T]`), which need Python 3.12); the file was left untouched',
    'pages/py2.py': 'Python syntax error at line 3 (a Python 2 print statement); the file was left untouched',
    'pages/quotes.py': 'Python syntax error at line 4 (f-string: unmatched \'[\' (as Python 3.11 reads f-strings)); the file was left untouched',
    'pages/tabs.py': 'Python syntax error at line 5 (inconsistent use of tabs and spaces in indentation (TabError)); the file was left untouched',
  });
  const mac = document.files.find((file: { path: string }) => file.path === 'pages/mac.py');
  assert.ok(mac, 'the CR-only file was not migrated');
  assert.ok(mac.diff.includes('get_snowflake_session'), mac.diff);
});

test.run();
