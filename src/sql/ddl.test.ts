import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CreateStatement, DescribedStatement, describeStatement, findProperty, GrantStatement } from './ddl';
import { parseSql } from './statements';
import { displayName } from './syntax';

function describe(text: string): DescribedStatement {
  const parsed = parseSql(text);
  assert.is(parsed.statements.length, 1, text);
  return describeStatement(parsed.statements[0], text);
}

function create(text: string): CreateStatement {
  const described = describe(text);
  assert.is(described.kind, 'create', text);
  return described as CreateStatement;
}

test('CREATE: OR REPLACE / OR ALTER, modifiers, multi-word types, IF NOT EXISTS and the name', () => {
  const view = create('CREATE OR REPLACE SECURE VIEW core.v AS SELECT 1');
  assert.equal([view.type.name, view.type.modifiers, Boolean(view.orReplace), displayName(view.name!.parts)],
    ['VIEW', ['SECURE'], true, 'core.v']);

  const schema = create('create or alter versioned schema core');
  assert.equal([schema.type.name, schema.type.modifiers, Boolean(schema.orAlter)], ['SCHEMA', ['VERSIONED'], true]);

  const table = create('CREATE TRANSIENT TABLE IF NOT EXISTS "State"."My Table" (a int)');
  assert.equal([table.type.name, table.type.modifiers, table.ifNotExists?.map((t) => t.text)],
    ['TABLE', ['TRANSIENT'], ['IF', 'NOT', 'EXISTS']]);
  assert.equal(table.name!.parts.map((p) => p.key), ['State', 'My Table']);

  assert.is(create('CREATE APPLICATION ROLE IF NOT EXISTS app_public').type.name, 'APPLICATION ROLE');
  assert.is(create('CREATE OR REPLACE EXTERNAL ACCESS INTEGRATION core.eai ALLOWED_NETWORK_RULES = (r)').type.name,
    'EXTERNAL ACCESS INTEGRATION');
  const external = create('CREATE EXTERNAL FUNCTION core.f(a int) RETURNS INT API_INTEGRATION = x AS \'https://x\'');
  assert.equal([external.type.name, external.type.modifiers], ['FUNCTION', ['EXTERNAL']]);
  assert.is(create('CREATE MASKING POLICY s.m AS (v string) RETURNS string -> v').type.name, 'MASKING POLICY');
  assert.is(create('CREATE COMPUTE POOL IF NOT EXISTS pool MIN_NODES = 1').type.name, 'COMPUTE POOL');
  const unknown = create('CREATE FROBNICATOR x');
  assert.is(unknown.type.name, '');
  assert.is(unknown.name, undefined);
});

test('the name of a function stops at its argument list; the create token is the first token', () => {
  const text = 'CREATE FUNCTION core.add(x INT, y INT) RETURNS INT AS $$ x + y $$';
  const fn = create(text);
  assert.is(fn.name!.text, 'core.add');
  assert.is(fn.name!.end, text.indexOf('('));
  assert.is(fn.create.start, 0);
  assert.is(fn.type.last, 1);
});

test('ALTER and DROP: type, IF EXISTS and the name', () => {
  const alter = describe('ALTER TABLE IF EXISTS state.config ADD COLUMN IF NOT EXISTS modified_on TIMESTAMP');
  assert.is(alter.kind, 'alter');
  if (alter.kind !== 'alter') return;
  assert.equal([alter.type.name, Boolean(alter.ifExists), alter.name!.text], ['TABLE', true, 'state.config']);
  const drop = describe('DROP SCHEMA core');
  assert.equal([drop.kind, drop.kind === 'drop' && drop.name!.text], ['drop', 'core']);
});

test('GRANT: plain grants name their object; FUTURE and ALL grants name their schema', () => {
  const plain = describe('GRANT USAGE ON STREAMLIT core.ui TO APPLICATION ROLE app_public') as GrantStatement;
  assert.equal([plain.kind, plain.future, plain.all, plain.on?.type.name, plain.on?.name?.text],
    ['grant', false, false, 'STREAMLIT', 'core.ui']);
  assert.equal([plain.to?.type.name, plain.to?.name?.text], ['APPLICATION ROLE', 'app_public']);
  const role = describe('GRANT APPLICATION ROLE app_public TO APPLICATION ROLE app_admin') as GrantStatement;
  assert.equal([role.on, role.to?.name?.text], [undefined, 'app_admin']);
  const future = describe('GRANT SELECT ON FUTURE TABLES IN SCHEMA core TO APPLICATION ROLE r') as GrantStatement;
  assert.equal([future.future, future.inSchema?.text], [true, 'core']);
  const all = describe('grant usage on all procedures in schema "Core" to application role r') as GrantStatement;
  assert.equal([all.all, all.inSchema?.parts[0].key, all.to?.type.name], [true, 'Core', 'APPLICATION ROLE']);
  const onProcedure = describe('GRANT USAGE ON PROCEDURE core.p(VARCHAR) TO APPLICATION ROLE r') as GrantStatement;
  assert.is(onProcedure.on?.name?.text, 'core.p');
});

test('USE, EXECUTE IMMEDIATE FROM, EXECUTE IMMEDIATE $$, DML and CALL', () => {
  const use = describe('USE SCHEMA core');
  assert.equal([use.kind, use.kind === 'use' && use.target, use.kind === 'use' && use.name?.text], ['use', 'SCHEMA', 'core']);
  const secondary = describe('USE SECONDARY ROLES ALL');
  assert.is(secondary.kind === 'use' && secondary.target, 'SECONDARY ROLES');
  const from = describe("EXECUTE IMMEDIATE FROM './procs/setup.sql'");
  assert.is(from.kind === 'execute-from' && from.location?.value, './procs/setup.sql');
  const body = describe('EXECUTE IMMEDIATE $$ SELECT 1; $$');
  assert.is(body.kind === 'execute-immediate' && body.body?.kind, 'dollar');
  for (const [text, target] of [
    ['INSERT INTO state.t VALUES (1)', 'state.t'], ['INSERT OVERWRITE INTO state.t SELECT 1', 'state.t'],
    ['DELETE FROM state.t', 'state.t'], ['MERGE INTO state.t USING x ON 1=1', 'state.t'],
    ['UPDATE state.t SET a = 1', 'state.t'], ['TRUNCATE TABLE IF EXISTS state.t', 'state.t'],
    ['COPY INTO state.t FROM @s', 'state.t'],
  ]) {
    const dml = describe(text);
    assert.is(dml.kind === 'dml' && dml.target?.text, target, text);
  }
  const call = describe('CALL core.init()');
  assert.is(call.kind === 'call' && call.name?.text, 'core.init');
});

test('findProperty finds KEY = value outside parentheses, lists with their items', () => {
  const text = "CREATE STREAMLIT core.ui ROOT_LOCATION = '@pkg.stage/ui' MAIN_FILE = '/app.py' IMPORTS = ('/a.py', '@s/b.py')";
  const tokens = parseSql(text).statements[0].tokens;
  assert.is(findProperty(tokens, 'root_location')!.value[0].value, '@pkg.stage/ui');
  const imports = findProperty(tokens, 'IMPORTS')!;
  assert.equal(imports.items!.map((item) => item.map((t) => t.value)), [['/a.py'], ['@s/b.py']]);
  assert.is(findProperty(tokens, 'COMMENT'), undefined);
});

test.run();
