import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { folderWith, git, readTree, runCli, temporaryFolder, treeDifference } from './testing/helpers';

const SESSION_APP = [
  'import streamlit as st',
  'from snowflake.snowpark.context import get_active_session',
  '',
  'session = get_active_session()',
  'st.write(session.sql("select 1").collect())',
  '',
].join('\n');

function appFolder(files: Record<string, string | Buffer> = { 'streamlit_app.py': SESSION_APP }): string {
  return folderWith(files);
}

function committedApp(files?: Record<string, string | Buffer>): string {
  const root = appFolder(files);
  git(root, 'init', '-q');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'app');
  return root;
}

test('--dry-run prints a unified diff and writes nothing', () => {
  const root = appFolder();
  const before = readTree(root);
  const result = runCli(['all', root, '--dry-run'], { cwd: root });
  assert.is(result.status, 0, result.stderr);
  assert.ok(result.stdout.includes('--- a/streamlit_app.py\n+++ b/streamlit_app.py\n'), result.stdout);
  assert.ok(result.stdout.includes('+session = get_snowflake_session()'));
  // `all` also writes the migration plan (runtime's finish hook).
  assert.ok(result.stdout.includes('would be created  MIGRATION.md'), result.stdout);
  assert.ok(result.stdout.includes('would be created  snowflake_session.py'), result.stdout);
  assert.ok(result.stdout.includes('4 files would change'));
  assert.is(treeDifference(before, readTree(root)), '');
});

test('the dry-run diff applies with git apply and gives what a real run writes', () => {
  const root = committedApp({ 'pages/1_📈_Trends.py': SESSION_APP, 'app.py': SESSION_APP.replace(/\n/g, '\r\n') });
  const patch = runCli(['all', root, '--dry-run']).stdout.split('\n\n  would be')[0] + '\n';
  fs.writeFileSync(path.join(root, '..', `${path.basename(root)}.patch`), patch);
  git(root, 'apply', path.join(root, '..', `${path.basename(root)}.patch`));
  const applied = readTree(root);
  git(root, 'checkout', '-q', '.');
  git(root, 'clean', '-fdq');
  assert.is(runCli(['all', root]).status, 0);
  assert.is(treeDifference(readTree(root), applied), '');
});

test('--check exits 1 with pending changes and prints no diff', () => {
  const root = appFolder();
  const result = runCli(['all', root, '--check'], { cwd: root });
  assert.is(result.status, 1);
  assert.not.ok(result.stdout.includes('+++ b/'));
  assert.ok(result.stdout.includes('would be modified  streamlit_app.py'));
});

test('a Python file no selected transform looks at is not parsed, and its syntax error not reported', () => {
  const root = appFolder({ 'streamlit_app.py': SESSION_APP, 'pages/notes.py': 'def f(:\n' });
  const document = JSON.parse(runCli(['session', root, '--dry-run', '--json']).stdout);
  assert.equal(document.skipped, []);
  // streamlit_app.py, and the app's session module the run creates.
  assert.equal(document.summary, { changed: 2, unchanged: 1, skipped: 0, manualSteps: 0 });
});

test('--check exits 0 once the app is migrated', () => {
  const root = committedApp();
  assert.is(runCli(['all', root]).status, 0);
  const result = runCli(['all', root, '--check']);
  assert.is(result.status, 0, result.stdout);
  assert.ok(result.stdout.includes('0 files would change'));
});

