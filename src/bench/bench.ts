/**
 * `npm run bench [-- --files N] [--runs R] [--seed S] [--large] [--keep]`
 *
 * Generates a synthetic monorepo (src/bench/corpus.ts) into a temporary folder and measures, on
 * the same corpus, each several times: (a) the floor (read every file, parse every Python file),
 * (b) `stcodemod all --check`, (c) `stcodemod all` writing into a fresh copy, (d) `stcodemod all`
 * on its own output, and (e) a one-rule ast-grep rewrite when the ast-grep CLI is installed.
 * (b) to (d) run with `--no-cache`, as a first run would; (d') is (d) with the result cache
 * warmed by one earlier run, as in CI with the cache folder kept between runs.
 * Prints medians, files per second, peak RSS and the ratios, then how time grows with size.
 * Timing lives here only, never in `npm test`.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { generateCorpus } from './corpus';

const REPOSITORY = path.join(__dirname, '..', '..', '..');
const BIN = path.join(REPOSITORY, 'bin', 'stcodemod.js');
const FLOOR = path.join(__dirname, 'floor.js');

interface Measurement {
  label: string;
  seconds: number;
  peakMegabytes: number;
}

interface Options {
  files: number;
  runs: number;
  seed: number;
  large: boolean;
  keep: boolean;
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      files: { type: 'string', default: '10000' },
      runs: { type: 'string', default: '3' },
      seed: { type: 'string', default: '42' },
      large: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
    },
  });
  return {
    files: Number(values.files),
    runs: Number(values.runs),
    seed: Number(values.seed),
    large: Boolean(values.large),
    keep: Boolean(values.keep),
  };
}

/** Runs a command under GNU time for its wall time and peak RSS. */
function timed(command: string[], cwd: string, env: NodeJS.ProcessEnv = process.env)
  : { seconds: number; peakMegabytes: number; status: number | null } {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M', ...command], { cwd, env, encoding: 'utf8', maxBuffer: 1 << 30 });
  const last = result.stderr.trim().split('\n').pop() ?? '';
  const [seconds, kilobytes] = last.split(' ').map(Number);
  if (Number.isNaN(seconds)) throw new Error(`could not time ${command.join(' ')}:\n${result.stderr}`);
  return { seconds, peakMegabytes: kilobytes / 1024, status: result.status };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function measure(label: string, runs: number, prepare: () => string, command: (dir: string) => string[],
  env?: NodeJS.ProcessEnv): Measurement {
  const seconds: number[] = [];
  let peak = 0;
  for (let run = 0; run < runs; run++) {
    const dir = prepare();
    const result = timed(command(dir), dir, env);
    seconds.push(result.seconds);
    peak = Math.max(peak, result.peakMegabytes);
  }
  return { label, seconds: median(seconds), peakMegabytes: peak };
}

function astGrep(): string | undefined {
  const local = path.join(REPOSITORY, 'node_modules', '.bin', 'ast-grep');
  if (fs.existsSync(local)) return local;
  const found = spawnSync('sh', ['-c', 'command -v ast-grep'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

function benchmark(size: number, options: Options, workspace: string): { measurements: Measurement[]; files: number } {
  const corpus = path.join(workspace, `corpus-${size}`);
  const summary = generateCorpus(corpus, { pythonFiles: size, seed: options.seed });
  const copy = (name: string) => () => {
    const target = path.join(workspace, name);
    fs.rmSync(target, { recursive: true, force: true });
    fs.cpSync(corpus, target, { recursive: true });
    return target;
  };
  const migrated = copy(`migrated-${size}`)();
  spawnSync(process.execPath, [BIN, 'all', migrated, '--force', '--no-cache'], { encoding: 'utf8' });
  const warmCache = { ...process.env, STCODEMOD_CACHE_DIR: path.join(workspace, `cache-${size}`) };
  spawnSync(process.execPath, [BIN, 'all', migrated, '--force'], { encoding: 'utf8', env: warmCache });

  const node = process.execPath;
  const run = (...args: string[]) => (dir: string) => [node, BIN, 'all', dir, '--no-cache', ...args];
  const measurements = [
    measure('(a) floor: read + parse', options.runs, () => corpus, (dir) => [node, FLOOR, dir]),
    measure('(b) all --check', options.runs, () => corpus, run('--check')),
    measure('(c) all (writes)', options.runs, copy(`write-${size}`), run('--force')),
    measure('(d) all on its output', options.runs, () => migrated, run('--force')),
    measure("(d') (d), cache warm", options.runs, () => migrated, (dir) => [node, BIN, 'all', dir, '--force'], warmCache),
  ];
  const sg = astGrep();
  if (sg) {
    measurements.push(measure('(e) ast-grep, 1 rule', options.runs, copy(`sg-${size}`), (dir) => [
      sg, 'run', '--lang', 'python', '--pattern', 'get_active_session()',
      '--rewrite', 'st.connection("snowflake").session()', '--update-all', dir,
    ]));
  }
  return { measurements, files: summary.files };
}

function table(size: number, files: number, measurements: Measurement[]): string {
  const floor = measurements[0].seconds;
  const sg = measurements.find((m) => m.label.startsWith('(e)'));
  const rows = measurements.map((m) => {
    const ratio = m === measurements[0] ? '1.00' : (m.seconds / floor).toFixed(2);
    return `| ${m.label} | ${m.seconds.toFixed(2)} s | ${Math.round(files / m.seconds)} | ${Math.round(m.peakMegabytes)} MB | ${ratio} |`;
  });
  const write = measurements.find((m) => m.label.startsWith('(c)'))!;
  const lines = [
    `${size} Python files (${files} files in all)`,
    '',
    '| measurement | wall (median) | files/s | peak RSS | vs floor |',
    '|---|---|---|---|---|',
    ...rows,
  ];
  if (sg) lines.push('', `(c)/(e): ${(write.seconds / sg.seconds).toFixed(2)}`);
  return lines.join('\n');
}

function main(): void {
  const options = readOptions();
  const sizes = [...new Set([1000, options.files, ...(options.large ? [50000] : [])])].sort((a, b) => a - b);
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'stcodemod-bench-'));
  process.stdout.write(`stcodemod bench: node ${process.version}, ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}\n`);
  process.stdout.write(`seed ${options.seed}, ${options.runs} runs each, corpus in ${workspace}\n\n`);
  const growth: string[] = [];
  try {
    for (const size of sizes) {
      const { measurements, files } = benchmark(size, options, workspace);
      process.stdout.write(`${table(size, files, measurements)}\n\n`);
      const perFile = (label: string) => (measurements.find((m) => m.label.startsWith(label))!.seconds / size) * 1000;
      const peak = (label: string) => Math.round(measurements.find((m) => m.label.startsWith(label))!.peakMegabytes);
      growth.push(`| ${size} | ${perFile('(a)').toFixed(2)} ms | ${perFile('(b)').toFixed(2)} ms | ${perFile('(d)').toFixed(2)} ms `
        + `| ${peak('(b)')} MB | ${peak('(c)')} MB |`);
      for (const name of fs.readdirSync(workspace)) {
        if (!options.keep) fs.rmSync(path.join(workspace, name), { recursive: true, force: true });
      }
    }
    process.stdout.write(['Growth (time per Python file, and peak memory):', '',
      '| files | floor | all --check | no-op rerun | peak RSS, --check | peak RSS, writes |',
      '|---|---|---|---|---|---|', ...growth, ''].join('\n'));
  } finally {
    if (!options.keep) fs.rmSync(workspace, { recursive: true, force: true });
  }
}

main();
