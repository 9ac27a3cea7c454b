/**
 * What a person at a terminal sees: the progress line (under a pseudo-terminal, made with
 * util-linux's `script`), and Ctrl-C before and during the write (a test hook slows the write).
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BIN, folderWith, git, readTree, runCli, treeDifference } from './testing/helpers';

const SESSION_APP = 'import streamlit as st\nfrom snowflake.snowpark.context import get_active_session\n\n'
  + 'session = get_active_session()\nst.write(session.sql("select 1").collect())\n';

function committedApp(files: Record<string, string>): string {
  const root = folderWith(files);
  git(root, 'init', '-q');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'app');
  return root;
}

/** Runs the CLI with stdout and stderr on a pseudo-terminal; returns what the terminal got. */
function onTerminal(args: string[], env: Record<string, string>, cwd: string): { status: number | null; screen: string } {
  const command = [process.execPath, BIN, ...args].map((part) => `'${part.replace(/'/g, "'\\''")}'`).join(' ');
  const result = spawnSync('script', ['-qfec', command, '/dev/null'], {
    cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', ...env },
  });
  assert.ok(result.error === undefined, `util-linux script is needed for this test: ${result.error}`);
  return { status: result.status, screen: result.stdout };
}

test('on a terminal a progress line shows the step, files done of the total and the app; it is cleared before the result', () => {
  const files: Record<string, string> = { 'streamlit_app.py': SESSION_APP };
  for (let index = 0; index < 5; index++) files[`pages/page_${index}.py`] = SESSION_APP;
  const root = folderWith(files);
  const { status, screen } = onTerminal(['all', '.', '--check', '--jobs', '1'], { STCODEMOD_TEST_PROGRESS_EVERY_EVENT: '1' }, root);
  assert.is(status, 1, screen);
  assert.match(screen, /\r\x1b\[Kstcodemod: Python files 6\/6 · app in \.\/ · \d+s/);
  assert.match(screen, /\r\x1b\[Kstcodemod: deps · \d+s/);
  // The line is cleared before the summary, which starts on a clean line.
  assert.match(screen, /\r\x1b\[K {2}would be created {2}MIGRATION\.md/);

  const quiet = onTerminal(['all', '.', '--check', '--quiet'], { STCODEMOD_TEST_PROGRESS_EVERY_EVENT: '1' }, root);
  assert.not.match(quiet.screen, /\x1b\[K/);
});

test('without a terminal there is no progress line, and a short run on a terminal shows none', () => {
  const root = folderWith({ 'streamlit_app.py': SESSION_APP });
  const piped = runCli(['all', root, '--check'], { env: { STCODEMOD_TEST_PROGRESS_EVERY_EVENT: '1' } });
  assert.not.match(piped.stderr, /\x1b|\r/);
  const short = onTerminal(['all', '.', '--check'], {}, root);
  assert.not.match(short.screen, /\x1b\[K/);
});

/** Starts the CLI, sends `signal` once `ready` holds, and resolves with its exit code and stderr. */
function interrupted(args: string[], env: Record<string, string>, ready: (stderr: string) => boolean, signal: NodeJS.Signals = 'SIGINT')
  : Promise<{ status: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', ...env } });
    let stderr = '';
    let stdout = '';
    let sent = false;
    const poll = setInterval(() => {
      if (!sent && ready(stderr)) {
        sent = true;
        child.kill(signal);
      }
    }, 10);
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.on('error', reject);
    child.on('close', (status) => {
      clearInterval(poll);
      resolve({ status, stderr, stdout });
    });
  });
}

test('SIGINT before the write stops the run with nothing written, exit 130', async () => {
  const root = committedApp({ 'streamlit_app.py': SESSION_APP, 'pages/one.py': SESSION_APP });
  const before = readTree(root);
  const result = await interrupted(['all', root], { STCODEMOD_TEST_PAUSE_BEFORE_WRITE_MS: '20000' },
    (stderr) => stderr.includes('about to write'));
  assert.is(result.status, 130, result.stderr);
  assert.match(result.stderr, /stcodemod: interrupted \(SIGINT\) before writing; nothing was written\n$/);
  assert.is(treeDifference(before, readTree(root)), '');
});

test('SIGTERM before the write with --json: the error is a JSON document', async () => {
  const root = committedApp({ 'streamlit_app.py': SESSION_APP });
  const result = await interrupted(['all', root, '--json'], { STCODEMOD_TEST_PAUSE_BEFORE_WRITE_MS: '20000' },
    (stderr) => stderr.includes('about to write'), 'SIGTERM');
  assert.is(result.status, 130);
  assert.equal(JSON.parse(result.stdout), {
    version: 1, error: { code: 'stcodemod/interrupted', message: 'interrupted (SIGTERM) before writing; nothing was written' }, exitCode: 130,
  });
});

test('SIGINT while writing: the decided writes finish (each file old or new, never half), the run says what it wrote, exit 130', async () => {
  const files: Record<string, string> = { 'streamlit_app.py': SESSION_APP };
  for (let index = 0; index < 4; index++) files[`pages/page_${index}.py`] = SESSION_APP;
  const root = committedApp(files);
  const expected = readTree(runAndCopy(root));
  const journal = path.join(root, '.stcodemod-journal');
  const result = await interrupted(['all', root], { STCODEMOD_TEST_WRITE_DELAY_MS: '150' }, () => fs.existsSync(journal));
  assert.is(result.status, 130, result.stderr);
  assert.match(result.stderr, /interrupted \(SIGINT\) while writing: finished the 8 writes this run had decided on \(listed above\), then stopped/);
  assert.match(result.stdout, /\n {2}modified {2}\S*pages\/page_3\.py\n/, 'the summary lists what was written');
  const after = readTree(root);
  assert.is(treeDifference(expected, after), '');
  assert.not.ok(fs.existsSync(journal));
});

/** What an uninterrupted run writes, on a copy of the tree. */
function runAndCopy(root: string): string {
  const copy = `${root}-copy`;
  fs.cpSync(root, copy, { recursive: true });
  const result = runCli(['all', copy]);
  assert.is(result.status, 0, result.stderr);
  return copy;
}

test.run();
