/**
 * `npm run bench [-- --files N] [--runs R] [--seed S] [--large] [--keep] [--baseline DIR] [--lines L]`
 *
 * Generates a synthetic monorepo shaped like real apps (src/bench/corpus.ts) into a temporary
 * folder and measures, on the same corpus, each several times: (a) the floor (read every file,
 * parse every Python file), (b) `stcodemod all --check`, (c) `stcodemod all` writing into a fresh
 * copy, (d) `stcodemod all` on its own output, and (e) a one-rule ast-grep rewrite when the
 * ast-grep CLI is installed. (b) to (d) run with `--no-cache`, as a first run would; (d') is (d)
 * with the result cache warmed by one earlier run, as in CI with the cache folder kept between
 * runs. `--baseline DIR` measures (b) to (d) of another build too (a checkout of stcodemod with
 * its dist/ built), to compare two versions on one machine in the same rounds.
 * Then it measures the floor and (b) on two more corpora of about L lines each (default 200 per
 * file of --files, at most 200,000): one of small files (< 200 lines) and one of large files
 * (> 1,000 lines), with as many apps in each, and gives their cost per 1,000 lines: per-line cost
 * must not grow with file size.
 * Prints medians, files per second, peak RSS and the ratios, then how time grows with size.
 * Timing lives here only, never in `npm test`.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { CorpusSummary, describeShape, generateCorpus, meanLines } from './corpus';

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
  /** Lines in each of the small-file and large-file corpora. */
  lines: number;
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
      lines: { type: 'string' },
    },
  });
  const files = Number(values.files);
  return {
    lines: values.lines ? Number(values.lines) : Math.min(200 * files, 200000),
    files,
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

/**
 * Checks that a run migrates every app of the folder and looks at every Python file: a corpus
 * whose apps the inventory leaves alone (already on the container runtime, say) would measure
 * nothing. After a first run the apps are on the container runtime, and a rerun still migrates
 * them because the MIGRATION.md that run wrote names them. Returns a line for the report.
 */
function checkMigratesEverything(folder: string, pythonFiles: number, when: string): string {
  const result = spawnSync(process.execPath, [BIN, 'apps', folder, '--json'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (result.status !== 0) throw new Error(`stcodemod apps failed on the ${when}:\n${result.stderr}`);
  const inventory = JSON.parse(result.stdout) as { apps: Array<{ status: string; pythonFiles: number }>; leftAlone: unknown[] };
  const migrating = inventory.apps.filter((app) => app.status === 'migrated');
  const files = migrating.reduce((sum, app) => sum + app.pythonFiles, 0);
  if (migrating.length !== inventory.apps.length || inventory.leftAlone.length > 0 || files < pythonFiles) {
    throw new Error(`the ${when} would not measure a migration: ${migrating.length} of ${inventory.apps.length} apps are migrated, `
      + `holding ${files} of its ${pythonFiles} Python files`);
  }
  return `${when}: ${migrating.length} apps, all migrated`;
}

/** A fresh copy of the corpus, made before each run that writes. */
function copier(corpus: string, workspace: string) {
  return (name: string) => () => {
    const target = path.join(workspace, name);
    fs.rmSync(target, { recursive: true, force: true });
    fs.cpSync(corpus, target, { recursive: true });
    return target;
  };
}

function benchmark(size: number, options: Options, workspace: string)
  : { measurements: Measurement[]; summary: CorpusSummary; notes: string[] } {
  const corpus = path.join(workspace, `corpus-${size}`);
  const summary = generateCorpus(corpus, { pythonFiles: size, seed: options.seed });
  const notes = [describeShape(summary), checkMigratesEverything(corpus, summary.pythonFiles, 'corpus')];
  const copy = copier(corpus, workspace);
  const migrated = copy(`migrated-${size}`)();
  spawnSync(process.execPath, [BIN, 'all', migrated, '--force', '--no-cache'], { encoding: 'utf8' });
  notes.push(checkMigratesEverything(migrated, summary.pythonFiles, 'output of a first run, for (d)'));
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
  return { measurements, summary, notes };
}

/**
 * The floor and `all --check` on a corpus of small files and on one of large files, with about
 * the same number of lines and the same number of apps (so the work per app weighs the same in
 * both), as milliseconds per 1,000 lines.
 */
function perLineCosts(options: Options, workspace: string): string {
  const node = process.execPath;
  const ranges = [
    { label: 'small (< 200 lines)', name: 'small', min: 1, max: 199 },
    { label: 'large (> 1,000 lines)', name: 'large', min: 1001, max: 1_000_000 },
  ];
  const files = ranges.map((range) => Math.max(1, Math.round(options.lines / meanLines(range.min, range.max))));
  // A realistic app holds a few large files; the small-file corpus spreads over as many apps.
  const apps = Math.max(1, Math.round(files[1] / 3));
  const corpora = ranges.map((range, index) => {
    const folder = path.join(workspace, `corpus-${range.name}`);
    const summary = generateCorpus(folder, { pythonFiles: files[index], seed: options.seed, lines: range, apps });
    checkMigratesEverything(folder, summary.pythonFiles, `${range.name}-file corpus`);
    return { ...range, folder, summary };
  });
  const specs: Spec[] = corpora.flatMap((corpus) => [
    { label: `floor ${corpus.name}`, prepare: () => corpus.folder, command: (dir: string) => [node, FLOOR, dir] },
    { label: `check ${corpus.name}`, prepare: () => corpus.folder, command: (dir: string) => [node, BIN, 'all', dir, '--no-cache', '--check'] },
    ...(options.baseline ? [{ label: `baseline ${corpus.name}`, prepare: () => corpus.folder,
      command: (dir: string) => [node, path.join(options.baseline!, 'bin', 'stcodemod.js'), 'all', dir, '--no-cache', '--check'] }] : []),
  ]);
  const measured = measureInRounds(specs, options.runs);
  const seconds = (label: string) => measured.find((m) => m.label === label)!.seconds;
  const perThousand = (label: string, lines: number) => (seconds(label) / lines) * 1e6;
  const rows = corpora.map((corpus) => {
    const lines = corpus.summary.pythonLines;
    const floor = perThousand(`floor ${corpus.name}`, lines);
    const check = perThousand(`check ${corpus.name}`, lines);
    const baseline = options.baseline ? ` ${perThousand(`baseline ${corpus.name}`, lines).toFixed(0)} ms |` : '';
    return { floor, check, row: `| ${corpus.label} | ${corpus.summary.pythonFiles} | ${lines} | ${floor.toFixed(1)} ms | `
      + `${check.toFixed(0)} ms | ${(check / floor).toFixed(1)} |${baseline}` };
  });
  const [small, large] = rows;
  const growth = large.check / small.check;
  return [
    `Cost per 1,000 lines, small and large files (${apps} apps in each corpus):`,
    '',
    `| files | Python files | lines | floor | all --check | vs floor |${options.baseline ? ' baseline --check |' : ''}`,
    `|---|---|---|---|---|---|${options.baseline ? '---|' : ''}`,
    ...rows.map((r) => r.row),
    '',
    `large / small, per line: floor ${(large.floor / small.floor).toFixed(2)}, all --check ${growth.toFixed(2)}: `
      + `per-line cost ${growth > 1.1 ? 'GROWS' : 'does not grow'} with file size`,
    '',
  ].join('\n');
}

function table(size: number, summary: CorpusSummary, measurements: Measurement[]): string {
  const files = summary.files;
  const floor = measurements[0].seconds;
  const sg = measurements.find((m) => m.label.startsWith('(e)'));
  const rows = measurements.map((m) => {
    const ratio = m === measurements[0] ? '1.00' : (m.seconds / floor).toFixed(2);
    return `| ${m.label} | ${m.seconds.toFixed(2)} s | ${Math.round(files / m.seconds)} | ${Math.round(m.peakMegabytes)} MB | ${ratio} |`;
  });
  const write = measurements.find((m) => m.label.startsWith('(c)'))!;
  const lines = [
    `${size} Python files, ${summary.pythonLines} lines (${files} files in all)`,
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
  const sizes = [...new Set([Math.min(1000, options.files), options.files, ...(options.large ? [50000] : [])])].sort((a, b) => a - b);
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'stcodemod-bench-'));
  process.stdout.write(`stcodemod bench: node ${process.version}, ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}\n`);
  process.stdout.write(`seed ${options.seed}, ${options.runs} runs each, corpus in ${workspace}\n\n`);
  const growth: string[] = [];
  try {
    for (const size of sizes) {
      const { measurements, summary, notes } = benchmark(size, options, workspace);
      process.stdout.write(`${table(size, summary, measurements)}\n\n${notes.map((note) => `- ${note}`).join('\n')}\n\n`);
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
      '|---|---|---|---|---|---|', ...growth, '', ''].join('\n'));
    process.stdout.write(perLineCosts(options, workspace));
  } finally {
    if (!options.keep) fs.rmSync(workspace, { recursive: true, force: true });
  }
}

main();
