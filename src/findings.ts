import { maskSecrets } from './secret-mask';
import { TextEdit } from './text-edit';
import { lineAndColumnAt, lineStarts } from './text-file';

/**
 * - `manual`: something the user must do (numbered in the summary, collected into plans);
 * - `error`: a file was skipped or a change dropped (makes the run exit 2);
 * - `warning` / `info`: worth knowing, nothing to do.
 */
export type FindingKind = 'manual' | 'error' | 'warning' | 'info';

export interface Finding {
  /** The transform that reported it, or `stcodemod` for the engine itself. */
  source: string;
  /** Stable and greppable, `<source>/<slug>`. */
  code: string;
  kind: FindingKind;
  message: string;
  /** File path relative to the target, with `/` separators. */
  path?: string;
  /** Offset into the file's current text; carried forward through later edits. */
  offset?: number;
  /** SQL or code the user runs or pastes for a manual step. */
  snippet?: string;
}

export interface LocatedFinding extends Omit<Finding, 'offset'> {
  line?: number;
  column?: number;
}

/**
 * Every finding of a run. Positions are kept as offsets into the current text of their file and
 * moved along as later edits land, so the line a user is shown is the line in the file they will
 * open after the run. The same finding reported twice (by a fixpoint round) is kept once.
 * Messages and snippets quote the user's files, so credentials in them are masked as they come
 * in (secret-mask.ts): every output made from findings (summary, JSON, MIGRATION.md) is masked.
 */
export class FindingLog {
  /** By path (`undefined` for findings about no file), so that following one file's edits costs
   * only that file's findings: a large run commits thousands of edits and logs thousands of findings. */
  private readonly byPath = new Map<string | undefined, Finding[]>();
  private readonly keys = new Set<string>();
  /** The order findings were logged in, which `raw` and `resolve` keep. */
  private readonly sequence = new Map<Finding, number>();
  private logged = 0;

  add(finding: Finding): void {
    finding.message = maskSecrets(finding.message);
    if (finding.snippet !== undefined) finding.snippet = maskSecrets(finding.snippet);
    const key = findingKey(finding);
    if (this.keys.has(key)) return;
    this.keys.add(key);
    this.sequence.set(finding, this.logged++);
    this.bucket(finding.path).push(finding);
  }

  /** Called when a file's text was edited: moves that file's offsets into the new text. */
  remap(path: string, edit: TextEdit): void {
    this.rekey(path, (finding) => {
      if (finding.offset !== undefined) finding.offset = edit.mapOffset(finding.offset);
    });
  }

  /** Called when a file was moved. */
  rename(from: string, to: string): void {
    const moved = this.byPath.get(from);
    if (!moved || from === to) return;
    this.rekey(from, (finding) => {
      finding.path = to;
    });
    this.byPath.delete(from);
    this.bucket(to).push(...moved);
  }

  /** Drops the offsets of a file whose text was replaced wholesale (its old positions mean nothing). */
  forgetPositions(path: string): void {
    this.rekey(path, (finding) => {
      finding.offset = undefined;
    });
  }

  /**
   * Removes and returns the findings of these paths, by path (to hand them to a worker thread that
   * edits the files: its own log carries their offsets through its edits).
   */
  takeForPaths(paths: Set<string>): Map<string, Finding[]> {
    const taken = new Map<string, Finding[]>();
    for (const path of [...this.byPath.keys()]) {
      if (path === undefined || !paths.has(path)) continue;
      const findings = this.byPath.get(path)!;
      this.byPath.delete(path);
      for (const finding of findings) {
        this.keys.delete(findingKey(finding));
        this.sequence.delete(finding);
      }
      taken.set(path, findings);
    }
    return taken;
  }

  /** The findings at one file, in the order they were logged. */
  at(path: string): Finding[] {
    return [...(this.byPath.get(path) ?? [])];
  }

  /** The paths that have findings. */
  paths(): Set<string> {
    return new Set([...this.byPath.keys()].filter((path): path is string => path !== undefined));
  }

  /** The findings as recorded, offsets and all (to move them between threads). */
  raw(): Finding[] {
    return this.all().map((finding) => ({ ...finding }));
  }

  hasErrors(): boolean {
    return [...this.byPath.values()].some((findings) => findings.some((finding) => finding.kind === 'error'));
  }

  /**
   * Removes the findings of one file that `drop` picks (it is given each with its line in the
   * file's current text, when it has a position); returns how many went.
   */
  removeAt(path: string, text: string, drop: (finding: Finding, line: number | undefined) => boolean): number {
    const findings = this.byPath.get(path);
    if (!findings) return 0;
    const starts = lineStarts(text);
    const kept = findings.filter((finding) => {
      const line = finding.offset === undefined ? undefined : lineAndColumnAt(starts, text.length, finding.offset).line;
      if (!drop(finding, line)) return true;
      this.keys.delete(findingKey(finding));
      this.sequence.delete(finding);
      return false;
    });
    this.byPath.set(path, kept);
    return findings.length - kept.length;
  }

  /** Findings with line/column resolved against each file's final text, in a stable order. */
  resolve(textOf: (path: string) => string | undefined): LocatedFinding[] {
    const located = new Map<Finding, LocatedFinding>();
    // File by file, so that each text is asked for and indexed once however many findings it has.
    for (const [path, findings] of this.byPath) {
      const positioned = path !== undefined && findings.some((finding) => finding.offset !== undefined);
      const text = positioned ? textOf(path) : undefined;
      const starts = text === undefined ? undefined : lineStarts(text);
      for (const finding of findings) {
        const { offset, ...rest } = finding;
        located.set(finding, starts && offset !== undefined ? { ...rest, ...lineAndColumnAt(starts, text!.length, offset) } : rest);
      }
    }
    return this.all().map((finding) => located.get(finding)!).sort(compareFindings);
  }

  private all(): Finding[] {
    return [...this.byPath.values()].flat().sort((a, b) => this.sequence.get(a)! - this.sequence.get(b)!);
  }

  private bucket(path: string | undefined): Finding[] {
    let findings = this.byPath.get(path);
    if (!findings) {
      findings = [];
      this.byPath.set(path, findings);
    }
    return findings;
  }

  private rekey(path: string, change: (finding: Finding) => void): void {
    for (const finding of this.byPath.get(path) ?? []) {
      this.keys.delete(findingKey(finding));
      change(finding);
      this.keys.add(findingKey(finding));
    }
  }
}

function findingKey(finding: Finding): string {
  return JSON.stringify([finding.source, finding.code, finding.kind, finding.path, finding.offset, finding.message]);
}

const kindOrder: Record<FindingKind, number> = { error: 0, manual: 1, warning: 2, info: 3 };

function compareFindings(a: LocatedFinding, b: LocatedFinding): number {
  return (
    kindOrder[a.kind] - kindOrder[b.kind] ||
    (a.path ?? '').localeCompare(b.path ?? '') ||
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.column ?? 0) - (b.column ?? 0) ||
    a.code.localeCompare(b.code)
  );
}
