import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiskWrites, realDisk, replaceFileAtomically, syncFolder, writeNewFileFully } from './durable-write';
import { FindingLog } from './findings';
import { encodeDecoded, FileChange } from './project';
import { readRegularFile } from './read-file';

/**
 * Puts a run's changes on disk as one transaction, after all of them were computed.
 *
 * 1. Check: every path is inside the target and reached through no symbolic link; a file to be
 *    replaced is a plain, writable file with one link; every file still has the bytes the run
 *    read. Any problem refuses the whole run: nothing is written, each problem is reported.
 * 2. Stage: each new content goes to a temporary file in its final folder, every byte written
 *    and synced. A failure (a full disk, a file-size limit, a read-only folder) removes every
 *    temporary file and throws a `WriteError` naming the file: nothing was written.
 * 3. Commit: the journal (`.stcodemod-journal` at the target) lists every rename and removal,
 *    then the renames run in a fixed order (new files before the files that import them), then
 *    the removals, then the journal goes. A run killed during the commit is completed by the
 *    next run (`completeInterruptedRun`); one killed while staging is rolled back by it.
 *
 * Returns the changes that were applied.
 */
export function writeChanges(root: string, changes: FileChange[], findings: FindingLog, disk: DiskWrites = realDisk): FileChange[] {
  const problems = changes.flatMap((change) => problemsOf(root, change));
  if (problems.length > 0) {
    for (const problem of problems) report(findings, problem.code, `not written: ${problem.reason}; nothing of this run was written`, problem.path);
    return [];
  }
  const journal = new Journal(root, disk);
  const staged = stage(root, changes, journal, disk);
  journal.commit(staged.renames, staged.removals);
  return changes;
}

/** The run was stopped half way through its commit; the journal stays so that the next run completes it. */
export class InterruptedCommitError extends Error {
  constructor(readonly path: string, override readonly cause: unknown) {
    super(`could not finish writing at ${path} (${reasonOf(cause)}); every new file is staged and listed in ${JOURNAL}: `
      + 'fix the cause, then run stcodemod again to complete the writing');
  }
}

/** A file the writer could not write (a full disk, a folder that is a file), with its path. */
export class WriteError extends Error {
  constructor(readonly path: string, override readonly cause: unknown) {
    super(`could not write ${path} (${reasonOf(cause)}); nothing was written`);
  }
}

export const JOURNAL = '.stcodemod-journal';

/**
 * What an interrupted run left: completes its commit when its journal says every file was staged,
 * else removes what it staged. Returns what was done, or undefined when there was nothing to do.
 * Throws a `WriteError` for a journal that cannot be read or acted on.
 */
export function completeInterruptedRun(root: string): { completed: number } | { rolledBack: number } | undefined {
  const file = path.join(root, JOURNAL);
  let entry: fs.Stats;
  try {
    entry = fs.lstatSync(file);
  } catch {
    return undefined;
  }
  if (!entry.isFile()) throw new WriteError(JOURNAL, new Error('not a regular file; remove it by hand'));
  const record = readJournal(file);
  if (record.state === 'staging') {
    for (const rename of record.renames) fs.rmSync(insideRoot(root, rename.from), { force: true });
    fs.rmSync(file, { force: true });
    return { rolledBack: record.renames.length };
  }
  for (const rename of record.renames) {
    const from = insideRoot(root, rename.from);
    if (fs.existsSync(from)) fs.renameSync(from, insideRoot(root, rename.to));
  }
  for (const removal of record.removals) fs.rmSync(insideRoot(root, removal), { force: true });
  fs.rmSync(file, { force: true });
  syncFolder(root);
  return { completed: record.renames.length + record.removals.length };
}

interface Rename {
  /** The staged temporary file, relative to the target. */
  from: string;
  to: string;
}

interface JournalRecord {
  state: 'staging' | 'commit';
  renames: Rename[];
  removals: string[];
}

/**
 * The record on disk of a commit in progress. It is written as a whole (temporary file, then rename)
 * and read back only by `completeInterruptedRun`.
 */
class Journal {
  private readonly file: string;

  constructor(private readonly root: string, private readonly disk: DiskWrites) {
    this.file = path.join(root, JOURNAL);
  }

  /** Before the first temporary file exists: a run killed from here on leaves a journal to clean up by. */
  staging(renames: Rename[]): void {
    try {
      this.write({ state: 'staging', renames, removals: [] });
    } catch (error) {
      throw new WriteError(JOURNAL, error);
    }
  }

