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
import { Finding } from './findings';
import { ResultCache } from './result-cache';
import { RunOptions } from './transform';

/** Below this many Python files, starting workers costs more than it saves. */
export const PARALLEL_THRESHOLD = 200;
const BATCH_SIZE = 25;

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
}

export const defaultJobs = (): number => Math.max(1, os.availableParallelism?.() ?? os.cpus().length);

/** A file for a worker: its path, and its text when the main thread has already changed it. */
export interface FileTask {
  path: string;
  text?: string;
  /** Findings already reported at the file, in the coordinates of the text the worker starts from. */
  findings?: Finding[];
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
}

export interface WorkerSetup {
  root: string;
  registry: string;
  transformNames: string[];
  options: RunOptions;
}

/** Runs the Python files through workers and applies each outcome to the project. */
export async function runPythonFilesInWorkers(
  tasks: FileTask[],
  setup: WorkerSetup,
  jobs: number,
  apply: (outcome: FileOutcome) => void,
): Promise<void> {
  const script = path.join(__dirname, 'python-worker.js');
  const queue = [...tasks];
  const workers = Array.from({ length: Math.min(jobs, Math.ceil(tasks.length / BATCH_SIZE)) }, () =>
    new Worker(script, { workerData: setup }));
  const results = await Promise.allSettled(workers.map((worker) => drain(worker, queue, apply)));
  // Only now, with every worker idle, and once each has freed its dead trees: the binding's
  // finalizers abort the whole process when they run during a thread's teardown (terminated in
  // the middle of a parse, or with trees still to free), hiding whatever stopped the run.
  await Promise.all(workers.map(async (worker) => {
    await releaseTrees(worker);
    await worker.terminate();
  }));
  const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure) throw failure.reason;
}

function releaseTrees(worker: Worker): Promise<void> {
  return new Promise((resolve) => {
    // A thread that has already stopped has a threadId of -1 and nothing left to free.
    if (worker.threadId === -1) {
      resolve();
      return;
    }
    worker.removeAllListeners('message');
    worker.once('message', () => resolve());
    worker.once('exit', () => resolve());
    worker.once('error', () => resolve());
    worker.postMessage('release');
  });
}

function drain(worker: Worker, queue: FileTask[], apply: (outcome: FileOutcome) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const next = () => {
      const batch = queue.splice(0, BATCH_SIZE);
      if (batch.length === 0) {
        resolve();
        return;
      }
      worker.postMessage(batch);
    };
    const fail = (error: unknown) => {
      queue.length = 0;
      reject(error);
    };
    worker.on('message', (outcomes: FileOutcome[]) => {
      try {
        outcomes.forEach(apply);
        next();
      } catch (error) {
        fail(error);
      }
    });
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (code !== 0 && code !== 1) fail(new Error(`a worker thread stopped with exit code ${code}`));
    });
    next();
  });
}
