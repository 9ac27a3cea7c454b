import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs, ParseArgsConfig, styleText } from 'node:util';
import { CliError, errorJson, UsageError } from './cli-errors';
import { ConfigError, ConfigFile, findConfig, Settings, settingsOf } from './config';
import { Palette, plain } from './diff';
import { gitWorkTreeTop } from './discovery';
import { explanations, findExplanation, renderCodeList, renderExplanation } from './explain';
import { workTreeState } from './git';
import { Interruption, Signals, testDelays } from './interrupt';
import { enclosingProject, RunScope } from './inventory';
import { APPS_OPTIONS, appsCommand } from './inventory/command';
import {
  ComputedRun, computeRun, EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, finishRun, MigrationScope,
} from './migrate';
import { defaultJobs, EngineOptions } from './parallel';
import { printable, printableLine } from './printable';
import { Terminal, TerminalProgress } from './progress';
import { diffOf, renderJsonRuns, renderSummary, RunMode, RunResult } from './report';
import { defaultCacheFolder, ResultCache } from './result-cache';
import { closest, didYouMean } from './suggest';
import { RunOptions, Transform } from './transform';
import { transformDoc } from './transform-docs';
import { UPGRADE_CHECK_OPTIONS, upgradeCheck } from './upgrade-check';
import { completeInterruptedRun, InterruptedCommitError, JOURNAL, WriteError } from './writer';

export { migrate, EXIT_OK, EXIT_PENDING_CHANGES, EXIT_ERROR, EXIT_INTERRUPTED } from './migrate';

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  stdoutIsTTY: boolean;
  env: NodeJS.ProcessEnv;
  /** stderr, when it is a terminal: the progress line goes there. */
  terminal?: Terminal;
  /** The process's signals, when the CLI may handle SIGINT and SIGTERM (bin/stcodemod.js). */
  signals?: Signals;
  /** The folder paths are shown relative to (default: the process's). */
  cwd?: string;
}

const builtInOptions = {
  'dry-run': { type: 'boolean', default: false },
  diff: { type: 'boolean', default: false },
  check: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  force: { type: 'boolean', default: false },
  annotate: { type: 'boolean', default: false },
  jobs: { type: 'string' },
  'no-cache': { type: 'boolean', default: false },
  quiet: { type: 'boolean', short: 'q', default: false },
  verbose: { type: 'boolean', default: false },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false },
} as const;

/**
 * The whole command line: returns the exit code. Never prompts; never throws for user mistakes.
 * `registry` names the module that exports `transforms`, so worker threads can load them too (and
 * the transforms' doc blocks are found beside it); without it every run stays on the main thread.
 */
export async function main(argv: string[], transforms: Transform[], given: Io, registry?: string): Promise<number> {
  // Every message to stderr is ours with names from the target in it: none may reach a terminal raw.
  const io: Io = { ...given, stderr: (text) => given.stderr(printable(text)) };
  const json = optionGiven(argv, '--json');
  try {
    return await run(argv, transforms, io, registry);
  } catch (error) {
    const failure = asCliError(error);
    if (!failure) throw error;
    io.stderr(`stcodemod: ${failure.message}\n${failure.hint ? `${failure.hint}\n` : ''}`);
    if (json) io.stdout(errorJson(failure));
    return failure.exitCode;
  }
}

function asCliError(error: unknown): CliError | undefined {
  if (error instanceof CliError) return error;
  if (error instanceof ConfigError) return new CliError('stcodemod/config', error.message, EXIT_ERROR);
  if (error instanceof WriteError) return new CliError('stcodemod/write-failed', error.message, EXIT_ERROR);
  if (error instanceof InterruptedCommitError) return new CliError('stcodemod/commit-interrupted', error.message, EXIT_ERROR);
  return undefined;
}

/** True when an option was given before any `--`. */
function optionGiven(argv: string[], option: string): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes(option);
}

