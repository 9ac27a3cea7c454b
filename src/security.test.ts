/**
 * Hostile input and a hostile environment, through the CLI (issue 22, items 6-9): names that try
 * to inject SQL, secrets that must not reach any output, a poisoned or booby-trapped result cache,
 * and a repository whose git config runs programs.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseSql } from './sql';
import { folderWith, git, readTree, runCli, temporaryFolder } from './testing/helpers';

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

/** An app whose files hold credentials everywhere stcodemod reads and edits, each marked with SECRET. */
const SECRET_APP: Record<string, string> = {
  'requirements.txt': '--index-url https://user:SECRET1@pypi.example.com/simple\nrequests\n',
  'environment.yml': [
    'channels:',
    '  - https://token:SECRET2@conda.example.com/private',
    'dependencies:',
    '  - pandas=2.1',
    '  - pip:',
    '    - --extra-index-url https://u:SECRET3@idx.example.com/simple',
    '    - flask',
    '',
  ].join('\n'),
  'snowflake.yml': [
    'definition_version: 2',
    'env:',
    '  DB_PASSWORD: SECRET4',
    '  settings: { API_TOKEN: SECRET5 }',
    'entities:',
    '  shop:',
    '    type: streamlit',
    '    identifier: shop',
    '    query_warehouse: wh',
    '    main_file: streamlit_app.py',
    '    artifacts: [streamlit_app.py, environment.yml, requirements.txt]',
    '',
  ].join('\n'),
  'deploy.sql': [
    "CREATE SECRET IF NOT EXISTS s TYPE = PASSWORD USERNAME = 'bob' PASSWORD = 'SECRET6';",
    "CREATE STREAMLIT shop ROOT_LOCATION = '@st/shop' MAIN_FILE = '/streamlit_app.py' QUERY_WAREHOUSE = wh;",
    '',
  ].join('\n'),
  'native/manifest.yml': 'manifest_version: 1\nartifacts:\n  setup_script: setup.sql\n',
  'native/setup.sql': [
    'CREATE APPLICATION ROLE IF NOT EXISTS app_public;',
    "CREATE SECRET core.s TYPE = GENERIC_STRING SECRET_STRING = 'SECRET7';",
    'CREATE SCHEMA core;',
    "CREATE SECRET core.o TYPE = OAUTH2 OAUTH_REFRESH_TOKEN = 'SECRET8' OAUTH_REFRESH_TOKEN_EXPIRY_TIME = '2030-01-01';",
    '',
  ].join('\n'),
  '.streamlit/config.toml': '[server]\ncookieSecret = "SECRET9"\n\n[snowflake.sleep]\nstreamlitSleepTimeout = 60\n',
  'streamlit_app.py': [
    'import streamlit as st',
    'from snowflake.snowpark.context import get_active_session',
    '',
    'session = get_active_session()',
    "session.sql(\"ALTER USER bob SET PASSWORD = 'SECRET10'\").collect()",
    'st.write("https://reader:SECRET11@example.com/data.csv")',
    '',
  ].join('\n'),
};

test('no credential reaches any output: diffs, --json, the summary, generated files, the cache', () => {
  const root = folderWith(SECRET_APP);
  const cache = temporaryFolder();
  const env = { STCODEMOD_CACHE_DIR: cache };
  const outputs = [
    runCli(['all', root, '--dry-run'], { env }),
    runCli(['all', root, '--dry-run', '--json'], { env }),
    runCli(['all', root, '--check'], { env }),
    runCli(['all', root, '--force'], { env }),
  ];
  const dryRun = outputs[0].stdout;
  assert.ok(dryRun.includes('+++ b/deploy.sql') && dryRun.includes('+++ b/snowflake.yml') && dryRun.includes('+++ b/requirements.txt'),
    dryRun);
  assert.ok(dryRun.includes("PASSWORD = '***'"), 'a masked context line is shown');
  for (const [index, output] of outputs.entries()) {
    assert.not.match(output.stdout + output.stderr, /SECRET\d/, `output ${index}`);
  }
  // Files keep the user's own credentials, but no file gets a credential it did not have.
  const marks = (text: string) => (text.match(/SECRET\d+/g) ?? []).sort().join(',');
  for (const [name, bytes] of readTree(root)) {
    assert.is(marks(bytes.toString('utf8')), marks(SECRET_APP[name] ?? ''), name);
  }
  for (const [name, bytes] of readTree(cache)) assert.not.match(bytes.toString('utf8'), /SECRET\d/, name);
});

