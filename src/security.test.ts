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
import { folderWith, git, readTree, runCli } from './testing/helpers';

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

test.run();
