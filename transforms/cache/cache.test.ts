import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { analyzeSql, ANY, HOLE, namedHole, tableKey } from './sql';

const classifySql = (text: string) => analyzeSql(text).verdict;
const sqlTables = (text: string) => { const { reads, writes } = analyzeSql(text); return { reads, writes }; };
import { ttlArgument } from './ttl';

const sql = suite('cache: SQL read check');

sql('reads are recognised through comments, CTEs, parentheses and several statements', () => {
  for (const text of [
    'SELECT 1',
    '  -- leading comment\n  select * from t',
    '/* block */ WITH x AS (SELECT 1) SELECT * FROM x',
    '(SELECT 1) UNION ALL (SELECT 2)',
    'SHOW TABLES; DESCRIBE TABLE t;',
    `SELECT * FROM ${HOLE} WHERE REGION = '${HOLE}'`,
    "SELECT 'DELETE FROM t' AS text, \"UPDATE\" FROM t",
    'select last_update, created_at from t',
  ]) {
    assert.is(classifySql(text).kind, 'read', text);
  }
});

sql('writes are recognised at the start and anywhere in a statement', () => {
  assert.equal(classifySql('INSERT INTO t VALUES (1)'), { kind: 'write', keyword: 'INSERT' });
  assert.equal(classifySql('call my_proc()'), { kind: 'write', keyword: 'CALL' });
  assert.equal(classifySql('SELECT 1; DROP TABLE t'), { kind: 'write', keyword: 'DROP' });
  assert.equal(classifySql('SELECT * FROM t FOR UPDATE'), { kind: 'write', keyword: 'UPDATE' });
  assert.equal(classifySql('select seq.nextval'), { kind: 'write', keyword: 'NEXTVAL' });
  assert.equal(classifySql('USE ROLE analyst'), { kind: 'write', keyword: 'USE' });
});

sql('a statement that is not known is never a read', () => {
  assert.is(classifySql(`${HOLE} FROM t`).kind, 'unknown');
  assert.is(classifySql('').kind, 'unknown');
  assert.is(classifySql('UNDOCUMENTED STATEMENT').kind, 'unknown');
  assert.is(classifySql('SELECT SYSTEM$CANCEL_ALL_QUERIES(1)').kind, 'unknown');
});

sql('context functions, the clock, chance and language models are flagged on reads', () => {
  assert.equal(classifySql('SELECT * FROM t WHERE owner = CURRENT_USER()'), { kind: 'read', viewerContext: 'CURRENT_USER()' });
  assert.equal(classifySql('select * from t sample (10 rows)'), { kind: 'read', nondeterministic: 'SAMPLE' });
  assert.equal(classifySql("select 'current_role()' from t"), { kind: 'read' });
  assert.equal(classifySql('SELECT CURRENT_TIMESTAMP AS NOW'), { kind: 'read', nondeterministic: 'CURRENT_TIMESTAMP' });
  assert.equal(classifySql('select uuid_string()'), { kind: 'read', nondeterministic: 'UUID_STRING' });
  assert.equal(classifySql("SELECT SNOWFLAKE.CORTEX.COMPLETE('m', 'q')"), { kind: 'read', model: 'SNOWFLAKE.CORTEX.COMPLETE' });
  assert.equal(classifySql("SELECT AI_COMPLETE('m', 'q')"), { kind: 'read', model: 'AI_COMPLETE' });
  assert.equal(classifySql('SELECT complete FROM tasks'), { kind: 'read' });
});

sql('metadata reads are told apart: they change with any write', () => {
  assert.ok(analyzeSql("SHOW TABLES LIKE 'X'").metadata);
  assert.ok(analyzeSql('SELECT TABLE_NAME FROM DB.INFORMATION_SCHEMA.TABLES').metadata);
  assert.not.ok(analyzeSql('SELECT * FROM ORDERS').metadata);
});

const ttl = suite('cache: --cache-ttl');

ttl('seconds stay numbers, durations become strings, the default is ten minutes', () => {
  assert.is(ttlArgument(undefined), '600');
  assert.is(ttlArgument('3600'), '3600');
  assert.is(ttlArgument('1.5'), '1.5');
  assert.is(ttlArgument('10m'), '"10m"');
  assert.is(ttlArgument('1h30m'), '"1h30m"');
  assert.is(ttlArgument('2 hours'), '"2 hours"');
});

ttl('anything else is refused', () => {
  for (const value of ['', '0', '-5', 'ten', '10 fortnights', '1h; import os', '0m']) {
    assert.is(ttlArgument(value), undefined, value);
  }
});

sql.run();
ttl.run();

const tables = suite('cache: tables a query reads and writes');

tables('names come from the SQL text; a name known only at run time may be any table', () => {
  assert.equal(sqlTables(`INSERT INTO ${namedHole('REQUESTS')} (A) SELECT * FROM db.s."Staging"`),
    { reads: ['STAGING'], writes: [ANY] });
  assert.equal(sqlTables('merge into t using s on t.id = s.id when matched then delete'), { reads: ['S'], writes: ['T'] });
  assert.equal(sqlTables('SELECT * FROM a JOIN b ON a.id = b.id, TABLE(FLATTEN(x))'), { reads: ['A', 'B'], writes: [] });
  assert.equal(sqlTables("SELECT 'INSERT INTO x' FROM y -- DELETE FROM z"), { reads: ['Y'], writes: [] });
  assert.equal(sqlTables(`UPDATE ${HOLE} SET STATUS = 'done'`), { reads: [], writes: [ANY] });
  assert.equal(sqlTables('CREATE TABLE IF NOT EXISTS app.notes (text VARCHAR)'), { reads: [], writes: ['NOTES'] });
  assert.equal(sqlTables("PUT file:///tmp/a.csv @files/in"), { reads: [], writes: ['@FILES'] });
  assert.equal(sqlTables('CALL refresh()'), { reads: [], writes: [ANY] });
  assert.equal(sqlTables('USE WAREHOUSE big'), { reads: [], writes: [] });
  assert.equal(sqlTables('USE SCHEMA other'), { reads: [], writes: [ANY] });
  assert.equal(analyzeSql('CREATE OR REPLACE FUNCTION f() RETURNS INT AS $$ 1 $$').metadataWrite, true);
  assert.is(tableKey(namedHole('cfg.TABLE')), ANY);
  assert.is(tableKey('db.s."Orders"'), 'ORDERS');
});

tables.run();

