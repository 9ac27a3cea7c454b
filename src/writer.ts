import * as fs from 'node:fs';
import * as path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { FindingLog } from './findings';
import { encodeDecoded, FileChange } from './project';

/**
 * Puts a run's changes on disk, after all of them were computed. Each file is written atomically
 * (a temporary file in the same folder, then a rename) with its mode kept. A file whose bytes on
 * disk are no longer those the run read is left alone and reported: someone else changed it.
 * Returns the changes that were written.
 */
export function writeChanges(root: string, changes: FileChange[], findings: FindingLog): FileChange[] {
  const safe = changes.filter((change) => {
    const conflict = diskConflict(root, change);
    if (conflict) {
      findings.add({
        source: 'stcodemod',
        code: 'stcodemod/changed-on-disk',
        kind: 'error',
        message: `not written: ${conflict}`,
        path: change.to ?? change.from,
      });
    }
    return !conflict;
  });
  for (const change of safe) {
    if (change.to !== undefined && change.after) {
      const target = path.join(root, change.to);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      const mode = change.disk?.mode;
      writeFileAtomic.sync(target, encodeDecoded(change.after), mode === undefined ? {} : { mode });
    }
  }
  // Sources of moves and deleted files go last, once everything that replaces them is written.
  for (const change of safe) {
    if ((change.kind === 'move' || change.kind === 'delete') && change.from !== undefined) {
      fs.rmSync(path.join(root, change.from), { force: true });
    }
  }
  return safe;
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
