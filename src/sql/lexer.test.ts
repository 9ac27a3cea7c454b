import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Token, tokenize } from './lexer';
import { readName } from './syntax';

function lex(text: string): Token[] {
  const { tokens, errors } = tokenize(text);
  assert.equal(errors, [], `unexpected errors for ${JSON.stringify(text)}`);
  for (const token of tokens) assert.is(text.slice(token.start, token.end), token.text);
  return tokens;
}

function shape(text: string): string[] {
  return lex(text).map((token) => `${token.kind} ${token.text}`);
}

test('words and keywords, with $ inside names and non-ASCII letters', () => {
  assert.equal(shape('CREATE schema café.SYSTEM$WAREHOUSE_RUNTIME _x1'), [
    'word CREATE', 'word schema', 'word café', 'punct .', 'word SYSTEM$WAREHOUSE_RUNTIME', 'word _x1',
  ]);
});

test('-- and // line comments end before the line break; /* */ blocks may span lines', () => {
  const text = "select 1 -- it's; not code\r\n// also ; a comment\n/* one;\n 'two' */ x";
  const tokens = lex(text);
  assert.equal(tokens.map((t) => t.kind), ['word', 'number', 'comment', 'comment', 'comment', 'word']);
  assert.is(tokens[2].text, "-- it's; not code");
  assert.is(tokens[2].end, text.indexOf('\r\n'));
  assert.is(tokens[3].text, '// also ; a comment');
  assert.is(tokens[4].text, "/* one;\n 'two' */");
  assert.is(tokens[5].line, 4);
});

test("strings: '' and backslash escapes, with exact offsets and unescaped values", () => {
  const text = "x = 'it''s' || 'it\\'s' || 'back\\\\' || 'a\\nb' || '-- ; /* not a comment */'";
  const strings = lex(text).filter((token) => token.kind === 'string');
  assert.equal(strings.map((t) => t.text), ["'it''s'", "'it\\'s'", "'back\\\\'", "'a\\nb'", "'-- ; /* not a comment */'"]);
  assert.equal(strings.map((t) => t.value), ["it's", "it's", 'back\\', 'a\nb', '-- ; /* not a comment */']);
  assert.is(strings[0].start, 4);
  assert.is(strings[0].end, 11);
});

test('$$ bodies are opaque: semicolons, quotes and comment markers inside stay in one token', () => {
  const body = "\nBEGIN\n  RETURN 'it''s; done' -- ;\n  /* ; */\nEND;\n";
  const text = `AS $$${body}$$;`;
  const tokens = lex(text);
  assert.equal(tokens.map((t) => t.kind), ['word', 'dollar', 'punct']);
  assert.is(tokens[1].value, body);
  assert.is(tokens[1].start, 3);
  assert.is(tokens[1].end, text.length - 1);
});

test('quoted identifiers keep "" as one quote', () => {
  const tokens = lex('"My ""Table""" . "a;b"');
  assert.equal(tokens.map((t) => `${t.kind} ${t.value ?? t.text}`), ['quoted My "Table"', 'punct .', 'quoted a;b']);
});

test('$var, $1, :bind, :1, ? are variables and binds; :: is a cast; a:b is a path; := assigns', () => {
  assert.equal(shape('select $name, $1, :bind, :2, ?, x::varchar, src:field, y := 1, $$x$$'), [
    'word select', 'variable $name', 'punct ,', 'variable $1', 'punct ,', 'bind :bind', 'punct ,', 'bind :2', 'punct ,',
    'bind ?', 'punct ,', 'word x', 'punct ::', 'word varchar', 'punct ,', 'word src', 'punct :', 'word field', 'punct ,',
    'word y', 'punct :=', 'number 1', 'punct ,', 'dollar $$x$$',
  ]);
  assert.equal(shape('where id = :id'), ['word where', 'word id', 'punct =', 'bind :id']);
});

test('IDENTIFIER(...) reads as a name: a string literal is parsed, a variable is dynamic', () => {
  const text = "CREATE TABLE IDENTIFIER('core.\"My T\"') (a int); CREATE TABLE IDENTIFIER($t) (b int)";
  const tokens = lex(text);
  const first = readName(tokens, 2, text)!;
  assert.equal(first.parts.map((p) => [p.value, p.quoted]), [['core', false], ['My T', true]]);
  assert.is(first.text, "IDENTIFIER('core.\"My T\"')");
  assert.is(first.dynamic, false);
  const second = readName(tokens, tokens.findIndex((t, i) => i > 6 && t.text === 'IDENTIFIER'), text)!;
  assert.is(second.dynamic, true);
  assert.is(second.text, 'IDENTIFIER($t)');
});

test('unquoted @stage references run to whitespace, ; , ( ) or a quote; quoted parts stay whole', () => {
  assert.equal(shape('PUT file:///x @stage/path/file.sql;'), [
    'word PUT', 'word file', 'punct :', 'punct /', 'punct /', 'punct /', 'word x', 'stage @stage/path/file.sql', 'punct ;',
  ]);
  assert.equal(shape('FROM @db.sch."My Stage"/dir/app.py; LIST @~/x, @%tbl)'), [
    'word FROM', 'stage @db.sch."My Stage"/dir/app.py', 'punct ;', 'word LIST', 'stage @~/x', 'punct ,', 'stage @%tbl',
    'punct )',
  ]);
  assert.equal(shape("IMPORTS = ('@stage/lib.py')"), ['word IMPORTS', 'punct =', 'punct (', "string '@stage/lib.py'", 'punct )']);
});

test('numbers, operators and unknown characters', () => {
  assert.equal(shape('1 1.5 1e10 .5 a.b <> != >= || => -> # 🎈'), [
    'number 1', 'number 1.5', 'number 1e10', 'number .5', 'word a', 'punct .', 'word b', 'punct <>', 'punct !=',
    'punct >=', 'punct ||', 'punct =>', 'punct ->', 'punct #', 'punct 🎈',
  ]);
});

test('line numbers count LF, CRLF and lone CR', () => {
  const tokens = lex('a\nb\r\nc\rd\n\ne');
  assert.equal(tokens.map((t) => t.line), [1, 2, 3, 4, 6]);
});

test('unterminated text is an error with its line, never a crash; the token runs to the end', () => {
  for (const [text, what, line] of [
    ["select 1;\nselect 'abc", 'string literal', 2],
    ['select "abc', 'quoted identifier', 1],
    ['select 1;\n\ncreate procedure p() as $$ begin', '$$ body', 3],
    ['select 1 /* never\n closed', 'block comment', 1],
    ["select 'it\\'", 'string literal', 1],
  ] as const) {
    const { tokens, errors } = tokenize(text);
    assert.is(errors.length, 1, text);
    assert.ok(errors[0].message.startsWith(`unterminated ${what}`), errors[0].message);
    assert.is(errors[0].line, line);
    const last = tokens[tokens.length - 1];
    assert.is(last.unterminated, true);
    assert.is(last.end, text.length);
    assert.is(errors[0].offset, last.start);
  }
});

test('a range lexes part of a text with the positions and lines of the whole', () => {
  const text = "EXECUTE IMMEDIATE $$\nCREATE TABLE s.t (a int);\n$$;";
  const outer = lex(text);
  const body = outer[2];
  const { tokens } = tokenize(text, { start: body.start + 2, end: body.end - 2 });
  assert.equal(tokens.map((t) => t.text), ['CREATE', 'TABLE', 's', '.', 't', '(', 'a', 'int', ')', ';']);
  assert.is(tokens[0].start, text.indexOf('CREATE'));
  assert.is(tokens[0].line, 2);
});

test.run();
