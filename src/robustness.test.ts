/**
 * Hostile inputs and a hostile environment, through the CLI: each must end in one line naming the
 * file (never a stack trace), never hang, and never lose or skip anything without saying so.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BIN, folderWith, git, readTree, runCli, treeDifference } from './testing/helpers';

const APP = 'import streamlit as st\nfrom snowflake.snowpark.context import get_active_session\n\nsession = get_active_session()\n';

/** A YAML text of 300 bytes whose aliases expand to 9^7 (4.8 million) strings: "billion laughs". */
const ALIAS_BOMB = [
  'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
  ...['b', 'c', 'd', 'e', 'f', 'g'].map((name, index) => {
    const previous = String.fromCharCode('a'.charCodeAt(0) + index);
    return `${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`;
  }),
  'dependencies: [*g]',
  '',
].join('\n');

function noStackTrace(output: string): void {
  assert.not.match(output, /\n\s+at .+\(.*:\d+:\d+\)/, output);
  assert.not.ok(output.includes('internal error'), output);
}

function json(result: { stdout: string; stderr: string }): {
  skipped: { path: string; reason: string }[];
  diagnostics: { code: string; severity: string; message: string; location: { path: string } | null }[];
  manualSteps: { code: string; message: string; location: { path: string } | null }[];
  files: { path: string; status: string }[];
  exitCode: number;
} {
  try {
    return JSON.parse(result.stdout);
  } catch {
    throw new Error(`not JSON: ${result.stdout}\n${result.stderr}`);
  }
}

function mkfifo(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const result = spawnSync('mkfifo', [file]);
  if (result.status !== 0) throw new Error(`mkfifo ${file}: ${result.stderr}`);
}

test('a YAML alias bomb skips its own file, and the rest of a monorepo is migrated', () => {
  const root = folderWith({
    'bombed/environment.yml': `name: bombed\n${ALIAS_BOMB}`,
    'bombed/streamlit_app.py': APP,
    'defined/snowflake.yml': `definition_version: 2\n${ALIAS_BOMB}`,
    'defined/streamlit_app.py': APP,
    'healthy/environment.yml': 'name: healthy\ndependencies:\n  - pandas=2.1\n',
    'healthy/streamlit_app.py': APP,
  });
  const result = runCli(['all', root, '--dry-run', '--json', '--no-cache']);
  noStackTrace(result.stderr);
  const document = json(result);
  assert.is(result.status, 2);
  const reasons = new Map(document.skipped.map((skip) => [skip.path, skip.reason]));
  assert.match(reasons.get('bombed/environment.yml') ?? '', /alias bomb/);
  assert.match(reasons.get('defined/snowflake.yml') ?? '', /alias bomb/);
  const changed = document.files.map((file) => file.path);
  assert.ok(changed.includes('healthy/requirements.txt'), changed.join(' '));
  assert.ok(changed.includes('healthy/streamlit_app.py'), changed.join(' '));
  assert.ok(changed.includes('bombed/streamlit_app.py'), changed.join(' '));
});

test('YAML nested thousands of brackets deep is refused as invalid, not a crash', () => {
  const root = folderWith({ 'environment.yml': `dependencies: ${'['.repeat(20000)}${']'.repeat(20000)}\n` });
  const result = runCli(['deps', root, '--dry-run', '--json', '--no-cache']);
  noStackTrace(result.stderr);
  assert.is(result.status, 2);
  assert.match(json(result).skipped[0].reason, /nested more than 256 levels/);
});

test('a secrets.toml that is a folder or unreadable is one line naming it', () => {
  const folder = folderWith({ 'streamlit_app.py': APP, '.gitignore': '.streamlit/secrets.toml\n' });
  fs.mkdirSync(path.join(folder, '.streamlit', 'secrets.toml'), { recursive: true });
  const asFolder = runCli(['all', folder, '--dry-run', '--json', '--no-cache']);
  noStackTrace(asFolder.stderr);
  assert.is(asFolder.status, 0, asFolder.stderr);
  const warning = json(asFolder).diagnostics.find((finding) => finding.code === 'runtime/secrets-unread');
  assert.is(warning?.location?.path, '.streamlit/secrets.toml');
  assert.match(warning!.message, /a folder/);

  // Git-ignored, so read only for the plan; then in the run, where it is a skipped file.
  const ignored = folderWith({ 'streamlit_app.py': APP, '.gitignore': '.streamlit/secrets.toml\n',
    '.streamlit/secrets.toml': 'password = "hunter2"\n' });
  fs.chmodSync(path.join(ignored, '.streamlit', 'secrets.toml'), 0o000);
  const unread = runCli(['all', ignored, '--dry-run', '--json', '--no-cache'], { obeyFilePermissions: true });
  noStackTrace(unread.stderr);
  assert.match(json(unread).diagnostics.find((finding) => finding.code === 'runtime/secrets-unread')!.message, /permission denied/);
  fs.rmSync(path.join(ignored, '.gitignore'));
  const inRun = runCli(['all', ignored, '--dry-run', '--json', '--no-cache'], { obeyFilePermissions: true });
  noStackTrace(inRun.stderr);
  assert.is(inRun.status, 2);
  assert.equal(json(inRun).skipped, [{ path: '.streamlit/secrets.toml', reason: 'cannot read file (permission denied)' }]);
});