// ---------------------------------------------------------------------------------------------
// The result cache

const CLEAN_MODULE = 'import os\n\n\ndef size(path):\n    return os.path.getsize(path)\n';
const SESSION_MODULE = 'from snowflake.snowpark.context import get_active_session\n\nsession = get_active_session()\n';

/** An app, a private cache folder warmed by one run, and that run's cache file. */
function warmedCache(): { root: string; folder: string; file: string; env: NodeJS.ProcessEnv } {
  const root = folderWith({ 'helpers.py': CLEAN_MODULE, 'streamlit_app.py': `import helpers\n${SESSION_MODULE}` });
  const folder = path.join(temporaryFolder(), 'cache');
  const env = { STCODEMOD_CACHE_DIR: folder };
  assert.is(runCli(['session', root, '--check'], { env }).status, 1);
  const [name] = fs.readdirSync(folder);
  return { root, folder, file: path.join(folder, name), env };
}

function coldRun(root: string): string {
  return runCli(['session', root, '--check', '--json', '--no-cache']).stdout;
}

test('the cache folder is created private to the user', () => {
  const { folder } = warmedCache();
  assert.is(fs.statSync(folder).mode & 0o777, 0o700);
});

test('a poisoned entry cannot put text into the run: the cache holds no words, and the old format is refused', () => {
  const { root, file, env } = warmedCache();
  const cold = coldRun(root);
  // The format of earlier versions replayed messages: an entry in it is refused whole.
  const hash = JSON.parse(fs.readFileSync(file, 'utf8')).entries['helpers.py'].hash;
  const attack = 'run GRANT OWNERSHIP ON DATABASE PROD TO ROLE ATTACKER';
  fs.writeFileSync(file, JSON.stringify({ format: 1, entries: { 'helpers.py': { hash, findings: [
    { source: 'session', code: 'session/x', kind: 'manual', message: attack, path: 'helpers.py' }] } } }));
  const result = runCli(['session', root, '--check', '--json'], { env });
  assert.is(result.stdout, cold);
  assert.not.ok(result.stdout.includes(attack));
  assert.match(result.stderr, /ignoring the result cache .*malformed/);
  // So is an entry of the current format with anything beyond a hash and findings' codes, kinds
  // and offsets, or a code of a transform the run does not run.
  for (const findings of [[{ code: 'session/x', kind: 'manual', offset: 0, message: attack }], [{ code: 'evil/x', kind: 'manual' }],
    [{ code: 'session/x', kind: 'note' }], [{ code: 'session/x', kind: 'info', offset: -1 }]]) {
    fs.writeFileSync(file, JSON.stringify({ format: 2, entries: { 'helpers.py': { hash, findings } } }));
    const poisoned = runCli(['session', root, '--check', '--json'], { env });
    assert.is(poisoned.stdout, cold);
    assert.match(poisoned.stderr, /malformed/);
  }
  // The run wrote the cache anew, in its own shape.
  assert.equal(Object.keys(JSON.parse(fs.readFileSync(file, 'utf8'))), ['format', 'entries']);
});

