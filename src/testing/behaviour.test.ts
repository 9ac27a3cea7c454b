/**
 * The behavioural tier: a test app runs under Streamlit's AppTest before and after `stcodemod all`,
 * against a fake Snowflake (apptest/fake_snowflake.py: stub Snowpark, a fake st.connection, an
 * in-memory sqlite3 database that logs every query). A case is any snapshot case with a
 * scenario.json (its steps: viewers opening pages, clicking, writing, the clock moving; see
 * apptest/harness.py). What each viewer sees at each step (the elements and their data, errors,
 * how many script runs the step took) must be the same before and after, apart from the steps the
 * scenario lists under "differences" with why. With "fewerQueries": true the app after must also
 * make fewer queries in all (caching that pays off).
 *
 * The apps run in one python process, from the tests' venv (python-venv.ts: Streamlit from this
 * machine's wheels). STCODEMOD_HARNESS_CLI=<path to bin/stcodemod.js> runs another build's CLI for
 * "after", to show that a case fails on it.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { transforms } from '../../transforms';
import { migrate } from '../cli';
import { copyTree, REPOSITORY, TESTDATA, temporaryFolder } from './helpers';
import { testPython } from './python-venv';

interface Scenario {
  steps: Record<string, unknown>[];
  differences?: { step: number; why: string }[];
  fewerQueries?: boolean;
}

interface StepRecord {
  viewer?: string;
  elements?: unknown[];
  error?: string;
  runs?: number;
  queries?: string[];
}

interface Case {
  name: string;
  folder: string;
  scenario: Scenario;
}

const cases: Case[] = findCases();
const behaviour = suite('behaviour: AppTest before and after stcodemod all');
let observed: Promise<Map<string, { before: StepRecord[]; after: StepRecord[] }>> | undefined;

for (const testCase of cases) {
  behaviour(testCase.name, async () => {
    observed ??= observeAll(cases);
    const runs = (await observed).get(testCase.name)!;
    compare(testCase.scenario, runs.before, runs.after);
  });
}
behaviour.run();

function findCases(): Case[] {
  const found: Case[] = [];
  for (const transform of fs.readdirSync(TESTDATA).sort()) {
    const folder = path.join(TESTDATA, transform);
    if (!fs.statSync(folder).isDirectory()) continue;
    for (const name of fs.readdirSync(folder).sort()) {
      const file = path.join(folder, name, 'scenario.json');
      if (!fs.existsSync(file)) continue;
      found.push({ name: `${transform}/${name}`, folder: path.join(folder, name),
        scenario: JSON.parse(fs.readFileSync(file, 'utf8')) as Scenario });
    }
  }
  return found;
}

/** Every case's app before and after `all`, run through the harness in one python process. */
async function observeAll(all: Case[]): Promise<Map<string, { before: StepRecord[]; after: StepRecord[] }>> {
  const python = testPython();
  const work = temporaryFolder('stcodemod-behaviour-');
  try {
    const manifest = [];
    for (const [index, testCase] of all.entries()) {
      const before = path.join(work, `${index}-before`);
      const after = path.join(work, `${index}-after`);
      copyTree(path.join(testCase.folder, 'input'), before);
      copyTree(path.join(testCase.folder, 'input'), after);
      await migrateAll(after, flagsOf(testCase.folder));
      manifest.push({ name: `${testCase.name}#before`, app: before, scenario: testCase.scenario },
        { name: `${testCase.name}#after`, app: after, scenario: testCase.scenario });
    }
    const manifestFile = path.join(work, 'manifest.json');
    fs.writeFileSync(manifestFile, JSON.stringify(manifest));
    const result = spawnSync(python, [path.join(REPOSITORY, 'src', 'testing', 'apptest', 'harness.py'), manifestFile], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      cwd: work,
      env: { ...process.env, STREAMLIT_BROWSER_GATHER_USAGE_STATS: 'false', PYTHONDONTWRITEBYTECODE: '1' },
    });
    if (result.status !== 0) {
      throw new Error(`the AppTest harness failed (exit ${result.status}):\n${result.stderr.split('\n').slice(-30).join('\n')}`);
    }
    const records = JSON.parse(result.stdout) as { name: string; steps: StepRecord[] }[];
    const byName = new Map(records.map((record) => [record.name, record.steps]));
    return new Map(all.map((testCase) => [testCase.name,
      { before: byName.get(`${testCase.name}#before`)!, after: byName.get(`${testCase.name}#after`)! }]));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function migrateAll(folder: string, flags: Record<string, string>): Promise<void> {
  const cli = process.env.STCODEMOD_HARNESS_CLI;
  if (cli) {
    const flagArguments = Object.entries(flags).flatMap(([name, value]) => [`--${name}`, value]);
    spawnSync(process.execPath, [cli, 'all', folder, '--force', '--no-cache', ...flagArguments], { encoding: 'utf8' });
    return;
  }
  await migrate(folder, undefined, transforms, { annotate: false, flags }, 'write');
}

function flagsOf(caseFolder: string): Record<string, string> {
  const file = path.join(caseFolder, 'case.json');
  if (!fs.existsSync(file)) return {};
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { flags?: Record<string, string> }).flags ?? {};
}

function compare(scenario: Scenario, before: StepRecord[], after: StepRecord[]): void {
  const declared = new Set((scenario.differences ?? []).map((difference) => difference.step));
  const problems: string[] = [];
  scenario.steps.forEach((step, index) => {
    const was = before[index];
    const is = after[index];
    if (was.viewer === undefined || declared.has(index)) return;
    const seen = (record: StepRecord) => JSON.stringify({ elements: record.elements, error: record.error, runs: record.runs });
    if (seen(was) !== seen(is)) {
      problems.push(`step ${index} (${JSON.stringify(step)}): viewer ${was.viewer} sees something else after the migration\n`
        + `  before: ${seen(was)}\n  after:  ${seen(is)}`);
    }
  });
  const count = (records: StepRecord[]) => records.reduce((sum, record) => sum + (record.queries?.length ?? 0), 0);
  if (scenario.fewerQueries && count(after) >= count(before)) {
    problems.push(`expected fewer queries after the migration: ${count(before)} before, ${count(after)} after`);
  }
  assert.ok(problems.length === 0, problems.join('\n\n'));
}
