/**
 * upgrade-check: each pair testdata/upgrade-check/<case>/{old,new} is compared and the text
 * report must equal <case>/expected.txt (`npm run test:update` rewrites it; review the diff).
 * Then the CLI: git revisions, --json, exit codes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { suite, test } from 'uvu';
import * as assert from 'uvu/assert';
import { copyTree, git, readTree, runCli, TESTDATA, temporaryFolder, treeDifference } from '../testing/helpers';
import { renderText, runUpgradeCheck, UPGRADE_BREAKS, UPGRADE_OK, UPGRADE_UNUSABLE, UpgradeReport } from '.';
import { folderVersion } from './source';

const UPDATE = process.env.UPDATE_SNAPSHOTS === '1';
const CASES = path.join(TESTDATA, 'upgrade-check');

const cases = suite('upgrade-check pairs');
for (const name of fs.readdirSync(CASES).sort()) {
  cases(name, () => {
    const folder = path.join(CASES, name);
    const report = runUpgradeCheck(folderVersion(path.join(folder, 'old'), 'old'), folderVersion(path.join(folder, 'new'), 'new'));
    const text = renderText(report);
    const expected = path.join(folder, 'expected.txt');
    if (UPDATE) fs.writeFileSync(expected, text);
    assert.fixture(text, fs.readFileSync(expected, 'utf8'));
    const wanted = name.startsWith('noop') || name.startsWith('clean') ? UPGRADE_OK
      : name.startsWith('unreadable') ? UPGRADE_UNUSABLE : UPGRADE_BREAKS;
    assert.is(report.exitCode, wanted, 'exit code');
  });
}
cases.run();

/** Findings that compare the two versions (the others check the new version alone). */
const COMPARISONS = new Set(['schema-kind-changed', 'object-moved', 'state-table-dropped', 'state-table-renamed',
  'state-table-moved', 'column-dropped', 'column-renamed', 'column-retyped', 'column-missing-on-upgrade', 'view-column-dropped']);

const ownOutput = suite('versioned-schema output upgrades its input');
const TRANSFORM_CASES = path.join(TESTDATA, 'versioned-schema');
for (const name of fs.readdirSync(TRANSFORM_CASES).sort()) {
  const folder = path.join(TRANSFORM_CASES, name);
  if (!fs.existsSync(path.join(folder, 'output'))) continue;
  ownOutput(name, () => {
    const report = runUpgradeCheck(folderVersion(path.join(folder, 'input'), 'input'), folderVersion(path.join(folder, 'output'), 'output'));
    const broken = report.apps.flatMap((app) => app.findings).filter((finding) => COMPARISONS.has(finding.code));
    assert.equal(broken.map((finding) => `${finding.code}: ${finding.message}`), []);
  });
}
ownOutput.run();

/**
 * A Native App the native-app transform migrated must still upgrade its released version in
 * place: every statement it adds is re-runnable, and nothing of the app's state changes. A case
 * whose input has a defect of its own (to show how it is reported) may keep that error, no other.
 */
const migratedNative = suite('native-app output upgrades its input (upgrade-check passes)');
const NATIVE_CASES = path.join(TESTDATA, 'native-app');
for (const name of fs.readdirSync(NATIVE_CASES).sort()) {
  const folder = path.join(NATIVE_CASES, name);
  if (!fs.existsSync(path.join(folder, 'output')) || treeDifference(readTree(path.join(folder, 'input')), readTree(path.join(folder, 'output'))) === '') continue;
  migratedNative(name, () => {
    const input = folderVersion(path.join(folder, 'input'), 'input');
    const errors = (report: UpgradeReport) => report.apps.flatMap((app) => app.findings)
      .filter((finding) => finding.level === 'error' || finding.level === 'unprocessable');
    const own = new Set(errors(runUpgradeCheck(input, input)).map((finding) => finding.code));
    const report = runUpgradeCheck(input, folderVersion(path.join(folder, 'output'), 'output'));
    assert.equal(errors(report).filter((finding) => !own.has(finding.code)).map((finding) => `${finding.code}: ${finding.message}`), []);
    if (own.size === 0) assert.is(report.exitCode, UPGRADE_OK);
  });
}
migratedNative.run();

/** A repository with a released app in apps/sales, tagged v1.0, and a working tree to change. */
function releasedRepository(): { root: string; app: string } {
  const root = temporaryFolder();
  const app = path.join(root, 'apps', 'sales');
  copyTree(path.join(CASES, 'noop-same-version', 'old'), app);
  git(root, 'init', '-q');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'v1');
  git(root, 'tag', 'v1.0');
  return { root, app };
}