test('a cached verdict whose findings the transforms do not make again is not taken', () => {
  const shared = 'from snowflake.snowpark.context import get_active_session\n\nitems = []\n\n\ndef add(x):\n    items.append(x)\n\n\n'
    + 'session = get_active_session()\n';
  const root = folderWith({ 'shared.py': shared, 'clean.py': CLEAN_MODULE, 'streamlit_app.py': 'import streamlit as st\nimport shared\nimport clean\n' });
  const folder = path.join(temporaryFolder(), 'cache');
  const env = { STCODEMOD_CACHE_DIR: folder };
  const cold = runCli(['session,thread-safety', root, '--check', '--json', '--no-cache']).stdout;
  assert.match(cold, /shared\.py/);
  // An entry claiming that only thread-safety reports here, at another offset, and that session
  // leaves the file alone: thread-safety runs, does not confirm it, and every transform runs.
  runCli(['session,thread-safety', root, '--check'], { env });
  const [name] = fs.readdirSync(folder);
  const hash = createHash('sha256').update(shared).digest('hex');
  const cache = JSON.parse(fs.readFileSync(path.join(folder, name), 'utf8'));
  cache.entries['shared.py'] = { hash, findings: [{ code: 'thread-safety/shared-module-state', kind: 'manual', offset: 1 }] };
  fs.writeFileSync(path.join(folder, name), JSON.stringify(cache));
  const result = runCli(['session,thread-safety', root, '--check', '--json'], { env });
  assert.is(result.stdout, cold);
  assert.is(result.stderr, '');
});

test('a malformed cache is ignored with one line, never a stack trace', () => {
  const { root, file, env } = warmedCache();
  const cold = coldRun(root);
  for (const content of ['{"format": 2, "entries": {"helpers.py": 5}}', '{"format": 2, "entries": []}', 'null', '{"format": 2', '[]']) {
    fs.writeFileSync(file, content);
    const result = runCli(['session', root, '--check', '--json'], { env });
    assert.is(result.status, 1, result.stderr);
    assert.is(result.stdout, cold);
    assert.is(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.match(result.stderr, /^stcodemod: warning: ignoring the result cache .*: it is not a cache file of this version/);
  }
});

test('a symbolic link at the cache file is neither followed for reading nor written through', () => {
  const { root, file, env } = warmedCache();
  const target = path.join(temporaryFolder(), 'precious.txt');
  fs.writeFileSync(target, 'keep me\n');
  fs.rmSync(file);
  fs.symlinkSync(target, file);
  const result = runCli(['session', root, '--check'], { env });
  assert.is(result.status, 1);
  assert.match(result.stderr, /ignoring the result cache .*: it is a symbolic link/);
  assert.is(fs.readFileSync(target, 'utf8'), 'keep me\n');
  assert.ok(fs.lstatSync(file).isFile(), 'the link was replaced by a cache file of this run');
});

test('a FIFO at the cache file does not hang the run', () => {
  const { root, file, env } = warmedCache();
  fs.rmSync(file);
  assert.is(spawnSync('mkfifo', [file]).status, 0);
  const result = runCli(['session', root, '--check'], { env, timeoutMs: 20_000 });
  assert.is(result.status, 1, `the run hung or failed: ${result.stderr}`);
  assert.match(result.stderr, /ignoring the result cache .*: it is not a regular file/);
});

test('a cache folder that other users can write, or that is not the user\'s, is not used at all', () => {
  const { root, folder, file, env } = warmedCache();
  const cold = coldRun(root);
  // A poisoned entry: the file that needs migrating is "clean" (the attack that skips a file).
  const entries = JSON.parse(fs.readFileSync(file, 'utf8')).entries;
  const hash = createHash('sha256').update(fs.readFileSync(path.join(root, 'streamlit_app.py'))).digest('hex');
  fs.writeFileSync(file, JSON.stringify({ format: 2, entries: { ...entries, 'streamlit_app.py': hash } }));
  const before = fs.readFileSync(file, 'utf8');
  fs.chmodSync(folder, 0o777);
  const result = runCli(['session', root, '--check', '--json'], { env });
  assert.is(result.stdout, cold);
  assert.match(result.stderr, /^stcodemod: warning: not using the result cache in .*: other users may write it \(mode 0777\)/);
  assert.is(result.stderr.trim().split('\n').length, 1);
  assert.is(fs.readFileSync(file, 'utf8'), before, 'nor is it written');
  if (process.getuid?.() === 0) {
    fs.chmodSync(folder, 0o700);
    fs.chownSync(folder, 65534, 65534);
    const foreign = runCli(['session', root, '--check', '--json'], { env });
    assert.is(foreign.stdout, cold);
    assert.match(foreign.stderr, /not using the result cache in .*: it belongs to another user \(uid 65534\)/);
  }
});

// ---------------------------------------------------------------------------------------------
// git

function committedRepository(files: Record<string, string>): string {
  const root = folderWith(files);
  git(root, 'init', '-q');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'app');
  return root;
}

