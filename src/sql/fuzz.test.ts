/**
 * Fuzz: random slices and concatenations of real scripts (the corpus below plus every .sql file
 * under testdata/) must lex, split and describe without throwing, and the tokens must cover the
 * text exactly (only whitespace between them). The PRNG is seeded, so a failure names its seed
 * and iteration and reproduces; set SQL_FUZZ_SEED to try other seeds.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TESTDATA } from '../testing/helpers';
import { describeStatement, findProperty } from './ddl';
import { innerStatements, parseSql } from './statements';
import { readName } from './syntax';
import { seededRandom } from '../seeded-random';

const CORPUS = [
  `-- setup.sql
CREATE APPLICATION ROLE IF NOT EXISTS app_public;
CREATE OR ALTER VERSIONED SCHEMA core;
GRANT USAGE ON SCHEMA core TO APPLICATION ROLE app_public;
CREATE SCHEMA IF NOT EXISTS "State";
CREATE TABLE IF NOT EXISTS "State".config (k STRING, v VARIANT, modified_on TIMESTAMP_NTZ(9));
ALTER TABLE "State".config ADD COLUMN IF NOT EXISTS note VARCHAR(100);
CREATE OR REPLACE PROCEDURE core.hello(name STRING)
  RETURNS STRING
  LANGUAGE PYTHON
  RUNTIME_VERSION = '3.11'
  PACKAGES = ('snowflake-snowpark-python')
  IMPORTS = ('/python/hello.py')
  HANDLER = 'hello.run'
  AS $$
def run(session, name):
    return f"it's {name}; -- not a comment /* nor this */"
$$;
CREATE OR REPLACE STREAMLIT core.ui FROM '/streamlit' MAIN_FILE = 'streamlit_app.py';
GRANT USAGE ON STREAMLIT core.ui TO APPLICATION ROLE app_public;
EXECUTE IMMEDIATE FROM './views.sql';
`,
  `DECLARE
  n INT DEFAULT 0;
  c CURSOR FOR SELECT 1;
BEGIN
  LET x := CASE WHEN :n > 1 THEN 'a;b' ELSE 'c''d' END;
  IF (n = 0) THEN
    CREATE TABLE IF NOT EXISTS s.t (a INT);
  ELSEIF (n = 1) THEN
    BEGIN TRANSACTION;
    INSERT INTO s.t SELECT $1 FROM @stage/data.csv;
    COMMIT;
  END IF;
  FOR i IN 1 TO 3 DO
    n := n + i::INT;
  END FOR;
  RETURN n;
EXCEPTION
  WHEN OTHER THEN RETURN -1;
END;
SELECT src:field::varchar, IDENTIFIER($tbl), IDENTIFIER('core."T"') FROM t WHERE id = ?;
`,
  `CREATE OR REPLACE PROCEDURE core.p() RETURNS INT LANGUAGE SQL EXECUTE AS OWNER AS
BEGIN
  CREATE OR REPLACE TABLE core.tmp AS SELECT 1 AS a; // trailing
  RETURN 1;
END;
EXECUTE IMMEDIATE $$ BEGIN RETURN 'x;'; END; $$;
CREATE STREAMLIT core.legacy ROOT_LOCATION = '@pkg.stage/ui' MAIN_FILE = '/app.py';
PUT file:///tmp/x.py @"My DB".s."Stage 1"/code AUTO_COMPRESS = FALSE;
PUT file://app_utils/*.zip @core.stage/lib/* OVERWRITE = TRUE;
GET @~/out/--old/ file:///tmp/out/*/; PUT 'file://C:/my data/*.csv' @%t;
/* unterminated? no */ SELECT 'é', "ü", 🎈;
`,
];

function testdataScripts(): string[] {
  const scripts: string[] = [];
  const walk = (folder: string) => {
    if (!fs.existsSync(folder)) return;
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.sql')) scripts.push(fs.readFileSync(full, 'utf8'));
    }
  };
  walk(TESTDATA);
  return scripts;
}

function checkInvariants(text: string): void {
  const parsed = parseSql(text);
  let previousEnd = 0;
  for (const token of parsed.tokens) {
    assert.ok(token.start >= previousEnd && token.end > token.start && token.end <= text.length, 'token positions');
    assert.is(text.slice(token.start, token.end), token.text);
    assert.ok(/^[\s\ufeff]*$/.test(text.slice(previousEnd, token.start)), `text between tokens at ${previousEnd}`);
    assert.ok(token.line >= 1);
    previousEnd = token.end;
  }
  assert.ok(/^[\s\ufeff]*$/.test(text.slice(previousEnd)), 'text after the last token');
  let statementEnd = 0;
  for (const statement of parsed.statements) {
    assert.ok(statement.tokens.length > 0 && statement.start >= statementEnd && statement.end <= text.length);
    statementEnd = statement.end;
    const described = describeStatement(statement, text);
    assert.ok(described.kind.length > 0);
    for (let i = 0; i < statement.tokens.length; i++) readName(statement.tokens, i, text);
    findProperty(statement.tokens, 'ROOT_LOCATION');
    findProperty(statement.tokens, 'IMPORTS');
    for (const inner of statement.block ? innerStatements(statement) : []) describeStatement(inner, text);
    if (described.kind === 'execute-immediate' && described.body?.kind === 'dollar') {
      parseSql(text, { start: described.body.start + 2, end: Math.max(described.body.start + 2, described.body.end - 2) });
    }
  }
  for (const error of parsed.errors) assert.ok(error.line >= 1 && error.offset >= 0 && error.offset <= text.length);
}

test('random slices and concatenations of scripts never throw and keep exact positions', () => {
  const corpus = [...CORPUS, ...testdataScripts()];
  const seed = Number(process.env.SQL_FUZZ_SEED ?? 20261121);
  const random = seededRandom(seed);
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
  const slice = () => {
    const script = pick(corpus);
    const a = Math.floor(random() * (script.length + 1));
    const b = Math.floor(random() * (script.length + 1));
    return script.slice(Math.min(a, b), Math.max(a, b));
  };
  for (let iteration = 0; iteration < 3000; iteration++) {
    const pieces = Array.from({ length: 1 + Math.floor(random() * 4) }, slice);
    const text = pieces.join(random() < 0.5 ? '' : pick(['\n', ';', "'", '$$', '/*', '"', ' END ', ' BEGIN ']));
    try {
      checkInvariants(text);
    } catch (error) {
      throw new Error(`seed ${seed}, iteration ${iteration}, text ${JSON.stringify(text)}: ${(error as Error).message}`);
    }
  }
});

test.run();