test('--json prints one document with files, diffs, manual steps and diagnostics', () => {
  const root = appFolder({
    'streamlit_app.py': SESSION_APP,
    'pages/local.py': 'from snowflake.snowpark import Session\nsession = Session.builder.getOrCreate()\n',
    'pages/broken.py': 'session = get_active_session(\n',
  });
  const result = runCli(['session', root, '--dry-run', '--json']);
  assert.is(result.status, 2);
  const document = JSON.parse(result.stdout);
  assert.equal(Object.keys(document), ['version', 'target', 'mode', 'transforms', 'apps', 'files', 'skipped', 'manualSteps',
    'diagnostics', 'summary', 'exitCode']);
  assert.equal(document.apps, [{
    name: null, root: '', mainFile: 'streamlit_app.py', foundBy: 'streamlit_app.py in the folder', runtime: 'unknown', status: 'migrated',
  }]);
  assert.is(document.mode, 'dry-run');
  assert.equal(document.transforms, ['session']);
  assert.equal(document.files.map((file: { path: string }) => file.path), ['snowflake_session.py', 'streamlit_app.py']);
  assert.is(document.files[0].status, 'created');
  assert.is(document.files[1].status, 'modified');
  assert.ok(document.files[1].diff.startsWith('diff --git a/streamlit_app.py b/streamlit_app.py\n'));
  assert.equal(document.manualSteps[0].location, { path: 'pages/local.py', line: 2, column: 11 });
  assert.is(document.manualSteps[0].code, 'session/session-builder');
  assert.equal(document.skipped, [{ path: 'pages/broken.py', reason: 'Python syntax error at line 1; the file was left untouched' }]);
  assert.equal(document.summary, { changed: 2, unchanged: 1, skipped: 1, manualSteps: 1 });
  assert.is(document.exitCode, 2);
});

test('a dirty git tree is refused without --force, and written with it', () => {
  const root = committedApp();
  fs.appendFileSync(path.join(root, 'streamlit_app.py'), '# local edit\n');
  const refused = runCli(['all', root]);
  assert.is(refused.status, 2);
  assert.is(refused.stderr.trim().split('\n').length, 1);
  assert.match(refused.stderr, /uncommitted changes; commit or stash first, or pass --force/);
  assert.ok(fs.readFileSync(path.join(root, 'streamlit_app.py'), 'utf8').includes('get_active_session()'));

  const forced = runCli(['all', root, '--force']);
  assert.is(forced.status, 0, forced.stderr);
  assert.ok(fs.readFileSync(path.join(root, 'streamlit_app.py'), 'utf8').includes('get_snowflake_session()'));
});

test('an untracked file makes the tree dirty; dry runs and checks never refuse', () => {
  const root = committedApp();
  fs.writeFileSync(path.join(root, 'new_page.py'), 'import streamlit as st\n');
  assert.is(runCli(['all', root]).status, 2);
  assert.is(runCli(['all', root, '--dry-run']).status, 0);
  assert.is(runCli(['all', root, '--check']).status, 1);
});

test('outside git the run warns and goes on', () => {
  const root = appFolder();
  const result = runCli(['all', root]);
  assert.is(result.status, 0);
  assert.match(result.stderr, /not in a git work tree/);
  assert.ok(fs.readFileSync(path.join(root, 'streamlit_app.py'), 'utf8').includes('get_snowflake_session()'));
});

test('an unknown transform names the one meant, and exits 2', () => {
  const result = runCli(['sesion', '.']);
  assert.is(result.status, 2);
  assert.match(result.stderr, /^stcodemod: unknown transform 'sesion'; did you mean 'session'\? \(transforms: deps, config, /);
  assert.not.match(result.stderr, /\n\s+at /);
});

test('a missing path is a one-line error with exit 2', () => {
  const result = runCli(['all', '/no/such/folder']);
  assert.is(result.status, 2);
  assert.is(result.stderr, 'stcodemod: /no/such/folder: no such file or directory\n');
});

test('bad usage is a short error, never a stack trace', () => {
  for (const args of [[], ['all'], ['all', '.', '--frobnicate'], ['all', 'a', 'b']]) {
    const result = runCli(args);
    assert.is(result.status, 2, args.join(' '));
    assert.not.match(result.stderr, /\n\s+at /);
  }
});

test('an unreadable file is skipped with its reason; the rest of the run completes', () => {
  const root = appFolder({ 'streamlit_app.py': SESSION_APP, 'secret_page.py': SESSION_APP });
  fs.chmodSync(path.join(root, 'secret_page.py'), 0o000);
  const result = runCli(['session', root, '--dry-run'], { obeyFilePermissions: true, cwd: root });
  assert.is(result.status, 2, result.stderr);
  assert.match(result.stdout, /skipped {2}secret_page\.py: cannot read file \(permission denied\)/);
  assert.match(result.stdout, /would be modified {2}streamlit_app\.py/);
});

test('a broken file and a binary file stay untouched, CRLF endings are kept', () => {
  const crlf = SESSION_APP.replace(/\n/g, '\r\n');
  const binary = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x67, 0x65, 0x74]);
  const root = committedApp({
    'pages/broken.py': 'from snowflake.snowpark.context import get_active_session\ndef f(:\n    get_active_session()\n',
    'pages/blob.py': Buffer.concat([Buffer.from('get_active_session'), binary]),
    'pages/windows.py': crlf,
  });
  const before = readTree(root);
  const result = runCli(['all', root], { cwd: root });
  assert.is(result.status, 2);
  const after = readTree(root);
  assert.ok(after.get('pages/broken.py')!.equals(before.get('pages/broken.py')!));
  assert.ok(after.get('pages/blob.py')!.equals(before.get('pages/blob.py')!));
  const windows = after.get('pages/windows.py')!.toString('utf8');
  assert.ok(windows.includes('get_snowflake_session()'));
  assert.not.match(windows, /[^\r]\n/);
  assert.match(result.stdout, /skipped {2}pages\/blob\.py: binary file/);
  assert.match(result.stdout, /skipped {2}pages\/broken\.py: Python syntax error at line 2/);
});

