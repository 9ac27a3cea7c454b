import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { handledStretches, innerStatements, parseSql, Statement } from './statements';

function split(text: string): string[] {
  const parsed = parseSql(text);
  assert.equal(parsed.errors, [], `unexpected errors: ${JSON.stringify(parsed.errors)}`);
  return parsed.statements.map((statement) => text.slice(statement.start, statement.end));
}

test('splits on ; with exact extents; the ; is the terminator, not part of the statement', () => {
  const text = '  CREATE SCHEMA a ;\n-- comment\nSELECT 1;;  select 2  ';
  const parsed = parseSql(text);
  assert.equal(parsed.statements.map((s) => text.slice(s.start, s.end)), ['CREATE SCHEMA a', 'SELECT 1', 'select 2']);
  const [first, second, third] = parsed.statements;
  assert.is(first.start, 2);
  assert.is(first.terminator?.start, text.indexOf(';'));
  assert.is(second.line, 3);
  assert.is(third.terminator, undefined);
  assert.equal(first.tokens.map((t) => t.text), ['CREATE', 'SCHEMA', 'a']);
});

test('comments are left out of statement tokens but a leading comment does not start a statement', () => {
  const text = '/* header; */ CREATE /* inline; */ TABLE t -- trailing;\n(a int);';
  const parsed = parseSql(text);
  assert.is(parsed.statements.length, 1);
  assert.equal(parsed.statements[0].tokens.map((t) => t.text), ['CREATE', 'TABLE', 't', '(', 'a', 'int', ')']);
  assert.is(parsed.statements[0].start, text.indexOf('CREATE'));
});

test('; inside strings, quoted identifiers, comments and $$ bodies does not split', () => {
  assert.equal(split([
    "INSERT INTO t VALUES ('a;b', 'it''s; ok');",
    'CREATE TABLE "x;y" (a int);',
    "CREATE OR REPLACE PROCEDURE core.p() RETURNS STRING LANGUAGE SQL AS $$ BEGIN RETURN 'a;b'; END; $$;",
    "CREATE FUNCTION core.f() RETURNS STRING LANGUAGE PYTHON HANDLER = 'f' AS $$\ndef f():\n    return \"';\"\n$$;",
  ].join('\n')).length, 4);
});

test('a BEGIN ... END block without $$ is one statement, nested IF, CASE, LOOP and FOR included', () => {
  const block = [
    'BEGIN',
    '  CREATE TABLE IF NOT EXISTS s.t (a int);',
    '  IF (1 = 1) THEN',
    '    LET x := CASE WHEN 1 = 1 THEN 1 ELSE 2 END;',
    '    CASE (x) WHEN 1 THEN RETURN 1; ELSE RETURN 2; END CASE;',
    '  ELSEIF (2 = 2) THEN',
    '    BEGIN',
    '      RETURN 3;',
    '    END;',
    '  END IF;',
    '  FOR i IN 1 TO 3 DO',
    '    LOOP BREAK; END LOOP;',
    '  END FOR;',
    '  WHILE (FALSE) DO RETURN 1; END WHILE;',
    '  REPEAT RETURN 1; UNTIL (TRUE) END REPEAT;',
    'EXCEPTION',
    '  WHEN OTHER THEN RETURN 0;',
    'END',
  ].join('\n');
  const text = `${block};\nSELECT 1;`;
  const parsed = parseSql(text);
  assert.equal(parsed.errors, []);
  assert.equal(parsed.statements.map((s) => text.slice(s.start, s.end)), [block, 'SELECT 1']);
  assert.is(parsed.statements[0].block, true);
  assert.is(parsed.statements[1].block, false);
});

test('BEGIN; BEGIN TRANSACTION; BEGIN WORK and BEGIN NAME start transactions, not blocks', () => {
  assert.equal(split('BEGIN; INSERT INTO t VALUES (1); COMMIT; BEGIN TRANSACTION; SELECT 1; BEGIN WORK; BEGIN NAME t1; SELECT 2;'), [
    'BEGIN', 'INSERT INTO t VALUES (1)', 'COMMIT', 'BEGIN TRANSACTION', 'SELECT 1', 'BEGIN WORK', 'BEGIN NAME t1', 'SELECT 2',
  ]);
  assert.equal(split('BEGIN'), ['BEGIN']);
});

test('a DECLARE block runs to the END of its BEGIN; its declarations do not split it', () => {
  const block = 'DECLARE\n  x INT DEFAULT 1;\n  c CURSOR FOR SELECT 1;\nBEGIN\n  BEGIN TRANSACTION;\n  RETURN x;\nEND';
  assert.equal(split(`${block};\nSELECT 2;`), [block, 'SELECT 2']);
});

