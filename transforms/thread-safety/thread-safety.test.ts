import * as fs from 'node:fs';
import * as path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { migrate } from '../../src/cli';
import { collectImports } from '../../src/python/imports';
import { PythonModule } from '../../src/python/module';
import { parsePython } from '../../src/python/parser';
import { folderWith, TESTDATA } from '../../src/testing/helpers';
import { threadSafety } from './index';
import { mayFindAnything } from './prefilter';

const text = (lines: string[]) => lines.join('\n');

const prefilter = suite('thread-safety prefilter');

prefilter('skips a module of pure functions that only reads its imports', () => {
  assert.not.ok(mayFindAnything(text([
    '"""Helpers.',
    '',
    'Writing x = 1 in a docstring assigns nothing.',
    '"""',
    'import math',
    'from collections import (defaultdict,  # (a comment with brackets)',
    '    Counter)',
    '# y = 2',
    'def f(frame, window=3):',
    '    frame["x"] = frame["y"].sum()',
    '    totals = {}',
    '    return sorted(totals.items(), key=lambda item: item[1])',
    'if __name__ == "__main__": z = 1',
  ])));
});

prefilter('runs on module-level state, even after a semicolon', () => {
  assert.ok(mayFindAnything(text(['import os; _seen = []', 'def f(x):', '    _seen.append(x)'])));
});

prefilter('runs on a top-level assignment however its target is written', () => {
  for (const lines of [['(a,', ' b) = 1, 2'], ['x[', '  1] = 2'], ['x: int = 1'], ['"".x = 1'], ['match = {}'],
    ['a = \\', '  1'], ['\ufeffx = 1']]) {
    assert.ok(mayFindAnything(text(lines)), lines.join('\n'));
  }
});

prefilter('runs on a global statement, a thread or a process-wide effect', () => {
  assert.ok(mayFindAnything(text(['def f():', '    global x'])));
  assert.ok(mayFindAnything(text(['import threading', 'def f():', '    threading.Thread(target=g).start()'])));
  assert.ok(mayFindAnything(text(['from random import *', 'def f():', '    seed(1)'])));
  assert.ok(mayFindAnything(text(['import sys', 'def f():', '    sys.path.append("x")'])));
});

prefilter('runs on an attribute write to an imported module, across a line continuation', () => {
  assert.ok(mayFindAnything(text(['import queries as q', 'def f(s):', '    q \\', '      .session = s'])));
  assert.ok(mayFindAnything(text(['from app import (a,  # note)', '    q)', 'def f(s):', '    q.session = s'])));
});

prefilter('assumes the worst about text that ends inside a string or a bracket', () => {
  assert.ok(mayFindAnything('"""never closed\ndef f():\n    pass\n'));
  assert.ok(mayFindAnything('print((1,\ndef f():\n    pass\n'));
});

/**
 * What the syntax tree says about the conditions the text check stands in for: a top-level
 * assignment, or a name an import binds followed by a dot. Wherever the tree says yes, the text
 * check must say so too.
 */
function treeSaysMaybe(module: PythonModule): boolean {
  if (module.root.namedChildren.some((statement) => statement.type === 'expression_statement'
    && statement.namedChildren.some((child) => child.type === 'assignment'))) return true;
  return collectImports(module).some((binding) => binding.bound !== '*'
    && new RegExp(`${binding.bound}[\\s\\\\]*\\.`).test(module.text));
}

function pythonFilesUnder(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.py'))
    .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name));
}

prefilter('says maybe for every fixture of every transform where the syntax tree says yes', () => {
  let checked = 0;
  for (const file of pythonFilesUnder(TESTDATA)) {
    const source = fs.readFileSync(file, 'utf8');
    const tree = parsePython(source);
    if (tree.rootNode.hasError) continue;
    const module = new PythonModule(file, source, tree, '\n');
    if (treeSaysMaybe(module)) assert.ok(mayFindAnything(source), file);
    checked++;
  }
  assert.ok(checked > 100, `checked ${checked} fixtures`);
});

