import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FindingLog } from '../findings';
import { Project } from '../project';
import { AlterStatement, CreateStatement, describeStatement, parseSql } from '../sql';
import { checkSetup } from './checks';
import { findNativeApps } from './manifest';
import { buildModel } from './model';
import { loadSetupScripts, resolveInclude } from './setup-scripts';
import { canonicalType, createdColumns, tableAction, viewColumns } from './tables';

function projectOf(files: Record<string, string>): Project {
  return new Project('/virtual', Object.keys(files), new FindingLog(), (absolute) => {
    const relative = absolute.slice('/virtual/'.length);
    if (!(relative in files)) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
    return Buffer.from(files[relative], 'utf8');
  });
}

test('a manifest.yml is a Native App only when it has manifest_version or artifacts', () => {
  const project = projectOf({
    'app/manifest.yml': 'manifest_version: 2\nversion:\n  name: V1\n  patch: 3\nartifacts:\n  setup_script: scripts/setup.sql\n'
      + '  readme: README.md\n  default_streamlit: core.ui\nprivileges:\n  - CREATE COMPUTE POOL:\n      description: x\n'
      + '  - bind service endpoint\n',
    'k8s/manifest.yml': 'apiVersion: v1\nkind: Pod\n',
    'plain/manifest.yml': 'artifacts: {}\n',
  });
  const { apps, issues } = findNativeApps(project);
  assert.equal(issues, []);
  assert.equal(apps.map((app) => [app.manifest, app.root, app.setupScript]), [
    ['app/manifest.yml', 'app', 'app/scripts/setup.sql'],
    ['plain/manifest.yml', 'plain', 'plain/setup.sql'],
  ]);
  const app = apps[0];
  assert.equal([app.manifestVersion, app.versionName, app.versionPatch, app.readme, app.defaultStreamlit],
    [2, 'V1', 3, 'app/README.md', 'core.ui']);
  assert.equal(app.privileges, ['CREATE COMPUTE POOL', 'BIND SERVICE ENDPOINT']);
});

test('EXECUTE IMMEDIATE FROM paths: / from the app root, anything else from the including file', () => {
  assert.is(resolveInclude('app', 'app/scripts/setup.sql', 'secondary.sql'), 'app/scripts/secondary.sql');
  assert.is(resolveInclude('app', 'app/scripts/setup.sql', './procs/p.sql'), 'app/scripts/procs/p.sql');
  assert.is(resolveInclude('app', 'app/scripts/setup.sql', '../scripts/views/v.sql'), 'app/scripts/views/v.sql');
  assert.is(resolveInclude('app', 'app/scripts/setup.sql', '/scripts/data/d.sql'), 'app/scripts/data/d.sql');
  assert.is(resolveInclude('', 'setup.sql', '/x.sql'), 'x.sql');
  assert.is(resolveInclude('app', 'app/setup.sql', '../outside.sql'), undefined);
  assert.is(resolveInclude('', 'setup.sql', '../outside.sql'), undefined);
});

test('the setup chain runs included files in place, in order, and reports what it cannot follow', () => {
  const project = projectOf({
    'manifest.yml': 'manifest_version: 1\n',
    'setup.sql': "CREATE SCHEMA a;\nEXECUTE IMMEDIATE FROM 'b.sql';\nCREATE SCHEMA c;\nEXECUTE IMMEDIATE FROM 'nope.sql';\n",
    'b.sql': 'CREATE SCHEMA b;\n',
  });
  const scripts = loadSetupScripts(project, findNativeApps(project).apps[0]);
  const creates = scripts.statements.filter((s) => s.described.kind === 'create')
    .map((s) => `${s.file.path}:${(s.described as CreateStatement).name!.text}`);
  assert.equal(creates, ['setup.sql:a', 'b.sql:b', 'setup.sql:c']);
  assert.is(scripts.complete, false);
  assert.equal(scripts.issues.map((issue) => issue.code), ['missing-include']);
});

test('unqualified names resolve only through USE SCHEMA; CREATE SCHEMA does not set the context', () => {
  const project = projectOf({
    'manifest.yml': 'manifest_version: 1\n',
    'setup.sql': 'CREATE SCHEMA s;\nCREATE TABLE t1 (a INT);\nUSE SCHEMA s;\nCREATE TABLE t2 (a INT);\nCREATE TABLE x.t3 (a INT);\n',
  });
  const model = buildModel(loadSetupScripts(project, findNativeApps(project).apps[0]));
  assert.equal(model.objects.map((o) => [o.display, o.resolution, o.schema?.key]), [
    ['s', 'qualified', 'S'], ['t1', 'unresolved', undefined], ['t2', 'context', 'S'], ['x.t3', 'qualified', 'X'],
  ]);
});

