/**
 * The benchmark corpus: the same seed gives the same bytes, its files are shaped like real code,
 * its Python compiles, and a run migrates every app of it (else the benchmark measures nothing).
 * Nothing here is timed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { pythonCompileErrors, readTree, runCli, temporaryFolder, treeDifference } from '../testing/helpers';
import { generateCorpus, linesAtQuantile, meanLines } from './corpus';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

test('the same seed and options give the same bytes; another seed gives other files', () => {
  const [first, second, other] = [temporaryFolder(), temporaryFolder(), temporaryFolder()];
  generateCorpus(first, { pythonFiles: 60, seed: 7 });
  generateCorpus(second, { pythonFiles: 60, seed: 7 });
  generateCorpus(other, { pythonFiles: 60, seed: 8 });
  assert.is(treeDifference(readTree(first), readTree(second)), '');
  assert.ok(treeDifference(readTree(first), readTree(other)) !== '');
});

test('file lengths follow the real distribution (median 78, p90 540, p99 1,850, largest 6,900)', () => {
  assert.ok(Math.abs(linesAtQuantile(0.5) - 78) < 1);
  assert.ok(Math.abs(linesAtQuantile(0.9) - 540) < 1);
  assert.ok(Math.abs(linesAtQuantile(0.99) - 1850) < 1);
  assert.is(linesAtQuantile(1), 6900);
  const summary = generateCorpus(temporaryFolder(), { pythonFiles: 2000, seed: 42 });
  const lines = summary.shapes.map((shape) => shape.lines);
  const near = (value: number, real: number, tolerance: number) => assert.ok(Math.abs(value - real) <= tolerance * real, `${value} vs ${real}`);
  near(percentile(lines, 50), 78, 0.15);
  near(percentile(lines, 90), 540, 0.15);
  near(percentile(lines, 99), 1850, 0.25);
  const inLarge = lines.filter((count) => count > 1000).reduce((sum, count) => sum + count, 0);
  near(inLarge / summary.pythonLines, 0.25, 0.25);
  near(percentile(summary.shapes.map((shape) => shape.functions), 50), 2, 0.5);
  near(percentile(summary.shapes.map((shape) => shape.functions), 99), 33, 0.25);
  near(percentile(summary.shapes.map((shape) => shape.queries), 90), 6, 0.34);
  assert.ok(summary.shapes.filter((shape) => shape.importsStreamlit).length > 0.9 * summary.pythonFiles);
  assert.ok(summary.shapes.filter((shape) => shape.kind === 'plain').length < 0.08 * summary.pythonFiles);
});

test('a small-file or large-file corpus holds only files of those lengths, in the apps asked for', () => {
  const small = generateCorpus(temporaryFolder(), { pythonFiles: 90, seed: 1, lines: { min: 1, max: 199 }, apps: 3 });
  assert.ok(small.shapes.every((shape) => shape.lines < 200 + 40), 'a file overshoots its length by one block at most');
  const large = temporaryFolder();
  const summary = generateCorpus(large, { pythonFiles: 4, seed: 1, lines: { min: 1001, max: 1_000_000 }, apps: 2 });
  assert.ok(summary.shapes.every((shape) => shape.lines > 1000));
  assert.equal(fs.readdirSync(path.join(large, 'apps')).sort(), ['app_0000', 'app_0001']);
  assert.ok(meanLines(1, 199) < 100 && meanLines(1001, 1_000_000) > 1500);
});

test('the Python compiles, and the run migrates every app and looks at every Python file', () => {
  const corpus = temporaryFolder();
  const summary = generateCorpus(corpus, { pythonFiles: 120, seed: 3 });
  const files = [...readTree(corpus).keys()].filter((file) => file.endsWith('.py')).map((file) => path.join(corpus, file));
  assert.is(files.length, 120);
  assert.equal(pythonCompileErrors(files), []);
  const inventory = JSON.parse(runCli(['apps', corpus, '--json']).stdout) as { apps: Array<{ status: string; runtime: string; pythonFiles: number }>; leftAlone: unknown[] };
  assert.ok(inventory.apps.length > 10);
  assert.ok(inventory.apps.every((app) => app.status === 'migrated' && app.runtime === 'warehouse'));
  assert.is(inventory.apps.reduce((sum, app) => sum + app.pythonFiles, 0), summary.pythonFiles);
  assert.equal(inventory.leftAlone, []);
});

test.run();
