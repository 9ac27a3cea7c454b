import * as fs from 'node:fs';
import * as path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { isInside } from './app-layout';
import { migrate } from './cli';
import { renderChange } from './diff';
import { discoverFiles } from './discovery';
import { FindingLog } from './findings';
import { Project } from './project';
import { collectImports, removeImportBindings } from './python/imports';
import { PythonModule } from './python/module';
import { parsePython } from './python/parser';
import { addTodoComment } from './python/todo';
import { diffOf } from './report';
import { TextEdit } from './text-edit';
import { decodeText, encodeText, lineAndColumn, lineAndColumnAt, lineStarts, UndecodableFileError } from './text-file';
import { RunOptions, Transform } from './transform';
import { folderWith, readTree } from './testing/helpers';
import { writeChanges, WriteError } from './writer';

const options: RunOptions = { annotate: false, flags: {} };

function moduleOf(text: string): PythonModule {
  const decoded = decodeText(Buffer.from(text, 'utf8'));
  return new PythonModule('m.py', decoded.text, parsePython(decoded.text), decoded.eol);
}

const text = suite('text files');

text('a BOM is kept apart from the text and restored on encode', () => {
  const bytes = Buffer.from('\ufeffx = 1\r\n', 'utf8');
  const decoded = decodeText(bytes);
  assert.equal(decoded, { text: 'x = 1\r\n', hasBom: true, eol: '\r\n' });
  assert.ok(encodeText(decoded.text, decoded.hasBom).equals(bytes));
});

text('the first line break sets the style; LF when there is none', () => {
  assert.is(decodeText(Buffer.from('a\nb\r\n')).eol, '\n');
  assert.is(decodeText(Buffer.from('a\rb\r')).eol, '\r');
  assert.is(decodeText(Buffer.from('one line')).eol, '\n');
});

text('binary and non-UTF-8 files are refused with a reason', () => {
  assert.throws(() => decodeText(Buffer.from([0x61, 0x00, 0x62])), (e: Error) => e instanceof UndecodableFileError
    && /binary/.test(e.message));
  assert.throws(() => decodeText(Buffer.from([0x61, 0xff, 0x62])), /not valid UTF-8/);
});

text('lines and columns count UTF-16 units, as editors do', () => {
  const source = 'a = "🎈"\r\nb = 2\n';
  assert.equal(lineAndColumn(source, source.indexOf('b')), { line: 2, column: 1 });
  assert.equal(lineAndColumn(source, source.indexOf('"', 5)), { line: 1, column: 8 });
});

text('a line index locates every offset as lineAndColumn does, whatever the line endings', () => {
  const source = 'a\r\nb\rc\n\nd\r\r\ne';
  const starts = lineStarts(source);
  for (let offset = 0; offset <= source.length + 2; offset++) {
    assert.equal(lineAndColumnAt(starts, source.length, offset), lineAndColumn(source, offset), `offset ${offset}`);
  }
});

text.run();

const edits = suite('text edits');

edits('tree-sitter offsets are string indices, also after emoji', () => {
  const module = moduleOf('st.title("❄️ Données 🎈 👩‍👩‍👧"); x = get_active_session()\n');
  const call = module.nodesOfType('call').find((node) => node.text === 'get_active_session()')!;
  module.edit.replace(call.startIndex, call.endIndex, 'fresh()');
  assert.is(module.edit.toString(), 'st.title("❄️ Données 🎈 👩‍👩‍👧"); x = fresh()\n');
});

edits('inserted text takes the file\'s line ending', () => {
  const edit = new TextEdit('a\r\nb\r\n', '\r\n');
  edit.insert(3, 'x\ny\n');
  assert.is(edit.toString(), 'a\r\nx\r\ny\r\nb\r\n');
});

edits('overlapping edits are refused', () => {
  const edit = new TextEdit('abcdef', '\n');
  edit.replace(1, 4, 'X');
  assert.throws(() => edit.replace(2, 5, 'Y'), /overlaps/);
});

