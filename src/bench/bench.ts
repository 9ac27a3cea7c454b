/**
 * `npm run bench [-- --files N] [--runs R] [--seed S] [--large] [--keep] [--baseline DIR]`
 *
 * Generates a synthetic monorepo (src/bench/corpus.ts) into a temporary folder and measures, on
 * the same corpus, each several times: (a) the floor (read every file, parse every Python file),
 * (b) `stcodemod all --check`, (c) `stcodemod all` writing into a fresh copy, (d) `stcodemod all`
 * on its own output, and (e) a one-rule ast-grep rewrite when the ast-grep CLI is installed.
 * (b) to (d) run with `--no-cache`, as a first run would; (d') is (d) with the result cache
 * warmed by one earlier run, as in CI with the cache folder kept between runs. `--baseline DIR`
 * measures (b) to (d) of another build too (a checkout of stcodemod with its dist/ built), to
 * compare two versions on one machine in the same rounds.
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
  /** Another build of stcodemod (a checkout with its dist/ built) to measure (b) to (d) of, in the same rounds. */
  baseline?: string;
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      files: { type: 'string', default: '10000' },
      runs: { type: 'string', default: '3' },
      seed: { type: 'string', default: '42' },
      large: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      baseline: { type: 'string' },
    },
  });
  return {
    files: Number(values.files),
    runs: Number(values.runs),
    seed: Number(values.seed),
    large: Boolean(values.large),
    keep: Boolean(values.keep),
    ...(values.baseline ? { baseline: path.resolve(values.baseline) } : {}),
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

interface Spec {
  label: string;
  prepare: () => string;
  command: (dir: string) => string[];
  env?: NodeJS.ProcessEnv;
}

/**
 * Runs every measurement once per round, round after round, so that a slow spell of a shared
 * machine (seen here: the same run taking from 46 s to 75 s) falls on all of them alike rather
 * than on the ones measured during it; each is the median of its runs.
 */
function measureInRounds(specs: Spec[], runs: number): Measurement[] {
  const seconds = specs.map((): number[] => []);
  const peaks = specs.map(() => 0);
  for (let run = 0; run < runs; run++) {
    specs.forEach((spec, index) => {
      const dir = spec.prepare();
      const result = timed(spec.command(dir), dir, spec.env);
      seconds[index].push(result.seconds);
      peaks[index] = Math.max(peaks[index], result.peakMegabytes);
    });
  }
  return specs.map((spec, index) => ({ label: spec.label, seconds: median(seconds[index]), peakMegabytes: peaks[index] }));
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
  const specs: Spec[] = [
    { label: '(a) floor: read + parse', prepare: () => corpus, command: (dir) => [node, FLOOR, dir] },
    { label: '(b) all --check', prepare: () => corpus, command: run('--check') },
    { label: '(c) all (writes)', prepare: copy(`write-${size}`), command: run('--force') },
    { label: '(d) all on its output', prepare: () => migrated, command: run('--force') },
    { label: "(d') (d), cache warm", prepare: () => migrated, command: (dir) => [node, BIN, 'all', dir, '--force'], env: warmCache },
  ];
  const sg = astGrep();
  if (sg) {
    specs.push({ label: '(e) ast-grep, 1 rule', prepare: copy(`sg-${size}`), command: (dir) => [
      sg, 'run', '--lang', 'python', '--pattern', 'get_active_session()',
      '--rewrite', 'st.connection("snowflake").session()', '--update-all', dir,
    ] });
  }
  if (options.baseline) {
    const baselineBin = path.join(options.baseline, 'bin', 'stcodemod.js');
    const baseline = (...args: string[]) => (dir: string) => [node, baselineBin, 'all', dir, '--no-cache', ...args];
    specs.push(
      { label: '(b) baseline', prepare: () => corpus, command: baseline('--check') },
      { label: '(c) baseline', prepare: copy(`write-baseline-${size}`), command: baseline('--force') },
      { label: '(d) baseline', prepare: () => migrated, command: baseline('--force') },
    );
  }
  const measurements = measureInRounds(specs, options.runs);
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
