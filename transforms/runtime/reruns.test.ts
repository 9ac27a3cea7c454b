/**
 * Re-runs keep the plan: steps that a later run does not find again (their code was rewritten
 * the first time) stay with their numbers until ticked, and an option given on a re-run fills in
 * the placeholders the first run left, in snowflake.yml, migration.sql and MIGRATION.md.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { transforms } from '..';
import { migrate } from '../../src/cli';
import { RunOptions } from '../../src/transform';
import { folderWith } from '../../src/testing/helpers';

const APP = {
  'snowflake.yml': 'definition_version: 2\nentities:\n  app:\n    type: streamlit\n    identifier: ORDERS\n'
    + '    query_warehouse: WH\n    main_file: streamlit_app.py\n    artifacts: [streamlit_app.py, environment.yml]\n',
  'environment.yml': 'name: app\nchannels: [snowflake]\ndependencies:\n  - pandas=2.1\n',
  'streamlit_app.py': [
    'import _snowflake',
    'import streamlit as st',
    'from snowflake.snowpark.context import get_active_session',
    '',
    'session = get_active_session()',
    'token = _snowflake.get_generic_secret_string("api_token")',
    'st.write(token is not None)',
    '',
  ].join('\n'),
};

const options = (flags: Record<string, string> = {}): RunOptions => ({ annotate: false, flags });
const read = (root: string, file: string) => fs.readFileSync(path.join(root, file), 'utf8');

/** The manual steps of MIGRATION.md: number, box and code of each. */
function steps(root: string): string[] {
  return [...read(root, 'MIGRATION.md').matchAll(/^(\d+)\. (\[[ x]\]) .*\(`([^`]+)`\)$/gm)].map((m) => `${m[1]} ${m[2]} ${m[3]}`);
}

test('a re-run after a later change keeps the outstanding steps, with their numbers', async () => {
  const root = folderWith(APP);
  await migrate(root, undefined, transforms, options(), 'write');
  const first = steps(root);
  assert.ok(first.some((step) => step.endsWith('snowflake-module/bind-secrets')), first.join('\n'));
  assert.ok(first.some((step) => step.endsWith('runtime/compute-pool')), first.join('\n'));
  // The user ticks the package step, then adds a page; the next run finds the bind step no more.
  fs.writeFileSync(path.join(root, 'MIGRATION.md'), read(root, 'MIGRATION.md').replace(/\[ \](?= .*deps\/package-source)/, '[x]'));
  fs.mkdirSync(path.join(root, 'pages'));
  fs.writeFileSync(path.join(root, 'pages', 'more.py'), 'import streamlit as st\nst.experimental_rerun()\n');
  await migrate(root, undefined, transforms, options(), 'write');
  const second = steps(root);
  const kept = (code: string) => second.find((step) => step.endsWith(code));
  for (const step of first.filter((step) => !step.endsWith('deps/package-source'))) {
    assert.ok(second.includes(step), `lost or renumbered: ${step}\nnow:\n${second.join('\n')}`);
  }
  assert.is(kept('deps/package-source'), undefined, 'a ticked step that the run does not find again is done');
  assert.match(read(root, 'pages/more.py'), /st\.rerun\(\)/);
});

test('--compute-pool on a re-run fills in every <COMPUTE_POOL> the first run left', async () => {
  const root = folderWith(APP);
  await migrate(root, undefined, transforms, options(), 'write');
  for (const file of ['snowflake.yml', 'migration.sql', 'MIGRATION.md']) assert.match(read(root, file), /<COMPUTE_POOL>/, file);
  const rerun = await migrate(root, undefined, transforms, options({ 'compute-pool': 'APPS_POOL' }), 'write');
  assert.ok(rerun.changes.length > 0);
  for (const file of ['snowflake.yml', 'migration.sql', 'MIGRATION.md']) {
    assert.not.match(read(root, file), /<COMPUTE_POOL>/, file);
  }
  assert.match(read(root, 'snowflake.yml'), /\n {4}compute_pool: APPS_POOL\n/);
  assert.match(read(root, 'migration.sql'), /COMPUTE_POOL = APPS_POOL/);
  const third = await migrate(root, undefined, transforms, options({ 'compute-pool': 'APPS_POOL' }), 'write');
  assert.equal(third.changes.map((change) => change.to ?? change.from), [], 'a third run changes nothing');
});

test('--compute-pool on a re-run fills in the placeholder of a deploy script and of a plan with no snowflake.yml', async () => {
  const root = folderWith({
    'streamlit_app.py': 'import streamlit as st\nst.title("x")\n',
    'deploy.sql': "CREATE STREAMLIT IF NOT EXISTS orders FROM '@s/app' MAIN_FILE = 'streamlit_app.py';\n",
  });
  await migrate(root, undefined, transforms, options(), 'write');
  assert.match(read(root, 'deploy.sql'), /COMPUTE_POOL = <COMPUTE_POOL>/);
  await migrate(root, undefined, transforms, options({ 'compute-pool': 'P1' }), 'write');
  assert.match(read(root, 'deploy.sql'), /COMPUTE_POOL = P1;/);
  assert.not.match(read(root, 'migration.sql') + read(root, 'MIGRATION.md'), /<COMPUTE_POOL>/);
});

test.run();
