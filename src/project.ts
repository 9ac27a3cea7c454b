import * as fs from 'node:fs';
import * as path from 'node:path';
import { FindingLog } from './findings';
import { describeReadError, FileTooLargeError, readRegularFile } from './read-file';
import { TextEdit } from './text-edit';
import { decodeText, DecodedText, encodeText, LineEnding, UndecodableFileError } from './text-file';

/** What a file was on disk when the run first read it. */
export interface DiskSnapshot {
  bytes: Buffer;
  mode: number;
}

interface FileState {
  /** Where the file was on disk before the run, if it existed. */
  origin?: string;
  disk?: DiskSnapshot;
  /** The text as read from disk. */
  original?: DecodedText;
  /** The text now, after the run's edits so far. */
  decoded?: DecodedText;
  /** Why the file could not be read or decoded; set once, reported once. */
  unreadable?: string;
  /** How many times the run changed the file's text (0: as on disk). */
  version?: number;
}

export interface FileChange {
  kind: 'create' | 'modify' | 'delete' | 'move';
  /** Path before the run (absent for a created file). */
  from?: string;
  /** Path after the run (absent for a deleted file). */
  to?: string;
  before?: DecodedText;
  after?: DecodedText;
  disk?: DiskSnapshot;
}

export type FileReader = (absolutePath: string) => Buffer;

/**
 * The run's virtual file tree: every file the run may touch, its original bytes, and its
 * current text. Transforms change only this; nothing reaches the disk until the run has
 * computed every change, and then only through the writer.
 */
export class Project {
  private readonly files = new Map<string, FileState>();
  private readonly deleted = new Map<string, FileState>();
  private readonly examined = new Set<string>();
  /**
   * `files`' keys in sort order, and those of the files the run created, kept up to date on
   * every create, delete and move: hooks ask for them once per app, and sorting thousands of
   * paths on every call made a run quadratic in the number of apps.
   */
  private readonly sortedPaths: string[];
  private readonly sortedCreated: string[] = [];
  /** Goes up with every change to the tree, so a caller can tell whether a step changed anything. */
  revision = 0;

  constructor(
    readonly root: string,
    discoveredPaths: Iterable<string>,
    readonly findings: FindingLog,
    private readonly readBytes: FileReader = (file) => readRegularFile(file),
  ) {
    for (const relative of discoveredPaths) this.files.set(relative, { origin: relative });
    this.sortedPaths = [...this.files.keys()].sort();
  }

  /** Current paths (created files included, deleted ones not), sorted for a stable run order. */
  paths(): string[] {
    return this.sortedPaths.slice();
  }

  /** Paths of the files the run has read (whether or not it changed them). */
  examinedPaths(): string[] {
    return this.paths().filter((relative) => {
      const state = this.files.get(relative)!;
      if (state.origin === undefined) return false;
      return this.examined.has(relative) || state.original !== undefined || state.unreadable !== undefined;
    });
  }

  /** A number that changes whenever the run changes the file's text (0 while it is as on disk). */
  versionOf(relative: string): number {
    return this.files.get(relative)?.version ?? 0;
  }

  has(relative: string): boolean {
    return this.files.has(relative);
  }

  /**
   * The file's current text, or undefined when it cannot be read or is not UTF-8 text
   * (reported once as a skipped file).
   */
  read(relative: string): DecodedText | undefined {
    const state = this.files.get(relative);
    if (!state) return undefined;
    if (state.decoded || state.unreadable !== undefined) return state.decoded;
    try {
      const absolute = path.join(this.root, relative);
      const bytes = this.readBytes(absolute);
      state.disk = { bytes, mode: fileMode(absolute) };
      state.original = decodeText(bytes);
      state.decoded = state.original;
    } catch (error) {
      state.unreadable = error instanceof UndecodableFileError ? error.message : describeReadError(error);
      this.findings.add({
        source: 'stcodemod',
        code: error instanceof FileTooLargeError ? 'stcodemod/file-too-large' : 'stcodemod/unreadable-file',
        kind: 'error',
        message: state.unreadable,
        path: relative,
      });
    }
    return state.decoded;
  }

  /**
   * The file's current text for a look that changes nothing: unlike `read`, a file the run has
   * not loaded is read from disk without being kept, so a hook that scans every file of a large
   * repository for a word does not hold them all in memory. Undefined when it cannot be read or
   * decoded (the run reports that where it reads the file for real).
   */
  peekText(relative: string): string | undefined {
    const state = this.files.get(relative);
    if (!state) return undefined;
    if (state.decoded || state.unreadable !== undefined) return state.decoded?.text;
    try {
      return decodeText(this.readBytes(path.join(this.root, relative))).text;
    } catch {
      return undefined;
    }
  }

  /** The file's text as the run read it from disk, when the run has read it (undefined for a created file). */
  originalText(relative: string): string | undefined {
    return this.files.get(relative)?.original?.text;
  }

  /** Starts a set of splices on the file's current text; nothing changes until `commit`. */
  edit(relative: string): TextEdit {
    const decoded = this.read(relative);
    if (!decoded) throw new Error(`cannot edit ${relative}: it was not readable`);
    return new TextEdit(decoded.text, decoded.eol);
  }

  commit(relative: string, edit: TextEdit): void {
    const state = this.files.get(relative);
    if (!state?.decoded || state.decoded.text !== edit.original) {
      throw new Error(`edit of ${relative} was made on text that is no longer current`);
    }
    if (!edit.hasChanges) return;
    state.decoded = { ...state.decoded, text: edit.toString() };
    this.changed(state);
    this.findings.remap(relative, edit);
  }

