/**
 * `stcodemod explain <code>`: what a finding means, why it matters on the container runtime, and a
 * before/after example. The entries live in docs/codes/<source>.md, one file per transform (and
 * `stcodemod.md`, `upgrade-check.md` for the engine's and upgrade-check's own codes), each entry a
 * `## <code>` section; a heading may name several codes that share one entry
 * (`## versioned-schema/not-re-runnable, upgrade-check/not-re-runnable`). The engine reads
 * whatever files are there and knows no transform by name. A test checks that every code the
 * source can emit has an entry.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const CODES_FOLDER = path.join(__dirname, '..', '..', 'docs', 'codes');

export interface Explanation {
  code: string;
  /** The entry's Markdown, without its heading. */
  text: string;
  /** The docs file it is in, relative to the repository. */
  file: string;
}

/** Every entry, by code. */
export function explanations(folder = CODES_FOLDER): Map<string, Explanation> {
  const entries = new Map<string, Explanation>();
  let files: string[];
  try {
    files = fs.readdirSync(folder).filter((name) => name.endsWith('.md')).sort();
  } catch {
    return entries;
  }
  for (const name of files) {
    const text = fs.readFileSync(path.join(folder, name), 'utf8');
    for (const section of text.split(/^## /m).slice(1)) {
      const newline = section.indexOf('\n');
      const heading = newline === -1 ? section : section.slice(0, newline);
      const body = newline === -1 ? '' : section.slice(newline + 1).trim();
      for (const code of heading.split(',').map((part) => part.trim().replace(/^`|`$/g, ''))) {
        entries.set(code, { code, text: body, file: `docs/codes/${name}` });
      }
    }
  }
  return entries;
}

/** The entry for a code given in full (`cache/cached`), or by its slug alone when only one code has it. */
export function findExplanation(entries: Map<string, Explanation>, asked: string): Explanation | undefined {
  const exact = entries.get(asked);
  if (exact) return exact;
  const bySlug = [...entries.values()].filter((entry) => entry.code.split('/')[1] === asked);
  return bySlug.length === 1 ? bySlug[0] : undefined;
}

/** What `explain` prints for one code. */
export function renderExplanation(entry: Explanation): string {
  return `${entry.code}\n\n${entry.text}\n`;
}

/** What `explain` prints without a code: every code with the first line of its entry. */
export function renderCodeList(entries: Map<string, Explanation>): string {
  const codes = [...entries.keys()].sort();
  const width = Math.max(...codes.map((code) => code.length));
  const lines = ['Codes stcodemod can report (`stcodemod explain <code>` for one):', ''];
  for (const code of codes) lines.push(`  ${code.padEnd(width)}  ${entries.get(code)!.text.split('\n')[0]}`);
  return lines.join('\n') + '\n';
}
