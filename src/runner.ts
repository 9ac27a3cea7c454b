import { join } from 'node:path';
import { Finding } from './findings';
import { HeadStart } from './head-start';
import { inventoryOf } from './inventory';
import { Project } from './project';
import { EngineOptions, FileOutcome, FileTask, PARALLEL_THRESHOLD, runPythonFilesInWorkers, workerSetup } from './parallel';
import { commitPythonModule, freeParsedTrees, openPythonModule } from './python/files';
import { PythonModule } from './python/module';
import { Tree } from './python/parser';
import { FindingLog } from './findings';
import { CachedVerdict, hashOfFile, ResultCache } from './result-cache';
import { suppressFindings } from './suppression';
import { DecodedText } from './text-file';
import { PythonReporter, Reporter, RunOptions, SettledWork, Transform } from './transform';

/** `all` repeats its passes until nothing changes; a transform that keeps changing is a bug. */
const MAX_PASSES = 4;
/** The tree-sitter binding frees trees only when the event loop turns (performance-notes.md). */
const FILES_PER_YIELD = 100;

/**
 * Runs the transforms to their fixpoint, drops the findings the user's comments silence
 * (suppression.ts), then runs the finish hooks, which see only the findings that remain.
 * Returns how many findings were silenced.
 */
export async function runTransforms(
  project: Project,
  transforms: Transform[],
  options: RunOptions,
  engine: EngineOptions = { jobs: 1 },
): Promise<{ suppressed: number }> {
  await runToFixpoint(project, transforms, options, engine);
  const suppressed = suppressFindings(project);
  engine.progress?.stage('summing up');
  runFinishHooks(project, transforms, options);
  return { suppressed };
}

async function runToFixpoint(project: Project, transforms: Transform[], options: RunOptions, engine: EngineOptions)
  : Promise<void> {
  const visited = new Map<string, number>();
  // In registry order: project hooks of the transforms that come before every Python hook
  // (dependency and project files, generated modules) first, so the Python stage sees their
  // output in the same pass; then every Python hook, file by file; then the other project hooks.
  const firstPython = transforms.findIndex((transform) => transform.python);
  const before = firstPython === -1 ? transforms : transforms.slice(0, firstPython);
  const after = firstPython === -1 ? [] : transforms.slice(firstPython);
  const pythonTransforms = transforms.filter((transform) => transform.python);
  reportCodeLeftAlone(project, pythonTransforms);
  for (let pass = 1; pass <= MAX_PASSES; pass++) {
    const revision = project.revision;
    // Hashes of files as on disk, read for the result cache before the hooks (first pass only).
    const diskHashes = new Map<string, string>();
    const headStart = pass === 1 ? HeadStart.begin(project, pythonTransforms, options, engine, diskHashes) : undefined;
    try {
      await runProjectHooks(project, before, options, engine);
      if (pythonTransforms.length > 0) {
        await runPythonStage(project, pythonTransforms, options, visited, engine, headStart, diskHashes);
      }
    } finally {
      await headStart?.close();
    }
    await runProjectHooks(project, after, options, engine);
    if (project.revision === revision) return;
  }
  reportNoFixpoint(project);
}

async function runProjectHooks(project: Project, transforms: Transform[], options: RunOptions, engine: EngineOptions): Promise<void> {
  const cache = engine.cache;
  for (const transform of transforms) {
    if (!transform.project) continue;
    engine.progress?.stage(transform.name);
    // A hook's keys share the cache with file paths: `<transform>:` and a NUL keep them apart.
    const name = (key: string) => `\u0000${transform.name}:${key}`;
    const settled: SettledWork | undefined = cache && {
      isSettled: (key, hash) => cache.lookup(name(key), hash)?.findings.length === 0,
      settle: (key, hash) => cache.record(name(key), hash, []),
    };
    await transform.project(project, new Reporter(transform.name, (finding) => project.findings.add(finding)), options,
      settled);
    await freeParsedTrees();
  }
}

/**
 * Python files the inventory says are not app code are never visited. Where a transform would have
 * looked at one, the run says why it did not: a module that mixes app code with UDF or procedure
 * code is a manual step (nothing in it was rewritten), the others are notes.
 */
