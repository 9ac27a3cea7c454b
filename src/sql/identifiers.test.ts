import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { objectNameProblem, parseSql, sqlCommentText, sqlIdentifier, sqlObjectName, sqlString } from '.';

test('an identifier Snowflake reads unquoted, an already quoted one and a placeholder stay as written', () => {
  assert.is(sqlIdentifier('COMPUTE_WH'), 'COMPUTE_WH');
  assert.is(sqlIdentifier('_pool$1'), '_pool$1');
  assert.is(sqlIdentifier('"My Pool"'), '"My Pool"');
  assert.is(sqlIdentifier('"say ""hi"""'), '"say ""hi"""');
  assert.is(sqlIdentifier('<COMPUTE_POOL>'), '<COMPUTE_POOL>');
});

test('anything else is double-quoted with its quotes doubled, as Snowflake CLI does', () => {
  assert.is(sqlIdentifier('my-app'), '"my-app"');
  assert.is(sqlIdentifier('1st'), '"1st"');
  assert.is(sqlIdentifier('données'), '"données"');
  assert.is(sqlIdentifier('a"b'), '"a""b"');
  assert.is(sqlIdentifier('"half'), '"""half"');
  assert.is(sqlIdentifier('<not a placeholder>'), '"<not a placeholder>"');
});

test('an injected statement stays one quoted name', () => {
  const value = 'db; GRANT ROLE accountadmin TO USER mallory; --';
  const written = sqlIdentifier(value)!;
  assert.is(written, `"${value}"`);
  const parsed = parseSql(`USE DATABASE ${written};`);
  assert.is(parsed.statements.length, 1);
  assert.is(sqlIdentifier('x" ; DROP DATABASE prod; --'), '"x"" ; DROP DATABASE prod; --"');
});

test('a name no quoting makes safe has no SQL form', () => {
  assert.is(sqlIdentifier(''), undefined);
  assert.is(sqlIdentifier('""'), undefined);
  assert.is(sqlIdentifier('a\nDROP DATABASE prod'), undefined);
  assert.is(sqlIdentifier('"a\rb"'), undefined);
  assert.is(sqlIdentifier('a\u2028b'), undefined);
  assert.is(sqlIdentifier('x'.repeat(256)), undefined);
  assert.is(sqlIdentifier('x'.repeat(255)), 'x'.repeat(255));
  assert.match(objectNameProblem('db.a\nb')!, /line break/);
  assert.is(objectNameProblem('db.sch.app'), undefined);
});

test('a qualified name keeps its parts; a value that is no qualified name is one part', () => {
  assert.is(sqlObjectName('db.sch.app'), 'db.sch.app');
  assert.is(sqlObjectName('"My DB".sch.<APP_NAME>'), '"My DB".sch.<APP_NAME>');
  assert.is(sqlObjectName('my-db.sch.app'), '"my-db.sch.app"');
  assert.is(sqlObjectName('a.b.c.d'), '"a.b.c.d"');
  assert.is(sqlObjectName('app.'), '"app."');
  assert.is(sqlObjectName('db."x\ny"'), undefined);
});

test('string literals double their quotes; comment text cannot end its line', () => {
  assert.is(sqlString("it's"), "'it''s'");
  assert.is(sqlCommentText('-- From a\nDROP TABLE t;'), '-- From a\\nDROP TABLE t;');
  assert.is(sqlCommentText('-- x\u2028y\u0085'), '-- x\\u2028y\\u0085');
});

test.run();
