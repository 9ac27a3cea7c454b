/**
 * Hostile input and a hostile environment, through the CLI (issue 22, items 6-9): names that try
 * to inject SQL, secrets that must not reach any output, a poisoned or booby-trapped result cache,
 * and a repository whose git config runs programs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseSql } from './sql';
import { folderWith, git, readTree, runCli, temporaryFolder } from './testing/helpers';

const INJECTION = 'db; GRANT ROLE accountadmin TO USER mallory; --';

/** The first words of every statement of a SQL text, upper-cased. */
function statementHeads(sql: string): string[] {
  return parseSql(sql).statements.map((statement) => statement.tokens.slice(0, 3).map((token) => token.text.toUpperCase()).join(' '));
}

test('a name in snowflake.yml that holds SQL is one quoted identifier in every SQL stcodemod writes', () => {
  const root = folderWith({
    'snowflake.yml': [
      'definition_version: 2',
      'entities:',
      '  shop:',
      '    type: streamlit',
      `    identifier: { name: "shop; DROP DATABASE prod; --", database: "${INJECTION}", schema: apps }`,
      '    query_warehouse: "wh; GRANT ROLE accountadmin TO USER mallory"',
      '    main_file: streamlit_app.py',
      '    artifacts: [streamlit_app.py, environment.yml]',
      '',
    ].join('\n'),
    'environment.yml': 'dependencies:\n  - pandas=2.1\n',
    'streamlit_app.py': [
      'import _snowflake',
      'import streamlit as st',
      '',
      'key = _snowflake.get_generic_secret_string("api_key")',
      'token = _snowflake.get_oauth_access_token("oauth")',
      'st.write(key, token)',
      '',
    ].join('\n'),
    '.streamlit/secrets.toml': 'api_token = "x"\n',
  });
  const dryRun = JSON.parse(runCli(['all', root, '--dry-run', '--json', '--no-cache']).stdout);
  const snippets = [...dryRun.manualSteps, ...dryRun.diagnostics].map((step: { snippet?: string }) => step.snippet ?? '');
  assert.ok(snippets.some((snippet) => snippet.includes('ALTER STREAMLIT')), 'the package source and secret steps hold SQL');
  assert.is(runCli(['all', root, '--no-cache']).status, 0);
  const written = [...readTree(root)].filter(([name]) => name.endsWith('.sql')).map(([, bytes]) => bytes.toString('utf8'));
  assert.ok(written.length >= 2, 'migration.sql and the secret procedures');
  for (const sql of [...written, ...snippets]) {
    for (const head of statementHeads(sql)) {
      assert.not.ok(/^(GRANT ROLE|DROP DATABASE)/.test(head), `${head}\nin\n${sql}`);
    }
  }
  const migration = fs.readFileSync(path.join(root, 'migration.sql'), 'utf8');
  assert.ok(migration.includes(`ALTER STREAMLIT "${INJECTION}".apps."shop; DROP DATABASE prod; --" SET`), migration);
  assert.ok(migration.includes('QUERY_WAREHOUSE = "wh; GRANT ROLE accountadmin TO USER mallory"'), migration);
});

/** An app whose files hold credentials everywhere stcodemod reads and edits, each marked with SECRET. */
const SECRET_APP: Record<string, string> = {
  'requirements.txt': '--index-url https://user:SECRET1@pypi.example.com/simple\nrequests\n',
  'environment.yml': [
    'channels:',
    '  - https://token:SECRET2@conda.example.com/private',
    'dependencies:',
    '  - pandas=2.1',
    '  - pip:',
    '    - --extra-index-url https://u:SECRET3@idx.example.com/simple',
    '    - flask',
    '',
  ].join('\n'),
  'snowflake.yml': [
    'definition_version: 2',
    'env:',
    '  DB_PASSWORD: SECRET4',
    '  settings: { API_TOKEN: SECRET5 }',
    'entities:',
    '  shop:',
    '    type: streamlit',
    '    identifier: shop',
    '    query_warehouse: wh',
    '    main_file: streamlit_app.py',
    '    artifacts: [streamlit_app.py, environment.yml, requirements.txt]',
    '',
  ].join('\n'),
  'deploy.sql': [
    "CREATE SECRET IF NOT EXISTS s TYPE = PASSWORD USERNAME = 'bob' PASSWORD = 'SECRET6';",
    "CREATE STREAMLIT shop ROOT_LOCATION = '@st/shop' MAIN_FILE = '/streamlit_app.py' QUERY_WAREHOUSE = wh;",
    '',
  ].join('\n'),
  'native/manifest.yml': 'manifest_version: 1\nartifacts:\n  setup_script: setup.sql\n',
  'native/setup.sql': [
    'CREATE APPLICATION ROLE IF NOT EXISTS app_public;',
    "CREATE SECRET core.s TYPE = GENERIC_STRING SECRET_STRING = 'SECRET7';",
    'CREATE SCHEMA core;',
    "CREATE SECRET core.o TYPE = OAUTH2 OAUTH_REFRESH_TOKEN = 'SECRET8' OAUTH_REFRESH_TOKEN_EXPIRY_TIME = '2030-01-01';",
    '',
  ].join('\n'),
  '.streamlit/config.toml': '[server]\ncookieSecret = "SECRET9"\n\n[snowflake.sleep]\nstreamlitSleepTimeout = 60\n',
  'streamlit_app.py': [
    'import streamlit as st',
    'from snowflake.snowpark.context import get_active_session',
    '',
    'session = get_active_session()',
    "session.sql(\"ALTER USER bob SET PASSWORD = 'SECRET10'\").collect()",
    'st.write("https://reader:SECRET11@example.com/data.csv")',
    '',
  ].join('\n'),
};

test('no credential reaches any output: diffs, --json, the summary, generated files, the cache', () => {
  const root = folderWith(SECRET_APP);
  const cache = temporaryFolder();
  const env = { STCODEMOD_CACHE_DIR: cache };
  const outputs = [
    runCli(['all', root, '--dry-run'], { env }),
    runCli(['all', root, '--dry-run', '--json'], { env }),
    runCli(['all', root, '--check'], { env }),
    runCli(['all', root, '--force'], { env }),
  ];
  const dryRun = outputs[0].stdout;
  assert.ok(dryRun.includes('+++ b/deploy.sql') && dryRun.includes('+++ b/snowflake.yml') && dryRun.includes('+++ b/requirements.txt'),
    dryRun);
  assert.ok(dryRun.includes("PASSWORD = '***'"), 'a masked context line is shown');
  for (const [index, output] of outputs.entries()) {
    assert.not.match(output.stdout + output.stderr, /SECRET\d/, `output ${index}`);
  }
  // Files keep the user's own credentials, but no file gets a credential it did not have.
  const marks = (text: string) => (text.match(/SECRET\d+/g) ?? []).sort().join(',');
  for (const [name, bytes] of readTree(root)) {
    assert.is(marks(bytes.toString('utf8')), marks(SECRET_APP[name] ?? ''), name);
  }
  for (const [name, bytes] of readTree(cache)) assert.not.match(bytes.toString('utf8'), /SECRET\d/, name);
});

test.run();
