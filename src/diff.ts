import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { printable } from './printable';
import { FileChange } from './project';

export interface Palette {
  header(text: string): string;
  hunk(text: string): string;
  added(text: string): string;
  removed(text: string): string;
}

export const plain: Palette = { header: (t) => t, hunk: (t) => t, added: (t) => t, removed: (t) => t };

/** How much of a file's contents a diff may show. */
export interface ContentView {
  /** Show none of it (a file of secrets). */
  withhold?: boolean;
  /** Applied to the whole old and new text (with its path) before diffing; must keep line breaks. */
  mask?: (text: string, path: string) => string;
}

/**
 * A unified diff for one change, git style: `a/` and `b/` paths relative to the target, /dev/null
 * for created and deleted files, and `rename from`/`rename to` lines for a move.
 */
export function renderChange(change: FileChange, palette: Palette = plain, view: ContentView = {}): string {
  const oldName = change.from !== undefined ? `a/${change.from}` : '/dev/null';
  const newName = change.to !== undefined ? `b/${change.to}` : '/dev/null';
  const rawBefore = change.before?.text ?? '';
  const rawAfter = change.after?.text ?? '';
  // Masking whole texts rather than diff lines masks context lines too, and values over many lines.
  const before = view.mask && change.from !== undefined ? view.mask(rawBefore, change.from) : rawBefore;
  const after = view.mask && change.to !== undefined ? view.mask(rawAfter, change.to) : rawAfter;
  const lines: string[] = [];
  const gitFrom = change.from ?? change.to!;
  const gitTo = change.to ?? change.from!;
  lines.push(palette.header(`diff --git ${quotePath(`a/${gitFrom}`)} ${quotePath(`b/${gitTo}`)}`));
  if (change.kind === 'create') lines.push(palette.header('new file mode 100644'));
  if (change.kind === 'delete') lines.push(palette.header(`deleted file mode 100${modeOf(change)}`));
  if (change.kind === 'move') {
    lines.push(palette.header(`rename from ${quotePath(change.from!)}`), palette.header(`rename to ${quotePath(change.to!)}`));
    if (rawBefore === rawAfter) return lines.join('\n') + '\n';
  }
  if (view.withhold) {
    lines.push(palette.hunk('# contents not shown: this file may hold secrets'));
    return lines.join('\n') + '\n';
  }
  if (change.before && change.after && change.before.hasBom !== change.after.hasBom) {
    lines.push(palette.header(`# byte order mark ${change.after.hasBom ? 'added' : 'removed'}`));
  }
  const patchOf = (from: string, to: string) => createTwoFilesPatch(oldName, newName, from, to, undefined, undefined, {
    context: 3,
    headerOptions: FILE_HEADERS_ONLY,
  });
  const patch = patchOf(before, after);
  // Only a file that holds credentials pays for the second diff, which tells whether the hunks show one.
  if ((before !== rawBefore || after !== rawAfter) && patch !== patchOf(rawBefore, rawAfter)) {
    lines.push(palette.header('# values that look like credentials are shown as ***, so this diff does not apply as it is'));
  }
  const patchLines = patch.replace(/\n$/, '').split('\n');
  const shown = patchLines.map(printable);
  if (shown.some((line, index) => line !== patchLines[index])) {
    // Before the ---/+++ lines, where git apply takes it for a header it does not know.
    lines.push(palette.header('# control characters are shown escaped (\\x1b); git apply cannot apply the lines that hold them'));
  }
  for (const line of shown) lines.push(colourLine(line, palette));
  return lines.join('\n') + '\n';
}

function colourLine(line: string, palette: Palette): string {
  if (line.startsWith('--- ') || line.startsWith('+++ ')) return palette.header(line);
  if (line.startsWith('@@')) return palette.hunk(line);
  if (line.startsWith('+')) return palette.added(line);
  if (line.startsWith('-')) return palette.removed(line);
  return line;
}

function modeOf(change: FileChange): string {
  return ((change.disk?.mode ?? 0o644) & 0o777).toString(8).padStart(3, '0');
}

/**
 * A path as git writes it in diff headers: as is when it is plain printable ASCII, otherwise in
 * double quotes with C escapes and octal UTF-8 bytes (the same quoting the diff library applies
 * to the ---/+++ lines), so `git apply` accepts the output.
 */
export function quotePath(name: string): string {
  if (/^[\x21-\x7e ]*$/.test(name) && !/["\\]/.test(name)) return name;
  let quoted = '';
  for (const byte of Buffer.from(name, 'utf8')) {
    if (byte === 0x22 || byte === 0x5c) quoted += `\\${String.fromCharCode(byte)}`;
    else if (byte === 0x09) quoted += '\\t';
    else if (byte === 0x0a) quoted += '\\n';
    else if (byte >= 0x20 && byte < 0x7f) quoted += String.fromCharCode(byte);
    else quoted += `\\${byte.toString(8).padStart(3, '0')}`;
  }
  return `"${quoted}"`;
}