test('checks flag a task in a versioned schema but not GRANT USAGE on it', () => {
  const project = projectOf({
    'manifest.yml': 'manifest_version: 1\n',
    'setup.sql': 'CREATE OR ALTER VERSIONED SCHEMA v;\nGRANT USAGE ON SCHEMA v TO APPLICATION ROLE r;\n'
      + "CREATE OR REPLACE TASK v.t SCHEDULE = '1 MINUTE' AS SELECT 1;\n",
  });
  const app = findNativeApps(project).apps[0];
  const issues = checkSetup(project, app, buildModel(loadSetupScripts(project, app)));
  assert.equal(issues.map((issue) => issue.code), ['not-allowed-in-versioned-schema']);
});

test('column lists, ALTER TABLE actions and canonical types', () => {
  const text = 'CREATE TABLE s.t (id INT NOT NULL, "Name" STRING DEFAULT \'x\', price NUMBER(10, 2), CONSTRAINT pk PRIMARY KEY (id))';
  const create = describeStatement(parseSql(text).statements[0], text) as CreateStatement;
  assert.equal(createdColumns(create, text)!.map((c) => [c.name.key, c.type, c.canonical]), [
    ['ID', 'INT', 'NUMBER(38,0)'], ['Name', 'STRING', 'VARCHAR(16777216)'], ['PRICE', 'NUMBER(10, 2)', 'NUMBER(10,2)'],
  ]);
  const ctas = 'CREATE TABLE s.t AS SELECT 1 AS a';
  assert.is(createdColumns(describeStatement(parseSql(ctas).statements[0], ctas) as CreateStatement, ctas), undefined);

  const action = (sql: string) => tableAction(describeStatement(parseSql(sql).statements[0], sql) as AlterStatement, sql);
  const add = action('ALTER TABLE s.t ADD COLUMN a INT, b VARCHAR(10)');
  assert.equal(add.kind === 'add-column' && [add.columns.map((c) => c.name.key), add.ifNotExists, add.after.text],
    [['A', 'B'], false, 'COLUMN']);
  const bare = action('ALTER TABLE s.t ADD note STRING');
  assert.equal(bare.kind === 'add-column' && bare.after.text, 'ADD');
  assert.is(action('ALTER TABLE s.t ADD CONSTRAINT pk PRIMARY KEY (id)').kind, 'other');
  const drop = action('ALTER TABLE s.t DROP COLUMN IF EXISTS a, b');
  assert.equal(drop.kind === 'drop-column' && [drop.names.map((n) => n.key), drop.ifExists], [['A', 'B'], true]);
  const rename = action('ALTER TABLE s.t RENAME COLUMN a TO b');
  assert.equal(rename.kind === 'rename-column' && [rename.from.key, rename.to.key], ['A', 'B']);
  const retype = action('ALTER TABLE s.t ALTER COLUMN a SET DATA TYPE VARCHAR(200)');
  assert.equal(retype.kind === 'retype-column' && retype.columns.map((c) => [c.name.key, c.canonical]),
    [['A', 'VARCHAR(200)']]);
  assert.is(action('ALTER TABLE s.t RENAME TO s.u').kind, 'rename');
  assert.is(action('ALTER TABLE s.t ALTER COLUMN a DROP NOT NULL').kind, 'other');

  assert.is(canonicalType('integer'), canonicalType('NUMBER(38,0)'));
  assert.is(canonicalType('TEXT'), canonicalType('varchar'));
  assert.is(canonicalType('timestamp_ntz'), canonicalType('TIMESTAMP_NTZ(9)'));
  assert.is.not(canonicalType('VARCHAR(10)'), canonicalType('VARCHAR(20)'));
});

test('view columns: a column list, or the names of the first select list; undefined when the text does not name one', () => {
  const columns = (sql: string) => {
    const statement = parseSql(sql).statements[0];
    return viewColumns(describeStatement(statement, sql) as CreateStatement, sql)?.map((part) => part.key);
  };
  assert.equal(columns('CREATE VIEW core.v (a, "b" COMMENT \'x\') AS SELECT 1, 2'), ['A', 'b']);
  assert.equal(columns('create or replace secure view core.v as select distinct o.id, o.amount total, '
    + 'CASE WHEN x THEN 1 END AS flag, count(*) n, "Mixed" from s.t o where 1 = 1'), ['ID', 'TOTAL', 'FLAG', 'N', 'Mixed']);
  assert.equal(columns('CREATE VIEW v AS WITH x AS (SELECT a FROM t) SELECT b FROM x UNION ALL SELECT c FROM y'), ['B']);
  assert.equal(columns('CREATE VIEW v AS SELECT * FROM t'), undefined);
  assert.equal(columns('CREATE VIEW v AS SELECT a, b::INT FROM t'), undefined);
  assert.equal(columns('CREATE VIEW v AS SELECT a, CASE WHEN x THEN 1 END FROM t'), undefined);
});

test.run();