/** Commands with options of their own, named by the first argument that is not an option. */
const SUBCOMMANDS: Record<string, (argv: string[], io: Io) => Promise<number>> = {
  'upgrade-check': upgradeCheck,
  apps: appsCommand,
  explain: explainCommand,
};

async function run(argv: string[], transforms: Transform[], io: Io, registry?: string): Promise<number> {
  const first = firstPositional(argv, valueOptionNames(transforms));
  const subcommand = first === -1 ? undefined : SUBCOMMANDS[argv[first]];
  if (subcommand) return subcommand([...argv.slice(0, first), ...argv.slice(first + 1)], io);
  const { values, positionals } = parseCommandLine(argv, transforms);
  const [command, ...targets] = positionals;
  if (values.help) {
    io.stdout(helpFor(command, transforms, registry));
    return EXIT_OK;
  }
  if (values.version) {
    io.stdout(`${packageVersion()}\n`);
    return EXIT_OK;
  }
  if (command === undefined) {
    throw new UsageError('missing command: use `all`, a transform name, `list`, `explain`, `apps` or `upgrade-check`');
  }
  if (command === 'list') {
    if (targets.length > 1) throw new UsageError(`unexpected argument: ${targets[1]}`);
    io.stdout(targets.length === 0 ? renderList(transforms) : describeTransform(namedTransform(targets[0], transforms), registry));
    return EXIT_OK;
  }
  const selected = selectTransforms(command, transforms);
  if (targets.length === 0) throw new UsageError(`missing path: stcodemod ${command} <path>`);
  return runTransformCommand(targets, selected, transforms, values, io, registry);
}

type Values = ReturnType<typeof parseCommandLine>['values'];

/** One project of the run: the paths given in it, what of it they cover, and its settings. */
interface ProjectRun {
  root: string;
  targets: string[];
  scope: MigrationScope;
  config?: ConfigFile;
  options: RunOptions;
}

async function runTransformCommand(targets: string[], selected: Transform[], transforms: Transform[], values: Values, io: Io,
  registry?: string): Promise<number> {
  const started = Date.now();
  const mode: RunMode = values.check ? 'check' : values['dry-run'] || values.diff ? 'dry-run' : 'write';
  const quiet = Boolean(values.quiet);
  const colour = values['no-color'] ? false : values.color ?? (io.stdoutIsTTY && !io.env.NO_COLOR);
  const palette = colour ? ansiPalette : plain;
  const flags = transformFlags(values, transforms);
  const jobs = parseJobs(values.jobs);
  const projects = projectsOf(targets, transforms, flags, Boolean(values.annotate));

  // Tests see the line at every event (STCODEMOD_TEST_PROGRESS_EVERY_EVENT), not only after a second.
  const timing = io.env.STCODEMOD_TEST_PROGRESS_EVERY_EVENT ? { showAfterMs: 0, redrawMs: 0 } : undefined;
  const progress = io.terminal && !quiet ? new TerminalProgress(io.terminal, timing) : undefined;
  const say = (text: string) => {
    progress?.clear();
    io.stderr(text);
  };
  const warn = (text: string) => {
    if (!quiet) say(`stcodemod: ${text}\n`);
  };
  const delays = testDelays(io.env);
  const interruption = io.signals && new Interruption(io.signals, (signal) => {
    progress?.stop();
    const error = new CliError('stcodemod/interrupted', `interrupted (${signal}) before writing; nothing was written`, EXIT_INTERRUPTED);
    io.stderr(`stcodemod: ${error.message}\n`);
    if (values.json) io.stdout(errorJson(error));
    return io.signals!.exit(EXIT_INTERRUPTED);
  });
  try {
    for (const project of projects) prepareProject(project, mode, Boolean(values.force), warn);
    const computed: { project: ProjectRun; run: ComputedRun; engine: EngineOptions }[] = [];
    for (const project of projects) {
      const engine: EngineOptions = { jobs, registry, progress, disk: delays.disk };
      if (!values['no-cache']) {
        engine.cache = ResultCache.open(defaultCacheFolder(io.env), project.root, selected.map((t) => t.name), project.options,
          (message) => warn(`warning: ${message}`));
      }
      reportScope(project, warn, io);
      computed.push({ project, engine, run: await computeRun(project.root, undefined, selected, project.options, engine, project.scope) });
    }
    if (mode === 'write') progress?.stage('writing files');
    if (delays.pauseBeforeWrite && mode === 'write') {
      say('stcodemod: test: about to write\n');
      await new Promise((resolve) => setTimeout(resolve, delays.pauseBeforeWrite));
    }
    interruption?.beginWriting();
    const results: RunResult[] = [];
    for (const { project, run: computedRun, engine } of computed) {
      const result = finishRun(computedRun, mode, engine);
      engine.cache?.save();
      result.target = project.targets.join(' ');
      results.push(result);
    }
    const signal = await interruption?.interruptedWhileWriting();
    progress?.stop();
    const exitCode = signal ? EXIT_INTERRUPTED : Math.max(...results.map((result) => result.exitCode));
    printResults(results, { mode, json: Boolean(values.json), verbose: Boolean(values.verbose), palette, elapsedMs: Date.now() - started,
      cwd: io.cwd ?? process.cwd(), exitCode, interrupted: signal }, io);
    if (signal) {
      const written = results.reduce((sum, result) => sum + result.changes.length, 0);
      io.stderr(`stcodemod: interrupted (${signal}) while writing: finished the ${written} writes this run had decided on `
        + '(listed above), then stopped\n');
    }
    return exitCode;
  } finally {
    progress?.stop();
    interruption?.uninstall();
  }
}

