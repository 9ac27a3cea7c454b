import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DiskWrites, writeNewFileFully } from './durable-write';
import { FindingLog } from './findings';
import { Project } from './project';
import { BIN, folderWith, readTree, runCli, temporaryFolder, treeDifference } from './testing/helpers';
import { completeInterruptedRun, InterruptedCommitError, JOURNAL, writeChanges, WriteError } from './writer';

const writes = suite('writer');

/** A disk that takes at most `chunk` bytes a call, and nothing once `limit` bytes of one file are down. */
function shortDisk(chunk: number, limit = Infinity): DiskWrites {
  return {
    writeSync(fd, buffer, offset, length) {
      const take = Math.max(0, Math.min(length, chunk, limit - fs.fstatSync(fd).size));
      return take === 0 ? 0 : fs.writeSync(fd, buffer, offset, take);
    },
    renameSync: fs.renameSync,
  };
}

function failureOf(action: () => void): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
}

function findingCodes(findings: FindingLog): string[] {
  return findings.resolve(() => undefined).map((finding) => `${finding.code} ${finding.path}`).sort();
}

writes('a disk that takes a few bytes a call still gets every byte', () => {
  const root = temporaryFolder();
  const bytes = Buffer.alloc(100_000, 'x');
  writeNewFileFully(path.join(root, 'big.py'), bytes, undefined, shortDisk(8192));
  assert.ok(fs.readFileSync(path.join(root, 'big.py')).equals(bytes));
});

writes('a short write is an error naming the file, and nothing of the run is written', () => {
  const big = `x = 1\n${'# padding\n'.repeat(10_000)}`;
  const root = folderWith({ 'a.py': 'a = 1\n', 'big.py': big, 'environment.yml': 'name: x\n' });
  const before = readTree(root);
  const project = new Project(root, ['a.py', 'big.py', 'environment.yml'], new FindingLog());
  project.write('a.py', 'a = 2\n');
  project.write('big.py', big.replace('x = 1', 'x = 2'));
  project.write('requirements.txt', 'pandas\n');
  project.delete('environment.yml');
  const failure = failureOf(() => writeChanges(root, project.changes(), new FindingLog(), shortDisk(4096, 8192)));
  assert.instance(failure, WriteError);
  // requirements.txt is staged first (a new file) and is short enough; big.py is the one cut off.
  assert.is((failure as WriteError).message,
    'could not write big.py (the disk took only part of it: wrote 8192 of 100006 bytes); nothing was written');
  assert.is(treeDifference(before, readTree(root)), '');
});

