/**
 * Ctrl-C (SIGINT) and SIGTERM during a run.
 *
 * - Before writing starts (reading, transforming, a dry run or check): the run stops at once and
 *   writes nothing; nothing is on disk yet, so there is nothing to undo.
 * - Once writing has started: the writes already decided are finished. The writer (writer.ts)
 *   stages every new file and then renames them all under a journal, synchronously, so the
 *   signal is acted on only when that is done: the run then prints what it wrote and exits 130.
 *   A run killed harder than that (SIGKILL, a power cut) leaves the journal, and the next run
 *   completes the commit first.
 */
import { DiskWrites, realDisk } from './durable-write';

export interface Signals {
  on(signal: NodeJS.Signals, handler: (signal: NodeJS.Signals) => void): void;
  off(signal: NodeJS.Signals, handler: (signal: NodeJS.Signals) => void): void;
  /** Ends the process: used only to stop a run before it writes anything. */
  exit(code: number): never;
}

const STOPPING: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

export class Interruption {
  private writing = false;
  /** The signal that arrived once writing had started. */
  received?: NodeJS.Signals;
  private readonly handler = (signal: NodeJS.Signals) => this.onSignal(signal);

  /** `beforeWriting` says so and ends the process (with `signals.exit`). */
  constructor(private readonly signals: Signals, private readonly beforeWriting: (signal: NodeJS.Signals) => never) {
    for (const signal of STOPPING) signals.on(signal, this.handler);
  }

  /** From here on a signal lets the writes finish. */
  beginWriting(): void {
    this.writing = true;
  }

  /**
   * After the synchronous write: lets a signal that arrived meanwhile reach its handler (it is
   * delivered when the event loop turns), then says whether one did.
   */
  async interruptedWhileWriting(): Promise<NodeJS.Signals | undefined> {
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 0));
    return this.received;
  }

  uninstall(): void {
    for (const signal of STOPPING) this.signals.off(signal, this.handler);
  }

  private onSignal(signal: NodeJS.Signals): void {
    if (!this.writing) this.beforeWriting(signal);
    this.received ??= signal;
  }
}

/**
 * Test hooks, from the environment of a test that sends signals (src/interrupt.test.ts):
 * `STCODEMOD_TEST_PAUSE_BEFORE_WRITE_MS` waits that long (with the event loop free) before the
 * write, after saying so on stderr; `STCODEMOD_TEST_WRITE_DELAY_MS` makes every rename of the
 * commit take that long (blocking, as a slow disk would). Neither changes what is written.
 */
export interface TestDelays {
  pauseBeforeWrite?: number;
  disk?: DiskWrites;
}

export function testDelays(env: NodeJS.ProcessEnv): TestDelays {
  const pause = Number(env.STCODEMOD_TEST_PAUSE_BEFORE_WRITE_MS);
  const delay = Number(env.STCODEMOD_TEST_WRITE_DELAY_MS);
  const delays: TestDelays = {};
  if (pause > 0) delays.pauseBeforeWrite = pause;
  if (delay > 0) {
    const sleeper = new Int32Array(new SharedArrayBuffer(4));
    delays.disk = {
      writeSync: realDisk.writeSync,
      renameSync: (from, to) => {
        Atomics.wait(sleeper, 0, 0, delay);
        realDisk.renameSync(from, to);
      },
    };
  }
  return delays;
}
