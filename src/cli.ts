import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs, ParseArgsConfig, styleText } from 'node:util';
import { Palette, plain } from './diff';
import { printable } from './printable';
import { discoverFiles, gitWorkTreeTop } from './discovery';
import { enclosingProject, inventoryOf, RunScope, takeInventory, WHOLE_TARGET } from './inventory';
import { APPS_OPTIONS, appsCommand } from './inventory/command';
import { defaultJobs, EngineOptions } from './parallel';
import { defaultCacheFolder, ResultCache } from './result-cache';
import { FindingLog } from './findings';
import { workTreeState } from './git';
import { Project } from './project';
import { diffOf, renderJson, renderSummary, RunMode, RunResult, skippedPaths } from './report';
import { runTransforms } from './runner';
import { RunOptions, Transform } from './transform';
import { UPGRADE_CHECK_OPTIONS, upgradeCheck } from './upgrade-check';
import { completeInterruptedRun, InterruptedCommitError, JOURNAL, writeChanges, WriteError } from './writer';

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  stdoutIsTTY: boolean;
  env: NodeJS.ProcessEnv;
}

export const EXIT_OK = 0;
export const EXIT_PENDING_CHANGES = 1;
export const EXIT_ERROR = 2;

const builtInOptions = {
  'dry-run': { type: 'boolean', default: false },
  check: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  force: { type: 'boolean', default: false },
  annotate: { type: 'boolean', default: false },
  jobs: { type: 'string' },
  'no-cache': { type: 'boolean', default: false },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false },
} as const;

class UsageError extends Error {}

/** The whole command line: returns the exit code. Never prompts; never throws for user mistakes. */
/**
 * `registry` names the module that exports `transforms`, so worker threads can load them too;
 * without it every run stays on the main thread.
 */
export async function main(argv: string[], transforms: Transform[], given: Io, registry?: string): Promise<number> {
  // Every message to stderr is ours with names from the target in it: none may reach a terminal raw.
  const io: Io = { ...given, stderr: (text) => given.stderr(printable(text)) };
  try {
    return await run(argv, transforms, io, registry);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`stcodemod: ${error.message}\nRun 'stcodemod --help' for usage.\n`);
      return EXIT_ERROR;
    }
    if (error instanceof WriteError || error instanceof InterruptedCommitError) {
      io.stderr(`stcodemod: ${error.message}\n`);
      return EXIT_ERROR;
    }
    throw error;
  }
}

/** Commands with options of their own, named by the first argument that is not an option. */
const SUBCOMMANDS: Record<string, (argv: string[], io: Io) => Promise<number>> = { 'upgrade-check': upgradeCheck, apps: appsCommand };

async function run(argv: string[], transforms: Transform[], io: Io, registry?: string): Promise<number> {
  const first = firstPositional(argv, valueOptionNames(transforms));
  const subcommand = first === -1 ? undefined : SUBCOMMANDS[argv[first]];
  if (subcommand) return subcommand([...argv.slice(0, first), ...argv.slice(first + 1)], io);
  const { values, positionals } = parseCommandLine(argv, transforms);
  if (values.help) {
    io.stdout(usage(transforms));
    return EXIT_OK;
  }
  if (values.version) {
    io.stdout(`${packageVersion()}\n`);
    return EXIT_OK;
  }
  const [command, target, ...extra] = positionals;
  if (command === undefined) {
    throw new UsageError('missing command: use `all`, a transform name, `list`, `apps` or `upgrade-check`');
  }
  if (command === 'list') {
    io.stdout(renderList(transforms));
    return EXIT_OK;
  }
  const selected = selectTransforms(command, transforms, io);
  if (!selected) return EXIT_ERROR;
  if (target === undefined) throw new UsageError(`missing path: stcodemod ${command} <path>`);
  if (extra.length > 0) throw new UsageError(`unexpected argument: ${extra[0]}`);

  const mode: RunMode = values.check ? 'check' : values['dry-run'] ? 'dry-run' : 'write';
  const colour = values['no-color'] ? false : values.color ?? (io.stdoutIsTTY && !io.env.NO_COLOR);
  const palette = colour ? ansiPalette : plain;
  const options: RunOptions = { annotate: Boolean(values.annotate), flags: transformFlags(values, transforms) };
  const engine: EngineOptions = { jobs: parseJobs(values.jobs), registry };

  const located = locateTarget(target);
  if (typeof located === 'string') {
    io.stderr(`stcodemod: ${located}\n`);
    return EXIT_ERROR;
  }
  const interrupted = finishInterruptedRun(located.root, mode, io);
  if (interrupted !== undefined) return interrupted;
  if (mode === 'write') {
    const tree = workTreeState(located.root);
    if (tree.state === 'dirty' && !values.force) {
      io.stderr(`stcodemod: ${target} has uncommitted changes; commit or stash first, or pass --force\n`);
      return EXIT_ERROR;
    }
    if (tree.state === 'unknown') {
      // A repository git refuses (dubious ownership) may hold uncommitted work all the same.
      const trust = /dubious ownership/.test(tree.reason)
        ? ` (if you trust it: git config --global --add safe.directory ${located.root})` : '';
      if (!values.force) {
        io.stderr(`stcodemod: cannot tell whether ${target} has uncommitted changes: git says: ${tree.reason}${trust}; `
          + 'check it, then pass --force\n');
        return EXIT_ERROR;
      }
      io.stderr(`stcodemod: warning: cannot tell whether ${target} has uncommitted changes: git says: ${tree.reason}\n`);
    }
    if (tree.state === 'not-a-repo') {
      io.stderr(`stcodemod: warning: ${target} is not in a git work tree; review the changes carefully, git cannot undo them\n`);
    }
  }

  if (!values['no-cache']) {
    engine.cache = ResultCache.open(defaultCacheFolder(io.env), located.root, selected.map((t) => t.name), options,
      (message) => io.stderr(`stcodemod: warning: ${message}\n`));
  }
  if (located.root !== path.resolve(target)) {
    io.stderr(`stcodemod: ${target} is part of the project in ${path.relative(process.cwd(), located.root) || '.'}; `
      + (located.scope.files.length > 0 ? 'only this file is migrated there\n' : 'the apps under it are migrated whole\n'));
  }
  const result = await migrate(located.root, undefined, selected, options, mode, engine, located.scope);
  engine.cache?.save();
  result.target = target;
  if (values.json) {
    io.stdout(renderJson(result));
  } else {
    if (mode === 'dry-run') for (const change of result.changes) io.stdout(diffOf(change, palette));
    if (mode === 'dry-run' && result.changes.length > 0) io.stdout('\n');
    io.stdout(renderSummary(result, palette));
  }
  return result.exitCode;
}