function reportCodeLeftAlone(project: Project, transforms: Transform[]): void {
  if (transforms.length === 0) return;
  for (const left of inventoryOf(project).codeLeftAlone()) {
    const text = project.peekText(left.path);
    if (text === undefined || !transforms.some((transform) => wants(transform, text))) continue;
    const mixed = left.kind === 'mixed';
    // Told from imports alone: a module the app loads some other way (importlib, a path added to sys.path) would be missed.
    const unreached = left.kind === 'not-run-by-app';
    project.findings.add({
      source: 'stcodemod',
      code: mixed ? 'stcodemod/mixed-code' : 'stcodemod/not-app-code',
      kind: mixed ? 'manual' : unreached ? 'warning' : 'info',
      message: mixed
        ? `nothing in this file was migrated: ${left.reason}. Move the UDF or procedure code into a module of its own `
          + 'and run stcodemod again, or migrate the Streamlit part by hand'
        : unreached
          ? `left as it is: ${left.reason}. If the app does load it (importlib, a path added to sys.path), import it from a `
            + 'page instead, or run stcodemod on this file by name'
          : `left as it is: ${left.reason}`,
      path: left.path,
    });
  }
}

/**
 * Summary hooks see the whole run. What they write is kept only when the run changed something
 * else, or to create a file that does not exist yet: regenerating a summary must never be the
 * only change of a run, or a run over its own output would not be a no-op.
 */
function runFinishHooks(project: Project, transforms: Transform[], options: RunOptions): void {
  const finishing = transforms.filter((transform) => transform.finish);
  if (finishing.length === 0) return;
  const changes = project.changes();
  let wanted = false;
  for (const transform of finishing) {
    const run = {
      transforms: transforms.map((t) => t.name),
      findings: project.findings.resolve((path) => project.peekText(path)),
      changes,
    };
    wanted = transform.finish!(project, run, new Reporter(transform.name, (finding) => project.findings.add(finding)), options) === true
      || wanted;
  }
  if (changes.length > 0 || wanted) return;
  for (const change of project.changes()) {
    if (change.kind === 'modify') project.restore(change.to!);
  }
}

/**
 * Every Python hook on each file in turn. A Python hook sees only its file and runs on it to a
 * fixpoint, so a later pass revisits only files whose text a project hook changed since.
 * `visited` maps each path to the version its hooks settled on. Large stages go to workers.
 */
async function runPythonStage(
  project: Project,
  transforms: Transform[],
  options: RunOptions,
  visited: Map<string, number>,
  engine: EngineOptions,
  headStart: HeadStart | undefined,
  diskHashes: Map<string, string>,
): Promise<void> {
  const inventory = inventoryOf(project);
  const candidates = project.paths()
    .filter((path) => path.endsWith('.py') && visited.get(path) !== project.versionOf(path) && inventory.visitsPython(path));
  const cache = engine.cache && new StageCache(project, engine.cache, diskHashes);
  const pending = cache ? candidates.filter((path) => !cache.replay(path, visited)) : candidates;
  const progress = engine.progress;
  progress?.files(0, pending.length);
  let done = 0;
  const advance = (path: string) => {
    if (!progress) return;
    const app = inventory.appOf(path);
    progress.files(++done, pending.length, app ? app.name ?? `in ${app.root || '.'}/` : undefined);
  };
  const adopt = (outcome: FileOutcome, earlier: Finding[] = []) => {
    advance(outcome.path);
    adoptOutcome(project, outcome, visited, earlier);
    if (outcome.read && outcome.text === undefined) cache?.remember(outcome.path, outcome.findings);
  };
  // A file the cache knows findings at gets only the transforms that made them; unless they make
  // exactly those again, it goes through every transform here.
  const everyTransform = (path: string) => {
    if (project.read(path)) runPythonFile(project, path, transforms, options);
    visited.set(path, project.versionOf(path));
    if (cache && project.read(path) && project.versionOf(path) === 0) cache.remember(path, project.findings.at(path));
  };
  const redo: string[] = [];
  const checked = (outcome: FileOutcome) => {
    advance(outcome.path);
    if (cache!.confirms(outcome)) adoptOutcome(project, outcome, visited, []);
    else redo.push(outcome.path);
  };
  // The registry workers load, when this stage is large enough for workers of its own.
  const registry = engine.jobs > 1 && pending.length >= PARALLEL_THRESHOLD ? engine.registry : undefined;
  if (headStart || registry) {
    // A worker reads a file from disk; one this run has already changed goes with its text, and
    // findings already made at a file go with it, so that the worker's edits move them along.
    const earlier = new Map<string, Finding[]>();
    const tasksFor = (paths: string[]) => {
      project.findings.takeForPaths(new Set(paths)).forEach((findings, path) => earlier.set(path, findings));
      return paths.map((path) => ({
        path,
        ...(project.versionOf(path) === 0 ? {} : textOf(project.read(path))),
        ...(earlier.has(path) ? { findings: earlier.get(path) } : {}),
        ...(cache?.recheck(path) ? { only: cache.recheck(path) } : {}),
      }));
    };
    const apply = (outcome: FileOutcome) => (cache?.recheck(outcome.path) ? checked(outcome) : adopt(outcome, earlier.get(outcome.path)));
    if (headStart) await headStart.finish(project, pending, tasksFor, apply);
    else await runPythonFilesInWorkers(tasksFor(pending), workerSetup(project.root, registry!, transforms, options), engine.jobs,
      apply);
    redo.forEach(everyTransform);
    return;
  }
  let count = 0;
  for (const path of pending) {
    const only = cache?.recheck(path);
    if (only) checked(analyseAlone(project.root, { path, only }, transforms, options));
    else {
      everyTransform(path);
      advance(path);
    }
    if (++count % FILES_PER_YIELD === 0) await new Promise(setImmediate);
  }
  redo.forEach(everyTransform);
}

