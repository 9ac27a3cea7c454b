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
  assert.equal(shape('PUT file:///x @stage/path/file.sql;'), ['word PUT', 'url file:///x', 'stage @stage/path/file.sql', 'punct ;']);
  assert.equal(shape('FROM @db.sch."My Stage"/dir/app.py; LIST @~/x, @%tbl)'), [
    'word FROM', 'stage @db.sch."My Stage"/dir/app.py', 'punct ;', 'word LIST', 'stage @~/x', 'punct ,', 'stage @%tbl',
    'punct )',
  ]);
  assert.equal(shape("IMPORTS = ('@stage/lib.py')"), ['word IMPORTS', 'punct =', 'punct (', "string '@stage/lib.py'", 'punct )']);
});

test('PUT and GET: an unquoted file:// URL is one token, with *, /*, -- and // inside it', () => {
  assert.equal(shape('PUT file://app_utils/*.zip @CORE.STAGE OVERWRITE = TRUE;'), [
    'word PUT', 'url file://app_utils/*.zip', 'stage @CORE.STAGE', 'word OVERWRITE', 'punct =', 'word TRUE', 'punct ;',
  ]);
  assert.equal(shape('put file:///tmp/data/*.csv @~/staged;\nls @%tmp;'), [
    'word put', 'url file:///tmp/data/*.csv', 'stage @~/staged', 'punct ;', 'word ls', 'stage @%tmp', 'punct ;',
  ]);
  assert.equal(shape('PUT file://C:\\data\\--x//y/*.csv @s'), ['word PUT', 'url file://C:\\data\\--x//y/*.csv', 'stage @s']);
  assert.equal(shape('put file://$SELF_DIR/staging/*.csv.gz @~ overwrite=true'), [
    'word put', 'url file://$SELF_DIR/staging/*.csv.gz', 'stage @~', 'word overwrite', 'punct =', 'word true',
  ]);
  assert.equal(shape('GET @stage/out/ file:///tmp/out/*/;SELECT 1'), [
    'word GET', 'stage @stage/out/', 'url file:///tmp/out/*/', 'punct ;', 'word SELECT', 'number 1',
  ]);
  // In quotes the URL is a string, as Snowflake requires for spaces and special characters.
  assert.equal(shape("PUT 'file://C:/my data/*.csv' '@\"my stage\"/dir/';"), [
    'word PUT', "string 'file://C:/my data/*.csv'", 'string \'@"my stage"/dir/\'', 'punct ;',
  ]);
  // A URL ends at whitespace, ; or a quote, and starts only a word: xfile://a/*b*/ is no URL.
  assert.equal(shape("PUT file:///a;b"), ['word PUT', 'url file:///a', 'punct ;', 'word b']);
  assert.equal(shape("xfile://a/* c */"), ['word xfile', 'punct :', 'punct /', 'punct /', 'word a', 'comment /* c */']);
});

test('stage paths keep *, /* and -- as part of the path: @stage/path/*, @~/x, @%table', () => {
  assert.equal(shape('LIST @stage/path/*; REMOVE @~/x/--old/; COPY INTO t FROM @%t/*.csv'), [
    'word LIST', 'stage @stage/path/*', 'punct ;', 'word REMOVE', 'stage @~/x/--old/', 'punct ;', 'word COPY', 'word INTO',
    'word t', 'word FROM', 'stage @%t/*.csv',
  ]);
});

test('an upper-case FILE:// URL with /* is a comment to Snowflake\'s clients: the error says how to fix it', () => {
  const { errors } = tokenize('PUT FILE://app/*.zip @s;');
  assert.is(errors.length, 1);
  assert.match(errors[0].message, /^unterminated block comment: .*write file:\/\/ in lower case, or quote the URL\)$/);
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