writes('a file-size limit (ulimit -f) fails the run with exit 2 and leaves every file as it was', () => {
  const big = [
    'import streamlit as st',
    'from snowflake.snowpark.context import get_active_session',
    '',
    'session = get_active_session()',
    ...Array.from({ length: 3000 }, (_, index) => `value_${index} = "${'v'.repeat(20)}"`),
    '',
  ].join('\n');
  const root = folderWith({ 'streamlit_app.py': big, 'environment.yml': 'name: x\ndependencies:\n  - pandas=2.1\n' });
  const before = readTree(root);
  const result = spawnSync('bash', ['-c', `ulimit -f 16 && exec "${process.execPath}" "${BIN}" all "${root}" --no-cache`], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  assert.is(result.status, 2, result.stdout + result.stderr);
  assert.match(result.stderr, /^stcodemod: could not write streamlit_app\.py \(EFBIG\); nothing was written$/m);
  assert.is(treeDifference(before, readTree(root)), '');
});

writes('a rename that fails half way leaves a journal that the next run completes', () => {
  const root = folderWith({ 'app.py': 'import helper\n', 'environment.yml': 'name: x\n', 'old.toml': 'a = 1\n' });
  const project = new Project(root, ['app.py', 'environment.yml', 'old.toml'], new FindingLog());
  project.write('app.py', 'import snowflake_api\n');
  project.write('snowflake_api.py', 'API = 1\n');
  project.write('requirements.txt', 'pandas\n');
  project.delete('environment.yml');
  project.move('old.toml', '.streamlit/config.toml');
  const changes = project.changes();
  // The same changes written to a copy give the complete result to compare with.
  const complete = temporaryFolder();
  fs.cpSync(root, complete, { recursive: true });
  writeChanges(complete, changes, new FindingLog());
  let renames = 0;
  const stopsAtTheThirdRename: DiskWrites = {
    writeSync: fs.writeSync,
    renameSync(from, to) {
      if (++renames === 3) throw Object.assign(new Error('stopped'), { code: 'EINTR' });
      fs.renameSync(from, to);
    },
  };
  const failure = failureOf(() => writeChanges(root, changes, new FindingLog(), stopsAtTheThirdRename));
  assert.instance(failure, InterruptedCommitError);
  assert.ok(fs.existsSync(path.join(root, JOURNAL)));
  // New files went first: the helper is there before the code that imports it.
  assert.ok(fs.existsSync(path.join(root, 'snowflake_api.py')));
  assert.equal(completeInterruptedRun(root), { completed: 6 });
  assert.is(treeDifference(readTree(complete), readTree(root)), '');
});

writes('a run killed while staging is rolled back by the next run: no stray temporary file stays', () => {
  const root = folderWith({ 'a.py': 'a = 1\n', 'pages/b.py': 'b = 1\n' });
  const before = readTree(root);
  fs.writeFileSync(path.join(root, 'pages/.stcodemod-x-0.tmp'), 'b = 2\n');
  fs.writeFileSync(path.join(root, JOURNAL), JSON.stringify({
    state: 'staging', renames: [{ from: 'pages/.stcodemod-x-0.tmp', to: 'pages/b.py' }, { from: '.stcodemod-x-1.tmp', to: 'a.py' }],
    removals: [],
  }));
  assert.equal(completeInterruptedRun(root), { rolledBack: 2 });
  assert.is(treeDifference(before, readTree(root)), '');
});

writes('a journal that names a path outside the target is refused', () => {
  const root = folderWith({ 'a.py': 'a = 1\n' });
  fs.writeFileSync(path.join(root, JOURNAL), JSON.stringify({ state: 'commit', renames: [], removals: ['../victim'] }));
  const failure = failureOf(() => completeInterruptedRun(root));
  assert.instance(failure, WriteError);
  assert.match((failure as Error).message, /names \.\.\/victim, outside the target/);
});

writes('nothing is written when any change of the run was refused', () => {
  const root = folderWith({ 'environment.yml': 'name: x\n', 'old.toml': 'a = 1\n' });
  const findings = new FindingLog();
  const project = new Project(root, ['environment.yml', 'old.toml'], findings);
  project.write('requirements.txt', 'pandas\n');
  project.delete('environment.yml');
  project.move('old.toml', 'new.toml');
  const changes = project.changes();
  fs.writeFileSync(path.join(root, 'requirements.txt'), 'numpy\n');
  const before = readTree(root);
  assert.equal(writeChanges(root, changes, findings), []);
  assert.is(treeDifference(before, readTree(root)), '');
  assert.equal(findingCodes(findings), ['stcodemod/changed-on-disk requirements.txt']);
});

writes('a folder that is a symbolic link is never written through', () => {
  const outside = temporaryFolder();
  const root = folderWith({ 'pages/config.toml': 'a = 1\n' });
  fs.symlinkSync(outside, path.join(root, '.streamlit'));
  const findings = new FindingLog();
  const project = new Project(root, ['pages/config.toml'], findings);
  project.move('pages/config.toml', '.streamlit/config.toml');
  assert.equal(writeChanges(root, project.changes(), findings), []);
  assert.equal(fs.readdirSync(outside), []);
  assert.ok(fs.existsSync(path.join(root, 'pages/config.toml')));
  assert.equal(findingCodes(findings), ['stcodemod/outside-target .streamlit/config.toml']);
});

writes('a path with .. that leaves the target is refused', () => {
  const parent = temporaryFolder();
  const root = path.join(parent, 'app');
  fs.mkdirSync(root);
  const findings = new FindingLog();
  const project = new Project(root, [], findings);
  project.write('../../snowflake_api.py', 'x = 1\n');
  assert.equal(writeChanges(root, project.changes(), findings), []);
  assert.equal(fs.readdirSync(parent), ['app']);
  assert.equal(findingCodes(findings), ['stcodemod/outside-target ../../snowflake_api.py']);
});

writes('a hard-linked file is reported, not split from its other name', () => {
  const root = folderWith({ 'a.py': 'a = 1\n' });
  fs.linkSync(path.join(root, 'a.py'), path.join(root, 'also.py'));
  const findings = new FindingLog();
  const project = new Project(root, ['a.py'], findings);
  project.write('a.py', 'a = 2\n');
  assert.equal(writeChanges(root, project.changes(), findings), []);
  assert.is(fs.readFileSync(path.join(root, 'also.py'), 'utf8'), 'a = 1\n');
  assert.equal(findingCodes(findings), ['stcodemod/cannot-replace a.py']);
});

writes('a read-only pages/ folder refuses the whole run through the CLI', () => {
  const root = folderWith({
    'streamlit_app.py': 'import streamlit as st\nfrom snowflake.snowpark.context import get_active_session\nsession = get_active_session()\n',
    'pages/one.py': 'from snowflake.snowpark.context import get_active_session\nsession = get_active_session()\n',
  });
  fs.chmodSync(path.join(root, 'pages'), 0o555);
  const before = readTree(root);
  try {
    const result = runCli(['all', root, '--no-cache'], { obeyFilePermissions: true });
    assert.is(result.status, 2, result.stdout + result.stderr);
    assert.match(result.stderr + result.stdout, /pages\/one\.py/);
    assert.is(treeDifference(before, readTree(root)), '');
    assert.equal(fs.readdirSync(root).filter((name) => name.startsWith('.stcodemod')), []);
  } finally {
    fs.chmodSync(path.join(root, 'pages'), 0o755);
  }
});

writes('a dry run refuses while an interrupted run waits to be completed; a writing run completes it', () => {
  const root = folderWith({ 'a.py': 'a = 1\n' });
  fs.writeFileSync(path.join(root, '.stcodemod-x-0.tmp'), 'a = 2\n');
  fs.writeFileSync(path.join(root, JOURNAL), JSON.stringify({
    state: 'commit', renames: [{ from: '.stcodemod-x-0.tmp', to: 'a.py' }], removals: [] }));
  const dry = runCli(['all', root, '--dry-run']);
  assert.is(dry.status, 2);
  assert.match(dry.stderr, /an earlier run was interrupted while writing; run stcodemod without --dry-run or --check/);
  const real = runCli(['all', root]);
  assert.is(real.status, 2);
  assert.match(real.stderr, /completed the writing of an earlier run that was interrupted \(1 files\)/);
  assert.equal([...readTree(root).keys()], ['a.py']);
  assert.is(fs.readFileSync(path.join(root, 'a.py'), 'utf8'), 'a = 2\n');
});

writes.run();
