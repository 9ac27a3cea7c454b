import * as fs from 'node:fs';
import * as path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { discoverFiles } from '../discovery';
import { FindingLog } from '../findings';
import { Project } from '../project';
import { folderWith } from '../testing/helpers';
import { enclosingProject, Inventory, takeInventory, WHOLE_TARGET } from '.';

const ST = 'import streamlit as st\n';

function inventoryOfFiles(files: Record<string, string>): Inventory {
  const root = folderWith(files);
  return takeInventory(new Project(root, discoverFiles(root), new FindingLog()), WHOLE_TARGET);
}

function rows(inventory: Inventory): string[][] {
  return inventory.apps.map((app) => [app.root, app.mainFile ?? '', app.name ?? '', app.foundBy, app.kind, app.runtime,
    app.leftAlone ? 'left alone' : 'migrated']);
}

const apps = suite('inventory: apps');

apps('declared by snowflake.yml (v1 and v2), or by a dependency file beside an entry, or by streamlit_app.py', () => {
  const inventory = inventoryOfFiles({
    'one/snowflake.yml': 'definition_version: 2\nentities:\n  dash:\n    type: streamlit\n    identifier: { name: DASH }\n'
      + '    main_file: app/main.py\n  pool:\n    type: compute-pool\n',
    'one/app/main.py': ST,
    'two/snowflake.yml': 'definition_version: 1\nstreamlit:\n  name: legacy_app\n',
    'two/streamlit_app.py': ST,
    'three/environment.yml': 'dependencies: [pandas]\n',
    'three/Home.py': ST,
    'three/pages/a.py': ST,
    'four/streamlit_app.py': ST,
  });
  assert.equal(rows(inventory), [
    ['four', 'four/streamlit_app.py', '', 'convention', 'standalone', 'unknown', 'migrated'],
    ['one', 'one/app/main.py', 'DASH', 'snowflake.yml', 'standalone', 'warehouse', 'migrated'],
    ['three', 'three/Home.py', '', 'dependency-file', 'standalone', 'warehouse', 'migrated'],
    ['two', 'two/streamlit_app.py', 'legacy_app', 'snowflake.yml', 'standalone', 'warehouse', 'migrated'],
  ]);
  assert.is(inventory.appOf('three/pages/a.py')?.root, 'three');
  assert.is(inventory.apps.find((app) => app.root === 'three')?.pagesDir, 'three/pages');
  assert.equal(inventory.apps.find((app) => app.root === 'three')?.dependencyFiles, ['three/environment.yml']);
  assert.is(inventory.appOf('five/x.py'), undefined);
  assert.is(inventory.notAppCode('five/x.py'), undefined, 'only files that exist are classified');
});

apps('two apps declared by SQL in one repository, found through PUT lines and by entry name', () => {
  const inventory = inventoryOfFiles({
    'analyst/analyst.py': ST,
    'analyst/deploy.sql': "PUT file://analyst/analyst.py @apps.public.stage/analyst AUTO_COMPRESS = FALSE;\n"
      + "CREATE OR REPLACE STREAMLIT apps.public.analyst FROM '@apps.public.stage/analyst' MAIN_FILE = 'analyst.py';\n",
    'sales/sales_app.py': ST,
    'scripts/sales.sql': "CREATE STREAMLIT sales ROOT_LOCATION = '@s/sales' MAIN_FILE = '/sales_app.py'\n"
      + "  RUNTIME_NAME = 'SYSTEM$ST_CONTAINER_RUNTIME_PY3_11' COMPUTE_POOL = p;\n",
  });
  assert.equal(rows(inventory), [
    ['analyst', 'analyst/analyst.py', 'apps.public.analyst', 'sql', 'standalone', 'warehouse', 'migrated'],
    ['sales', 'sales/sales_app.py', 'sales', 'sql', 'standalone', 'container', 'left alone'],
  ]);
  assert.is(inventory.appNamed('ANALYST')?.root, 'analyst');
});

