/**
 * A transform's full description, for `stcodemod list <transform>` and `<transform> --help`: the
 * doc block at the top of its module (what it does, why, an example, fix safety), as written in
 * transforms/<name>/index.ts. It is read from the compiled module (tsc keeps comments), found
 * beside the registry that the CLI was given, so the text the user reads is the text the code
 * carries and cannot drift from it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The doc block of a transform as plain text (Markdown), or undefined when it cannot be found. */
export function transformDoc(name: string, registry: string | undefined): string | undefined {
  if (registry === undefined) return undefined;
  let source: string;
  try {
    source = fs.readFileSync(path.join(path.dirname(registry), name, 'index.js'), 'utf8');
  } catch {
    return undefined;
  }
  const block = /\/\*\*\n([\s\S]*?)\*\//.exec(source);
  if (!block || !new RegExp(`^\\s*\\* # ${escapeRegExp(name)}\\s*$`, 'm').test(block[1])) return undefined;
  return block[1]
    .split('\n')
    .map((line) => line.replace(/^\s*\* ?/, '').replace(/\s+$/, ''))
    .join('\n')
    .trim() + '\n';
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
