/**
 * `node dist/src/bench/table-walk.js DIR`
 *
 * What reading a whole syntax tree into JavaScript costs beside parsing it, on the Python files
 * under DIR (issue 20: "one pass over each tree builds a compact syntax table"). Each round
 * parses every file, then walks every tree with a TreeCursor three ways: moving only; building
 * the full table (type, start, end, parent, first child, next sibling, field, named flag: each
 * node's answers are one crossing into the binding apiece); and the least a table can read
 * (type and field of every node, offsets of leaves only, since a parent spans its children).
 * It also times one `descendantsOfType('identifier')` per tree, and `reparsePython` of each text
 * unchanged: two parses of an unchanged text with its tree, the twin's and the re-parse (about
 * what a commit pays beside the re-parse of its changed regions). Prints the median of 3 rounds.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parsePython, reparsePython, Tree } from '../python/parser';

function pythonFiles(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.py'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** Moves the cursor over every node in tree order, calling `visit` at each. Returns the node count. */
function walk(tree: Tree, visit: (cursor: ReturnType<Tree['walk']>, leaf: boolean) => void): number {
  const cursor = tree.walk();
  let nodes = 0;
  for (;;) {
    nodes++;
    const leaf = !cursor.gotoFirstChild();
    visit(cursor, leaf);
    if (!leaf) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) return nodes;
    }
  }
}

/** The full table: eight columns per node, links kept as the walk goes. */
function fullTable(tree: Tree): number {
  const columns = { type: [] as number[], start: [] as number[], end: [] as number[], field: [] as number[],
    named: [] as boolean[], parent: [] as number[], firstChild: [] as number[], nextSibling: [] as number[] };
  const open: number[] = [];
  let previous = -1;
  const cursor = tree.walk();
  for (;;) {
    const row = columns.type.length;
    columns.type.push(cursor.nodeTypeId);
    columns.start.push(cursor.startIndex);
    columns.end.push(cursor.endIndex);
    columns.field.push(cursor.currentFieldId);
    columns.named.push(cursor.nodeIsNamed);
    const parent = open.length ? open[open.length - 1] : -1;
    columns.parent.push(parent);
    columns.firstChild.push(-1);
    columns.nextSibling.push(-1);
    if (previous >= 0) columns.nextSibling[previous] = row;
    else if (parent >= 0) columns.firstChild[parent] = row;
    if (cursor.gotoFirstChild()) {
      open.push(row);
      previous = -1;
      continue;
    }
    previous = row;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) return row + 1;
      previous = open.pop()!;
    }
  }
}

function milliseconds(run: () => void): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

function main(folder: string): void {
  const texts = pythonFiles(folder).map((file) => fs.readFileSync(file, 'utf8'));
  const rounds: Record<string, number[]> = {};
  const record = (label: string, ms: number) => (rounds[label] ??= []).push(ms);
  let nodes = 0;
  for (let round = 0; round < 3; round++) {
    let trees: Tree[] = [];
    record('parse', milliseconds(() => { trees = texts.map((text) => parsePython(text)); }));
    record('cursor walk, moving only', milliseconds(() => { nodes = trees.reduce((sum, tree) => sum + walk(tree, () => {}), 0); }));
    record('full table (8 columns)', milliseconds(() => trees.forEach(fullTable)));
    let sink = 0;
    record('least table (type, field; offsets of leaves)', milliseconds(() => trees.forEach((tree) => walk(tree, (cursor, leaf) => {
      sink += cursor.nodeTypeId + cursor.currentFieldId + (leaf ? cursor.startIndex + cursor.endIndex : 0);
    }))));
    record("descendantsOfType('identifier')", milliseconds(() => trees.forEach((tree) => tree.rootNode.descendantsOfType('identifier'))));
    record('reparsePython of an unchanged text (twin, then re-parse)', milliseconds(() => trees.forEach((tree, index) => {
      reparsePython(tree, texts[index], texts[index], []);
    })));
    void sink;
  }
  const parse = median(rounds.parse);
  process.stdout.write(`${texts.length} files, ${nodes} nodes\n\n| step | ms (median of 3) | x parse |\n|---|---|---|\n`);
  for (const [label, values] of Object.entries(rounds)) {
    process.stdout.write(`| ${label} | ${median(values).toFixed(0)} | ${(median(values) / parse).toFixed(2)} |\n`);
  }
}

main(process.argv[2]);
