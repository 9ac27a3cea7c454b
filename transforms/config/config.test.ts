import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { copyTree, readTree, runCli, TESTDATA, temporaryFolder } from '../../src/testing/helpers';

const CASE = path.join(TESTDATA, 'config', 'secrets-credentials', 'input');

test('no secret value reaches a diff, the JSON report, the summary or any generated file', () => {
  const root = temporaryFolder();
  copyTree(CASE, root);
  const values = [...fs.readFileSync(path.join(root, '.streamlit', 'secrets.toml'), 'utf8').matchAll(/DO-NOT-LEAK-\d/g)]
    .map((match) => match[0]);
  assert.equal(values.length, 4);
  const dryRun = runCli(['all', root, '--dry-run']);
  const json = runCli(['all', root, '--dry-run', '--json']);
  const write = runCli(['all', root]);
  assert.is(write.status, 0, write.stderr);
  const written = [...readTree(root)].filter(([name]) => !name.endsWith('secrets.toml')).map(([, bytes]) => bytes.toString('utf8'));
  for (const output of [dryRun.stdout, dryRun.stderr, json.stdout, write.stdout, write.stderr, ...written]) {
    for (const value of values) assert.not.ok(output.includes(value), `leaked ${value}`);
  }
  assert.ok(fs.readFileSync(path.join(root, 'migration.sql'), 'utf8').includes("'<value of api_key in .streamlit/secrets.toml>'"));
  fs.rmSync(root, { recursive: true, force: true });
});

test.run();