apps('an environment file a snowflake.yml declares is a dependency file of its app, whatever its name', () => {
  const inventory = inventoryOfFiles({
    'v1/snowflake.yml': 'definition_version: 1\nstreamlit:\n  name: one\n  env_file: streamlit_environment.yml\n',
    'v1/streamlit_app.py': ST,
    'v1/streamlit_environment.yml': 'dependencies: [pandas]\n',
    'v2/snowflake.yml': 'definition_version: 2\nentities:\n  two:\n    type: streamlit\n    identifier: two\n    artifacts:\n'
      + '      - streamlit_app.py\n      - conda_env.yml\n      - settings.yml\n      - { src: conda/env.yaml, dest: environment.yml }\n',
    'v2/streamlit_app.py': ST,
    'v2/conda_env.yml': 'channels: [snowflake]\ndependencies:\n  - pandas\n',
    'v2/settings.yml': 'dependencies: [a, b]\ntheme: dark\n',
    'v2/conda/env.yaml': 'dependencies: [numpy]\n',
    'v2/requirements.txt': 'numpy\n',
  });
  const files = (root: string) => inventory.apps.find((app) => app.root === root)?.dependencyFiles;
  assert.equal(files('v1'), ['v1/streamlit_environment.yml']);
  assert.equal(files('v2'), ['v2/conda/env.yaml', 'v2/conda_env.yml', 'v2/requirements.txt']);
});

apps('an environment.yml beside no entry file, or beside a Notebook, is no app', () => {
  const inventory = inventoryOfFiles({
    'app/streamlit_app.py': ST,
    'app/environment.yml': 'dependencies: [pandas]\n',
    'app/img/environment.yml': 'dependencies: [pandas]\n',
    'notebooks/environment.yml': 'dependencies: [snowbooks]\n',
    'notebooks/analysis.ipynb': '{}',
  });
  assert.equal(inventory.apps.map((app) => app.root), ['app']);
  assert.equal(inventory.filesLeftAlone.map((file) => `${file.path} ${file.kind}`), [
    'app/img/environment.yml outside-apps',
    'notebooks/environment.yml notebook',
  ]);
});

apps('an app already on the container runtime and an app under an unreadable snowflake.yml are left alone; a Native App\'s Streamlit is migrated', () => {
  const inventory = inventoryOfFiles({
    'container/snowflake.yml': 'definition_version: 2\nentities:\n  c:\n    type: streamlit\n'
      + '    runtime_name: SYSTEM$ST_CONTAINER_RUNTIME_PY3_11\n    compute_pool: P\n',
    'container/streamlit_app.py': ST,
    'native/manifest.yml': 'manifest_version: 1\nartifacts:\n  setup_script: setup.sql\n',
    'native/setup.sql': "CREATE OR ALTER VERSIONED SCHEMA core;\nCREATE STREAMLIT core.ui FROM '/streamlit' MAIN_FILE = '/ui.py';\n",
    'native/streamlit/ui.py': ST,
    'broken/snowflake.yml': 'entities: [\n',
    'broken/streamlit_app.py': ST,
    'broken/environment.yml': 'dependencies: [pandas]\n',
  });
  const reasons = inventory.apps.map((app) => `${app.root}: ${app.leftAlone?.split(';')[0]}`);
  assert.equal(reasons, [
    'broken: snowflake.yml is invalid YAML (Flow sequence in block collection must be sufficiently indented and end with a ] at line 2, column 1)',
    'container: it is already on the container runtime',
    'native/streamlit: undefined',
  ]);
  assert.equal(inventory.appsToMigrate().map((app) => app.name), ['core.ui']);
  assert.is(inventory.notAppCode('native/streamlit/ui.py'), undefined);
});