/** What a worker needs of a file the run has changed or created: it must not look at the disk for it. */
function textOf(decoded: DecodedText | undefined): Pick<FileTask, 'text' | 'eol'> {
  return decoded ? { text: decoded.text, eol: decoded.eol } : {};
}

/**
 * The result cache as one Python stage uses it: only files still as on disk, and without
 * findings from project hooks, are looked up and remembered, so that a cached verdict is exactly
 * what the stage would have made. A verdict with findings is checked by running the transforms
 * that made them (result-cache.ts: the cache holds no text), so that this run words them.
 */
class StageCache {
  private readonly hashes = new Map<string, string>();
  private readonly withFindings: Set<string>;
  /** Files whose cached findings are to be made again, with the verdict. */
  private readonly rechecks = new Map<string, CachedVerdict>();

  /** `known`: hashes of files read earlier in the run (by the head start), as they are on disk. */
  constructor(private readonly project: Project, private readonly cache: ResultCache,
    private readonly known = new Map<string, string>()) {
    this.withFindings = project.findings.paths();
  }

  /** True when the cache says the stage neither changes nor reports at the file (it counts as examined). */
  replay(path: string, visited: Map<string, number>): boolean {
    if (this.project.versionOf(path) !== 0 || this.withFindings.has(path)) return false;
    const hash = this.known.get(path) ?? hashOfFile(join(this.project.root, path));
    if (hash === undefined) return false;
    this.hashes.set(path, hash);
    const verdict = this.cache.lookup(path, hash);
    if (verdict && verdict.findings.length > 0) this.rechecks.set(path, verdict);
    if (!verdict || verdict.findings.length > 0) return false;
    this.project.noteExamined(path);
    visited.set(path, 0);
    return true;
  }

  /** The transforms to run on a file whose cached verdict has findings; undefined for any other file. */
  recheck(path: string): string[] | undefined {
    const verdict = this.rechecks.get(path);
    return verdict && [...new Set(verdict.findings.map((finding) => finding.code.split('/')[0]))].sort();
  }

  /** True when a recheck left the file unchanged and made exactly the cached findings (code, kind, offset). */
  confirms(outcome: FileOutcome): boolean {
    const expected = this.rechecks.get(outcome.path);
    if (!expected || !outcome.read || outcome.text !== undefined) return false;
    const key = (finding: { code: string; kind: string; offset?: number }) => `${finding.code} ${finding.kind} ${finding.offset ?? ''}`;
    return outcome.findings.map(key).sort().join('\n') === expected.findings.map(key).sort().join('\n');
  }

  /** Records the verdict for a file the stage looked at and left as it was. */
  remember(path: string, findings: Finding[]): void {
    const hash = this.hashes.get(path);
    if (hash !== undefined) this.cache.record(path, hash, findings);
  }
}

/**
 * Takes one file's result from a worker: its new text (if any), then its findings (those handed to
 * it included). A refused result leaves the file as it was, with its earlier findings.
 */
function adoptOutcome(project: Project, outcome: FileOutcome, visited: Map<string, number>, earlier: Finding[]): void {
  if (outcome.read) project.noteExamined(outcome.path);
  if (outcome.text !== undefined && !project.adoptText(outcome.path, outcome.originalText!, outcome.text)) {
    earlier.forEach((finding) => project.findings.add(finding));
    return;
  }
  outcome.findings.forEach((finding) => project.findings.add(finding));
  visited.set(outcome.path, project.versionOf(outcome.path));
}

/**
 * One file's Python stage on a project of its own, as a worker runs it: from disk, or from the
 * task's text with the findings already made at it. `only` narrows the transforms (a recheck of
 * a cached verdict, see StageCache).
 */
