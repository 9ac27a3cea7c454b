import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { explanations } from './explain';
import { codesInSource } from './testing/codes-in-source';
import { REPOSITORY, runCli, TESTDATA } from './testing/helpers';

/** Every code the snapshot cases report (report.txt: `<kind> <code> <path> <message>`). */
function codesInReports(folder = TESTDATA): Set<string> {
  const codes = new Set<string>();
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) codesInReports(full).forEach((code) => codes.add(code));
    else if (entry.name === 'report.txt') {
      for (const line of fs.readFileSync(full, 'utf8').split('\n')) {
        const code = line.split(' ')[1];
        if (code && /^[a-z-]+\/[a-z0-9-]+$/.test(code)) codes.add(code);
      }
    }
  }
  return codes;
}

test('every code the source can emit, and every code the cases report, has an explain entry', () => {
  const entries = explanations();
  const slugs = new Set([...entries.keys()].map((code) => code.split('/')[1]));
  const missing: string[] = [];
  for (const [code, file] of codesInSource(REPOSITORY)) {
    const [owner, slug] = code.split('/');
    if (owner === '*' ? !slugs.has(slug) : !entries.has(code)) missing.push(`${code} (${file})`);
  }
  for (const code of codesInReports()) if (!entries.has(code)) missing.push(`${code} (testdata)`);
  assert.equal([...new Set(missing)].sort(), [], 'add an entry to docs/codes/<transform>.md for each');
});

test('every entry says what the finding means, why, and shows an example', () => {
  const incomplete = [...explanations().values()]
    .filter((entry) => !/^Why: /m.test(entry.text) || !/^Before/m.test(entry.text) || entry.text.split('\n')[0].trim() === '')
    .map((entry) => `${entry.code} (${entry.file})`);
  assert.equal(incomplete, []);
});

test('explain prints an entry; an unknown code names the one meant; without a code, every code', () => {
  const known = runCli(['explain', 'cache/viewer-context']);
  assert.is(known.status, 0, known.stderr);
  assert.match(known.stdout, /^cache\/viewer-context\n\nA function that reads from Snowflake was not cached/);
  assert.match(known.stdout, /\nWhy: /);
  assert.is(runCli(['explain', 'viewer-context']).stdout, known.stdout, 'the slug alone is enough when it is unique');

  const typo = runCli(['explain', 'cache/viewer-contxt']);
  assert.is(typo.status, 2);
  assert.match(typo.stderr, /no such code 'cache\/viewer-contxt'; did you mean 'cache\/viewer-context'\?/);

  const all = runCli(['explain']);
  assert.is(all.status, 0);
  assert.match(all.stdout, /\n {2}stcodemod\/dirty-tree +The git work tree has uncommitted/);
});

test.run();