edits('offsets map through the splices', () => {
  const edit = new TextEdit('0123456789', '\n');
  edit.replace(2, 4, 'abcdef');
  edit.insert(6, '++');
  assert.is(edit.mapOffset(1), 1);
  assert.is(edit.mapOffset(3), 2);
  assert.is(edit.mapOffset(5), 9);
  assert.is(edit.mapOffset(6), 12);
  assert.is(edit.toString().slice(12), '6789');
});

edits.run();

const imports = suite('import removal');

function removing(source: string, shouldRemove: (bound: string) => boolean): string {
  const module = moduleOf(source);
  removeImportBindings(module, collectImports(module).filter((binding) => shouldRemove(binding.bound)));
  return module.edit.toString();
}

imports('a whole statement goes with its line and trailing comment', () => {
  assert.is(removing('import a  # why\nimport b\n', (n) => n === 'a'), 'import b\n');
});

imports('one name of several, in parentheses and with a trailing comma', () => {
  assert.is(removing('from m import (\n    a,\n    b,\n)\n', (n) => n === 'a'), 'from m import (\n    b,\n)\n');
  assert.is(removing('from m import a, b, c\n', (n) => n === 'c'), 'from m import a, b\n');
  assert.is(removing('from m import a, b, c\n', (n) => n !== 'b'), 'from m import b\n');
  assert.is(removing('import a.b as x, c\n', (n) => n === 'x'), 'import c\n');
});

imports('statements sharing a line through semicolons', () => {
  assert.is(removing('import a; import b\n', (n) => n === 'a'), 'import b\n');
  assert.is(removing('import a; import b\n', (n) => n === 'b'), 'import a\n');
});

imports('the only statement of a block becomes pass; a first one takes its blank lines', () => {
  assert.is(removing('try:\n    import a\nexcept ImportError:\n    a = None\n', (n) => n === 'a'),
    'try:\n    pass\nexcept ImportError:\n    a = None\n');
  assert.is(removing('def f():\n    import a\n\n    return 1\n', (n) => n === 'a'), 'def f():\n    return 1\n');
});

imports.run();

const todo = suite('TODO comments');

todo('placed above the statement, indented like it, never twice', () => {
  const first = moduleOf('def f():\n    x = (1 +\n         g())\n');
  const call = first.nodesOfType('call')[0];
  assert.ok(addTodoComment(first, call, 'check g'));
  const once = first.edit.toString();
  assert.is(once, 'def f():\n    # TODO(stcodemod): check g\n    x = (1 +\n         g())\n');
  const second = moduleOf(once);
  assert.not.ok(addTodoComment(second, second.nodesOfType('call')[0], 'check g'));
});

todo('never twice in a CRLF file either', () => {
  const first = moduleOf('def f():\r\n    g()\r\n');
  assert.ok(addTodoComment(first, first.nodesOfType('call')[0], 'check g'));
  const once = first.edit.toString();
  assert.is(once, 'def f():\r\n    # TODO(stcodemod): check g\r\n    g()\r\n');
  const second = moduleOf(once);
  assert.not.ok(addTodoComment(second, second.nodesOfType('call')[0], 'check g'));
});

todo('never inside a multi-line string', () => {
  const module = moduleOf('x = """a\nb"""; y = g()\n');
  assert.not.ok(addTodoComment(module, module.nodesOfType('call')[0], 'check g'));
});

todo.run();

const discovery = suite('discovery');

discovery('nested .gitignore files, default skips, and no symlinks', () => {
  const root = folderWith({
    '.gitignore': '*.log\n',
    'app.py': '',
    'debug.log': '',
    'pages/.gitignore': 'draft_*.py\n',
    'pages/a.py': '',
    'pages/draft_b.py': '',
    '.venv/lib/x.py': '',
    'build/out.py': '',
    '__pycache__/a.pyc': '',
  });
  fs.symlinkSync('/etc', path.join(root, 'outside'));
  fs.symlinkSync(path.join(root, 'app.py'), path.join(root, 'link.py'));
  assert.equal(discoverFiles(root), ['.gitignore', 'app.py', 'pages/.gitignore', 'pages/a.py']);
});

