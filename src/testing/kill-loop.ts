/**
 * `npm run kill-loop [-- --kills N]`: kills `stcodemod all` with SIGKILL at random points over a
 * copy of testdata, N times (30 by default), and checks each tree. Once the next run's first step
 * (`completeInterruptedRun`) has run, the tree must be the original or the complete result, byte
 * for byte, with no temporary file left. Not part of `npm test`: it takes a minute or two.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { completeInterruptedRun } from '../writer';
import { BIN, copyTree, git, readTree, TESTDATA, temporaryFolder, treeDifference } from './helpers';
import { seededRandom } from '../seeded-random';

const kills = Number(process.argv[process.argv.indexOf('--kills') + 1]) || 30;
const random = seededRandom(Number(process.env.SEED ?? 20261207));

function committedCopy(): string {
  const root = path.join(temporaryFolder('stcodemod-kill-'), 'testdata');
  copyTree(TESTDATA, root);
  git(root, 'init', '-q');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'testdata');
  return root;
}

function runToEnd(root: string): number {
  const started = Date.now();
  const result = spawnSync(process.execPath, [BIN, 'all', root, '--no-cache', '--force'], { encoding: 'utf8' });
  if (result.status === null) throw new Error(`the uninterrupted run died: ${result.signal}`);
  return Date.now() - started;
}

function runAndKill(root: string, afterMs: number): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'all', root, '--no-cache', '--force'], { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), afterMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(signal ? 'killed' : `exited ${code}`);
    });
  });
}

function strayFiles(root: string): string[] {
  return [...readTree(root).keys()].filter((name) => /(^|\/)\.stcodemod-/.test(name));
}

async function main(): Promise<void> {
  const original = committedCopy();
  const complete = committedCopy();
  const duration = runToEnd(complete);
  const originalTree = readTree(original);
  const completeTree = readTree(complete);
  let failures = 0;
  const outcomes = new Map<string, number>();
  for (let trial = 1; trial <= kills; trial++) {
    const root = committedCopy();
    // Most of a run is analysis; the writing comes last, so most kills aim at the end.
    const at = Math.round(duration * (random() < 0.2 ? random() : 0.85 + 0.2 * random()));
    const how = await runAndKill(root, at);
    const recovered = completeInterruptedRun(root);
    const tree = readTree(root);
    const state = treeDifference(originalTree, tree) === '' ? 'original'
      : treeDifference(completeTree, tree) === '' ? 'complete' : 'MIXED';
    const strays = strayFiles(root);
    const label = `${how}, ${recovered ? Object.keys(recovered)[0] : 'no journal'}, ${state}`;
    outcomes.set(label, (outcomes.get(label) ?? 0) + 1);
    if (state === 'MIXED' || strays.length > 0) {
      failures++;
      process.stdout.write(`trial ${trial} (kill at ${at} ms): ${label}; strays: ${strays.join(', ') || 'none'}\n`);
      process.stdout.write(`${treeDifference(completeTree, tree).slice(0, 2000)}\n`);
    }
    fs.rmSync(path.dirname(root), { recursive: true, force: true });
  }
  process.stdout.write(`uninterrupted run: ${duration} ms\n`);
  for (const [label, count] of [...outcomes].sort()) process.stdout.write(`${String(count).padStart(3)}  ${label}\n`);
  process.stdout.write(`${kills - failures} trees whole, ${failures} mixed or with stray files\n`);
  process.exit(failures === 0 ? 0 : 1);
}

void main();