interface OutputView {
  mode: RunMode;
  json: boolean;
  verbose: boolean;
  palette: Palette;
  elapsedMs: number;
  cwd: string;
  exitCode: number;
  interrupted?: NodeJS.Signals;
}

function printResults(results: RunResult[], view: OutputView, io: Io): void {
  if (view.json) {
    io.stdout(renderJsonRuns(results, view.exitCode, view.interrupted ? { interrupted: view.interrupted } : {}));
    return;
  }
  results.forEach((result, index) => {
    if (results.length > 1) io.stdout(`${view.palette.header(`Project ${printableLine(shownPath(result.root, view.cwd))}:`)}\n`);
    if (view.mode === 'dry-run') for (const change of result.changes) io.stdout(diffOf(change, view.palette));
    if (view.mode === 'dry-run' && result.changes.length > 0) io.stdout('\n');
    const display = (relative: string) => shownPath(path.join(result.root, relative), view.cwd);
    const last = index === results.length - 1;
    io.stdout(renderSummary(result, { palette: view.palette, display, verbose: view.verbose, elapsedMs: last ? view.elapsedMs : undefined }));
    if (!last) io.stdout('\n');
  });
}

/** A path as the user can open it from where they are: relative to the current folder, or absolute outside it. */
export function shownPath(absolute: string, cwd: string): string {
  const relative = path.relative(cwd, absolute);
  if (relative === '') return '.';
  if (relative.startsWith('..') || path.isAbsolute(relative)) return absolute;
  return relative.split(path.sep).join('/');
}

/**
 * The projects the paths belong to (searched upwards, see `enclosingProject`), each with its
 * configuration (searched upwards from the path, see config.ts) and what of it the paths cover.
 * Paths in one project are one run; a configuration is read and checked before anything runs.
 */
