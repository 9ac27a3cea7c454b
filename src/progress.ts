/**
 * A progress line on a terminal: what the run is doing, Python files done of the total, the app
 * of the last one, and the time so far. It appears only once a run has taken a second (a short
 * run shows nothing), is redrawn at most a few times a second on one line of stderr, and is
 * cleared before anything else is printed. The CLI uses it only when stderr is a terminal and
 * `--quiet` is not given: a log or a pipe never gets it.
 */
import { ProgressSink } from './parallel';
import { printableLine } from './printable';

const SHOW_AFTER_MS = 1000;
const REDRAW_MS = 200;

/** When the line appears and how often it is redrawn; tests draw it at every event. */
export interface ProgressTiming {
  showAfterMs: number;
  redrawMs: number;
}

export const DEFAULT_TIMING: ProgressTiming = { showAfterMs: SHOW_AFTER_MS, redrawMs: REDRAW_MS };

export interface Terminal {
  write(text: string): void;
  /** Its width in characters, when known. */
  columns?: number;
}

export class TerminalProgress implements ProgressSink {
  private readonly started: number;
  private stageName = 'reading files';
  private counts?: { done: number; total: number };
  private app?: string;
  private timer?: NodeJS.Timeout;
  private shown = false;
  private lastDraw = 0;

  constructor(private readonly terminal: Terminal, private readonly timing = DEFAULT_TIMING, private readonly now: () => number = Date.now) {
    this.started = now();
    // Between events (a long project hook), the timer keeps the elapsed time moving.
    this.timer = setInterval(() => this.draw(), Math.max(timing.redrawMs, 50));
    this.timer.unref();
  }

  stage(name: string): void {
    this.stageName = name;
    this.counts = undefined;
    this.app = undefined;
    this.maybeDraw();
  }

  files(done: number, total: number, app?: string): void {
    this.stageName = 'Python files';
    this.counts = { done, total };
    if (app !== undefined) this.app = app;
    this.maybeDraw();
  }

  /** Clears the line, to be drawn again at the next event: called before a message goes to stderr. */
  clear(): void {
    if (this.shown) this.terminal.write('\r\x1b[K');
    this.shown = false;
  }

  /** Clears the line for good: called before the run prints its result. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.shown) this.terminal.write('\r\x1b[K');
    this.shown = false;
  }

  /** The line as it is drawn now (without the control sequences). */
  line(): string {
    const seconds = ((this.now() - this.started) / 1000).toFixed(0);
    const parts = [`stcodemod: ${this.stageName}`];
    if (this.counts) parts[0] += ` ${this.counts.done}/${this.counts.total}`;
    if (this.app !== undefined) parts.push(`app ${printableLine(this.app)}`);
    parts.push(`${seconds}s`);
    return parts.join(' · ');
  }

  private maybeDraw(): void {
    if (this.now() - this.lastDraw >= this.timing.redrawMs) this.draw();
  }

  private draw(): void {
    if (!this.timer || this.now() - this.started < this.timing.showAfterMs) return;
    this.lastDraw = this.now();
    const width = Math.max(20, (this.terminal.columns || 80) - 1);
    const text = this.line();
    this.terminal.write(`\r\x1b[K${text.length > width ? `${text.slice(0, width - 1)}…` : text}`);
    this.shown = true;
  }
}
