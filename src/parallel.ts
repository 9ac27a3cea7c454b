/**
 * The Python stage of a pass spread over worker threads. A Python hook sees only its own file,
 * so each file's whole pipeline (read, parse, every hook to a fixpoint, the re-parse that
 * guards against broken output) runs in a worker; the main thread keeps the project and takes
 * back, per file, its new text and findings. Workers read files from disk themselves, so files
 * the run has not changed never cross threads; a file the main thread has changed is sent with
 * its current text. Work is handed out in small batches as workers finish, which keeps
 * both cores busy and lets each worker's event loop turn (freeing native trees) between batches.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { DiskWrites } from './durable-write';
import { Finding } from './findings';
import { ResultCache } from './result-cache';
import { LineEnding } from './text-file';
import { RunOptions } from './transform';

/** Below this many Python files, starting workers costs more than it saves. */
export const PARALLEL_THRESHOLD = 200;
/** Files a worker is sent at a time. */
export const BATCH_SIZE = 25;

export interface EngineOptions {
  /** Worker threads for the Python stage; 1 runs everything on the main thread. */
  jobs: number;
  /**
   * A module exporting `transforms` (the registry), which workers load to get the same
   * transforms by name. Without it the run stays on the main thread.
   */
  registry?: string;
  /** Verdicts of earlier runs on unchanged Python files (result-cache.ts); none by default. */
  cache?: ResultCache;
  /** Told what the run is doing, for a progress line (progress.ts). */
  progress?: ProgressSink;
  /** How the writer changes the disk; tests slow it down or make it fail (durable-write.ts). */
  disk?: DiskWrites;
}

/** What the engine tells of a run's progress. */
export interface ProgressSink {
  /** A step of the run begins (a transform's project hook, reading the files, ...). */
  stage(name: string): void;
  /** In the Python stage: files done of the stage's total, and the app of the file just done. */
  files(done: number, total: number, app?: string): void;
}

export const defaultJobs = (): number => Math.max(1, os.availableParallelism?.() ?? os.cpus().length);

/**
 * A file for a worker: its path, and its text when the main thread has already changed (or
 * created) it. A worker reads from disk only a file sent without its text.
 */
export interface FileTask {
  path: string;
  text?: string;
  /** The line ending of the file the text belongs to, for the lines the worker inserts (with `text`). */
  eol?: LineEnding;
  /** Findings already reported at the file, in the coordinates of the text the worker starts from. */
  findings?: Finding[];
  /** Sent by the head start (head-start.ts), before the hooks that precede the stage had run; told back in the outcome. */
  ahead?: boolean;
  /** Only these transforms: the file's cached verdict is being checked (runner.ts, StageCache). */
  only?: string[];
}

/** What a worker sends back for one file. */
export interface FileOutcome {
  path: string;
  /** True when the file could be read and decoded (it counts as examined). */
  read: boolean;
  /** For a changed file: the text the worker started from, and the text it ended with. */
  originalText?: string;
  text?: string;
  /** Findings with offsets into the file's final text. */
  findings: Finding[];
  /** The task's `ahead`, told back. */
  ahead?: boolean;
}

export interface WorkerSetup {
  root: string;
  registry: string;
  transformNames: string[];
  options: RunOptions;
}

/** What every worker of a run is told: where the project is, and which transforms to run how. */
export function workerSetup(root: string, registry: string, transforms: { name: string }[], options: RunOptions)
  : WorkerSetup {
  return { root, registry, transformNames: transforms.map((t) => t.name), options };
}

/** Runs the Python files through workers and applies each outcome to the project. */
export async function runPythonFilesInWorkers(
  tasks: FileTask[],
  setup: WorkerSetup,
  jobs: number,
  apply: (outcome: FileOutcome) => void,
): Promise<void> {
  const pool = new WorkerPool(setup, Math.min(jobs, Math.ceil(tasks.length / BATCH_SIZE)), apply);
  try {
    pool.submit(tasks);
    await pool.idle();
  } finally {
    await pool.close();
  }
}