function projectsOf(targets: string[], transforms: Transform[], cliFlags: Record<string, string>, annotate: boolean): ProjectRun[] {
  const byRoot = new Map<string, ProjectRun>();
  const allFlags = transforms.flatMap((transform) => transform.flags ?? []);
  for (const target of targets) {
    const { root, scope, start } = locateTarget(target);
    const config = findConfig(start, gitWorkTreeTop(start));
    const known = byRoot.get(root);
    if (known) {
      if (known.config?.file !== config?.file) {
        throw new UsageError(`${known.targets[0]} and ${target} are in one project but find different configuration files `
          + `(${known.config?.file ?? 'none'}, ${config?.file ?? 'none'}); run them separately`);
      }
      known.targets.push(target);
      known.scope = mergeScopes(known.scope, scope);
      continue;
    }
    const settings = settingsOf(config, allFlags, root);
    byRoot.set(root, { root, targets: [target], scope: { ...scope, exclude: settings.exclude }, config,
      options: runOptions(settings, cliFlags, annotate) });
  }
  return [...byRoot.values()];
}

/** The command line over the configuration: a flag given on the command line holds for every app. */
function runOptions(settings: Settings, cliFlags: Record<string, string>, annotate: boolean): RunOptions {
  const appFlags: Record<string, Record<string, string>> = {};
  for (const [root, flags] of Object.entries(settings.appFlags)) {
    appFlags[root] = Object.fromEntries(Object.entries(flags).filter(([name]) => cliFlags[name] === undefined));
  }
  const options: RunOptions = { annotate: annotate || settings.annotate === true, flags: { ...settings.flags, ...cliFlags } };
  if (Object.keys(appFlags).length > 0) options.appFlags = appFlags;
  return options;
}

function mergeScopes(a: MigrationScope, b: RunScope): MigrationScope {
  const whole = (scope: RunScope) => scope.folders.includes('');
  if (whole(a) || whole(b)) return { ...a, folders: [''], files: [] };
  return { ...a, folders: [...new Set([...a.folders, ...b.folders])], files: [...new Set([...a.files, ...b.files])] };
}

/**
 * Before any project runs: an interrupted earlier run is completed (write mode) or refused, and
 * a dirty git tree is refused unless --force.
 */
function prepareProject(project: ProjectRun, mode: RunMode, force: boolean, warn: (text: string) => void): void {
  const { root } = project;
  const target = project.targets[0];
  finishInterruptedRun(root, mode, warn);
  if (mode !== 'write') return;
  const tree = workTreeState(root);
  if (tree.state === 'dirty' && !force) {
    throw new CliError('stcodemod/dirty-tree', `${target} has uncommitted changes; commit or stash first, or pass --force`, EXIT_ERROR);
  }
  if (tree.state === 'unknown') {
    // A repository git refuses (dubious ownership) may hold uncommitted work all the same.
    const trust = /dubious ownership/.test(tree.reason) ? ` (if you trust it: git config --global --add safe.directory ${root})` : '';
    if (!force) {
      throw new CliError('stcodemod/git-unknown', `cannot tell whether ${target} has uncommitted changes: git says: ${tree.reason}${trust}; `
        + 'check it, then pass --force', EXIT_ERROR);
    }
    warn(`warning: cannot tell whether ${target} has uncommitted changes: git says: ${tree.reason}`);
  }
  if (tree.state === 'not-a-repo') warn(`warning: ${target} is not in a git work tree; review the changes carefully, git cannot undo them`);
}

/** Says when a path stands for more (or less) than itself, and which configuration the run uses. */
function reportScope(project: ProjectRun, warn: (text: string) => void, io: Io): void {
  const cwd = io.cwd ?? process.cwd();
  const where = shownPath(project.root, cwd);
  for (const target of project.targets) {
    if (path.resolve(target) === project.root) continue;
    const file = fs.statSync(target).isFile();
    warn(`${target} is part of the project in ${where}; ${file ? 'only this file is migrated there' : 'the apps under it are migrated whole'}`);
  }
  if (project.config) warn(`settings from ${shownPath(project.config.file, cwd)}`);
}

