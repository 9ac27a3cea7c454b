import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { seededRandom } from '../seeded-random';
import { TextEdit } from '../text-edit';
import { parsePython, reparsePython, Tree } from './parser';

const TESTDATA = path.join(__dirname, '..', '..', '..', 'testdata');

/** Every Python input of the snapshot cases: real code of every shape the transforms meet. */
function samples(): string[] {
  const found: string[] = [];
  const walk = (folder: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.py') && full.includes(`${path.sep}input${path.sep}`)) found.push(fs.readFileSync(full, 'utf8'));
    }
  };
  walk(TESTDATA);
  return found;
}

/** Every node as (type, offsets, rows and columns), in tree order. */
function shape(tree: Tree): string[] {
  const nodes: string[] = [];
  const cursor = tree.walk();
  for (;;) {
    const { startPosition: from, endPosition: to } = cursor;
    nodes.push(`${cursor.nodeType} ${cursor.startIndex}-${cursor.endIndex} ${from.row}:${from.column}-${to.row}:${to.column}`);
    if (cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) return nodes;
    }
  }
}

const INSERTS = ['', 'x', 'session', '_session', '\n', '    ', '# note\n', 'st.cache_data(ttl=600)\n', '"😀"', 'é', '(1)'];

/** Splices of the kinds transforms make: renamed names, inserted lines, removed words. */
function randomEdit(text: string, eol: string, random: () => number): TextEdit {
  const edit = new TextEdit(text, eol === '\n' ? '\n' : eol === '\r\n' ? '\r\n' : '\r');
  const cuts = [...new Set(Array.from({ length: 1 + Math.floor(random() * 6) }, () => Math.floor(random() * text.length)))]
    .sort((a, b) => a - b);
  for (const [index, start] of cuts.entries()) {
    const limit = Math.min(cuts[index + 1] ?? text.length, start + 12);
    const end = start + Math.floor(random() * (limit - start + 1));
    edit.replace(start, end, INSERTS[Math.floor(random() * INSERTS.length)]);
  }
  return edit;
}

test('a re-parse after an edit gives the tree a fresh parse gives, in every line ending', () => {
  const random = seededRandom(9);
  let compared = 0;
  for (const sample of samples()) {
    for (const eol of ['\n', '\r\n', '\r']) {
      const text = sample.replace(/\r\n|\r|\n/g, eol);
      for (let round = 0; round < 3; round++) {
        const edit = randomEdit(text, eol, random);
        const edited = edit.toString();
        const fresh = parsePython(edited);
        if (fresh.rootNode.hasError) continue;
        for (const mergeWithin of [0, 2000]) {
          const reparsed = reparsePython(parsePython(text), text, edited, edit.changedRegions(mergeWithin));
          assert.equal(shape(reparsed), shape(fresh), `${JSON.stringify(edited.slice(0, 80))} (regions within ${mergeWithin})`);
          compared++;
        }
      }
    }
  }
  assert.ok(compared > 200, `only ${compared} edits compared`);
});

test('a re-parse leaves the old tree and the nodes it handed out as they were', () => {
  for (const text of samples().slice(0, 40)) {
    const tree = parsePython(text);
    const before = shape(tree);
    const nodes = tree.rootNode.descendantsOfType('identifier');
    const offsets = nodes.map((node) => [node.startIndex, node.endIndex, node.text]);
    const edit = randomEdit(text, '\n', seededRandom(text.length));
    const edited = edit.toString();
    reparsePython(tree, text, edited, edit.changedRegions(2000));
    assert.equal(shape(tree), before);
    assert.equal(nodes.map((node) => [node.startIndex, node.endIndex, node.text]), offsets);
  }
});

test('changedRegions maps each stretch to its place in the edited text', () => {
  const edit = new TextEdit('abcdefghij', '\n');
  edit.replace(1, 2, 'XYZ');
  edit.insert(5, '--');
  edit.remove(8, 10);
  const edited = edit.toString();
  assert.is(edited, 'aXYZcde--fgh');
  assert.equal(edit.changedRegions(), [
    { start: 1, end: 2, newStart: 1, newEnd: 4 },
    { start: 5, end: 5, newStart: 7, newEnd: 9 },
    { start: 8, end: 10, newStart: 12, newEnd: 12 },
  ]);
  assert.equal(edit.changedRegions(3), [{ start: 1, end: 10, newStart: 1, newEnd: 12 }]);
});

test('an insertion and an overwrite at the same offset make one region', () => {
  const edit = new TextEdit('abcdef', '\n');
  edit.replace(2, 4, 'XY');
  edit.insert(2, '12');
  assert.is(edit.toString(), 'ab12XYef');
  assert.equal(edit.changedRegions(), [{ start: 2, end: 4, newStart: 2, newEnd: 6 }]);
});

test.run();
