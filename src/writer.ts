import * as fs from 'node:fs';
import * as path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { FindingLog } from './findings';
import { encodeDecoded, FileChange } from './project';

/**
 * Puts a run's changes on disk, after all of them were computed. Each file is written atomically
 * (a temporary file in the same folder, synced, then renamed) with its mode kept. A file whose
 * bytes on disk are no longer those the run read is left alone and reported: someone else changed it.
 * A file that cannot be written (a full disk) stops the writing with a `WriteError`.
 * Files are removed (deleted, or the sources of moves) only once everything else is written, and
 * not at all when any change of the run was refused: a deletion may stand on a conversion that
 * was not written (environment.yml on its requirements.txt), and the run cannot tell which.
 * Returns the changes that were applied.
 */
export function writeChanges(root: string, changes: FileChange[], findings: FindingLog): FileChange[] {
  const refused = changes.filter((change) => {
    const conflict = diskConflict(root, change);
    if (conflict) report(findings, 'changed-on-disk', `not written: ${conflict}`, change.to ?? change.from);
    return conflict !== undefined;
  });
  const safe = changes.filter((change) => !refused.includes(change));
  let written = 0;
  for (const change of safe) {
    if (change.to === undefined || !change.after) continue;
    const target = path.join(root, change.to);
    try {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      const mode = change.disk?.mode;
      writeFileAtomic.sync(target, encodeDecoded(change.after), mode === undefined ? {} : { mode });
    } catch (error) {
      throw new WriteError(change.to, error, written);
    }
    written++;
  }
  const removals = safe.filter((change) => (change.kind === 'move' || change.kind === 'delete') && change.from !== undefined);
  if (refused.length > 0) {
    for (const change of removals) {
      report(findings, 'not-removed', 'not removed, because another change of this run was not written (it may depend '
        + 'on it); remove it by hand, or rerun stcodemod once the conflict is resolved', change.from);
    }
    return safe.filter((change) => change.kind !== 'delete');
  }
  for (const change of removals) fs.rmSync(path.join(root, change.from!), { force: true });
  return safe;
}

/** A file the writer could not write (a full disk, a folder that is a file), with its path. */
export class WriteError extends Error {
  constructor(readonly path: string, override readonly cause: unknown, written: number) {
    const reason = cause instanceof Error ? (cause as NodeJS.ErrnoException).code ?? cause.message : String(cause);
    const others = written === 1 ? '1 other file was' : `${written} other files were`;
    super(`could not write ${path} (${reason}); ${others} written, and nothing was removed`);
  }
}

function report(findings: FindingLog, code: string, message: string, path: string | undefined): void {
  findings.add({ source: 'stcodemod', code: `stcodemod/${code}`, kind: 'error', message, path });
}

function diskConflict(root: string, change: FileChange): string | undefined {
  if (change.from !== undefined && change.disk) {
    let current: Buffer;
    try {
      current = fs.readFileSync(path.join(root, change.from));
    } catch {
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
