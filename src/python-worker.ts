/**
 * A worker thread of the Python stage (see parallel.ts): loads the registry named by the main
 * thread, then runs each file it is sent through the same pipeline as an in-process run, on a
 * project of that one file.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { releaseNativeTrees } from './native-memory';
import { FileOutcome, FileTask, WorkerSetup } from './parallel';
import { analyseAlone } from './runner';
import { Transform } from './transform';

const setup = workerData as WorkerSetup;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const registry = require(setup.registry) as { transforms: Transform[] };
const transforms = registry.transforms.filter((transform) => setup.transformNames.includes(transform.name) && transform.python);

function processFile(task: FileTask): FileOutcome {
  return analyseAlone(setup.root, task, transforms, setup.options);
}

/**
 * Messages wait in a queue of this thread's own and are taken one per turn of the event loop:
 * a port hands over every message it holds at once, and the native trees of a batch are freed
 * only when the loop turns (python/files.ts), so batches sent ahead would otherwise pile up.
 */
const inbox: (FileTask[] | 'release')[] = [];

function handleNext(): void {
  const message = inbox.shift();
  if (message === undefined) return;
  if (message === 'release') {
    // Free every dead tree while this thread's environment is whole (see parallel.ts).
    releaseNativeTrees();
    parentPort!.postMessage('released');
  } else {
    parentPort!.postMessage(message.map(processFile));
  }
  if (inbox.length > 0) setImmediate(handleNext);
}

parentPort!.on('message', (message: FileTask[] | 'release') => {
  inbox.push(message);
  if (inbox.length === 1) setImmediate(handleNext);
});