discovery('.gitignore files above the target count, up to the top of the git work tree', () => {
  const repository = folderWith({ '.gitignore': 'apps/*/generated/\n', 'apps/one/app.py': '', 'apps/one/generated/x.py': '' });
  fs.mkdirSync(path.join(repository, '.git'));
  assert.equal(discoverFiles(path.join(repository, 'apps', 'one')), ['app.py']);
});

discovery.run();

const writes = suite('writes');

writes('writes keep the mode; a file changed on disk since it was read stops every write of the run', () => {
  const root = folderWith({ 'a.py': 'a = 1\n', 'b.py': 'b = 1\n' });
  fs.chmodSync(path.join(root, 'a.py'), 0o755);
  const findings = new FindingLog();
  const project = new Project(root, ['a.py', 'b.py'], findings);
  for (const name of ['a.py', 'b.py']) {
    const edit = project.edit(name);
    edit.replace(4, 5, '2');
    project.commit(name, edit);
  }
  const changes = project.changes();
  fs.writeFileSync(path.join(root, 'b.py'), 'b = 3\n');
  assert.equal(writeChanges(root, changes, findings), []);
  assert.is(fs.readFileSync(path.join(root, 'a.py'), 'utf8'), 'a = 1\n');
  assert.is(fs.readFileSync(path.join(root, 'b.py'), 'utf8'), 'b = 3\n');
  assert.is(findings.resolve(() => undefined)[0].code, 'stcodemod/changed-on-disk');
  fs.writeFileSync(path.join(root, 'b.py'), 'b = 1\n');
  assert.equal(writeChanges(root, changes, findings).map((change) => change.to), ['a.py', 'b.py']);
  assert.is(fs.readFileSync(path.join(root, 'a.py'), 'utf8'), 'a = 2\n');
  assert.is(fs.statSync(path.join(root, 'a.py')).mode & 0o777, 0o755);
});

writes('create, move and delete are diffed git style and applied in order', () => {
  const root = folderWith({ 'old/config.toml': 'a = 1\n', 'environment.yml': 'name: x\n' });
  const project = new Project(root, ['environment.yml', 'old/config.toml'], new FindingLog());
  project.write('requirements.txt', 'pandas\n');
  project.move('old/config.toml', '.streamlit/config.toml');
  project.delete('environment.yml');
  const changes = project.changes();
  const rendered = changes.map((change) => renderChange(change)).join('');
  assert.match(rendered, /--- a\/environment\.yml\n\+\+\+ \/dev\/null\n/);
  assert.match(rendered, /rename from old\/config\.toml\nrename to \.streamlit\/config\.toml\n/);
  assert.match(rendered, /--- \/dev\/null\n\+\+\+ b\/requirements\.txt\n@@ -0,0 \+1,1 @@\n\+pandas\n/);
  writeChanges(root, changes, new FindingLog());
  assert.equal([...readTree(root).keys()].sort(), ['.streamlit/config.toml', 'requirements.txt']);
});

writes('a file that cannot be written stops the run with one line naming it, and nothing is written', () => {
  const root = folderWith({ 'a.py': 'a = 1\n', 'blocker': 'a file where a folder would go\n', 'environment.yml': 'name: x\n' });
  const project = new Project(root, ['a.py', 'blocker', 'environment.yml'], new FindingLog());
  project.write('a.py', 'a = 2\n');
  project.write('blocker/inside.py', 'b = 1\n');
  project.delete('environment.yml');
  const failure = (() => {
    try {
      writeChanges(root, project.changes(), new FindingLog());
    } catch (error) {
      return error;
    }
    return undefined;
  })();
  assert.instance(failure, WriteError);
  assert.match((failure as WriteError).message,
    /^could not write blocker\/inside\.py \((ENOTDIR|EEXIST)\); nothing was written$/);
  assert.equal([...readTree(root).keys()].sort(), ['a.py', 'blocker', 'environment.yml']);
  assert.is(fs.readFileSync(path.join(root, 'a.py'), 'utf8'), 'a = 1\n');
});