test('.gitignore is honoured, an explicit file is processed anyway', () => {
  const root = appFolder({
    '.gitignore': 'generated/\n',
    'generated/page.py': SESSION_APP,
    'sub/.gitignore': '*.py\n!keep.py\n',
    'sub/skip.py': SESSION_APP,
    'sub/keep.py': SESSION_APP,
    'node_modules/pkg/x.py': SESSION_APP,
  });
  const folder = runCli(['session', root, '--dry-run', '--json']);
  assert.equal(JSON.parse(folder.stdout).files.map((f: { path: string }) => f.path), ['snowflake_session.py', 'sub/keep.py']);
  const explicit = runCli(['session', path.join(root, 'generated', 'page.py'), '--dry-run', '--json']);
  assert.equal(JSON.parse(explicit.stdout).files.map((f: { path: string }) => f.path), ['page.py', 'snowflake_session.py']);
});

test('colour only when asked for (stdout is not a terminal here)', () => {
  const root = appFolder();
  assert.not.match(runCli(['all', root, '--dry-run']).stdout, /\x1b\[/);
  assert.match(runCli(['all', root, '--dry-run', '--color']).stdout, /\x1b\[32m\+session/);
  assert.not.match(runCli(['all', root, '--dry-run', '--color', '--no-color']).stdout, /\x1b\[/);
});

test('list names each transform with what it touches and its safety', () => {
  const result = runCli(['list']);
  assert.is(result.status, 0);
  assert.match(result.stdout, /session +Replace get_active_session\(\)/);
  assert.match(result.stdout, /touches: \*\.py; creates snowflake_session\.py; all edits safe/);
});

test('--annotate leaves TODO comments that a second run does not duplicate', () => {
  const root = committedApp({ 'app.py': 'import streamlit as st\nfrom snowflake.snowpark import Session\nsession = Session.builder.getOrCreate()\n' });
  assert.is(runCli(['all', root, '--annotate']).status, 0);
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'annotated');
  assert.is(runCli(['all', root, '--annotate']).status, 0);
  const text = fs.readFileSync(path.join(root, 'app.py'), 'utf8');
  assert.is(text.match(/# TODO\(stcodemod\):/g)?.length, 1, text);
});

test('worker threads give exactly what a single-threaded run gives', () => {
  const files: Record<string, string | Buffer> = {};
  for (let i = 0; i < 240; i++) {
    files[`pages/page_${i}.py`] = i % 3 === 0 ? SESSION_APP : `def f_${i}():\n    return ${i}\n`;
  }
  files['pages/broken.py'] = 'session = get_active_session(\n';
  files['pages/builder.py'] = 'from snowflake.snowpark import Session\ns = Session.builder.getOrCreate()\n';
  files['pages/blob.py'] = Buffer.from([0x00, 0x01, 0x02]);
  const root = appFolder(files);
  const single = JSON.parse(runCli(['session', root, '--dry-run', '--json', '--jobs', '1']).stdout);
  const parallel = JSON.parse(runCli(['session', root, '--dry-run', '--json', '--jobs', '2']).stdout);
  assert.equal(parallel, single);
  // 80 pages, and the session module they share (no entry file is known: at the root).
  assert.is(single.files.length, 81);
  assert.equal(single.summary, { changed: 81, unchanged: 161, skipped: 2, manualSteps: 1 });

  const copy = temporaryFolder();
  fs.cpSync(root, copy, { recursive: true });
  runCli(['session', root, '--jobs', '1']);
  runCli(['session', copy, '--jobs', '2']);
  assert.is(treeDifference(readTree(root), readTree(copy)), '');
});

test('workers and project hooks: files a hook changed are finished on the main thread', () => {
  // A regression: snowflake-module's project hook rewrote these files in the first pass, and the
  // second pass sent them to workers, which read the old text from disk and were refused.
  const files: Record<string, string> = {};
  for (let i = 0; i < 210; i++) {
    files[`app_${i}/streamlit_app.py`] = 'import _snowflake\nfrom snowflake.snowpark.context import get_active_session\n'
      + `KEY = _snowflake.get_generic_secret_string("key_${i}")\nsession = get_active_session()\n`;
  }
  const root = appFolder(files);
  const single = JSON.parse(runCli(['all', root, '--dry-run', '--json', '--jobs', '1']).stdout);
  const parallel = JSON.parse(runCli(['all', root, '--dry-run', '--json', '--jobs', '2']).stdout);
  assert.equal(parallel.diagnostics.filter((d: { severity: string }) => d.severity === 'error'), []);
  assert.equal(parallel, single);
  assert.ok(single.files.some((f: { diff: string }) => f.diff.includes('+KEY = st.secrets["key_0"]')));
});

test('workers begun before the project hooks redo the files those hooks changed or reported at', () => {
  // The head start works through files as on disk while the hooks run: snowflake-module then
  // rewrites every even file, and paths reports at the entry file without changing it.
  const files: Record<string, string> = {
    'sub/app.py': 'import streamlit as st\nfrom snowflake.snowpark.context import get_active_session\n'
      + 'session = get_active_session()\nwith open("data.csv") as f:\n    st.write(f.read())\n',
    'data.csv': 'a\n',
    'sub/data.csv': 'b\n',
  };
  for (let i = 0; i < 220; i++) {
    files[`pages/m_${i}.py`] = (i % 2 === 0 ? `import _snowflake\nKEY = _snowflake.get_generic_secret_string("key_${i}")\n` : '')
      + 'from snowflake.snowpark.context import get_active_session\nsession = get_active_session()\n';
  }
  const root = appFolder(files);
  const run = (jobs: string) => JSON.parse(runCli(['all', root, '--main-file', 'sub/app.py', '--dry-run', '--json',
    '--jobs', jobs]).stdout);
  const single = run('1');
  const parallel = run('2');
  assert.equal(parallel, single);
  assert.is(single.summary.changed, 224);
  const ambiguous = single.diagnostics.find((d: { code: string }) => d.code === 'paths/ambiguous-path');
  assert.equal(ambiguous.location, { path: 'sub/app.py', line: 5, column: 11 });
  assert.ok(single.files.some((f: { diff: string }) => f.diff.includes('+KEY = st.secrets["key_0"]')));
});

test('--jobs must be a whole number', () => {
  const result = runCli(['all', '.', '--jobs', 'many']);
  assert.is(result.status, 2);
  assert.match(result.stderr, /--jobs takes a whole number/);
});


test('a rerun takes unchanged files\' verdicts from the cache, and only while their bytes are the same', () => {
  const root = appFolder({
    'streamlit_app.py': SESSION_APP,
    'pages/local.py': 'from snowflake.snowpark import Session\nsession = Session.builder.getOrCreate()\n',
    'pages/plain.py': 'import os\nfrom snowflake.snowpark import Session\n',
  });
  const cacheFolder = temporaryFolder();
  const env = { STCODEMOD_CACHE_DIR: cacheFolder };
  const first = runCli(['session', root, '--check', '--json'], { env });
  const [cacheFile] = fs.readdirSync(cacheFolder);
  const cache = JSON.parse(fs.readFileSync(path.join(cacheFolder, cacheFile), 'utf8'));
  // Only the files the run left as they were are cached, findings as codes and offsets: no words.
  assert.equal(Object.keys(cache.entries).sort(), ['pages/local.py', 'pages/plain.py']);
  assert.equal(cache.entries['pages/plain.py'].findings, []);
  assert.equal(cache.entries['pages/local.py'].findings, [{ code: 'session/session-builder', kind: 'manual', offset: 49 }]);
  assert.equal(runCli(['session', root, '--check', '--json'], { env }).stdout, first.stdout);
  // A verdict whose findings the transform does not make again is dropped: the file goes through
  // every transform (here the doctored offset would otherwise put the step on another line).
  cache.entries['pages/local.py'].findings[0].offset = 0;
  fs.writeFileSync(path.join(cacheFolder, cacheFile), JSON.stringify(cache));
  assert.equal(runCli(['session', root, '--check', '--json'], { env }).stdout, first.stdout);
  // A cached verdict is used only while the file's bytes are the same.
  fs.appendFileSync(path.join(root, 'pages/plain.py'), 'session = Session.builder.getOrCreate()\n');
  assert.match(runCli(['session', root, '--check'], { env }).stdout, /pages\/plain\.py:3/);
});

test('an app whose code gave cache nothing to do is not weighed again while its files are the same', () => {
  const root = appFolder({
    'streamlit_app.py': 'import streamlit as st\nfrom snowflake.snowpark.context import get_active_session\n\n\n'
      + '@st.cache_data(ttl=600)\ndef load(_session):\n    return _session.table("ORDERS").to_pandas()\n\n\n'
      + 'st.dataframe(load(get_active_session()))\n',
  });
  const cacheFolder = temporaryFolder();
  const env = { STCODEMOD_CACHE_DIR: cacheFolder };
  const first = runCli(['cache', root, '--check', '--json'], { env });
  const [cacheFile] = fs.readdirSync(cacheFolder);
  const cache = JSON.parse(fs.readFileSync(path.join(cacheFolder, cacheFile), 'utf8'));
  // The app settles under a key no file path can have, with no findings.
  assert.equal(Object.entries(cache.entries).map(([key, verdict]) => [key, (verdict as { findings: [] }).findings]),
    [['\u0000cache:app:', []]]);
  assert.is(runCli(['cache', root, '--check', '--json'], { env }).stdout, first.stdout);
  // A new read in the app is weighed: the settled verdict held only for the old text.
  fs.appendFileSync(path.join(root, 'streamlit_app.py'),
    '\n\ndef regions(session):\n    return session.table("REGIONS").to_pandas()\n');
  assert.match(runCli(['cache', root, '--check', '--verbose'], { env }).stdout, /regions\(\) is now cached/);
});

test('workers begun before the hooks leave the files the cache knows to the cache', () => {
  // thread-safety changes nothing, so every file is cached; then most files change, and the
  // first pass has both cached verdicts and a head start of workers on the files that changed.
  const files: Record<string, string> = {};
  const shared = (name: string) => `${name} = []\n\ndef add_${name}(x):\n    ${name}.append(x)\n`;
  for (let i = 0; i < 230; i++) files[`lib/m_${i}.py`] = shared('COUNTER');
  // Modules the app imports (a page's own module-level state is no shared state).
  files['streamlit_app.py'] = `import streamlit as st\n${Array.from({ length: 230 }, (_, i) => `from lib import m_${i}\n`).join('')}`;
  const root = appFolder(files);
  const env = { STCODEMOD_CACHE_DIR: temporaryFolder() };
  runCli(['thread-safety', root, '--check', '--jobs', '2'], { env });
  for (let i = 0; i < 215; i++) fs.appendFileSync(path.join(root, `lib/m_${i}.py`), shared('LATER'));
  const cold = runCli(['thread-safety', root, '--check', '--json', '--jobs', '1', '--no-cache']).stdout;
  assert.is(runCli(['thread-safety', root, '--check', '--json', '--jobs', '2'], { env }).stdout, cold);
  const at = (file: string) => JSON.parse(cold).manualSteps.filter((step: { location: { path: string } }) => step.location.path === file);
  assert.is(at('lib/m_0.py').length, 2);
  assert.is(at('lib/m_229.py').length, 1);
});

test('with a warm cache, a rerun over migrated output reports exactly what a cold one does', () => {
  const root = committedApp();
  const cacheFolder = temporaryFolder();
  const env = { STCODEMOD_CACHE_DIR: cacheFolder };
  runCli(['all', root, '--no-cache']);
  const cold = runCli(['all', root, '--check', '--json', '--no-cache'], { env });
  const warming = runCli(['all', root, '--check', '--json'], { env });
  const warm = runCli(['all', root, '--check', '--json'], { env });
  assert.is(warming.stdout, cold.stdout);
  assert.is(warm.stdout, cold.stdout);
  assert.is(fs.readdirSync(cacheFolder).length, 1);
});


test('a subfolder of an app means the whole app: the plan goes to the app\'s folder, not next to the subfolder', () => {
  const root = folderWith({
    'app/streamlit_app.py': SESSION_APP,
    'app/pages/one.py': SESSION_APP,
    'app/utils/auth.py': SESSION_APP,
    'app/environment.yml': 'dependencies: [pandas]\n',
  });
  const result = runCli(['all', path.join(root, 'app', 'utils'), '--dry-run', '--json']);
  assert.is(result.status, 0, result.stderr);
  assert.match(result.stderr, /utils is part of the project in .*app; the apps under it are migrated whole/);
  const files = JSON.parse(result.stdout).files.map((file: { path: string }) => file.path);
  assert.equal(files, ['environment.yml', 'MIGRATION.md', 'migration.sql', 'pages/one.py', 'requirements.txt', 'snowflake_session.py',
    'streamlit_app.py', 'utils/auth.py']);
});

test('one file of an app: only that file is migrated, and the plan is not written', () => {
  const root = folderWith({
    'app/streamlit_app.py': SESSION_APP,
    'app/pages/one.py': SESSION_APP,
    'app/environment.yml': 'dependencies: [pandas]\n',
  });
  const result = runCli(['all', path.join(root, 'app', 'pages', 'one.py'), '--dry-run', '--json']);
  assert.is(result.status, 0, result.stderr);
  assert.match(result.stderr, /only this file is migrated there/);
  // The file now imports the app's session accessor, which is created next to the entry file for it.
  assert.equal(JSON.parse(result.stdout).files.map((file: { path: string }) => file.path), ['pages/one.py', 'snowflake_session.py']);
});

test('apps lists each app with how it was found, and the code left alone with why (text and --json)', () => {
  const root = folderWith({
    'streamlit_app.py': SESSION_APP,
    'environment.yml': 'dependencies: [pandas]\n',
    'udf.py': 'import _snowflake\n',
    'setup.sql': "CREATE FUNCTION f() RETURNS STRING LANGUAGE PYTHON HANDLER = 'udf.f' IMPORTS = ('@s/udf.py');\n",
    'tests/test_app.py': 'import streamlit_app\n',
  });
  const text = runCli(['apps', root]);
  assert.is(text.status, 0, text.stderr);
  assert.match(text.stdout, /^\(unnamed\) {2}\[standalone, warehouse runtime, migrated\]\n {2}entry {8}streamlit_app\.py\n/);
  assert.match(text.stdout, /udf\.py: UDF or procedure code that runs inside Snowflake/);
  const json = JSON.parse(runCli(['apps', root, '--json']).stdout);
  assert.equal(Object.keys(json), ['version', 'target', 'root', 'apps', 'leftAlone']);
  assert.equal(json.apps, [{
    name: null, kind: 'standalone', entry: 'streamlit_app.py', root: '.', pythonFiles: 1, runtime: 'warehouse',
    foundBy: 'dependency-file', how: 'environment.yml beside the entry file streamlit_app.py', status: 'migrated',
  }]);
  assert.equal(json.leftAlone.map((left: { path: string; kind: string }) => `${left.path} ${left.kind}`), ['tests/test_app.py test', 'udf.py handler']);
});

test.run();
