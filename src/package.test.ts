import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { REPOSITORY } from './testing/helpers';

test('the README\'s install: npm pack, npm install -g into a prefix, then stcodemod runs from another folder', () => {
  // scripts/install-check.sh: --version, a dry run of the example app that writes nothing, the data,
  // explain entries and doc blocks shipped, the tests not.
  const result = spawnSync('bash', [path.join(REPOSITORY, 'scripts', 'install-check.sh')], {
    encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'error' },
  });
  assert.is(result.status, 0, `${result.stdout}\n${result.stderr}`);
  assert.match(result.stdout, /install-check: stcodemod-\d+\.\d+\.\d+\.tgz installs into a prefix/);
});

test.run();