/** The next version: a new version name, so state may change. */
function nextVersion(app: string): void {
  const manifest = path.join(app, 'manifest.yml');
  fs.writeFileSync(manifest, fs.readFileSync(manifest, 'utf8').replace('name: V1', 'name: V2'));
}

test('--from <git tag> reads the released version from git and compares the working folder with it', () => {
  const { app } = releasedRepository();
  nextVersion(app);
  const setup = path.join(app, 'setup.sql');
  fs.writeFileSync(setup, fs.readFileSync(setup, 'utf8').replace('CREATE TABLE IF NOT EXISTS state.settings',
    'CREATE OR REPLACE TABLE state.settings'));
  const result = runCli(['upgrade-check', '--from', 'v1.0', app]);
  assert.is(result.status, 1, result.stderr);
  assert.match(result.stdout, /^stcodemod upgrade-check: v1\.0 \([0-9a-f]{7}\) -> /);
  assert.match(result.stdout, /error: setup\.sql:10: CREATE OR REPLACE TABLE state\.settings wipes its consumer data/);
  assert.match(result.stdout, /cannot upgrade .* in place: 1 error, 0 warnings\.\n$/);
});

test('--from HEAD passes an unchanged app, also with a path relative to the repository', () => {
  const { root, app } = releasedRepository();
  const clean = runCli(['upgrade-check', '--from', 'HEAD', app]);
  assert.is(clean.status, 0, clean.stdout + clean.stderr);
  assert.match(clean.stdout, /manifest\.yml: version V1 -> V1\n {2}no problems found\n/);
  // Run from inside the repository, with a relative path, as CI would.
  const relative = runCli(['upgrade-check', '--from', 'HEAD', 'apps/sales'], { cwd: root });
  assert.is(relative.status, 0, relative.stdout + relative.stderr);
  // Options may come before the subcommand, the value of --from included.
  const optionsFirst = runCli(['--from', 'HEAD', 'upgrade-check', 'apps/sales'], { cwd: root });
  assert.is(optionsFirst.status, 0, optionsFirst.stdout + optionsFirst.stderr);
});

test('--json prints one document with both versions, the findings and the exit code', () => {
  const { app } = releasedRepository();
  nextVersion(app);
  fs.appendFileSync(path.join(app, 'setup.sql'), 'DROP TABLE IF EXISTS state.orders;\n');
  const result = runCli(['upgrade-check', '--json', '--from', 'v1.0', app]);
  assert.is(result.status, 1);
  const document = JSON.parse(result.stdout);
  assert.equal(Object.keys(document), ['version', 'from', 'to', 'apps', 'summary', 'upgradeInPlace', 'exitCode']);
  assert.is(document.from.kind, 'git');
  assert.match(document.from.commit, /^[0-9a-f]{40}$/);
  assert.equal([document.apps[0].from, document.apps[0].to], [{ version: 'V1' }, { version: 'V2' }]);
  const finding = document.apps[0].findings.find((f: { code: string }) => f.code === 'upgrade-check/state-table-dropped');
  assert.equal(finding.location, { version: 'new', path: 'setup.sql', line: 20, column: 1 });
  assert.equal(document.summary, { errors: 1, warnings: 0, infos: 0 });
  assert.is(document.upgradeInPlace, false);
  assert.is(document.exitCode, 1);
});

test('bad --from, a missing folder and missing arguments exit 2 with one line', () => {
  const { app } = releasedRepository();
  const unknown = runCli(['upgrade-check', '--from', 'no-such-tag', app]);
  assert.is(unknown.status, 2);
  assert.is(unknown.stderr, 'stcodemod: --from no-such-tag: no such folder or git revision\n');
  const outside = temporaryFolder();
  const noRepo = runCli(['upgrade-check', '--from', 'v1', outside]);
  assert.is(noRepo.status, 2);
  assert.match(noRepo.stderr, /is not in a git repository/);
  assert.is(runCli(['upgrade-check', '--from', app]).status, 2);
  assert.is(runCli(['upgrade-check', app]).status, 2);
  assert.is(runCli(['upgrade-check', '--from', app, path.join(outside, 'missing')]).status, 2);
  assert.is(runCli(['upgrade-check', '--from', app, app, '--frobnicate']).status, 2);
});

test('a folder without a Native App cannot be checked (exit 2)', () => {
  const empty = temporaryFolder();
  const result = runCli(['upgrade-check', '--from', empty, empty]);
  assert.is(result.status, 2);
  assert.match(result.stdout, /no Native App \(manifest\.yml with manifest_version or artifacts\)/);
});

test.run();