/**
 * A run killed while writing left a journal: a writing run first completes it (or rolls back what
 * was only staged) and says so; a dry run or check refuses, since the tree is not what it will be.
 * Returns an exit code when the run must stop here.
 */
function finishInterruptedRun(root: string, mode: RunMode, io: Io): number | undefined {
  if (mode !== 'write') {
    if (!fs.existsSync(path.join(root, JOURNAL))) return undefined;
    io.stderr(`stcodemod: ${JOURNAL}: an earlier run was interrupted while writing; `
      + 'run stcodemod without --dry-run or --check to complete it first\n');
    return EXIT_ERROR;
  }
  const outcome = completeInterruptedRun(root);
  if (outcome === undefined) return undefined;
  if ('rolledBack' in outcome) {
    io.stderr(`stcodemod: ${JOURNAL}: an earlier run was interrupted before it wrote anything; removed the ${outcome.rolledBack} files it had staged\n`);
    return undefined;
  }
  io.stderr(`stcodemod: ${JOURNAL}: completed the writing of an earlier run that was interrupted (${outcome.completed} files); `
    + 'review the result with git diff, then run stcodemod again\n');
  return EXIT_ERROR;
}

/**
 * Runs transforms over a folder (or the given files in it) and, in write mode, writes the result.
 * Dry runs and checks take exactly the same path and stop before the write.
 */
export async function migrate(
  root: string,
  files: string[] | undefined,
  transforms: Transform[],
  options: RunOptions,
  mode: RunMode,
  engine: EngineOptions = { jobs: 1 },
  scope: RunScope = WHOLE_TARGET,
): Promise<RunResult> {
  const findings = new FindingLog();
  const project = new Project(root, files ?? discoveredFiles(root, scope, findings), findings);
  takeInventory(project, scope);
  await runTransforms(project, transforms, options, engine);
  let changes = project.changes();
  if (mode === 'write') changes = writeChanges(root, changes, findings);
  const located = findings.resolve((relative) => project.peekText(relative));
  const skipped = skippedPaths(located);
  const changedPaths = new Set(changes.flatMap((change) => [change.from, change.to]));
  const unchanged = project.examinedPaths().filter((p) => !changedPaths.has(p) && !skipped.has(p)).length;
  const pending = changes.length > 0 && mode === 'check';
  const exitCode = findings.hasErrors() ? EXIT_ERROR : pending ? EXIT_PENDING_CHANGES : EXIT_OK;
  const apps = inventoryOf(project).appsInRun().map(({ name, root: appRoot, mainFile, how, runtime, leftAlone }) =>
    ({ name, root: appRoot, mainFile, how, runtime, leftAlone }));
  return { target: root, transforms: transforms.map((t) => t.name), mode, changes, unchanged, findings: located, apps, exitCode };
}

