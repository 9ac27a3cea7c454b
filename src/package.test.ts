import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { REPOSITORY, temporaryFolder } from './testing/helpers';

function npm(args: string[], cwd: string): string {
  const result = spawnSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'error' } });
  if (result.status !== 0) throw new Error(`npm ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

test('npm pack gives a tarball that installs and runs in an empty folder', () => {
  const packed = temporaryFolder('stcodemod-pack-');
  const consumer = temporaryFolder('stcodemod-consumer-');
  try {
    const tarball = npm(['pack', '--pack-destination', packed], REPOSITORY).trim().split('\n').pop()!;
    npm(['init', '-y'], consumer);
    npm(['install', '--prefer-offline', '--no-audit', '--no-fund', path.join(packed, tarball)], consumer);
    const bin = path.join(consumer, 'node_modules', '.bin', 'stcodemod');
    const list = spawnSync(bin, ['list'], { cwd: consumer, encoding: 'utf8' });
    assert.is(list.status, 0, list.stderr);
    assert.match(list.stdout, /session +Replace get_active_session\(\)/);
    fs.writeFileSync(path.join(consumer, 'app.py'), 'from snowflake.snowpark.context import get_active_session\ns = get_active_session()\n');
    const check = spawnSync(bin, ['all', 'app.py', '--check'], { cwd: consumer, encoding: 'utf8' });
    assert.is(check.status, 1, check.stderr);
    assert.ok(fs.existsSync(path.join(consumer, 'node_modules', 'stcodemod', 'data', 'streamlit-api', 'names.txt')),
      'the table of Streamlit\'s API is shipped');
    const installed = fs.readdirSync(path.join(consumer, 'node_modules', 'stcodemod', 'dist', 'src'));
    assert.not.ok(installed.some((name) => name.includes('.test.')), 'tests are not shipped');
  } finally {
    fs.rmSync(packed, { recursive: true, force: true });
    fs.rmSync(consumer, { recursive: true, force: true });
  }
});

test.run();