  /** Once this returns, every change is on disk; from its first rename on, a failure leaves the journal. */
  commit(renames: Rename[], removals: string[]): void {
    if (renames.length === 0 && removals.length === 0) return;
    try {
      this.write({ state: 'commit', renames, removals });
    } catch (error) {
      for (const rename of renames) fs.rmSync(path.join(this.root, rename.from), { force: true });
      this.discard();
      throw new WriteError(JOURNAL, error);
    }
    const folders = new Set<string>();
    for (const rename of renames) {
      const target = path.join(this.root, rename.to);
      attempt(rename.to, () => this.disk.renameSync(path.join(this.root, rename.from), target));
      folders.add(path.dirname(target));
    }
    for (const removal of removals) {
      const target = path.join(this.root, removal);
      attempt(removal, () => fs.rmSync(target, { force: true }));
      folders.add(path.dirname(target));
    }
    for (const folder of folders) syncFolder(folder);
    this.discard();
    syncFolder(this.root);
  }

  discard(): void {
    fs.rmSync(this.file, { force: true });
  }

  write(record: JournalRecord): void {
    replaceFileAtomically(this.file, Buffer.from(JSON.stringify(record, null, 1) + '\n'));
  }
}

function attempt(relative: string, step: () => void): void {
  try {
    step();
  } catch (error) {
    throw new InterruptedCommitError(relative, error);
  }
}

/**
 * Every new content in a temporary file beside its target, or none at all. New files come first
 * in the commit order, so that at no point does a file import a helper that is not there yet.
 */
function stage(root: string, changes: FileChange[], journal: Journal, disk: DiskWrites): { renames: Rename[]; removals: string[] } {
  const writes = changes
    .filter((change) => change.to !== undefined && change.after !== undefined)
    .sort((a, b) => commitRank(a) - commitRank(b));
  const run = `${process.pid.toString(36)}${Date.now().toString(36)}`;
  const renames = writes.map((change, index) => ({ from: temporaryName(change.to!, run, index), to: change.to! }));
  const removals = changes
    .filter((change) => (change.kind === 'move' || change.kind === 'delete') && change.from !== undefined)
    .map((change) => change.from!);
  if (renames.length === 0) return { renames, removals };
  journal.staging(renames);
  const createdFolders: string[] = [];
  const staged: string[] = [];
  for (const [index, change] of writes.entries()) {
    const temporary = path.join(root, renames[index].from);
    try {
      createdFolders.push(...makeFolders(root, path.dirname(change.to!)));
      writeNewFileFully(temporary, encodeDecoded(change.after!), change.disk?.mode, disk);
      staged.push(temporary);
    } catch (error) {
      for (const file of staged) fs.rmSync(file, { force: true });
      for (const folder of createdFolders.reverse()) removeEmptyFolder(folder);
      journal.discard();
      throw new WriteError(change.to!, error);
    }
  }
  return { renames, removals };
}

function commitRank(change: FileChange): number {
  return change.kind === 'create' ? 0 : change.kind === 'move' ? 1 : 2;
}

/** Hidden, and named so that nobody mistakes it for a file of the app. */
function temporaryName(target: string, run: string, index: number): string {
  return path.posix.join(path.posix.dirname(target), `.stcodemod-${run}-${index}.tmp`);
}

function removeEmptyFolder(folder: string): void {
  try {
    fs.rmdirSync(folder);
  } catch {
    // Something else put a file there meanwhile: it stays, and so does its folder.
  }
}