test('a closed stdout ends the run quietly, with its usual exit code', async () => {
  const root = folderWith({ 'streamlit_app.py': APP, 'pages/one.py': APP, 'pages/two.py': APP });
  const child = spawn(process.execPath, [BIN, 'all', root, '--dry-run', '--no-cache'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  // Like `| head -1`: read the first chunk, then close the pipe.
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.is(code, 0, stderr);
  assert.is(stderr, '');
});

test('FIFOs named .gitignore or .streamlit/secrets.toml are not read, and do not hang the run', () => {
  const root = folderWith({ 'streamlit_app.py': APP, 'pages/page.py': APP });
  mkfifo(path.join(root, '.gitignore'));
  mkfifo(path.join(root, '.streamlit', 'secrets.toml'));
  mkfifo(path.join(root, 'pages', '.gitignore'));
  const result = spawnSync(process.execPath, [BIN, 'all', root, '--dry-run', '--json', '--no-cache'],
    { encoding: 'utf8', timeout: 60_000 });
  assert.is(result.signal, null, 'the run hung');
  noStackTrace(result.stderr);
  const document = json(result);
  assert.is(result.status, 0, result.stderr);
  const warnings = document.diagnostics.filter((finding) => /a FIFO/.test(finding.message)).map((finding) => finding.location?.path);
  assert.equal(warnings.sort(), ['.gitignore', '.streamlit/secrets.toml', 'pages/.gitignore']);
  assert.ok(document.files.some((file) => file.path === 'pages/page.py'));
});

test('a .gitignore linked to /dev/zero is not followed', () => {
  const root = folderWith({ 'streamlit_app.py': APP });
  fs.symlinkSync('/dev/zero', path.join(root, '.gitignore'));
  const result = spawnSync(process.execPath, [BIN, 'all', root, '--check', '--json', '--no-cache'],
    { encoding: 'utf8', timeout: 60_000 });
  assert.is(result.signal, null, 'the run hung');
  const warning = json(result).diagnostics.find((finding) => finding.location?.path === '.gitignore');
  assert.match(warning!.message, /symbolic link/);
});

test('an unreadable folder is an error (exit 2), and an unreadable target a one-line error', () => {
  const root = folderWith({ 'streamlit_app.py': APP, 'pages/page.py': APP });
  fs.chmodSync(path.join(root, 'pages'), 0o000);
  try {
    const result = runCli(['all', root, '--check', '--json', '--no-cache'], { obeyFilePermissions: true });
    assert.is(result.status, 2, result.stderr);
    assert.equal(json(result).skipped, [{ path: 'pages', reason: 'cannot read folder (permission denied); none of its files were looked at' }]);
    fs.chmodSync(root, 0o000);
    const target = runCli(['all', root, '--check', '--no-cache'], { obeyFilePermissions: true });
    assert.is(target.status, 2);
    assert.is(target.stderr, `stcodemod: ${root}: cannot read folder (permission denied)\n`);
  } finally {
    fs.chmodSync(root, 0o755);
    fs.chmodSync(path.join(root, 'pages'), 0o755);
  }
});

test('a 200-file app on worker threads finds the helper the run created in memory', () => {
  const files: Record<string, string> = {
    'streamlit_app.py': 'import streamlit as st\nimport _snowflake\n\n'
      + 'resp = _snowflake.send_snow_api_request("GET", "/api/v2/databases", {}, {}, {}, None, 30000)\nst.write(resp)\n',
  };
  for (let index = 0; index < 210; index++) files[`pages/page_${index}.py`] = `import streamlit as st\n\nst.write(${index})\n`;
  const root = folderWith(files);
  const threaded = runCli(['all', root, '--dry-run', '--jobs', '2', '--no-cache']);
  assert.is(threaded.status, 0, threaded.stdout.split('\n').filter((line) => /skipped|error/.test(line)).join('\n'));
  assert.not.ok(threaded.stdout.includes('disappeared'));
  assert.ok(threaded.stdout.includes('+++ b/snowflake_api.py'));
  const single = runCli(['all', root, '--dry-run', '--jobs', '1', '--no-cache']);
  const timeless = (text: string) => text.replace(/ in \d+\.\d s\n$/, '\n');
  assert.is(timeless(threaded.stdout), timeless(single.stdout));
});

test('a file over its size limit is skipped with its size and the limit; the others are migrated', () => {
  const line = 'value = get_active_session().sql("select 1").collect()\n';
  const root = folderWith({
    'streamlit_app.py': APP,
    'huge.py': `from snowflake.snowpark.context import get_active_session\n${line.repeat(Math.ceil(1.5 * 1024 * 1024 / line.length))}`,
    'deploy.sql': `CREATE STREAMLIT app ROOT_LOCATION = '@stage/app' MAIN_FILE = '/streamlit_app.py';\n${'-- padding\n'.repeat(250_000)}`,
  });
  const result = runCli(['all', root, '--dry-run', '--json', '--no-cache']);
  assert.is(result.status, 2);
  const document = json(result);
  assert.equal(document.skipped, [
    { path: 'deploy.sql', reason: 'too large to process (2.6 MiB; files over 2 MiB are skipped)' },
    { path: 'huge.py', reason: 'too large to process (1.5 MiB; files over 1 MiB are skipped)' },
  ]);
  assert.ok(document.diagnostics.some((finding) => finding.code === 'stcodemod/file-too-large'));
  assert.ok(document.files.some((file) => file.path === 'streamlit_app.py'));
});

test('a bad option value stops the run before anything is written', () => {
  const root = folderWith({ 'streamlit_app.py': APP, 'environment.yml': 'dependencies:\n  - pandas=2.1\n' });
  git(root, 'init', '-q');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'app');
  const before = readTree(root);
  for (const [flag, value, reason] of [
    ['--deps-format', 'foo', 'must be `requirements` or `pyproject`'],
    ['--cache-ttl', '0', 'is not a number of seconds above 0 (600) or a duration (10m, 1h, 1d)'],
    ['--cache-ttl', '99999999999999999999', 'is longer than st.cache_data accepts (9223372036 seconds, about 292 years)'],
    ['--cache-ttl', '200000d', 'is longer than st.cache_data accepts (9223372036 seconds, about 292 years)'],
    ['--main-file', '../app.py', 'must be a path inside the target'],
  ]) {
    const result = runCli(['all', root, flag, value, '--no-cache']);
    assert.is(result.status, 2, `${flag} ${value}`);
    assert.is(result.stderr.split('\n')[0], `stcodemod: ${flag} ${JSON.stringify(value)} ${reason}`);
    assert.is(treeDifference(before, readTree(root)), '', `${flag} ${value} wrote`);
  }
});

test('control characters in file names and contents are printed escaped, in every output', () => {
  const hostile = 'pages/\x1b[2J\u202eevil.py';
  const root = folderWith({
    'streamlit_app.py': `${APP}st_title = "\x1b]0;pwned\x07\x1b[31mred\x9b1m"  # \u202e reversed\rhidden\n`,
    [hostile]: APP,
    'environment.yml': 'dependencies:\n  - "pandas\x1b[8m=2.1"\n',
  });
  // Only the escape sequences of our own colours may appear, and only with --color.
  const raw = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;
  const ownColours = /\x1b\[\d+(;\d+)*m/g;
  for (const mode of [['--dry-run'], ['--dry-run', '--color'], ['--check'], ['--dry-run', '--json']]) {
    const result = runCli(['all', root, '--no-cache', ...mode]);
    assert.not.match(result.stdout.replace(ownColours, ''), raw, mode.join(' '));
    assert.not.match(result.stderr, raw, mode.join(' '));
  }
  const text = runCli(['all', root, '--no-cache', '--dry-run'], { cwd: root }).stdout;
  assert.ok(text.includes('\\x1b]0;pwned\\x07\\x1b[31mred\\x9b1m'), text);
  assert.ok(text.includes('# control characters are shown escaped'), text);
  assert.ok(text.includes('would be modified  pages/\\x1b[2J\\u202eevil.py'), text);
  const document = json(runCli(['all', root, '--no-cache', '--dry-run', '--json']));
  assert.ok(document.files.some((file) => file.path === hostile), 'the JSON keeps the exact name');
  const missing = runCli(['all', `${root}/\x1b[2Jgone`, '--no-cache']);
  assert.is(missing.stderr, `stcodemod: ${root}/\\x1b[2Jgone: no such file or directory\n`);
});

test.run();