  /**
   * Takes the result of work done on a file elsewhere (a worker thread): the file is read here,
   * and must still hold `originalText`, or the result is refused as if the file had changed on
   * disk. Returns false when refused.
   */
  adoptText(relative: string, originalText: string, text: string): boolean {
    const current = this.read(relative);
    if (!current) return false;
    if (current.text !== originalText) {
      this.findings.add({
        source: 'stcodemod',
        code: 'stcodemod/changed-on-disk',
        kind: 'error',
        message: 'not changed: the file changed on disk while the run was reading it',
        path: relative,
      });
      return false;
    }
    const state = this.files.get(relative)!;
    state.decoded = { ...current, text };
    this.changed(state);
    return true;
  }

  /** Counts a file read elsewhere (a worker thread) as examined by this run. */
  noteExamined(relative: string): void {
    this.examined.add(relative);
  }

  /** Puts a file's text back to what the run read from disk. */
  restore(relative: string): void {
    const state = this.files.get(relative);
    if (!state?.original || state.decoded === state.original) return;
    state.decoded = state.original;
    this.findings.forgetPositions(relative);
    this.changed(state);
  }

  /** Creates a file, or replaces a file's whole text (for files a transform generates). */
  write(relative: string, text: string, eol: LineEnding = '\n'): void {
    const state = this.files.get(relative) ?? this.revive(relative);
    const current = state.origin !== undefined ? this.read(relative) : state.decoded;
    if (current?.text === text) return;
    state.decoded = { text, hasBom: current?.hasBom ?? false, eol: current?.eol ?? eol };
    this.changed(state);
    this.findings.forgetPositions(relative);
  }

  delete(relative: string): void {
    const state = this.files.get(relative);
    if (!state) return;
    if (state.origin !== undefined && !this.read(relative)) {
      throw new Error(`cannot delete ${relative}: it was not readable`);
    }
    this.files.delete(relative);
    this.forgetPath(relative, state);
    if (state.origin !== undefined) this.deleted.set(state.origin, state);
    this.revision++;
  }

  move(from: string, to: string): void {
    const state = this.files.get(from);
    if (!state) throw new Error(`cannot move ${from}: no such file`);
    if (this.files.has(to)) throw new Error(`cannot move ${from} to ${to}: the target exists`);
    if (state.origin !== undefined) this.read(from);
    this.files.delete(from);
    this.forgetPath(from, state);
    this.files.set(to, state);
    this.notePath(to, state);
    this.findings.rename(from, to);
    this.revision++;
  }

  /** Paths of the files the run created (not on disk before it), sorted; `changes()` without the diffing. */
  createdPaths(): string[] {
    return this.sortedCreated.filter((relative) => this.files.get(relative)!.decoded !== undefined);
  }

  /** Every difference between the disk and the current tree. */
  changes(): FileChange[] {
    const changes: FileChange[] = [];
    for (const [to, state] of this.files) {
      const before = state.original;
      if (state.origin === undefined) {
        if (state.decoded) changes.push({ kind: 'create', to, after: state.decoded });
      } else if (state.origin !== to) {
        changes.push({ kind: 'move', from: state.origin, to, before, after: state.decoded, disk: state.disk });
      } else if (before && state.decoded && before.text !== state.decoded.text) {
        changes.push({ kind: 'modify', from: to, to, before, after: state.decoded, disk: state.disk });
      }
    }
    for (const [from, state] of this.deleted) {
      changes.push({ kind: 'delete', from, before: state.original, disk: state.disk });
    }
    return changes.sort((a, b) => (a.to ?? a.from!).localeCompare(b.to ?? b.from!));
  }

  private changed(state: FileState): void {
    state.version = (state.version ?? 0) + 1;
    this.revision++;
  }

  /** A deleted file that is written again is the same file, not a new one. */
  private revive(relative: string): FileState {
    const state = this.deleted.get(relative) ?? {};
    this.deleted.delete(relative);
    this.files.set(relative, state);
    this.notePath(relative, state);
    return state;
  }

  /** Adds a path that `files` has just gained to the sorted lists. */
  private notePath(relative: string, state: FileState): void {
    insertSorted(this.sortedPaths, relative);
    if (state.origin === undefined) insertSorted(this.sortedCreated, relative);
  }

  /** Takes a path that `files` has just lost out of the sorted lists. */
  private forgetPath(relative: string, state: FileState): void {
    removeSorted(this.sortedPaths, relative);
    if (state.origin === undefined) removeSorted(this.sortedCreated, relative);
  }
}

/**
 * Where `value` goes in `sorted` (ascending by UTF-16 code units, the order of `Array.sort()`
 * without a comparator, which is also the order of `<` on strings).
 */
function sortedIndex(sorted: string[], value: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

function insertSorted(sorted: string[], value: string): void {
  const index = sortedIndex(sorted, value);
  if (sorted[index] !== value) sorted.splice(index, 0, value);
}

function removeSorted(sorted: string[], value: string): void {
  const index = sortedIndex(sorted, value);
  if (sorted[index] === value) sorted.splice(index, 1);
}

export function encodeDecoded(decoded: DecodedText): Buffer {
  return encodeText(decoded.text, decoded.hasBom);
}

function fileMode(absolute: string): number {
  try {
    return fs.statSync(absolute).mode & 0o7777;
  } catch {
    return 0o644;
  }
}