/** Creates the missing folders of a relative folder path, and returns those it created, top first. */
function makeFolders(root: string, relative: string): string[] {
  const created: string[] = [];
  let current = root;
  for (const part of relative === '.' ? [] : relative.split('/')) {
    current = path.join(current, part);
    try {
      fs.mkdirSync(current);
      created.push(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return created;
}

interface Problem {
  code: string;
  path: string;
  reason: string;
}

/** Why a change may not be written, checked before anything is. */
function problemsOf(root: string, change: FileChange): Problem[] {
  const problems: Problem[] = [];
  for (const relative of [change.from, change.to]) {
    if (relative === undefined) continue;
    const outside = outsideReason(root, relative);
    if (outside) problems.push({ code: 'outside-target', path: relative, reason: outside });
  }
  if (problems.length > 0) return problems;
  const conflict = diskConflict(root, change);
  if (conflict) problems.push({ code: 'changed-on-disk', path: change.to ?? change.from!, reason: conflict });
  if (change.to !== undefined && change.after !== undefined) {
    const replaced = replacementProblem(path.join(root, change.to), change.kind === 'modify');
    if (replaced) problems.push({ code: 'cannot-replace', path: change.to, reason: replaced });
  }
  if ((change.kind === 'move' || change.kind === 'delete') && change.from !== undefined && !folderWritable(root, change.from)) {
    problems.push({ code: 'cannot-remove', path: change.from, reason: 'its folder is read-only, so it cannot be removed' });
  }
  return problems;
}

/**
 * A path that leaves the target, by `..` or through a symbolic link on the way: writing there
 * would change files the user did not point stcodemod at.
 */
function outsideReason(root: string, relative: string): string | undefined {
  const normal = path.posix.normalize(relative);
  if (path.posix.isAbsolute(normal) || normal === '..' || normal.startsWith('../')) {
    return 'the path leads outside the target';
  }
  let current = root;
  const parts = normal.split('/');
  for (const part of parts.slice(0, -1)) {
    current = path.join(current, part);
    let entry: fs.Stats;
    try {
      entry = fs.lstatSync(current);
    } catch {
      return undefined;
    }
    if (entry.isSymbolicLink()) return `${path.relative(root, current)} is a symbolic link; stcodemod never writes through one`;
    if (!entry.isDirectory()) return undefined;
  }
  return undefined;
}

/** A file at the target path that a rename would silently replace or split from its other names. */
function replacementProblem(target: string, expected: boolean): string | undefined {
  let entry: fs.Stats;
  try {
    entry = fs.lstatSync(target);
  } catch {
    return undefined;
  }
  if (entry.isSymbolicLink()) return 'the path is a symbolic link; stcodemod never writes through one';
  if (!entry.isFile()) return 'the path is not a regular file';
  if (!expected) return undefined;
  if (entry.nlink > 1) return 'the file has other hard links, which would keep the old content';
  try {
    fs.accessSync(target, fs.constants.W_OK);
  } catch {
    return 'the file is read-only';
  }
  return undefined;
}

function folderWritable(root: string, relative: string): boolean {
  try {
    fs.accessSync(path.dirname(path.join(root, relative)), fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function diskConflict(root: string, change: FileChange): string | undefined {
  if (change.from !== undefined && change.disk) {
    let current: Buffer;
    try {
      current = readRegularFile(path.join(root, change.from));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return 'the file changed on disk since the run read it';
      return 'the file disappeared since the run read it';
    }
    if (!current.equals(change.disk.bytes)) return 'the file changed on disk since the run read it';
  }
  const createsPath = change.kind === 'create' || change.kind === 'move';
  if (createsPath && change.to !== undefined && fs.existsSync(path.join(root, change.to))) {
    return 'a file appeared at this path since the run started';
  }
  return undefined;
}

function readJournal(file: string): JournalRecord {
  try {
    const record = JSON.parse(fs.readFileSync(file, 'utf8')) as JournalRecord;
    const isRename = (value: unknown) => typeof value === 'object' && value !== null
      && typeof (value as Rename).from === 'string' && typeof (value as Rename).to === 'string';
    if ((record.state === 'staging' || record.state === 'commit') && Array.isArray(record.renames)
      && record.renames.every(isRename) && Array.isArray(record.removals)
      && record.removals.every((removal) => typeof removal === 'string')) {
      return record;
    }
  } catch {
    // Reported below.
  }
  throw new WriteError(JOURNAL, new Error('not a journal stcodemod can read; remove it by hand'));
}

/** A journal's path, refused when it leads outside the target (a journal is a file anyone could edit). */
function insideRoot(root: string, relative: string): string {
  if (outsideReason(root, relative) !== undefined) throw new WriteError(JOURNAL, new Error(`names ${relative}, outside the target`));
  return path.join(root, relative);
}

function reasonOf(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const code = (cause as NodeJS.ErrnoException).code;
  return code === 'ESHORTWRITE' ? `the disk took only part of it: ${cause.message}` : code ?? cause.message;
}

function report(findings: FindingLog, code: string, message: string, path: string | undefined): void {
  findings.add({ source: 'stcodemod', code: `stcodemod/${code}`, kind: 'error', message, path });
}
