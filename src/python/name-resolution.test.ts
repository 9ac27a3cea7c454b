import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { PythonModule } from './module';
import { parsePython } from './parser';
import { moduleImports, NameResolver } from './name-resolution';

function scopesOf(text: string): NameResolver {
  return new NameResolver(new PythonModule('m.py', text, parsePython(text), '\n'));
}

/** The qualified name of the n-th (0-based) dotted expression `text` in the module, as `target` or `target?`. */
function qualified(scopes: NameResolver, text: string, nth = 0): string | undefined {
  const nodes = scopes.module.nodesOfType('attribute', 'identifier').filter((node) => node.text === text);
  const node = nodes[nth];
  assert.ok(node, `no ${text} #${nth}`);
  const resolution = scopes.qualify(node);
  return resolution && `${resolution.target}${resolution.certain ? '' : '?'}`;
}

const scope = suite('python scopes');

scope('module aliases, from-imports and submodule imports resolve to what they import', () => {
  const scopes = scopesOf([
    'import streamlit as st',
    'import os.path',
    'from streamlit import experimental_rerun as rr',
    'st.sidebar.button',
    'os.path.join',
    'rr',
  ].join('\n'));
  assert.is(qualified(scopes, 'st.sidebar.button'), 'streamlit.sidebar.button');
  assert.is(qualified(scopes, 'os.path.join'), 'os.path.join');
  assert.is(qualified(scopes, 'rr', 1), 'streamlit.experimental_rerun');
});

scope('a parameter, a local assignment or a loop variable shadows the import', () => {
  const scopes = scopesOf([
    'import streamlit as st',
    'def f(st):',
    '    st.x',
    'def g():',
    '    st = Fake()',
    '    st.x',
    'def h():',
    '    for st in things:',
    '        st.x',
    'def k():',
    '    st.x',
  ].join('\n'));
  assert.is(qualified(scopes, 'st.x', 0), undefined);
  assert.is(qualified(scopes, 'st.x', 1), undefined);
  assert.is(qualified(scopes, 'st.x', 2), undefined);
  assert.is(qualified(scopes, 'st.x', 3), 'streamlit.x');
});

scope('a name the module also binds otherwise is not certain', () => {
  const scopes = scopesOf([
    'try:',
    '    import streamlit as st',
    'except ImportError:',
    '    st = None',
    'st.x',
  ].join('\n'));
  assert.is(qualified(scopes, 'st.x'), 'streamlit.x?');
});

scope('global declarations move a function\'s bindings to the module', () => {
  const scopes = scopesOf([
    'import streamlit as st',
    'def reset():',
    '    global st',
    '    st = None',
    'st.x',
  ].join('\n'));
  assert.is(qualified(scopes, 'st.x'), 'streamlit.x?');
});

scope('class bodies do not leak into their methods; comprehension variables stay inside', () => {
  const scopes = scopesOf([
    'import streamlit as st',
    'class C:',
    '    st = 1',
    '    def m(self):',
    '        st.x',
    'values = [st for st in range(3)]',
    'st.y',
  ].join('\n'));
  assert.is(qualified(scopes, 'st.x'), 'streamlit.x');
  assert.is(qualified(scopes, 'st.y'), 'streamlit.y');
});

scope('imports inside a function bind in that function; a single star import may provide a name', () => {
  const scopes = scopesOf([
    'from streamlit import *',
    'def f():',
    '    import pandas as st',
    '    st.x',
    'experimental_rerun()',
  ].join('\n'));
  assert.is(qualified(scopes, 'st.x'), 'pandas.x');
  assert.is(qualified(scopes, 'experimental_rerun'), 'streamlit.experimental_rerun?');
});

scope('binding sites of a name are found through tuple patterns, with-as and walrus', () => {
  const scopes = scopesOf([
    'import streamlit as st',
    'a, (b, c) = st.columns(3)',
    'with st.expander("x") as e:',
    '    pass',
    'if (w := 1):',
    '    pass',
    'a; b; c; e; w',
  ].join('\n'));
  const uses = scopes.module.nodesOfType('identifier').filter((node) => node.endIndex > scopes.module.text.lastIndexOf('\n'));
  for (const use of uses) {
    const sites = scopes.bindingSites(use);
    assert.is(sites?.length, 1, use.text);
    assert.is(sites![0].text, use.text);
  }
});

scope('a comprehension or lambda that starts a class body is a scope of its own', () => {
  const scopes = scopesOf([
    'import streamlit as st',
    'class C: [st for st in range(3)]',
    'class D: lambda st: st.z',
    'def f(): lambda st: st.w',
    'st.y',
  ].join('\n'));
  assert.is(qualified(scopes, 'st.y'), 'streamlit.y');
  assert.is(qualified(scopes, 'st.z'), undefined);
  assert.is(qualified(scopes, 'st.w'), undefined);
});

scope('parameters (plain, splat, typed, defaulted) bind in their function or lambda; decorators are read outside', () => {
  const scopes = scopesOf([
    'import streamlit as st',
    '@st.cache_data',
    'def f(a, b=st.x, *st, c: int = 1, **kw):',
    '    st.w',
    'g = lambda st=st.v: st.u',
  ].join('\n'));
  assert.is(qualified(scopes, 'st.cache_data'), 'streamlit.cache_data');
  assert.is(qualified(scopes, 'st.w'), undefined);
  assert.is(qualified(scopes, 'st.u'), undefined);
});

scope('a name\'s binding sites are the same whether it is asked about alone or after every module name', () => {
  const text = [
    'import x',
    'def f(x, y=x, *x2, z: int = 1, **x3):',
    '    global g',
    '    g = x',
    '    for (x, [q, *x]) in y: del x, (q)',
    '    return lambda x=1, *x4: [x for x in x if (x := 2)]',
    'class x: pass',
    'x += 1',
    'with open(p) as (x, w): pass',
    'try: pass',
    'except E as x: pass',
    'g = x.attr = x[0] = 1',
    'def h(*, x): x',
    'x',
  ].join('\n');
  const lazy = scopesOf(text);
  const eager = scopesOf(text);
  const names = eager.moduleNames();
  assert.equal([...names.keys()], ['f', 'g', 'x', 'w', 'h']);
  const starts = (sites: readonly { startIndex: number }[] | undefined) => sites?.map((site) => site.startIndex);
  for (const name of ['x', 'g', 'q', 'w', 'f']) {
    assert.equal(starts(lazy.moduleBindingSites(name)), starts(names.get(name) ?? []), name);
  }
  const uses = (scopes: NameResolver) => scopes.module.nodesOfType('identifier').filter((node) => node.text === 'x');
  const lazyUses = uses(lazy);
  uses(eager).forEach((use, at) => {
    assert.equal(starts(lazy.bindingSites(lazyUses[at])), starts(eager.bindingSites(use)), `x at ${use.startIndex}`);
  });
  assert.equal(starts(lazy.bindingSites(lazyUses[lazyUses.length - 1])), [text.indexOf('class x') + 6,
    text.indexOf('x += 1'), text.indexOf('(x, w)') + 1, text.indexOf('as x:') + 3]);
});

scope('NameResolver.of builds one resolver per module', () => {
  const text = 'import streamlit as st\nst.x\n';
  const module = new PythonModule('m.py', text, parsePython(text), '\n');
  assert.is(NameResolver.of(module), NameResolver.of(module));
  assert.is(NameResolver.of(module).imports, moduleImports(module));
});

scope.run();
