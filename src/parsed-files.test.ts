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

const created = suite('Project.createdPaths');

created('lists the files the run created, wherever they were moved, and not those it changed or deleted', () => {
  const files: Record<string, string> = { 'a.py': 'x = 1\n', 'b.py': 'y = 2\n' };
  const project = new Project('/nowhere', Object.keys(files), new FindingLog(),
    (absolute) => Buffer.from(files[absolute.replace('/nowhere/', '')]));
  project.write('new/c.sql', 'select 1;\n');
  project.write('d.py', 'z = 3\n');
  project.move('d.py', 'e/d.py');
  project.write('gone.py', '');
  project.delete('gone.py');
  project.write('a.py', 'x = 2\n');
  project.delete('b.py');
  assert.equal(project.createdPaths(), ['e/d.py', 'new/c.sql']);
  assert.equal(project.createdPaths(), project.changes().filter((change) => change.kind === 'create').map((change) => change.to));
});

created('paths stay sorted through creates, deletes and moves, and callers get their own copy', () => {
  const project = new Project('/nowhere', ['m.py', 'b.py', 'z/a.py'], new FindingLog(), () => Buffer.from('x = 1\n'));
  assert.equal(project.paths(), ['b.py', 'm.py', 'z/a.py']);
  project.write('a.py', '');
  project.write('n/c.py', '');
  project.move('m.py', 'y.py');
  project.move('n/c.py', 'c.py');
  project.delete('b.py');
  project.write('b.py', 'back\n');
  project.paths().pop();
  assert.equal(project.paths(), ['a.py', 'b.py', 'c.py', 'y.py', 'z/a.py']);
  assert.equal(project.createdPaths(), ['a.py', 'c.py']);
});

created.run();