apps('a Native App\'s Streamlit that cannot move to the container runtime is left alone, with why', () => {
  const manifest = 'manifest_version: 1\nartifacts:\n  setup_script: setup.sql\n';
  const streamlit = (name: string) => `CREATE OR ALTER VERSIONED SCHEMA core;\nCREATE STREAMLIT ${name} FROM '/ui' MAIN_FILE = 'app.py'`;
  const inventory = inventoryOfFiles({
    'body/manifest.yml': manifest,
    'body/setup.sql': "EXECUTE IMMEDIATE $$\nCREATE STREAMLIT core.a FROM '/ui' MAIN_FILE = 'app.py';\n$$;\n",
    'body/ui/app.py': ST,
    'pool/manifest.yml': manifest,
    'pool/setup.sql': `${streamlit('core.b')} COMPUTE_POOL = IDENTIFIER($pool);\n`,
    'pool/ui/app.py': ST,
    'unqualified/manifest.yml': manifest,
    'unqualified/setup.sql': `${streamlit('c')};\n`,
    'unqualified/ui/app.py': ST,
    'missing/manifest.yml': manifest,
    'missing/setup.sql': `${streamlit('core.d')};\nEXECUTE IMMEDIATE FROM 'gone.sql';\n`,
    'missing/ui/app.py': ST,
    'flow/manifest.yml': '{manifest_version: 1, artifacts: {setup_script: setup.sql}}\n',
    'flow/setup.sql': `${streamlit('core.e')};\n`,
    'flow/ui/app.py': ST,
    'dynamic/manifest.yml': manifest,
    'dynamic/setup.sql': `${streamlit('IDENTIFIER(:ui_name)')};\n`,
    'dynamic/ui/app.py': ST,
    'stray/manifest.yml': manifest,
    'stray/setup.sql': 'CREATE OR ALTER VERSIONED SCHEMA core;\n',
    'stray/ui/streamlit_app.py': ST,
  });
  const reasons = inventory.apps.map((app) => `${app.root}: ${app.leftAlone?.replace(/^it is a Native App's Streamlit that cannot move to the container runtime: /, '')}`);
  assert.equal(reasons, [
    'body/ui: its CREATE STREAMLIT (body/setup.sql:2) runs inside a $$ body, which stcodemod does not edit',
    'dynamic/ui: the name in its CREATE STREAMLIT (dynamic/setup.sql:2) is only known when the setup script runs',
    'flow/ui: its manifest.yml is written as one flow mapping ({...}), which stcodemod does not edit',
    'missing/ui: stcodemod cannot read the Native App\'s setup scripts completely (missing/setup.sql: EXECUTE IMMEDIATE FROM \'gone.sql\' cannot be found: missing/gone.sql does not exist), so it cannot tell what they do to the app',
    'pool/ui: its COMPUTE_POOL (pool/setup.sql:2) is not a literal name, and a Native App\'s container runtime needs the literal name of a pool the app creates',
    'stray/ui: it is inside a Native App, but no CREATE STREAMLIT of the setup script that stcodemod could follow creates it, so how the app deploys it is unknown',
    'unqualified/ui: its CREATE STREAMLIT (unqualified/setup.sql:2) names no schema, which fails in a setup script: write <schema>.c',
  ]);
  assert.equal(inventory.appsToMigrate(), []);
});

apps('a Streamlit that snowflake.yml bundles into an application package is a Native App\'s, even when its setup script is not followed', () => {
  const inventory = inventoryOfFiles({
    'snowflake.yml': 'definition_version: 1\nnative_app:\n  name: shop\n  artifacts:\n    - src: app/*\n      dest: ./\n'
      + '    - src: sql/setup.sql\n      dest: setup.sql\n    - src: ui/*\n      dest: streamlit/\n',
    'app/manifest.yml': 'manifest_version: 1\nartifacts:\n  setup_script: setup.sql\n',
    'sql/setup.sql': "CREATE OR ALTER VERSIONED SCHEMA core;\nCREATE STREAMLIT core.ui FROM '/streamlit' MAIN_FILE = 'app.py';\n",
    'ui/app.py': ST,
    'ui/environment.yml': 'dependencies: [pandas]\n',
  });
  assert.equal(inventory.apps.map((app) => `${app.root} ${app.kind} ${app.foundBy}: ${app.leftAlone?.split(',')[0]}`), [
    'ui native-app dependency-file: it is inside a Native App',
  ]);
});

apps('an entry file that snowflake.yml puts outside the target leaves the app alone: nothing is read or written there', () => {
  const inventory = inventoryOfFiles({
    'snowflake.yml': 'definition_version: 2\nentities:\n  app:\n    type: streamlit\n    main_file: ../../elsewhere/app.py\n',
  });
  assert.equal(inventory.appsToMigrate(), []);
  assert.match(inventory.apps[0].leftAlone ?? '', /outside the target/);
});

