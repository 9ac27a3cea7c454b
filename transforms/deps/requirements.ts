/** requirements.txt: reading the requirements it lists, and appending new ones. */
import { parseRequirement } from '../../src/pep508';
import { TextEdit } from '../../src/text-edit';
import { ExistingRequirement } from './merge';
import { isPipUrl, pipUrlRequirement } from './pip-entries';

/** A requirement line of requirements.txt, and where its version specifier is when the line can be edited in place. */
export interface RequirementLine extends ExistingRequirement {
  /** Offsets of the version specifier in the file (`==1.36.0`, `(>=1,<2)`); absent for a line continued with `\`. */
  specifier?: { start: number; end: number };
}

/**
 * The requirements of a pip requirements file, each at the offset of its line. Comments, options
 * (`-r`, `--index-url`), per-requirement options (`--hash`) and lines that are not PEP 508 are
 * skipped; a line continued with `\` is read as one. A bare URL line (`https://.../pkg-1.0.whl`)
 * counts as the requirement it installs (`pkg @ https://...`) when its archive or `#egg=` names it.
 */
export function readRequirements(text: string): RequirementLine[] {
  const found: RequirementLine[] = [];
  const linePattern = /[^\r\n]*(?:\r\n|\n|\r|$)/g;
  let logical = '';
  let continued = false;
  let start = 0;
  for (const match of text.matchAll(linePattern)) {
    if (match[0] === '' && match.index === text.length) break;
    const line = match[0].replace(/[\r\n]+$/, '');
    if (logical === '') start = match.index!;
    if (line.endsWith('\\')) {
      logical += `${line.slice(0, -1)} `;
      continued = true;
      continue;
    }
    logical += line;
    const content = logical.replace(/(^|\s)#.*$/, '').trim().split(/\s+(?=--[a-z])/)[0];
    const single = !continued;
    logical = '';
    continued = false;
    if (content === '' || content.startsWith('-')) continue;
    const requirement = isPipUrl(content) ? pipUrlRequirement(content) : parseRequirement(content);
    if (requirement === undefined || typeof requirement === 'string') continue;
    const span = single ? specifierSpan(content) : undefined;
    const at = start + line.indexOf(content);
    found.push({ requirement, text: content, offset: start, ...(span ? { specifier: { start: at + span.start, end: at + span.end } } : {}) });
  }
  return found;
}

/**
 * Where the version specifier of a PEP 508 requirement is in its text: after the name and extras,
 * up to the marker; parentheses included. Undefined when there is none (or a URL).
 */
export function specifierSpan(text: string): { start: number; end: number } | undefined {
  const head = /^\s*[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?\s*(\[[^\]]*\])?\s*/.exec(text);
  if (!head) return undefined;
  const rest = text.slice(head[0].length);
  if (rest.startsWith('@')) return undefined;
  const semicolon = rest.indexOf(';');
  const versions = (semicolon === -1 ? rest : rest.slice(0, semicolon)).trimEnd();
  if (versions === '') return undefined;
  return { start: head[0].length, end: head[0].length + versions.length };
}

/** Appends lines at the end of the file, after a line break if the file lacks a final one. */
export function appendLines(edit: TextEdit, lines: string[]): void {
  if (lines.length === 0) return;
  const text = edit.original;
  const separator = text === '' || /[\r\n]$/.test(text) ? '' : '\n';
  edit.insert(text.length, `${separator}${lines.join('\n')}\n`);
}
