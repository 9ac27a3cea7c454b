import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { PythonModule } from '../../src/python/module';
import { parsePython } from '../../src/python/parser';
import { mayFindAnything } from './index';

function moduleOf(lines: string[]): PythonModule {
  const text = lines.join('\n');
  return new PythonModule('common/helpers.py', text, parsePython(text), '\n');
}

const prefilter = suite('thread-safety prefilter');

prefilter('skips a module of pure functions that only reads its imports', () => {
  assert.not.ok(mayFindAnything(moduleOf([
    'import math',
    'from collections import defaultdict',
    'def f(frame):',
    '    frame["x"] = frame["y"].sum()',
    '    totals = {}',
    '    return sorted(totals.items(), key=lambda item: item[1])',
  ])));
});

prefilter('runs on module-level state, even after a semicolon', () => {
  assert.ok(mayFindAnything(moduleOf(['import os; _seen = []', 'def f(x):', '    _seen.append(x)'])));
});

prefilter('runs on a global statement, a thread or a process-wide effect', () => {
  assert.ok(mayFindAnything(moduleOf(['def f():', '    global x'])));
  assert.ok(mayFindAnything(moduleOf(['import threading', 'def f():', '    threading.Thread(target=g).start()'])));
  assert.ok(mayFindAnything(moduleOf(['from random import *', 'def f():', '    seed(1)'])));
  assert.ok(mayFindAnything(moduleOf(['import sys', 'def f():', '    sys.path.append("x")'])));
});

prefilter('runs on an attribute write to an imported module, across a line continuation', () => {
  assert.ok(mayFindAnything(moduleOf(['import queries as q', 'def f(s):', '    q \\', '      .session = s'])));
});

prefilter.run();
