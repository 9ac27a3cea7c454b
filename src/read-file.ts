import * as fs from 'node:fs';

/**
 * The one way stcodemod reads a file of the target: only a regular file, never through a symbolic
 * link, and never more than a size limit.
 *
 * `fs.readFileSync` waits forever on a FIFO with no writer, and reads `/dev/zero` (a `.gitignore`
 * linked to it) until memory runs out. Here the path is opened with O_NOFOLLOW (a symbolic link
 * fails to open) and O_NONBLOCK (a FIFO opens at once instead of waiting for a writer), and what
 * was opened must be a regular file within the limit before a byte is read. The read stops one
 * byte past the limit, so a file that grows meanwhile cannot make it read without end.
 */

/**
 * The largest Python file a run reads: 1 MiB, over three times the largest module of a real app
 * we know (about 7,000 lines, 300 KB). Each transform parses and analyses a module whole, and
 * trees and their analyses take several hundred bytes of memory per byte of source: a 1 MB
 * module took 5 s and 480 MB on its own, a 3 MB one 15 s and 1.2 GB.
 */
export const MAX_PYTHON_BYTES = 1024 * 1024;
/**
 * The largest file of any other kind a run reads (SQL, TOML, YAML, requirements, .gitignore):
 * 2 MiB, some 50,000 lines of SQL, where real deploy and setup scripts are a few thousand.
 * A 4 MB SQL script took 8 s and 870 MB. It also keeps a device or a stray data file from filling memory.
 */
export const MAX_TEXT_BYTES = 2 * 1024 * 1024;

/** The size limit for a file, by its name. */
export function sizeLimitFor(file: string): number {
  return file.endsWith('.py') ? MAX_PYTHON_BYTES : MAX_TEXT_BYTES;
}

/** The path is not a regular file (a folder, a symbolic link, a FIFO, a device, a socket). */
export class NotRegularFileError extends Error {
  readonly code = 'ENOTREG';
}

/** The file is larger than the limit for its kind. */
export class FileTooLargeError extends Error {
  readonly code = 'ETOOLARGE';
  constructor(readonly size: number, readonly limit: number) {
    super(`too large to process (${formatSize(size)}; files over ${formatSize(limit)} are skipped)`);
  }
}

/** The bytes of a regular file, or an error (NotRegularFileError, FileTooLargeError, or the system's). */
export function readRegularFile(file: string, limit = sizeLimitFor(file)): Buffer {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ELOOP: the last part of the path is a symbolic link (EMLINK on FreeBSD, EFTYPE on NetBSD).
    if (code === 'ELOOP' || code === 'EMLINK' || code === 'EFTYPE') throw new NotRegularFileError('not a regular file (a symbolic link)');
    throw error;
  }
  try {
    const opened = fs.fstatSync(fd);
    if (!opened.isFile()) throw new NotRegularFileError(`not a regular file (${kindOf(opened)})`);
    if (opened.size > limit) throw new FileTooLargeError(opened.size, limit);
    return readUpTo(fd, opened.size, limit);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The file's bytes, `size` of them as its size said when it was opened; one that has grown since
 * is read on to its end, up to `limit`.
 */
function readUpTo(fd: number, size: number, limit: number): Buffer {
  let buffer = Buffer.allocUnsafe(Math.min(size, limit) + 1);
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length > limit) throw new FileTooLargeError(length, limit);
      const grown = Buffer.allocUnsafe(Math.min(buffer.length * 2, limit + 1));
      buffer.copy(grown, 0, 0, length);
      buffer = grown;
    }
    const read = fs.readSync(fd, buffer, length, buffer.length - length, null);
    if (read === 0) break;
    length += read;
    // As long as its size said: the usual case, done without another read to find the end.
    if (length === size) break;
  }
  return buffer.subarray(0, length);
}

function kindOf(entry: fs.Stats): string {
  if (entry.isDirectory()) return 'a folder';
  if (entry.isSymbolicLink()) return 'a symbolic link';
  if (entry.isFIFO()) return 'a FIFO';
  if (entry.isSocket()) return 'a socket';
  if (entry.isCharacterDevice() || entry.isBlockDevice()) return 'a device';
  return 'not a file';
}

/** A byte count for a message: `12.3 MB`, `640 KB`, `512 bytes`. */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MiB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${bytes} bytes`;
}

/** A one-line reason a file could not be read, for a report. */
export function describeReadError(error: unknown): string {
  if (error instanceof NotRegularFileError || error instanceof FileTooLargeError) return error.message;
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'cannot read file (permission denied)';
    case 'ENOENT':
      return 'file disappeared during the run';
    case 'EISDIR':
      return 'not a regular file (a folder)';
    default:
      return `cannot read file (${code ?? (error as Error).message})`;
  }
}
