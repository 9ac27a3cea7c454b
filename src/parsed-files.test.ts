import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { FindingLog } from './findings';
import { parsedOnce, yamlDocument } from './parsed-files';
import { Project } from './project';

const test = suite('parsed files');

function project(): Project {
  return new Project('/nowhere', [], new FindingLog(), () => Buffer.from(''));
}

test('a text is parsed once per kind and project; another text or project is parsed again', () => {
  const first = project();
  let parses = 0;
  const count = (text: string) => ({ text, parse: ++parses });
  assert.is(parsedOnce(first, 'count', 'a: 1', count).parse, 1);
  assert.is(parsedOnce(first, 'count', 'a: 1', count).parse, 1);
  assert.is(parsedOnce(first, 'count', 'a: 2', count).parse, 2);
  assert.is(parsedOnce(first, 'other', 'a: 1', count).parse, 3);
  assert.is(parsedOnce(project(), 'count', 'a: 1', count).parse, 4);
});

test('YAML documents are shared by readers of the same text, errors included', () => {
  const shared = project();
  assert.is(yamlDocument(shared, 'a: [1, 2]\n'), yamlDocument(shared, 'a: [1, 2]\n'));
  assert.equal(yamlDocument(shared, 'a: [1, 2]\n').toJS(), { a: [1, 2] });
  assert.ok(yamlDocument(shared, 'a: [1\n').errors.length > 0);
});

test.run();