export function analyseAlone(root: string, task: FileTask, transforms: Transform[], options: RunOptions): FileOutcome {
  const { path, text, eol, findings: earlier, ahead, only } = task;
  const findings = new FindingLog();
  // A file sent with its text is the main thread's: it may not exist on disk (the run created it),
  // or differ from it. The worker's project then has it as a file of its own making.
  const project = new Project(root, text === undefined ? [path] : [], findings);
  if (text !== undefined) project.write(path, text, eol);
  earlier?.forEach((finding) => findings.add(finding));
  const before = project.read(path);
  if (before) runPythonFile(project, path, only ? transforms.filter((t) => only.includes(t.name)) : transforms, options);
  const after = project.read(path);
  const changed = before !== undefined && after !== undefined && after.text !== before.text;
  return {
    path,
    read: before !== undefined,
    ...(changed ? { originalText: before.text, text: after.text } : {}),
    findings: findings.raw(),
    ...(ahead ? { ahead } : {}),
  };
}

/**
 * A transform is only called for files that mention one of its words and pass its finer text
 * check, and a file that no transform wants by these tests is not even parsed: no transform
 * could change or report on it, so a syntax error in it is not reported either. For the others, the hooks run in turn on the
 * tree the previous edit left, so that every transform sees the others' output without the file
 * being parsed again from scratch, until each has seen the file's current text.
 *
 * A visit must leave its own transform's fixpoint (the snapshot tests check every case for it:
 * a transform run on its own output changes nothing), so a transform is called again only when
 * another one changed the file after it. In the usual file, where only the last transforms edit,
 * nothing runs twice.
 */
export function runPythonFile(project: Project, path: string, transforms: Transform[], options: RunOptions): void {
  const text = project.read(path)?.text;
  if (text === undefined) return;
  // Whether each transform wants the file's current text, asked once per text and only when
  // needed: to parse the file, one transform wanting it is enough.
  let wanted: (boolean | undefined)[] = [];
  if (!transforms.some((transform, index) => (wanted[index] = wants(transform, text)))) return;
  let module = openPythonModule(project, path);
  let version = 0;
  const seenVersion = transforms.map(() => -1);
  for (let round = 1; round <= MAX_PASSES; round++) {
    for (const [index, transform] of transforms.entries()) {
      if (!module) return;
      if (seenVersion[index] === version) continue;
      wanted[index] ??= wants(transform, module.text);
      const outcome = wanted[index] ? visitPythonModule(project, module, transform, options) : module.tree;
      if (outcome === 'dropped') {
        // The file is as it was; its tree is parsed again for the next transform.
        module = openPythonModule(project, path);
      } else if (outcome !== module.tree) {
        version++;
        wanted = [];
        module = openPythonModule(project, path, outcome);
      }
      seenVersion[index] = version;
    }
    if (seenVersion.every((seen) => seen === version)) return;
  }
  reportNoFixpoint(project, path);
}

/**
 * One transform's visit to one module, committed. Returns the tree of the file's text afterwards
 * (the module's own when the visit changed nothing), or 'dropped' when the visit failed or its
 * change did not parse.
 */
function visitPythonModule(project: Project, module: PythonModule, transform: Transform, options: RunOptions)
  : Tree | 'dropped' {
  const python = transform.python!;
  const findings: Finding[] = [];
  const reporter = new PythonReporter(transform.name, (finding) => findings.push(finding), module, options.annotate);
  try {
    python.visit(module, reporter, options);
  } catch (error) {
    // A bug in one transform on one file must not cost the rest of the run: like a change that
    // does not parse, the file keeps its text and the failure is reported.
    project.findings.add({
      source: 'stcodemod',
      code: 'stcodemod/internal-error',
      kind: 'error',
      message: `the ${transform.name} transform failed on this file (${firstLine(error)}); its change to this file was dropped`
        + ' (please report this as a bug)',
      path: module.path,
    });
    return 'dropped';
  }
  return commitPythonModule(project, module, transform.name, findings) ?? 'dropped';
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}

/** True when the transform's text checks let a file with this text through to its visit. */
function wants(transform: Transform, text: string): boolean {
  const python = transform.python!;
  return python.mentions.some((word) => text.includes(word)) && (python.mayHaveWork?.(text) ?? true);
}

function reportNoFixpoint(project: Project, path?: string): void {
  project.findings.add({
    source: 'stcodemod',
    code: 'stcodemod/no-fixpoint',
    kind: 'warning',
    message: `transforms still changed ${path ?? 'files'} after ${MAX_PASSES} rounds; please report this as a bug`,
    ...(path ? { path } : {}),
  });
}