writes('a secrets file never shows its contents in a diff', () => {
  const root = folderWith({ '.streamlit/secrets.toml': 'password = "hunter2"\n' });
  const project = new Project(root, ['.streamlit/secrets.toml'], new FindingLog());
  project.write('.streamlit/secrets.toml', 'password = "changed"\n');
  const rendered = diffOf(project.changes()[0]);
  assert.not.match(rendered, /hunter2|changed/);
  assert.match(rendered, /contents not shown/);
});

writes.run();

const projects = suite('project');

projects('peekText reads a file the run has not loaded without keeping it', () => {
  const root = folderWith({ 'a.py': 'x = 1\n', 'b.py': 'y = 1\n' });
  const project = new Project(root, ['a.py', 'b.py'], new FindingLog());
  assert.is(project.peekText('a.py'), 'x = 1\n');
  assert.equal(project.examinedPaths(), []);
  fs.writeFileSync(path.join(root, 'a.py'), 'x = 2\n');
  assert.is(project.peekText('a.py'), 'x = 2\n');
  // A file the run has loaded or changed is seen as the run sees it.
  const edit = project.edit('b.py');
  edit.replace(0, 1, 'z');
  project.commit('b.py', edit);
  fs.writeFileSync(path.join(root, 'b.py'), 'changed on disk\n');
  assert.is(project.peekText('b.py'), 'z = 1\n');
});

projects.run();

const runner = suite('runner');

const breaksCode: Transform = {
  name: 'breaks-code',
  summary: 'test double that emits broken Python',
  touches: '*.py',
  safe: false,
  python: {
    mentions: ['x'],
    visit(module, report) {
      module.edit.insert(0, 'def (:\n');
      report.info({ code: 'noted', message: 'would break', path: module.path, offset: 0 });
    },
  },
};

runner('a change that would not parse is dropped and reported, with its findings', async () => {
  const root = folderWith({ 'streamlit_app.py': 'import streamlit\n', 'pages/a.py': 'x = 1\n' });
  const result = await migrate(root, undefined, [breaksCode], options, 'write');
  assert.is(fs.readFileSync(path.join(root, 'pages/a.py'), 'utf8'), 'x = 1\n');
  assert.equal(result.findings.map((f) => f.code), ['stcodemod/internal-error']);
  assert.is(result.exitCode, 2);
});

const throwsOnB: Transform = {
  name: 'throws-on-b',
  summary: 'test double with a bug on one file',
  touches: '*.py',
  safe: true,
  python: {
    mentions: ['x'],
    visit(module) {
      module.edit.replace(0, 1, 'y');
      if (module.path === 'pages/b.py') throw new RangeError('edit 1-2 overlaps an earlier edit 1-2');
    },
  },
};