prefilter('a module the text check skips gets no finding either way', async () => {
  const source = text(['from math import pi', 'def f(frame):', '    frame["x"] = pi', '    return frame']);
  assert.not.ok(mayFindAnything(source));
  const withoutCheck = { ...threadSafety, python: { ...threadSafety.python!, mayHaveWork: undefined } };
  const result = await migrate(folderWith({ 'common/helpers.py': source, 'streamlit_app.py': 'import streamlit\nimport common.helpers\n' }), undefined, [withoutCheck],
    { annotate: false, flags: {} }, 'dry-run');
  assert.equal(result.findings, []);
});

prefilter.run();

const checks = suite('thread-safety checks');

checks('resolves only the names that can hold state or a cached result, and still finds them', async () => {
  const source = text(['import streamlit as st', '_seen: list = []', 'a = b = []', '@st.cache_resource', 'def load():',
    '    return {}', 'def remember(item):', '    _seen.append(item)', '    b.append(item)', '    cache = load()',
    '    cache["k"] = item', '    load().update(item)', '    other = cache', '    other.clear()']);
  const result = await migrate(folderWith({ 'common/helpers.py': source, 'streamlit_app.py': 'import streamlit\nimport common.helpers\n' }), undefined, [threadSafety],
    { annotate: false, flags: {} }, 'dry-run');
  assert.equal(result.findings.map((finding) => [finding.code, finding.line]), [
    ['thread-safety/shared-module-state', 8],
    ['thread-safety/cache-resource-mutated', 11],
    ['thread-safety/cache-resource-mutated', 12],
  ]);
});

checks('finds attribute writes to imported modules from their names, in source order', async () => {
  const source = text(['import os', 'import streamlit as st', 'import queries as q', 'from app import (a, b as c)',
    'import os.path as p', 'def f(s):', '    q.session = s', '    x = c.value = 2', '    os.thing = 1', '    st.thing = 1',
    '    p.sep = "/"', '    a.b.c = 3', '    q .\\', '      n: int = 1', '    q[0] = 1']);
  const result = await migrate(folderWith({ 'common/helpers.py': source, 'streamlit_app.py': 'import streamlit\nimport common.helpers\n' }), undefined, [threadSafety],
    { annotate: false, flags: {} }, 'dry-run');
  assert.equal(result.findings.map((finding) => [finding.code, finding.line]), [
    ['thread-safety/shared-module-attribute', 7],
    ['thread-safety/shared-module-attribute', 8],
    ['thread-safety/shared-module-attribute', 13],
  ]);
});

checks('finds the changes of state and cached results from their names, in the order of every change', async () => {
  const source = text(['import streamlit as st', 'STATE = {}', 'ITEMS = []', '@st.cache_resource', 'def load():',
    '    return {}', 'def f(k, v):', '    del STATE[k], ITEMS[0]', '    ITEMS[0] += 1', '    STATE["a"].b.append(v)',
    '    ITEMS.pop().append(ITEMS.pop())', '    model = load()', '    del model.x', '    model["k"] = load()["j"] = 2',
    '    load().items.update(v)', '    model.count += 1', '    (model).x = 1', 'def g():', '    STATE.clear()',
    '    STATE.x.y = 1']);
  const result = await migrate(folderWith({ 'common/helpers.py': source, 'streamlit_app.py': 'import streamlit\nimport common.helpers\n' }), undefined, [threadSafety],
    { annotate: false, flags: {} }, 'dry-run');
  assert.equal(result.findings.map((finding) => [finding.code, finding.line, finding.message.split(' ')[0]]), [
    ['thread-safety/shared-module-state', 10, 'STATE'],
    ['thread-safety/shared-module-state', 11, 'ITEMS'],
    ['thread-safety/cache-resource-mutated', 13, 'model'],
    ['thread-safety/cache-resource-mutated', 14, 'model'],
    ['thread-safety/cache-resource-mutated', 14, 'The'],
    ['thread-safety/cache-resource-mutated', 15, 'The'],
    ['thread-safety/cache-resource-mutated', 16, 'model'],
    ['thread-safety/shared-module-state', 19, 'STATE'],
  ]);
});

checks.run();
