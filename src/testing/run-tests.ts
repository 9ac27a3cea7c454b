/**
 * Runs every compiled `*.test.js` under dist/ with uvu, passes its output through, and ends with
 * the one line CI reads: `N passed, N failed`.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const repository = path.join(__dirname, '..', '..', '..');
const uvu = path.join(repository, 'node_modules', 'uvu', 'bin.js');
// uvu colours its report unless told not to (it sets FORCE_COLOR itself): only a terminal gets colours.
const colour = process.stdout.isTTY ? [] : ['--no-color'];
const env: NodeJS.ProcessEnv = { ...process.env, STCODEMOD_CACHE_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'stcodemod-test-cache-')) };
if (!process.stdout.isTTY) delete env.FORCE_COLOR;
const result = spawnSync(process.execPath, [uvu, 'dist', '\\.test\\.js$', ...colour], {
  cwd: repository,
  // The CLI's result cache goes to a folder of this test run, never to the user's own.
  env,
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
  maxBuffer: 256 * 1024 * 1024,
});
const output = result.stdout ?? '';
process.stdout.write(output);

const plainOutput = output.replace(/\x1b\[[0-9;]*m/g, '');
const count = (label: string) => Number(plainOutput.match(new RegExp(`${label}:\\s+(\\d+)`))?.[1] ?? NaN);
const total = count('Total');
const passed = count('Passed');
const skipped = count('Skipped');
if (Number.isNaN(total) || Number.isNaN(passed)) {
  // uvu stopped before its totals (a test file failed to load): count that as a failure.
  process.stdout.write('\n0 passed, 1 failed\n');
  process.exit(1);
}
const failed = total - passed - (Number.isNaN(skipped) ? 0 : skipped);
process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exit(result.status === 0 && failed === 0 ? 0 : 1);
