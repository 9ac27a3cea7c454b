import { Finding, FindingKind, LocatedFinding } from './findings';
import { FileChange, Project } from './project';
import { PythonModule } from './python/module';
import { SyntaxNode } from './python/parser';
import { addTodoComment } from './python/todo';

/** Options every transform can read. Transform-specific flags live in `flags`. */
export interface RunOptions {
  /** Leave `# TODO(stcodemod): ...` comments at each manual step in Python code. */
  annotate: boolean;
  /** `--name value` flags the engine does not know itself, by name without dashes. */
  flags: Record<string, string>;
  /**
   * Values of `perApp` flags for single apps (from the configuration's `[apps."<folder>"]`
   * tables), by the app's root; read them with `flagFor`. A flag given on the command line
   * has no per-app values: it holds for every app.
   */
  appFlags?: Record<string, Record<string, string>>;
}

/** A flag's value for one app: its own (configuration), else the run's. */
export function flagFor(options: RunOptions, appRoot: string, name: string): string | undefined {
  return options.appFlags?.[appRoot]?.[name] ?? options.flags[name];
}

/** A `--name value` option a transform reads from `RunOptions.flags`. */
export interface FlagSpec {
  name: string;
  /** Placeholder for the value in help text, e.g. `SECONDS`. */
  value: string;
  description: string;
  /**
   * Why a value given on the command line is wrong (one line, read after `--name <value>`), or
   * undefined when it is fine. The CLI checks every flag given before the run starts, so that a
   * bad value stops the run before any transform has changed anything.
   */
  check?(value: string): string | undefined;
  /** The configuration may set it per app (`[apps."<folder>"]`); the transform reads it with `flagFor`. */
  perApp?: boolean;
}

/**
 * A transform: what `stcodemod list` shows, plus up to two hooks.
 *
 * - `python.visit` is called once per Python file whose text contains one of `python.mentions`
 *   and passes `python.mayHaveWork` (cheap pre-checks that save the parse of files it cannot
 *   touch). It splices through
 *   `module.edit` and reports through `report`. The engine re-parses the result and drops the
 *   change if it would leave a syntax error.
 * - `project` is called once per pass, after every Python file, for work on other files
 *   (creating, moving or deleting them through the project).
 */
export interface Transform {
  name: string;
  /** One line, for `stcodemod list`. */
  summary: string;
  /** The files it reads or writes, for `stcodemod list`. */
  touches: string;
  /** True when every edit it makes silently is provably behaviour-preserving. */
  safe: boolean;
  /** A check: it reports and changes no code (its only edits are `--annotate`'s TODO comments). */
  reportsOnly?: boolean;
  flags?: FlagSpec[];
  python?: {
    mentions: readonly string[];
    /**
     * A finer text check, run after `mentions`: false must prove that `visit` would neither change
     * nor report anything in a file with this text. Its module doc says why it is sound.
     */
    mayHaveWork?(text: string): boolean;
    visit(module: PythonModule, report: PythonReporter, options: RunOptions): void;
  };
  /**
   * Sees the whole project. A hook that parses many Python files awaits `freeParsedTrees()`
   * (python/files.ts) between them, so that the native memory of their trees is given back.
   * `settled` remembers, across runs, work that found nothing to do (see SettledWork).
   */
  project?(project: Project, report: Reporter, options: RunOptions, settled?: SettledWork): void | Promise<void>;
  /**
   * Called once after the last pass, with every finding of the run located in the final text:
   * for reports that sum up the run (a migration plan). It may write files; such files are
   * written only when the run changed something else, when they do not exist yet, or when the
   * hook returns true (what it wrote carries something the user asked for on this run, such as
   * an option that fills in a placeholder), so a run over its own output stays a no-op.
   */
  finish?(project: Project, run: RunSoFar, report: Reporter, options: RunOptions): boolean | void;
}

/**
 * What a project hook may remember between runs, in the result cache (result-cache.ts; nothing with
 * `--no-cache`): that a piece of its work, named by `key`, changed nothing and reported nothing when
 * its inputs had the hash `hash`, so that a rerun over the same inputs can skip it.
 */
export interface SettledWork {
  isSettled(key: string, hash: string): boolean;
  settle(key: string, hash: string): void;
}

/** What a `finish` hook can see of the run. */
export interface RunSoFar {
  /** The transforms that ran, in order. */
  transforms: string[];
  /** Every finding so far, with line and column in the file's current text. */
  findings: LocatedFinding[];
  /** The files the run changed, created, moved or deleted so far. */
  changes: FileChange[];
}

export interface FindingInput {
  code: string;
  message: string;
  path?: string;
  offset?: number;
  snippet?: string;
}

/** Reports findings on behalf of one transform; the code is prefixed with the transform's name. */
export class Reporter {
  constructor(
    protected readonly transform: string,
    protected readonly sink: (finding: Finding) => void,
  ) {}

  manual(input: FindingInput): void {
    this.add('manual', input);
  }

  warn(input: FindingInput): void {
    this.add('warning', input);
  }

  info(input: FindingInput): void {
    this.add('info', input);
  }

  error(input: FindingInput): void {
    this.add('error', input);
  }

  /** A reporter for one Python module that a project hook opened (see python/files.ts). */
  forModule(module: PythonModule, annotate: boolean): PythonReporter {
    return new PythonReporter(this.transform, this.sink, module, annotate);
  }

  protected add(kind: FindingKind, input: FindingInput): void {
    this.sink({ source: this.transform, kind, ...input, code: `${this.transform}/${input.code}` });
  }
}

export interface NodeFinding {
  code: string;
  message: string;
  snippet?: string;
}

/** A reporter bound to one Python module, locating findings at syntax nodes. */
export class PythonReporter extends Reporter {
  constructor(
    transform: string,
    sink: (finding: Finding) => void,
    private readonly module: PythonModule,
    private readonly annotate: boolean,
  ) {
    super(transform, sink);
  }

  /** A manual step at a node; with `--annotate` also a TODO comment above its statement. */
  manualAt(node: SyntaxNode, finding: NodeFinding): void {
    this.manual(this.at(node, finding));
    if (this.annotate) addTodoComment(this.module, node, finding.message);
  }

  warnAt(node: SyntaxNode, finding: NodeFinding): void {
    this.warn(this.at(node, finding));
  }

  infoAt(node: SyntaxNode, finding: NodeFinding): void {
    this.info(this.at(node, finding));
  }

  private at(node: SyntaxNode, finding: NodeFinding): FindingInput {
    return { ...finding, path: this.module.path, offset: node.startIndex };
  }
}