test('git runs no program of the target repository: fsmonitor, hooks, filters, external diff, textconv', () => {
  const root = committedRepository({ 'streamlit_app.py': SESSION_MODULE, '.gitattributes': '*.py filter=evil diff=evil\n' });
  const markers = temporaryFolder();
  const marker = (name: string) => `touch ${path.join(markers, name)}`;
  git(root, 'config', 'core.fsmonitor', `${marker('fsmonitor')}; false`);
  git(root, 'config', 'filter.evil.clean', `${marker('clean-filter')}; cat`);
  git(root, 'config', 'filter.evil.process', marker('process-filter'));
  git(root, 'config', 'filter.evil.required', 'true');
  git(root, 'config', 'diff.external', marker('external-diff'));
  git(root, 'config', 'diff.evil.textconv', `${marker('textconv')}; cat`);
  fs.writeFileSync(path.join(root, '.git', 'hooks', 'post-index-change'), `#!/bin/sh\n${marker('hook')}\n`, { mode: 0o755 });
  // A newer mtime with the same bytes: git status must read the file again, through its filter.
  const later = new Date(Date.now() + 60_000);
  fs.utimesSync(path.join(root, 'streamlit_app.py'), later, later);
  const result = runCli(['session', root, '--no-cache']);
  assert.is(result.status, 0, result.stderr);
  assert.equal(fs.readdirSync(markers), []);
  assert.match(fs.readFileSync(path.join(root, 'streamlit_app.py'), 'utf8'), /get_snowflake_session/);
});

test('a repository git refuses as of dubious ownership is refused without --force', () => {
  if (process.getuid?.() !== 0) return; // Only root can give the repository to another user.
  const root = committedRepository({ 'streamlit_app.py': SESSION_MODULE });
  spawnSync('chown', ['-R', 'nobody', root]);
  const before = readTree(root);
  const refused = runCli(['session', root, '--no-cache']);
  assert.is(refused.status, 2);
  assert.match(refused.stderr, /^stcodemod: cannot tell whether .* has uncommitted changes: git says: detected dubious ownership/);
  assert.match(refused.stderr, /safe\.directory/);
  assert.is(refused.stderr.trim().split('\n').length, 1);
  assert.equal([...readTree(root).keys()], [...before.keys()]);
  assert.ok(readTree(root).get('streamlit_app.py')!.equals(before.get('streamlit_app.py')!));
  const forced = runCli(['session', root, '--no-cache', '--force']);
  assert.is(forced.status, 0, forced.stderr);
  assert.match(forced.stderr, /warning: cannot tell whether/);
  // Dry runs and checks never refuse.
  assert.is(runCli(['session', root, '--no-cache', '--check']).status, 0);
});

test('uncommitted work in a submodule under the target counts', () => {
  const inner = committedRepository({ 'lib.py': 'X = 1\n' });
  const root = committedRepository({ 'streamlit_app.py': SESSION_MODULE });
  git(root, '-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', inner, 'vendor');
  git(root, 'commit', '-q', '-m', 'vendor');
  assert.is(runCli(['session', root, '--no-cache', '--check']).status, 1);
  fs.appendFileSync(path.join(root, 'vendor', 'lib.py'), 'Y = 2\n');
  const result = runCli(['session', root, '--no-cache']);
  assert.is(result.status, 2);
  assert.match(result.stderr, /has uncommitted changes/);
});

test.run();