/**
 * A run killed while writing left a journal: a writing run first completes it (or rolls back what
 * was only staged) and says so; a dry run or check refuses, since the tree is not what it will be.
 */
function finishInterruptedRun(root: string, mode: RunMode, warn: (text: string) => void): void {
  if (mode !== 'write') {
    if (!fs.existsSync(path.join(root, JOURNAL))) return;
    throw new CliError('stcodemod/interrupted-run', `${JOURNAL}: an earlier run was interrupted while writing; `
      + 'run stcodemod without --dry-run or --check to complete it first', EXIT_ERROR);
  }
  const outcome = completeInterruptedRun(root);
  if (outcome === undefined) return;
  if ('rolledBack' in outcome) {
    warn(`${JOURNAL}: an earlier run was interrupted before it wrote anything; removed the ${outcome.rolledBack} files it had staged`);
    return;
  }
  throw new CliError('stcodemod/interrupted-run', `${JOURNAL}: completed the writing of an earlier run that was interrupted `
    + `(${outcome.completed} files); review the result with git diff, then run stcodemod again`, EXIT_ERROR);
}

/** Options that take a value, of the main command (transform flags included) and of every subcommand. */
function valueOptionNames(transforms: Transform[]): Set<string> {
  const optionSets: Record<string, { type: string }>[] = [builtInOptions, UPGRADE_CHECK_OPTIONS, APPS_OPTIONS];
  const names = optionSets.flatMap((options) => Object.entries(options)
    .filter(([, option]) => option.type === 'string').map(([name]) => name));
  return new Set([...names, ...transforms.flatMap((transform) => transform.flags ?? []).map((flag) => flag.name)]);
}

/**
 * Where the first argument that is not an option stands, skipping the value of an option that
 * takes one (`--from v1 upgrade-check`); -1 when there is none.
 */
function firstPositional(argv: string[], valueOptions: Set<string>): number {
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (argument === '--') return index + 1 < argv.length ? index + 1 : -1;
    if (!argument.startsWith('-') || argument === '-') return index;
    if (argument.startsWith('--') && !argument.includes('=') && valueOptions.has(argument.slice(2))) index++;
  }
  return -1;
}

function parseCommandLine(argv: string[], transforms: Transform[]) {
  const options: ParseArgsConfig['options'] = { ...builtInOptions };
  for (const flag of transforms.flatMap((transform) => transform.flags ?? [])) options[flag.name] = { type: 'string' };
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(parseErrorMessage(error as Error & { code?: string }, Object.keys(options)));
  }
}

/** Node's message for a bad option, in one line, with the option it was likely meant to be. */
export function parseErrorMessage(error: Error & { code?: string }, known: string[]): string {
  const unknown = /^Unknown option '(-{1,2}[^']*)'/.exec(error.message);
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && unknown) {
    const name = unknown[1].replace(/^-+/, '');
    return `unknown option ${unknown[1]}${didYouMean(name, known, (option) => `--${option}`)}`;
  }
  return error.message.split('\n')[0];
}

function parseJobs(value: unknown): number {
  if (value === undefined) return defaultJobs();
  const jobs = Number(value);
  if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError(`--jobs takes a whole number of 1 or more, not '${value}'`);
  return jobs;
}

/** The transform flags given, each checked by its transform's rule: a bad value is a usage error. */
function transformFlags(values: Record<string, unknown>, transforms: Transform[]): Record<string, string> {
  const flags: Record<string, string> = {};
  for (const flag of transforms.flatMap((transform) => transform.flags ?? [])) {
    const value = values[flag.name];
    if (typeof value !== 'string') continue;
    const problem = flag.check?.(value);
    if (problem !== undefined) throw new UsageError(`--${flag.name} ${JSON.stringify(value)} ${problem}`);
    flags[flag.name] = value;
  }
  return flags;
}

