import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The one way stcodemod puts bytes in a file: every byte or an error, never a short file.
 *
 * `fs.writeSync` may write fewer bytes than asked (a full disk, a file-size limit); write-file-atomic
 * 7 ignored that count and renamed the partial file into place. Here every write loops until all
 * bytes are down, and the size on disk is checked before anyone may rename the file.
 */

/** The calls that change the disk; tests replace them to write short or to stop half way. */
export interface DiskWrites {
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number): number;
  renameSync(from: string, to: string): void;
}

export const realDisk: DiskWrites = {
  writeSync: (fd, buffer, offset, length) => fs.writeSync(fd, buffer, offset, length),
  renameSync: (from, to) => fs.renameSync(from, to),
};

/** A write that made no progress: the disk took none of the bytes and reported no error. */
export class ShortWriteError extends Error {
  readonly code = 'ESHORTWRITE';
  constructor(written: number, wanted: number) {
    super(`wrote ${written} of ${wanted} bytes`);
  }
}

/**
 * Creates `file` (which must not exist: it is opened with O_EXCL, so never through a symbolic
 * link), writes all of `bytes`, syncs it and checks its size. On any failure the file is removed
 * and the error thrown.
 */
export function writeNewFileFully(file: string, bytes: Uint8Array, mode: number | undefined, disk: DiskWrites = realDisk): void {
  const fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | noFollow(), 0o666);
  try {
    // An explicit mode is the mode of the file this one replaces, which the umask must not narrow.
    if (mode !== undefined) fs.fchmodSync(fd, mode & 0o7777);
    writeAll(fd, bytes, disk);
    fs.fsyncSync(fd);
    const size = fs.fstatSync(fd).size;
    if (size !== bytes.length) throw new ShortWriteError(size, bytes.length);
  } catch (error) {
    fs.closeSync(fd);
    fs.rmSync(file, { force: true });
    throw error;
  }
  fs.closeSync(fd);
}

function writeAll(fd: number, bytes: Uint8Array, disk: DiskWrites): void {
  let offset = 0;
  while (offset < bytes.length) {
    const written = disk.writeSync(fd, bytes, offset, bytes.length - offset);
    if (written <= 0) throw new ShortWriteError(offset, bytes.length);
    offset += written;
  }
}

/**
 * Replaces `file` as one step: the bytes go to a temporary file beside it, fully written and synced,
 * which is then renamed over it. For stcodemod's own files (the result cache, the journal).
 */
export function replaceFileAtomically(file: string, bytes: Uint8Array, disk: DiskWrites = realDisk): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  writeNewFileFully(temporary, bytes, undefined, disk);
  try {
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
  syncFolder(path.dirname(file));
}

/** Makes a folder's entries (renames, new files) durable; a folder that cannot be opened is left as it is. */
export function syncFolder(folder: string): void {
  let fd: number;
  try {
    fd = fs.openSync(folder, 'r');
  } catch {
    return;
  }
  try {
    fs.fsyncSync(fd);
  } catch {
    // Some file systems cannot sync a folder; the renames still happened.
  } finally {
    fs.closeSync(fd);
  }
}

function noFollow(): number {
  return fs.constants.O_NOFOLLOW ?? 0;
}