/**
 * The project's files, with those named on the command line even when .gitignore leaves them out.
 * What discovery reports (a folder it cannot read, a .gitignore it could not apply) counts only
 * where the run looks: a folder of another app of the project is none of this run's business.
 */
function discoveredFiles(root: string, scope: RunScope, findings: FindingLog): string[] {
  const discovery = new FindingLog();
  const files = discoverFiles(root, discovery);
  const inScope = (inner: string, outer: string) => outer === '' || outer === '.' || inner === outer || inner.startsWith(`${outer}/`);
  const concerns = (found: string) => {
    const folder = found.endsWith('.gitignore') ? path.posix.dirname(found) : found;
    return [...scope.folders, ...scope.files].some((item) => inScope(found, item) || inScope(item, folder));
  };
  for (const finding of discovery.raw()) if (finding.path === undefined || concerns(finding.path)) findings.add(finding);
  return [...new Set([...files, ...scope.files])].sort();
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
    throw new UsageError((error as Error).message.split('\n')[0]);
  }
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

function selectTransforms(command: string, transforms: Transform[], io: Io): Transform[] | undefined {
  if (command === 'all') return transforms;
  const names = command.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !transforms.some((transform) => transform.name === name));
  if (unknown.length > 0 || names.length === 0) {
    io.stderr(`stcodemod: unknown transform '${unknown.join("', '") || command}'\n\n${renderList(transforms)}`);
    return undefined;
  }
  // A comma list runs in the documented order of `all`, whatever order it was typed in.
  return transforms.filter((transform) => names.includes(transform.name));
}

/**
 * The project a path belongs to (searched upwards, see `enclosingProject`) and what of it the run
 * covers. A file named on the command line is processed even when .gitignore leaves it out.
 */
function locateTarget(target: string): { root: string; scope: RunScope } | string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? `${target}: no such file or directory` : `${target}: cannot open (${code})`;
  }
  if (!stat.isDirectory() && !stat.isFile()) return `${target}: not a file or folder`;
  const absolute = path.resolve(target);
  if (stat.isDirectory()) {
    try {
      fs.accessSync(absolute, fs.constants.R_OK | fs.constants.X_OK);
    } catch {
      return `${target}: cannot read folder (permission denied)`;
    }
  }
  // The run discovers the project's files itself (migrate), so that what discovery reports is part of it.
  return enclosingProject(absolute, stat.isFile(), gitWorkTreeTop(absolute));
}

export function renderList(transforms: Transform[]): string {
  const width = Math.max(...transforms.map((transform) => transform.name.length));
  const lines = ['Transforms, in the order `stcodemod all` runs them:', ''];
  for (const transform of transforms) {
    lines.push(`  ${transform.name.padEnd(width)}  ${transform.summary}`);
    const safety = transform.safe ? 'all edits safe' : 'some edits need review (reported as manual steps)';
    lines.push(`  ${''.padEnd(width)}  touches: ${transform.touches}; ${safety}`);
    for (const flag of transform.flags ?? []) {
      lines.push(`  ${''.padEnd(width)}  --${flag.name} ${flag.value}: ${flag.description}`);
    }
  }
  return lines.join('\n') + '\n';
}

function usage(transforms: Transform[]): string {
  return `Usage:
  stcodemod all <path> [options]          run every transform, in order
  stcodemod <transform>[,<transform>] <path> [options]
  stcodemod list                          describe the transforms
  stcodemod apps <path> [--json]          list the apps found and the code left alone, with why
  stcodemod upgrade-check --from <old> <new> [--json]
                                          can a Native App version upgrade the previous one in place?
                                          (exit 1 when not; see 'stcodemod upgrade-check --help')

Options:
  --dry-run      print a unified diff of every change; write nothing
  --check        print a summary only; exit 1 when anything would change (for CI)
  --json         print one JSON document (files, diffs, manual steps, diagnostics)
  --force        write even when the git work tree has uncommitted changes
  --annotate     leave a "# TODO(stcodemod): ..." comment at each manual step in Python code
  --jobs N       worker threads for Python files (default: one per core; small runs use none)
  --no-cache     do not use or update the cache of unchanged files (~/.cache/stcodemod)
  --color, --no-color
                 colour the output (default: only when stdout is a terminal)
  -h, --help     this help;  -v, --version  the version
${transforms.some((t) => t.flags?.length) ? '\nTransform options:\n' : ''}${transforms
    .flatMap((t) => t.flags ?? [])
    .map((flag) => `  --${flag.name} ${flag.value}  ${flag.description}\n`)
    .join('')}
Exit codes:
  0  ran clean    1  --check found pending changes    2  bad usage, or a file was skipped by an error
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