function selectTransforms(command: string, transforms: Transform[]): Transform[] {
  if (command === 'all') return transforms;
  const names = command.split(',').map((name) => name.trim()).filter(Boolean);
  if (names.length === 0) throw new UsageError(`unknown transform '${command}'; \`stcodemod list\` names them`);
  for (const name of names) namedTransform(name, transforms);
  // A comma list runs in the documented order of `all`, whatever order it was typed in.
  return transforms.filter((transform) => names.includes(transform.name));
}

function namedTransform(name: string, transforms: Transform[]): Transform {
  const transform = transforms.find((candidate) => candidate.name === name);
  if (transform) return transform;
  const commands = [...transforms.map((candidate) => candidate.name), 'all', 'list', ...Object.keys(SUBCOMMANDS)];
  const suggestion = closest(name, commands);
  throw new UsageError(`unknown transform '${name}'${suggestion ? `; did you mean '${suggestion}'?` : ''}`
    + ` (transforms: ${transforms.map((candidate) => candidate.name).join(', ')})`);
}

/**
 * The project a path belongs to (searched upwards, see `enclosingProject`) and what of it the run
 * covers. `start` is the folder the configuration is searched upward from.
 */
function locateTarget(target: string): { root: string; scope: RunScope; start: string } {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError('stcodemod/no-such-path', code === 'ENOENT' ? `${target}: no such file or directory` : `${target}: cannot open (${code})`,
      EXIT_ERROR);
  }
  if (!stat.isDirectory() && !stat.isFile()) throw new CliError('stcodemod/no-such-path', `${target}: not a file or folder`, EXIT_ERROR);
  const absolute = path.resolve(target);
  if (stat.isDirectory()) {
    try {
      fs.accessSync(absolute, fs.constants.R_OK | fs.constants.X_OK);
    } catch {
      throw new CliError('stcodemod/unreadable-folder', `${target}: cannot read folder (permission denied)`, EXIT_ERROR);
    }
  }
  const start = stat.isFile() ? path.dirname(absolute) : absolute;
  // The run discovers the project's files itself (migrate), so that what discovery reports is part of it.
  return { ...enclosingProject(absolute, stat.isFile(), gitWorkTreeTop(absolute)), start };
}

export function renderList(transforms: Transform[]): string {
  const width = Math.max(...transforms.map((transform) => transform.name.length));
  const lines = ['Transforms, in the order `stcodemod all` runs them (`stcodemod list <transform>` describes one):', ''];
  for (const transform of transforms) {
    lines.push(`  ${transform.name.padEnd(width)}  ${transform.summary}`);
    lines.push(`  ${''.padEnd(width)}  touches: ${transform.touches}; ${safetyOf(transform)}`);
    for (const flag of transform.flags ?? []) {
      lines.push(`  ${''.padEnd(width)}  --${flag.name} ${flag.value}: ${flag.description}`);
    }
  }
  return lines.join('\n') + '\n';
}

function safetyOf(transform: Transform): string {
  if (transform.reportsOnly) return 'a check: changes no code';
  return transform.safe ? 'all edits safe' : 'some edits need review (reported as manual steps)';
}

/** `stcodemod list <transform>`, `stcodemod <transform> --help`: the transform's doc block, then its options. */
function describeTransform(transform: Transform, registry: string | undefined): string {
  const lines = [transformDoc(transform.name, registry) ?? `# ${transform.name}\n\n${transform.summary}\n`];
  lines.push(`Touches: ${transform.touches}; ${safetyOf(transform)}.`);
  if (transform.flags?.length) {
    lines.push('', 'Options:');
    for (const flag of transform.flags) lines.push(`  --${flag.name} ${flag.value}  ${flag.description}`);
  }
  lines.push('', `Run: stcodemod ${transform.name} <path> [--dry-run]`);
  return lines.join('\n') + '\n';
}

