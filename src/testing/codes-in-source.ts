/**
 * The finding codes the source can emit, read from the TypeScript as written, for the test that
 * every code has an `explain` entry (src/explain.test.ts). A code is written as a slug in one of
 * a few shapes, which this finds:
 *
 * - `code: 'slug'` (or `code: cond ? 'a' : 'b'`) in an object literal;
 * - the literal argument of a helper whose parameter is `code: string` (`skip('async', ...)`,
 *   `note('info', 'backport', ...)`);
 * - `'stcodemod/slug'` anywhere.
 *
 * A slug becomes a code by where it is written: `transforms/<name>/` reports as `<name>/`,
 * `src/upgrade-check/` as `upgrade-check/`, and `src/native-app/` (the setup-script checks) as
 * both `versioned-schema/` and `upgrade-check/`, which show its issues. Elsewhere in src/ a
 * bare slug is reported for a transform that passes its reporter in, so it is returned without
 * an owner (`*\/slug`): some entry must have that slug. A file that writes `stcodemod/${code}`
 * reports its slugs as the engine's.
 *
 * Codes made from data at run time escape this reading; the snapshot reports (every code the
 * cases emit) cover those.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const SLUG = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

export function codesInSource(repository: string): Map<string, string> {
  const codes = new Map<string, string>();
  const files = [...sourceFiles(path.join(repository, 'src')), ...sourceFiles(path.join(repository, 'transforms'))];
  for (const file of files) {
    const relative = path.relative(repository, file).split(path.sep).join('/');
    const text = stripComments(fs.readFileSync(file, 'utf8'));
    const owners = text.includes('`stcodemod/${') ? ['stcodemod'] : ownersOf(relative);
    const add = (slug: string) => {
      if (slug.startsWith('stcodemod/')) codes.set(slug, relative);
      else if (SLUG.test(slug)) for (const owner of owners.length > 0 ? owners : ['*']) codes.set(`${owner}/${slug}`, relative);
    };
    for (const match of text.matchAll(/\bcode: ([^,\n}]+)/g)) literalsIn(match[1]).forEach(add);
    for (const match of text.matchAll(/['"`](stcodemod\/[a-z0-9-]+)['"`]/g)) codes.set(match[1], relative);
    for (const match of text.matchAll(/new \w*Error\(\s*'([a-z-]+\/[a-z0-9-]+)'/g)) codes.set(match[1], relative);
    for (const helper of codeHelpers(text)) {
      for (const call of text.matchAll(new RegExp(`(?<![\\w$])${helper.name}\\(`, 'g'))) {
        const args = argumentsAt(text, call.index! + call[0].length);
        if (args[helper.index] !== undefined) literalsIn(args[helper.index]).forEach(add);
      }
    }
  }
  return codes;
}

function ownersOf(relative: string): string[] {
  const transform = /^transforms\/([^/]+)\//.exec(relative);
  if (transform) return [transform[1]];
  if (relative.startsWith('src/upgrade-check/')) return ['upgrade-check'];
  if (relative.startsWith('src/native-app/')) return ['versioned-schema', 'upgrade-check'];
  return [];
}

function sourceFiles(folder: string): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory() && !['testing', 'bench'].includes(entry.name)) files.push(...sourceFiles(full));
    else if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) files.push(full);
  }
  return files;
}

/** Helpers that take a code: `(name)(... code: string ...)` in a function, method or arrow definition. */
function codeHelpers(text: string): { name: string; index: number }[] {
  const helpers: { name: string; index: number }[] = [];
  for (const match of text.matchAll(/(?:function\s+|const\s+|private\s+|^\s+)(\w+)\s*(?:=\s*)?\(([^()]*\bcode: string[^()]*)\)/gm)) {
    const names = splitTopLevel(match[2]).map((parameter) => parameter.trim().split(/[?:\s]/)[0]);
    helpers.push({ name: match[1], index: names.indexOf('code') });
  }
  return helpers;
}

/** The arguments of a call whose `(` ends just before `start`, as source text. */
function argumentsAt(text: string, start: number): string[] {
  return splitTopLevel(text.slice(start));
}

/**
 * Splits at the commas outside brackets and strings, and stops at a closing bracket that was not
 * opened in `text` (the end of an argument list).
 */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let from = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quote) {
      if (char === '\\') index++;
      else if (char === quote) quote = undefined;
      continue;
    }
    if (char === '\'' || char === '"' || char === '`') quote = char;
    else if ('([{<'.includes(char)) depth++;
    else if (char === '>' && text[index - 1] === '=') continue;
    else if (')]}>'.includes(char) && --depth < 0) return [...parts, text.slice(from, index)];
    else if (char === ',' && depth === 0) {
      parts.push(text.slice(from, index));
      from = index + 1;
    }
  }
  parts.push(text.slice(from));
  return parts;
}

function literalsIn(expression: string): string[] {
  return [...expression.matchAll(/'([^'\\]*)'|"([^"\\]*)"/g)].map((match) => match[1] ?? match[2]);
}

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}
