/**
 * The first pass's Python stage, begun before the project hooks that come before it: while the
 * main thread runs those hooks (a sixth of a first run on the 1,000-file benchmark), the cores it
 * leaves idle work through the Python files as they are on disk. When the stage proper starts,
 * every worker takes the files that are left.
 *
 * A Python hook sees only its own file, so what the stage does to a file depends only on the
 * file's text and the findings already made at it. An outcome worked out ahead is therefore
 * taken only for a file the hooks left as it was on disk and reported nothing at; every other
 * file (one a hook changed, created or reported at) goes through the stage as usual.
 */
import { inventoryOf } from './inventory';
import { join } from 'node:path';
import { BATCH_SIZE, EngineOptions, FileOutcome, FileTask, PARALLEL_THRESHOLD, WorkerPool, WorkerSetup, workerSetup }
  from './parallel';
import { Project } from './project';
import { hashOfFile, ResultCache } from './result-cache';
import { RunOptions, Transform } from './transform';

/** About 0.8 s of work for a worker: enough to outlast most stretches of a hook that does not yield. */
const BATCHES_AHEAD = 8;

export class HeadStart {
  private readonly pool: WorkerPool;
  /** Outcomes of files sent ahead, kept until the stage can tell whether they still hold. */
  private readonly early = new Map<string, FileOutcome>();
  private takeAhead?: (outcome: FileOutcome) => void;
  private takeStaged?: (outcome: FileOutcome) => void;

  private constructor(setup: WorkerSetup, jobs: number, private readonly sent: Set<string>) {
    const size = Math.min(jobs, Math.ceil(sent.size / BATCH_SIZE));
    this.pool = new WorkerPool(setup, size, (outcome) => {
      if (!outcome.ahead) this.takeStaged!(outcome);
      else if (this.takeAhead) this.takeAhead(outcome);
      else this.early.set(outcome.path, outcome);
    });
    // One core stays the main thread's, for the hooks.
    this.pool.use(size - 1, BATCHES_AHEAD);
    this.pool.submit([...sent].map((path) => ({ path, ahead: true })));
  }

  /**
   * Starts on the project's Python files, when the stage would go to workers at all; files the
   * result cache has a verdict for are left to it. `hashes` gets the hash of each file looked up
   * in the cache, for the stage's own look-up.
   */
  static begin(project: Project, transforms: Transform[], options: RunOptions, engine: EngineOptions,
    hashes: Map<string, string>): HeadStart | undefined {
    const registry = engine.registry;
    if (!registry || engine.jobs <= 1 || transforms.length === 0) return undefined;
    const inventory = inventoryOf(project);
    const paths = project.paths().filter((path) => path.endsWith('.py') && inventory.visitsPython(path)
      && !(engine.cache && isCached(project, path, engine.cache, hashes)));
    if (paths.length < PARALLEL_THRESHOLD) return undefined;
    return new HeadStart(workerSetup(project.root, registry, transforms, options), engine.jobs, new Set(paths));
  }

  /**
   * The stage proper, on `pending` (the files the stage has to see): outcomes worked out ahead
   * that still hold are taken, and every worker works through the other files, made into tasks
   * by `tasksFor`. Resolves when each file's outcome has been taken; throws what stopped a worker.
   */
  async finish(project: Project, pending: string[], tasksFor: (paths: string[]) => FileTask[],
    take: (outcome: FileOutcome) => void): Promise<void> {
    for (const task of this.pool.withdraw()) this.sent.delete(task.path);
    const holds = new Set(pending.filter((path) => this.sent.has(path) && project.versionOf(path) === 0
      && project.findings.at(path).length === 0));
    this.takeAhead = (outcome) => {
      if (holds.has(outcome.path)) take(outcome);
    };
    this.takeStaged = take;
    for (const outcome of this.early.values()) this.takeAhead(outcome);
    this.early.clear();
    this.pool.use(this.pool.size, 1);
    this.pool.submit(tasksFor(pending.filter((path) => !holds.has(path))));
    await this.pool.idle();
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

function isCached(project: Project, path: string, cache: ResultCache, hashes: Map<string, string>): boolean {
  const hash = hashOfFile(join(project.root, path));
  if (hash === undefined) return false;
  hashes.set(path, hash);
  return cache.has(path, hash);
}