/**
 * Worker threads that take files from one queue, a batch at a time, and hand each outcome to
 * `deliver`. `use` sets how many of them take part and how many batches each is sent before
 * its first comes back: more than one keeps a worker busy while the main thread is busy elsewhere
 * (a project hook) and hears late that a batch came back.
 */
export class WorkerPool {
  private readonly workers: Worker[];
  private readonly inFlight = new Map<Worker, number>();
  private queue: FileTask[] = [];
  private active: number;
  private ahead = 1;
  private failure?: unknown;
  private readonly waiting: { resolve: () => void; reject: (error: unknown) => void }[] = [];

  constructor(setup: WorkerSetup, size: number, private readonly deliver: (outcome: FileOutcome) => void) {
    const script = path.join(__dirname, 'python-worker.js');
    this.workers = Array.from({ length: Math.max(1, size) }, () => new Worker(script, { workerData: setup }));
    this.active = this.workers.length;
    for (const worker of this.workers) {
      this.inFlight.set(worker, 0);
      worker.on('message', (message: FileOutcome[] | 'released') => {
        if (message !== 'released') this.received(worker, message);
      });
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => {
        if (code !== 0 && code !== 1) this.fail(new Error(`a worker thread stopped with exit code ${code}`));
      });
    }
  }

  get size(): number {
    return this.workers.length;
  }

  use(workers: number, ahead: number): void {
    this.active = Math.max(1, Math.min(workers, this.workers.length));
    this.ahead = ahead;
    this.feed();
  }

  submit(tasks: FileTask[]): void {
    this.queue.push(...tasks);
    this.feed();
  }

  /** Takes back the tasks not sent yet; those sent still come back. */
  withdraw(): FileTask[] {
    const unsent = this.queue;
    this.queue = [];
    return unsent;
  }

  /** Resolves when every task submitted has come back; rejects once a worker or `deliver` failed. */
  idle(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private received(worker: Worker, outcomes: FileOutcome[]): void {
    this.inFlight.set(worker, this.inFlight.get(worker)! - 1);
    if (this.failure) return;
    try {
      outcomes.forEach(this.deliver);
    } catch (error) {
      this.fail(error);
      return;
    }
    this.feed();
    if (this.isIdle()) this.waiting.splice(0).forEach(({ resolve }) => resolve());
  }

  private feed(): void {
    if (this.failure) return;
    for (const worker of this.workers.slice(0, this.active)) {
      while (this.queue.length > 0 && this.inFlight.get(worker)! < this.ahead) {
        this.inFlight.set(worker, this.inFlight.get(worker)! + 1);
        worker.postMessage(this.queue.splice(0, BATCH_SIZE));
      }
    }
  }

  private isIdle(): boolean {
    return this.queue.length === 0 && [...this.inFlight.values()].every((count) => count === 0);
  }

  private fail(error: unknown): void {
    if (this.failure) return;
    this.failure = error;
    this.queue = [];
    this.waiting.splice(0).forEach(({ reject }) => reject(error));
  }

  /**
   * Stops the workers, once each is idle and has freed its dead trees: the binding's finalizers
   * abort the whole process when they run during a thread's teardown (terminated in the middle of
   * a parse, or with trees still to free), hiding whatever stopped the run.
   */
  async close(): Promise<void> {
    await Promise.all(this.workers.map(async (worker) => {
      await releaseTrees(worker);
      await worker.terminate();
    }));
  }
}

function releaseTrees(worker: Worker): Promise<void> {
  return new Promise((resolve) => {
    // A thread that has already stopped has a threadId of -1 and nothing left to free.
    if (worker.threadId === -1) {
      resolve();
      return;
    }
    // Batches sent ahead may still be in the worker's queue; their outcomes come first.
    worker.on('message', (message) => {
      if (message === 'released') resolve();
    });
    worker.once('exit', () => resolve());
    worker.once('error', () => resolve());
    worker.postMessage('release');
  });
}