test('a procedure whose body is a block without $$ (AS BEGIN / AS DECLARE) is one statement', () => {
  const procedure = 'CREATE OR REPLACE PROCEDURE core.p()\nRETURNS INT\nLANGUAGE SQL\nAS\nBEGIN\n  SELECT 1;\n  RETURN 1;\nEND';
  const declared = 'CREATE PROCEDURE core.q() RETURNS INT LANGUAGE SQL AS DECLARE y INT; BEGIN RETURN y; END';
  assert.equal(split(`${procedure};\n${declared};\nGRANT USAGE ON PROCEDURE core.p() TO APPLICATION ROLE r;`), [
    procedure, declared, 'GRANT USAGE ON PROCEDURE core.p() TO APPLICATION ROLE r',
  ]);
});

test('an alias named begin or declare does not open a block', () => {
  assert.equal(split('SELECT 1 AS begin; SELECT 2 AS declare; SELECT 3;'), ['SELECT 1 AS begin', 'SELECT 2 AS declare', 'SELECT 3']);
});

test('EXECUTE IMMEDIATE $$ ... $$ is one statement', () => {
  assert.equal(split("EXECUTE IMMEDIATE $$ BEGIN CREATE TABLE s.t (a int); RETURN 'x;'; END; $$;\nSELECT 1;"), [
    "EXECUTE IMMEDIATE $$ BEGIN CREATE TABLE s.t (a int); RETURN 'x;'; END; $$", 'SELECT 1',
  ]);
});

test('a block that is never closed is an error with the line of its BEGIN', () => {
  const parsed = parseSql('SELECT 1;\n\nBEGIN\n  CREATE TABLE s.t (a int);\n  IF (TRUE) THEN RETURN 1; END IF;\n');
  assert.is(parsed.errors.length, 1);
  assert.is(parsed.errors[0].line, 3);
  assert.match(parsed.errors[0].message, /unterminated block: the BEGIN at line 3 has no matching END/);
  assert.is(parsed.statements.length, 2);
});

test('a stray END outside a block is just a word', () => {
  assert.equal(split('END; SELECT 1;'), ['END', 'SELECT 1']);
});

test('innerStatements finds the statements of a block, nested ones too', () => {
  const text = 'BEGIN\n  CREATE TABLE s.a (x int);\n  IF (TRUE) THEN\n    CREATE TABLE s.b (y int);\n  END IF;\nEND;';
  const block: Statement = parseSql(text).statements[0];
  const inner = innerStatements(block).map((s) => text.slice(s.start, s.end));
  assert.ok(inner.includes('CREATE TABLE s.a (x int)'), inner.join('|'));
  assert.ok(inner.includes('CREATE TABLE s.b (y int)'), inner.join('|'));
});

test('handledStretches: the body of a BEGIN whose handler catches OTHER or STATEMENT_ERROR without RAISE', () => {
  const handled = (text: string) => {
    const block = parseSql(text).statements[0];
    return handledStretches(block).flatMap((stretch) => innerStatements(block)
      .filter((inner) => inner.start >= stretch.start && inner.end <= stretch.end)
      .map((inner) => text.slice(inner.start, inner.end)));
  };
  assert.equal(handled('BEGIN ALTER TABLE s.t ADD COLUMN a INT; EXCEPTION WHEN OTHER THEN NULL; END;'),
    ['ALTER TABLE s.t ADD COLUMN a INT']);
  assert.equal(handled('BEGIN CREATE TABLE s.t (a INT); EXCEPTION WHEN STATEMENT_ERROR OR EXPRESSION_ERROR THEN RETURN 1; END;'),
    ['CREATE TABLE s.t (a INT)']);
  // Raised again, caught only for another exception, or outside the handled body: not handled.
  assert.equal(handled('BEGIN ALTER TABLE s.t ADD COLUMN a INT; EXCEPTION WHEN OTHER THEN RAISE; END;'), []);
  assert.equal(handled('BEGIN ALTER TABLE s.t ADD COLUMN a INT; EXCEPTION WHEN EXPRESSION_ERROR THEN NULL; END;'), []);
  assert.equal(handled(
    'DECLARE e EXCEPTION (-20001, \'x\'); BEGIN CREATE TABLE s.a (x INT); '
    + 'BEGIN CREATE TABLE s.b (x INT); EXCEPTION WHEN OTHER THEN CASE WHEN 1 = 1 THEN RETURN 0; END CASE; END; '
    + 'IF (TRUE) THEN CREATE TABLE s.c (x INT); END IF; END;',
  ), ['CREATE TABLE s.b (x INT)']);
  // A statement of the handler itself is not protected by it.
  assert.equal(handled('BEGIN SELECT 1; EXCEPTION WHEN OTHER THEN CREATE TABLE s.t (a INT); END;'), ['SELECT 1']);
});

test.run();