const code = suite('inventory: code that is not app code');

code('UDF and procedure handlers, the modules only they import, tests, libraries and generated copies', () => {
  const inventory = inventoryOfFiles({
    'streamlit_app.py': `${ST}import helpers\n`,
    'helpers.py': 'X = 1\n',
    'setup.sql': "CREATE OR REPLACE FUNCTION secret_udf() RETURNS STRING LANGUAGE PYTHON RUNTIME_VERSION = '3.11'\n"
      + "  HANDLER = 'udf_secret.run' IMPORTS = ('@stage/udf_secret.py') PACKAGES = ('snowflake-snowpark-python');\n",
    'udf_secret.py': 'import _snowflake\nimport udf_support\ndef run():\n    return _snowflake.get_generic_secret_string("k")\n',
    'udf_support.py': 'Y = 2\n',
    'procs.py': 'from snowflake.snowpark.functions import sproc\n@sproc(name="p")\ndef p(session):\n    return 1\n',
    'page_with_proc.py': `${ST}from snowflake.snowpark import Session\ndef main(session):\n    return 1\nsession.sproc.register(main)\n`,
    'tests/test_app.py': 'import streamlit_app\n',
    'lib/pyproject.toml': '[tool.poetry]\nname = "lib"\n',
    'lib/src/lib/core.py': 'Z = 3\n',
    'output/deploy/streamlit_app.py': ST,
  });
  const kinds = inventory.codeLeftAlone().map((left) => `${left.path} ${left.kind}`).sort();
  assert.equal(kinds, [
    'lib/src/lib/core.py library',
    'output/deploy/streamlit_app.py generated',
    'page_with_proc.py mixed',
    'procs.py handler',
    'tests/test_app.py test',
    'udf_secret.py handler',
    'udf_support.py handler',
  ]);
  assert.ok(inventory.visitsPython('helpers.py'));
  assert.not.ok(inventory.visitsPython('udf_secret.py'));
  assert.match(inventory.notAppCode('udf_support.py')!.reason, /imported by udf_secret\.py, which runs as a UDF or procedure/);
});

code('a module that a page and a handler both import is mixed: nothing in it is rewritten', () => {
  const inventory = inventoryOfFiles({
    'streamlit_app.py': `${ST}import shared\n`,
    'shared.py': 'import _snowflake\n',
    'snowflake.yml': 'definition_version: 2\nentities:\n  app:\n    type: streamlit\n  proc:\n    type: procedure\n'
      + '    handler: proc.main\n    artifacts: [proc.py, shared.py]\n',
    'proc.py': 'import shared\ndef main(session):\n    return 1\n',
  });
  assert.is(inventory.notAppCode('proc.py')?.kind, 'handler');
  assert.is(inventory.notAppCode('shared.py')?.kind, 'mixed');
});

const upward = suite('inventory: the project of a path');

upward('a subfolder or a file inside an app resolves to the app\'s folder, not above the git work tree', () => {
  const root = folderWith({
    'repo/.git/HEAD': 'ref: refs/heads/main\n',
    'repo/app/streamlit_app.py': ST,
    'repo/app/pages/one.py': ST,
    'repo/app/utils/auth.py': '',
    'repo/other/x.py': '',
    'snowflake.yml': 'definition_version: 2\n',
  });
  const top = path.join(root, 'repo');
  const app = path.join(top, 'app');
  assert.equal(enclosingProject(path.join(app, 'pages'), false, top), { root: app, scope: { folders: ['pages'], files: [] } });
  assert.equal(enclosingProject(path.join(app, 'utils/auth.py'), true, top), { root: app, scope: { folders: [], files: ['utils/auth.py'] } });
  assert.equal(enclosingProject(app, false, top), { root: app, scope: WHOLE_TARGET });
  // No project above it within the work tree: the folder itself (the snowflake.yml above the repository is not looked at).
  assert.equal(enclosingProject(path.join(top, 'other'), false, top), { root: path.join(top, 'other'), scope: WHOLE_TARGET });
  fs.rmSync(root, { recursive: true, force: true });
});

apps.run();
code.run();
upward.run();