runner('a transform that fails on one file costs only its change to that file', async () => {
  const root = folderWith({ 'streamlit_app.py': 'import streamlit\n', 'pages/a.py': 'x = 1\n', 'pages/b.py': 'x = 2\n' });
  const result = await migrate(root, undefined, [throwsOnB], options, 'write');
  assert.is(fs.readFileSync(path.join(root, 'pages/a.py'), 'utf8'), 'y = 1\n');
  assert.is(fs.readFileSync(path.join(root, 'pages/b.py'), 'utf8'), 'x = 2\n');
  assert.equal(result.findings.map((f) => [f.code, f.path]), [['stcodemod/internal-error', 'pages/b.py']]);
  assert.match(result.findings[0].message, /throws-on-b transform failed on this file \(edit 1-2 overlaps/);
  assert.is(result.exitCode, 2);
});

let appends = 0;
const appendsMark: Transform = {
  name: 'appends-mark',
  summary: 'test double that adds a trailing comment',
  touches: '*.py',
  safe: true,
  python: {
    mentions: [''],
    visit(module) {
      if (module.text.endsWith('#\n')) return;
      appends++;
      module.edit.insert(module.text.length, '#\n');
    },
  },
};
const removesMark: Transform = {
  name: 'removes-mark',
  summary: 'test double that removes a trailing comment',
  touches: '*.py',
  safe: true,
  python: {
    mentions: ['#'],
    visit(module) {
      if (module.text.endsWith('#\n')) module.edit.remove(module.text.length - 2, module.text.length);
    },
  },
};

runner('transforms that keep undoing each other stop at a bound, and are reported', async () => {
  const root = folderWith({ 'streamlit_app.py': 'x = 1\n' });
  const result = await migrate(root, undefined, [appendsMark, removesMark], options, 'dry-run');
  assert.is(appends, 4);
  assert.equal(result.findings.map((f) => f.code), ['stcodemod/no-fixpoint']);
});

let visits: string[] = [];
const recordsVisits = (name: string, edit?: (module: PythonModule) => void): Transform => ({
  name,
  summary: 'test double that records its visits',
  touches: '*.py',
  safe: true,
  python: {
    mentions: [''],
    visit(module) {
      visits.push(name);
      edit?.(module);
    },
  },
});

runner('a transform runs again on a file only when a later one changed it', async () => {
  const root = folderWith({ 'streamlit_app.py': 'x = 1\n' });
  visits = [];
  const renamesOnce = (module: PythonModule) => {
    if (module.text.startsWith('x')) module.edit.replace(0, 1, 'y');
  };
  await migrate(root, undefined, [recordsVisits('first'), recordsVisits('second', renamesOnce), recordsVisits('third')],
    options, 'dry-run');
  assert.equal(visits, ['first', 'second', 'third', 'first']);
});

function summaryWriter(): Transform {
  return {
    name: 'summary',
    summary: 'test double that writes a summary of the run',
    touches: 'SUMMARY.md',
    safe: true,
    finish(project, run) {
      project.write('SUMMARY.md', `changes: ${run.changes.map((c) => c.to).join(', ')}\n`);
    },
  };
}

const renamesX: Transform = {
  name: 'renames-x',
  summary: 'test double',
  touches: '*.py',
  safe: true,
  python: { mentions: ['x = '], visit: (module) => module.edit.replace(0, 1, 'y') },
};

runner('a summary is written when the run changes files, and left alone by a no-op run', async () => {
  const root = folderWith({ 'streamlit_app.py': 'import streamlit\n', 'pages/a.py': 'x = 1\n' });
  await migrate(root, undefined, [renamesX, summaryWriter()], options, 'write');
  assert.is(fs.readFileSync(path.join(root, 'SUMMARY.md'), 'utf8'), 'changes: pages/a.py\n');
  const rerun = await migrate(root, undefined, [renamesX, summaryWriter()], options, 'write');
  assert.equal(rerun.changes, []);
  assert.is(fs.readFileSync(path.join(root, 'SUMMARY.md'), 'utf8'), 'changes: pages/a.py\n');
});

runner('a missing summary is created even by a run with nothing else to do', async () => {
  const root = folderWith({ 'streamlit_app.py': 'import streamlit\n', 'pages/a.py': 'y = 1\n' });
  const result = await migrate(root, undefined, [renamesX, summaryWriter()], options, 'write');
  assert.equal(result.changes.map((c) => c.to), ['SUMMARY.md']);
});

runner.run();

const apps = suite('apps');

apps('a path is inside a folder when it is the folder or below it', () => {
  assert.ok(isInside('a/b.py', ''));
  assert.ok(isInside('a', 'a'));
  assert.ok(isInside('a/b.py', 'a'));
  assert.not.ok(isInside('ab.py', 'a'));
  assert.not.ok(isInside('ab/c.py', 'a'));
  assert.not.ok(isInside('a', 'a/b'));
});

apps.run();
