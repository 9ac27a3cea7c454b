import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isSeq, parseDocument, Scalar } from 'yaml';
import { TextEdit } from './text-edit';
import { removeBlockSequenceItem, replaceScalar } from './yaml-edit';

function items(text: string) {
  const list = parseDocument(text).get('a', true);
  if (!isSeq(list)) throw new Error('no list');
  return list.items as Scalar[];
}

test('a replaced scalar keeps its quoting', () => {
  const text = 'a:\n  - x.yml  # c\n  - "x.yml"\n  - \'x.yml\'\n';
  const edit = new TextEdit(text, '\n');
  for (const item of items(text)) replaceScalar(edit, item, 'requirements.txt');
  assert.is(edit.toString(), 'a:\n  - requirements.txt  # c\n  - "requirements.txt"\n  - \'requirements.txt\'\n');
});

test('a block item goes with its whole line; a flow item is left alone', () => {
  const text = 'a:\n  - keep\n  - drop  # comment\n  - keep too\n';
  const edit = new TextEdit(text, '\n');
  assert.ok(removeBlockSequenceItem(edit, items(text)[1]));
  assert.is(edit.toString(), 'a:\n  - keep\n  - keep too\n');
  const flow = 'a: [keep, drop]\n';
  assert.not.ok(removeBlockSequenceItem(new TextEdit(flow, '\n'), items(flow)[1]));
});

test.run();
