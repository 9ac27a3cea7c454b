/**
 * The floor of a run: discover the files, read every one, parse every Python file once with
 * tree-sitter, and nothing else. `node floor.js <folder>` prints the number of files it read.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { discoverFiles } from '../discovery';
import { parsePython } from '../python/parser';

async function main(root: string): Promise<void> {
  let parsed = 0;
  const files = discoverFiles(root);
  for (const relative of files) {
    const text = fs.readFileSync(path.join(root, relative), 'utf8');
    if (!relative.endsWith('.py')) continue;
    parsePython(text);
    // The same event-loop turns a run takes, so native trees are freed as they are in a run.
    if (++parsed % 100 === 0) await new Promise(setImmediate);
  }
  process.stdout.write(`${files.length} files, ${parsed} parsed\n`);
}

void main(process.argv[2]);
