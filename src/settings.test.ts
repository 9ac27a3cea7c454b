/**
 * The CLI as people run it on their own apps: where findings point, how they are grouped, the
 * configuration file, inline suppression, several paths, and errors under --json.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { folderWith, git, readTree, runCli, treeDifference } from './testing/helpers';

const BUILDER = 'from snowflake.snowpark import Session\n';
const GET_OR_CREATE = 'Session.builder.getOrCreate()';
const SESSION_APP = 'import streamlit as st\nfrom snowflake.snowpark.context import get_active_session\n\n'
  + 'session = get_active_session()\nst.write(session.sql("select 1").collect())\n';

function json(result: { stdout: string }) {
  return JSON.parse(result.stdout);
}

test('findings read path:line:col: code message, relative to the current folder, absolute outside it', () => {
  const root = folderWith({ 'app/streamlit_app.py': SESSION_APP, 'app/pages/local.py': `${BUILDER}s = ${GET_OR_CREATE}\n` });
  const inside = runCli(['all', 'app', '--check'], { cwd: root });
  assert.match(inside.stdout, /\n {2}1\. app\/pages\/local\.py:2:5: session\/session-builder Session\.builder\.getOrCreate\(\) finds no session/);
  assert.match(inside.stdout, /\n {2}would be modified {2}app\/streamlit_app\.py\n/);
  const outside = runCli(['all', path.join(root, 'app'), '--check'], { cwd: fs.mkdtempSync(path.join(root, '..', 'elsewhere-')) });
  assert.ok(outside.stdout.includes(`  1. ${path.join(root, 'app', 'pages', 'local.py')}:2:5: session/session-builder`), outside.stdout);
});

test('findings with one cause are one step listing its locations; notes only with --verbose; counts per code and the time', () => {
  const root = folderWith({
    'streamlit_app.py': SESSION_APP,
    'pages/a.py': `${BUILDER}s = ${GET_OR_CREATE}\nt = ${GET_OR_CREATE}\n`,
    'pages/b.py': `${BUILDER}s = ${GET_OR_CREATE}\n`,
    'environment.yml': 'dependencies:\n  - python=3.11\n  - pandas=2.1\n',
  });
  const result = runCli(['all', '.', '--check'], { cwd: root });
  const steps = result.stdout.slice(result.stdout.indexOf('Manual steps'));
  assert.match(steps, /^Manual steps \(\d+\):\n/);
  assert.match(steps, /\. session\/session-builder Session\.builder\.getOrCreate\(\) [^\n]* \(3 places\)\n {5}pages\/a\.py:2:5\n {5}pages\/a\.py:3:5\n {5}pages\/b\.py:2:5\n/);
  assert.not.match(result.stdout, /deps\/python /, 'notes are hidden');
  assert.match(result.stdout, /\d+ notes? not shown \(--verbose shows them\)/);
  assert.match(result.stdout, /\nFindings by code:\n(.*\n)* {2}3 {2}manual {3}session\/session-builder\n/);
  assert.match(result.stdout, /\(nothing written\) in \d+\.\d s\n$/);
  const verbose = runCli(['all', '.', '--check', '--verbose'], { cwd: root });
  assert.match(verbose.stdout, /\nNotes \(\d+\):\n(.*\n)* {2}- environment\.yml: deps\/python dropped `python=3\.11`/);
});

test('--diff is --dry-run; an unknown option names the one meant', () => {
  const root = folderWith({ 'streamlit_app.py': SESSION_APP });
  const diff = runCli(['session', root, '--diff']);
  assert.is(diff.status, 0, diff.stderr);
  assert.ok(diff.stdout.includes('+++ b/streamlit_app.py'));
  assert.is(treeDifference(readTree(root), readTree(root)), '');
  const typo = runCli(['all', root, '--dryrun']);
  assert.is(typo.status, 2);
  assert.is(typo.stderr, "stcodemod: unknown option --dryrun; did you mean --dry-run?\nRun 'stcodemod --help' for usage.\n");
});

test('list <transform> and <transform> --help show its doc block; list shows a check as changing no code', () => {
  const listed = runCli(['list', 'session']);
  assert.is(listed.status, 0, listed.stderr);
  assert.match(listed.stdout, /^# session\n\n## What it does\n/);
  for (const section of ['## Why', '## Example', '## Fix safety']) assert.ok(listed.stdout.includes(section), section);
  assert.is(runCli(['session', '--help']).stdout, listed.stdout);
  assert.match(runCli(['list']).stdout, /thread-safety .*\n.*touches: \*\.py \(read only; TODO comments with --annotate\); a check: changes no code\n/);
  const unknown = runCli(['list', 'sesion']);
  assert.is(unknown.status, 2);
  assert.match(unknown.stderr, /did you mean 'session'\?/);
});

test('[tool.stcodemod] in pyproject.toml, found upward from the target: exclude, options, per-app names; the command line wins', () => {
  const root = folderWith({
    'pyproject.toml': '[tool.stcodemod]\nexclude = ["legacy/"]\ncompute_pool = "APPS_POOL"\n\n'
      + '[tool.stcodemod.apps."apps/sales"]\napp-name = "SALES_DASHBOARD"\n',
    'apps/sales/streamlit_app.py': SESSION_APP,
    'apps/stock/streamlit_app.py': SESSION_APP,
    'legacy/old.py': SESSION_APP,
  });
  const result = runCli(['all', '.', '--dry-run', '--json'], { cwd: root });
  assert.is(result.status, 0, result.stderr);
  assert.match(result.stderr, /settings from pyproject\.toml/);
  const document = json(result);
  const paths = document.files.map((file: { path: string }) => file.path);
  assert.not.ok(paths.some((file: string) => file.startsWith('legacy/')), 'legacy/ is excluded');
  const plan = document.files.find((file: { path: string }) => file.path === 'migration.sql').diff as string;
  assert.match(plan, /CREATE COMPUTE POOL IF NOT EXISTS APPS_POOL/);
  assert.match(plan, /ALTER STREAMLIT SALES_DASHBOARD SET/);
  assert.match(plan, /ALTER STREAMLIT <APP_NAME> SET/, 'the other app has no name');

  const overridden = json(runCli(['all', 'apps/sales', '--dry-run', '--json', '--compute-pool', 'OTHER_POOL'], { cwd: root }));
  const sql = overridden.files.find((file: { path: string }) => file.path === 'migration.sql').diff as string;
  assert.match(sql, /CREATE COMPUTE POOL IF NOT EXISTS OTHER_POOL/);
  // A file named on the command line is processed even where exclude leaves it out, as with .gitignore.
  const named = json(runCli(['session', 'legacy/old.py', '--dry-run', '--json'], { cwd: root }));
  assert.ok(named.files.some((file: { path: string }) => file.path.endsWith('old.py')));
});

test('stcodemod.toml wins over pyproject.toml; a bad key or value stops the run before it starts, naming the file', () => {
  const root = folderWith({
    'pyproject.toml': '[tool.stcodemod]\ncache-ttl = "1h"\n',
    'stcodemod.toml': 'cache-ttl = 120\n',
    'streamlit_app.py': 'import streamlit as st\nfrom snowflake.snowpark.context import get_active_session\n\n'
      + 'def load():\n    return get_active_session().sql("select 1").to_pandas()\n',
  });
  const document = json(runCli(['cache', '.', '--dry-run', '--json'], { cwd: root }));
  assert.ok(document.files[0].diff.includes('@st.cache_data(ttl=120)'), document.files[0].diff);

  fs.writeFileSync(path.join(root, 'stcodemod.toml'), 'cache_tl = 120\n');
  const typo = runCli(['cache', '.', '--dry-run'], { cwd: root });
  assert.is(typo.status, 2);
  assert.match(typo.stderr, /stcodemod: \S*stcodemod\.toml: unknown key 'cache_tl'; did you mean 'cache-ttl'\?\n/);
  fs.writeFileSync(path.join(root, 'stcodemod.toml'), 'cache-ttl = "0"\n');
  const bad = runCli(['cache', '.', '--dry-run', '--json'], { cwd: root });
  assert.is(bad.status, 2);
  assert.equal(json(bad).error.code, 'stcodemod/config');
  assert.match(json(bad).error.message, /stcodemod\.toml: cache-ttl = "0" is not a number of seconds above 0/);
  fs.writeFileSync(path.join(root, 'stcodemod.toml'), '[apps."."]\ncompute-pool = "P"\n');
  assert.match(runCli(['all', '.', '--check'], { cwd: root }).stderr, /'compute-pool' cannot be set per app \(it holds for the whole run/);
});

test('# stcodemod: ignore[code] silences findings on its line, or in a whole function; never an edit or an error', () => {
  const root = folderWith({
    'streamlit_app.py': [
      'import streamlit as st',
      BUILDER.trimEnd(),
      `a = ${GET_OR_CREATE}  # stcodemod: ignore[session/session-builder]`,
      `b = ${GET_OR_CREATE}  # stcodemod: ignore[cache]`,
      `c = ${GET_OR_CREATE}`,
      '',
      '@st.fragment',
      'def admin():  # stcodemod: ignore[session]',
      `    return ${GET_OR_CREATE}`,
      '',
      'from snowflake.snowpark.context import get_active_session',
      'session = get_active_session()  # stcodemod: ignore',
      '',
    ].join('\n'),
    'pages/broken.py': 'get_active_session(  # stcodemod: ignore\n',
  });
  const document = json(runCli(['session', root, '--dry-run', '--json']));
  const steps = document.manualSteps.map((step: { location: { line: number } }) => step.location.line);
  assert.equal(steps, [4, 5]);
  assert.ok(document.files.some((file: { diff: string }) => file.diff.includes('+session = get_snowflake_session()  # stcodemod: ignore')),
    'the rewrite is made');
  assert.equal(document.skipped.map((skip: { path: string }) => skip.path), ['pages/broken.py']);
  assert.match(runCli(['session', root, '--check']).stdout, /2 findings silenced by stcodemod: ignore comments/);
});

test('several paths in one run: one document per project under --json, one exit code', () => {
  const one = folderWith({ 'streamlit_app.py': SESSION_APP });
  const two = folderWith({ 'streamlit_app.py': SESSION_APP, 'pages/broken.py': 'get_active_session(\n' });
  const result = runCli(['session', one, two, '--dry-run', '--json']);
  assert.is(result.status, 2);
  const document = json(result);
  assert.equal(Object.keys(document), ['version', 'runs', 'exitCode']);
  assert.equal(document.runs.map((run: { exitCode: number }) => run.exitCode), [0, 2]);
  const text = runCli(['session', one, two, '--dry-run']);
  assert.ok(text.stdout.includes(`Project ${one}:`) && text.stdout.includes(`Project ${two}:`), text.stdout);
});

test('--json errors are JSON on stdout: usage, a missing path, a dirty tree, upgrade-check', () => {
  const root = folderWith({ 'streamlit_app.py': SESSION_APP });
  git(root, 'init', '-q');
  const cases: [string[], string][] = [
    [['all', root, '--json', '--frobnicate'], 'stcodemod/usage'],
    [['all', path.join(root, 'nothere'), '--json'], 'stcodemod/no-such-path'],
    [['all', root, '--json'], 'stcodemod/dirty-tree'],
    [['upgrade-check', '--json', root], 'stcodemod/usage'],
    [['apps', '--json'], 'stcodemod/usage'],
  ];
  for (const [args, code] of cases) {
    const result = runCli(args);
    assert.is(result.status, 2, args.join(' '));
    const document = json(result);
    assert.is(document.error.code, code, args.join(' '));
    assert.is(document.exitCode, 2);
    assert.match(result.stderr, /^stcodemod: /, 'the one line for people stays on stderr');
  }
});

test.run();
