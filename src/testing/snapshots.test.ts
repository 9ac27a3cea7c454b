/**
 * Snapshot cases: testdata/<transform>/<case>/input/ is copied to a temporary folder, the
 * transform runs there, and the folder must then equal .../output/ byte for byte. The case's
 * findings must equal .../report.txt. A second run must change nothing, and every Python file
 * of the output must compile. Where a transform has a finer text check (`python.mayHaveWork`),
 * a run without it must give the same output and findings: the check may only skip files the
 * transform leaves alone.
 *
 * A case may hold a case.json: { "transforms": [...], "flags": {...}, "annotate": true,
 * "input": "example-app", "inventory": false } (input: a folder under testdata/ to use instead of
 * the case's own input/, so a case can follow the example app without a copy that could drift
 * from it). What `stcodemod apps` prints for every case's input must equal its apps.txt, unless
 * the case says "inventory": false.
 * `npm run test:update` (UPDATE_SNAPSHOTS=1) rewrites output/ and report.txt from what the
 * transform does now; review that diff before committing it. `SNAPSHOTS=<transform>[,...]` limits
 * a run to those transforms' cases.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { transforms } from '../../transforms';
import { migrate } from '../cli';
import { discoverFiles } from '../discovery';
import { FindingLog } from '../findings';
import { takeInventory, WHOLE_TARGET } from '../inventory';
import { renderInventory } from '../inventory/command';
import { Project } from '../project';
import { LocatedFinding } from '../findings';
import { RunResult } from '../report';
import { RunOptions, Transform } from '../transform';
import { copyTree, pythonCompileErrors, readTree, TESTDATA, temporaryFolder, treeDifference } from './helpers';

const UPDATE = process.env.UPDATE_SNAPSHOTS === '1';
/** `SNAPSHOTS=native-app,deps` runs only those transforms' cases (a quicker loop while working on them). */
const ONLY = process.env.SNAPSHOTS?.split(',').filter(Boolean);
/** Folders of testdata/ that are not transform cases (upgrade-check has its own test). */
const NOT_TRANSFORMS = new Set(['example-app', 'upgrade-check']);

interface CaseConfig {
  transforms?: string[];
  flags?: Record<string, string>;
  annotate?: boolean;
  input?: string;
  inventory?: boolean;
}

for (const transformName of fs.readdirSync(TESTDATA).sort()) {
  if (NOT_TRANSFORMS.has(transformName) || (ONLY && !ONLY.includes(transformName))) continue;
  const cases = suite(`snapshots: ${transformName}`);
  const folder = path.join(TESTDATA, transformName);
  cases('names a transform and has a no-op case', () => {
    assert.ok(transforms.some((t) => t.name === transformName), `testdata/${transformName} is not a transform`);
    assert.ok(fs.readdirSync(folder).some((name) => name.includes('noop')), `testdata/${transformName} has no *noop* case`);
  });
  for (const caseName of fs.readdirSync(folder).sort()) {
    cases(caseName, () => runCase(transformName, path.join(folder, caseName)));
  }
  cases.run();
}

async function runCase(transformName: string, caseFolder: string): Promise<void> {
  const config = readConfig(caseFolder);
  const selected = selectTransforms(config.transforms ?? [transformName]);
  const options: RunOptions = { annotate: config.annotate ?? false, flags: config.flags ?? {} };
  const work = temporaryFolder();
  try {
    const input = config.input ? path.join(TESTDATA, config.input) : path.join(caseFolder, 'input');
    copyTree(input, work);
    if (config.inventory !== false) compareInventory(caseFolder, work);
    const first = await migrate(work, undefined, selected, options, 'write');
    const report = renderCaseReport(first);
    if (UPDATE) {
      fs.rmSync(path.join(caseFolder, 'output'), { recursive: true, force: true });
      copyTree(work, path.join(caseFolder, 'output'));
      fs.writeFileSync(path.join(caseFolder, 'report.txt'), report);
    }
    const difference = treeDifference(readTree(path.join(caseFolder, 'output')), readTree(work));
    assert.is(difference, '', `output differs from the snapshot:\n${difference}`);
    assert.fixture(report, fs.readFileSync(path.join(caseFolder, 'report.txt'), 'utf8'));

    if (selected.some((transform) => transform.python?.mayHaveWork)) {
      const unchecked = await runWithoutTextChecks(input, selected, options);
      const uncheckedDifference = treeDifference(readTree(path.join(caseFolder, 'output')), unchecked.tree);
      assert.is(uncheckedDifference, '', `without the text checks, output differs:\n${uncheckedDifference}`);
      // "Left as it is" notes name the files a transform would have looked at, which its text check decides.
      const withoutNotes = (text: string) => text.split('\n').filter((line) => !line.includes(' stcodemod/not-app-code ')).join('\n');
      assert.fixture(withoutNotes(unchecked.report), withoutNotes(report), 'without the text checks, findings differ');
    }

    const second = await migrate(work, undefined, selected, options, 'write');
    const rerunChanges = second.changes.map((change) => change.to ?? change.from);
    assert.equal(rerunChanges, [], 'a second run on the output changed files');

    // Every Python file the run wrote must compile; files it left alone may be broken on purpose.
    const inputFiles = readTree(input);
    const written = [...readTree(work)].filter(([name, bytes]) => name.endsWith('.py') && !inputFiles.get(name)?.equals(bytes));
    assert.equal(pythonCompileErrors(written.map(([name]) => path.join(work, name))), []);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function runWithoutTextChecks(input: string, selected: Transform[], options: RunOptions)
  : Promise<{ tree: Map<string, Buffer>; report: string }> {
  const work = temporaryFolder();
  try {
    copyTree(input, work);
    const unchecked = selected.map((transform) => (transform.python
      ? { ...transform, python: { ...transform.python, mayHaveWork: undefined } }
      : transform));
    const result = await migrate(work, undefined, unchecked, options, 'write');
    return { tree: readTree(work), report: renderCaseReport(result) };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** The inventory of the case's input, as `stcodemod apps` prints it, against apps.txt. */
function compareInventory(caseFolder: string, work: string): void {
  const project = new Project(work, discoverFiles(work), new FindingLog());
  const text = renderInventory(project, takeInventory(project, WHOLE_TARGET));
  const expected = path.join(caseFolder, 'apps.txt');
  if (UPDATE) fs.writeFileSync(expected, text);
  assert.fixture(text, fs.existsSync(expected) ? fs.readFileSync(expected, 'utf8') : '', 'stcodemod apps differs from apps.txt');
}

function readConfig(caseFolder: string): CaseConfig {
  const file = path.join(caseFolder, 'case.json');
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as CaseConfig) : {};
}

function selectTransforms(names: string[]): Transform[] {
  if (names.includes('all')) return transforms;
  return transforms.filter((transform) => names.includes(transform.name));
}

/** The findings as stable text: one line each, then any snippet indented. */
export function renderCaseReport(result: RunResult): string {
  const lines = result.findings.map((finding: LocatedFinding) => {
    const where = finding.path === undefined ? '-' : `${finding.path}${finding.line ? `:${finding.line}` : ''}`;
    const snippet = finding.snippet ? `\n${finding.snippet.replace(/\n$/, '').replace(/^/gm, '    ')}` : '';
    return `${finding.kind} ${finding.code} ${where} ${finding.message}${snippet}`;
  });
  return lines.length === 0 ? '(no findings)\n' : `${lines.join('\n')}\n`;
}
