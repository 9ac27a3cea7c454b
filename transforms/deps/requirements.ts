/** requirements.txt: reading the requirements it lists, and appending new ones. */
import { parseRequirement } from '../../src/pep508';
import { TextEdit } from '../../src/text-edit';
import { ExistingRequirement } from './merge';

/**
 * The requirements of a pip requirements file, each at the offset of its line. Comments, options
 * (`-r`, `--index-url`), per-requirement options (`--hash`) and lines that are not PEP 508 are
 * skipped; a line continued with `\` is read as one.
 */
export function readRequirements(text: string): ExistingRequirement[] {
  const found: ExistingRequirement[] = [];
  const linePattern = /[^\r\n]*(?:\r\n|\n|\r|$)/g;
  let logical = '';
  let start = 0;
  for (const match of text.matchAll(linePattern)) {
    if (match[0] === '' && match.index === text.length) break;
    const line = match[0].replace(/[\r\n]+$/, '');
    if (logical === '') start = match.index!;
    if (line.endsWith('\\')) {
      logical += `${line.slice(0, -1)} `;
      continue;
    }
    logical += line;
    const content = logical.replace(/(^|\s)#.*$/, '').trim().split(/\s+(?=--[a-z])/)[0];
    logical = '';
    if (content === '' || content.startsWith('-')) continue;
    const requirement = parseRequirement(content);
    if (typeof requirement !== 'string') found.push({ requirement, text: content, offset: start });
  }
  return found;
}

/** Appends lines at the end of the file, after a line break if the file lacks a final one. */
export function appendLines(edit: TextEdit, lines: string[]): void {
  if (lines.length === 0) return;
  const text = edit.original;
  const separator = text === '' || /[\r\n]$/.test(text) ? '' : '\n';
  edit.insert(text.length, `${separator}${lines.join('\n')}\n`);
}