function helpFor(command: string | undefined, transforms: Transform[], registry: string | undefined): string {
  if (command === undefined || command === 'all' || command === 'list') return usage(transforms);
  const names = command.split(',').map((name) => name.trim()).filter(Boolean);
  if (names.length === 0 || !names.every((name) => transforms.some((transform) => transform.name === name))) return usage(transforms);
  return names.map((name) => describeTransform(namedTransform(name, transforms), registry)).join('\n');
}

/** `stcodemod explain <code>`: what a finding means, why, and an example; without a code, every code. */
async function explainCommand(argv: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { help: { type: 'boolean', short: 'h' }, json: { type: 'boolean' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(parseErrorMessage(error as Error, ['help', 'json']), 'explain');
  }
  const entries = explanations();
  const [code, ...extra] = parsed.positionals;
  if (parsed.values.help) {
    io.stdout('Usage:\n  stcodemod explain <code>     what a finding means, why, and a before/after example\n'
      + '  stcodemod explain            every code stcodemod can report\n');
    return EXIT_OK;
  }
  if (extra.length > 0) throw new UsageError(`unexpected argument: ${extra[0]}`, 'explain');
  if (code === undefined) {
    io.stdout(renderCodeList(entries));
    return EXIT_OK;
  }
  const entry = findExplanation(entries, code);
  if (!entry) {
    throw new CliError('stcodemod/unknown-code', `no such code '${code}'${didYouMean(code, entries.keys(), (name) => `'${name}'`)}`
      + '; `stcodemod explain` lists them', EXIT_ERROR);
  }
  io.stdout(parsed.values.json ? `${JSON.stringify({ code: entry.code, explanation: entry.text }, null, 2)}\n` : renderExplanation(entry));
  return EXIT_OK;
}

function usage(transforms: Transform[]): string {
  return `Usage:
  stcodemod all <path>... [options]       run every transform, in order
  stcodemod <transform>[,<transform>] <path>... [options]
  stcodemod list [<transform>]            the transforms; or one in full (also: stcodemod <transform> --help)
  stcodemod explain [<code>]              what a finding's code means, why, and an example
  stcodemod apps <path> [--json]          list the apps found and the code left alone, with why
  stcodemod upgrade-check --from <old> <new> [--json]
                                          can a Native App version upgrade the previous one in place?
                                          (exit 1 when not; see 'stcodemod upgrade-check --help')

Options:
  --dry-run, --diff
                 print a unified diff of every change; write nothing
  --check        print a summary only; exit 1 when anything would change (for CI)
  --json         print one JSON document (files, diffs, manual steps, diagnostics; errors too);
                 writes like the same command without --json
  --force        write even when the git work tree has uncommitted changes
  --annotate     leave a "# TODO(stcodemod): ..." comment at each manual step in Python code
  --verbose      also show the notes (info findings)
  -q, --quiet    no progress line and no warnings on stderr
  --jobs N       worker threads for Python files (default: one per core; small runs use none)
  --no-cache     do not use or update the cache of unchanged files (~/.cache/stcodemod)
  --color, --no-color
                 colour the output (default: only when stdout is a terminal)
  -h, --help     this help;  -v, --version  the version
${transforms.some((t) => t.flags?.length) ? '\nTransform options (also in [tool.stcodemod] of pyproject.toml, or stcodemod.toml):\n' : ''}${transforms
    .flatMap((t) => t.flags ?? [])
    .map((flag) => `  --${flag.name} ${flag.value}  ${flag.description}\n`)
    .join('')}
Exit codes:
  0  ran clean    1  --check found pending changes    2  bad usage, or a file was skipped by an error
  130  interrupted (SIGINT or SIGTERM)
`;
}

function packageVersion(): string {
  const manifest = path.join(__dirname, '..', '..', 'package.json');
  return (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string }).version;
}

const ansiPalette: Palette = {
  header: (text) => styleText('bold', text),
  hunk: (text) => styleText('cyan', text),
  added: (text) => styleText('green', text),
  removed: (text) => styleText('red', text),
};
