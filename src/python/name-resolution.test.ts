import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { PythonModule } from './module';
import { parsePython } from './parser';
import { NameResolver } from './name-resolution';
import { importsOf, Scopes } from './scope';

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
    'rows = [st.z for st in st.items]',
  ].join('\n'));
  assert.is(qualified(scopes, 'st.x'), 'streamlit.x');
  assert.is(qualified(scopes, 'st.y'), 'streamlit.y');
  assert.is(qualified(scopes, 'st.z'), undefined);
  assert.is(qualified(scopes, 'st.items'), 'streamlit.items');
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
  assert.is(qualified(scopes, 'st.x'), 'streamlit.x');
  assert.is(qualified(scopes, 'st.w'), undefined);
  assert.is(qualified(scopes, 'st.v'), 'streamlit.v');
  assert.is(qualified(scopes, 'st.u'), undefined);
});

scope('a name\'s binding sites: parameters, tuple patterns, with-as, except-as, class, augmented, global', () => {
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
  const scopes = scopesOf(text);
  const starts = (sites: readonly { startIndex: number }[] | undefined) => sites?.map((site) => site.startIndex);
  const uses = scopes.module.nodesOfType('identifier').filter((node) => node.text === 'x');
  assert.equal(starts(scopes.moduleBindingSites('x')), [text.indexOf('class x') + 6,
    text.indexOf('x += 1'), text.indexOf('(x, w)') + 1, text.indexOf('as x:') + 3]);
  assert.equal(starts(scopes.bindingSites(uses[uses.length - 1])), starts(scopes.moduleBindingSites('x')));
  assert.equal(starts(scopes.moduleBindingSites('g')), [text.indexOf('g = x'), text.indexOf('g = x.attr')]);
  assert.equal(starts(scopes.moduleBindingSites('w')), [text.indexOf('w)')]);
  // `y=x` is evaluated where `f` is defined: the module's x, bound by the import and the sites above.
  const defaultValue = uses.find((use) => use.startIndex === text.indexOf('y=x') + 2)!;
  assert.equal(starts(scopes.bindingSites(defaultValue)), starts(scopes.moduleBindingSites('x')));
  assert.is(scopes.resolve(defaultValue)?.certain, false);
  // In `h`, the keyword-only parameter.
  assert.equal(starts(scopes.bindingSites(uses[uses.length - 2])), [text.indexOf('*, x') + 3]);
});

scope('nonlocal moves a binding to the enclosing function; match captures bind', () => {
  const scopes = scopesOf([
    'import streamlit as st',
    'def outer():',
    '    st = 1',
    '    def inner():',
    '        nonlocal st',
    '        st = 2',
    '    st.a',
    'def other():',
    '    def inner():',
    '        nonlocal st',
    '        st = 2',
    '    st.b',
    'def m(value):',
    '    match value:',
    '        case [1, *st]:',
    '            st.c',
    '    st.d',
  ].join('\n'));
  const uses = scopes.module.nodesOfType('identifier').filter((node) => node.text === 'st');
  const at = (line: number) => uses.filter((use) => use.startPosition.row === line);
  assert.equal(scopes.bindingSites(at(6)[0])!.map((site) => site.startPosition.row), [2, 5]);
  assert.is(qualified(scopes, 'st.a'), undefined);
  // A `nonlocal` without an enclosing function's binding is a SyntaxError: not certain.
  assert.is(qualified(scopes, 'st.b'), 'streamlit.b?');
  assert.is(qualified(scopes, 'st.c'), undefined);
  assert.is(qualified(scopes, 'st.d'), undefined);
  const captured = scopesOf(['import streamlit as st', 'match value:', '    case {"k": st}:', '        st.e'].join('\n'));
  assert.is(qualified(captured, 'st.e'), 'streamlit.e?');
});

scope('several imports of a name give alternatives; walrus binds outside its comprehension', () => {
  const scopes = scopesOf([
    'if local:',
    '    import shim as st',
    'else:',
    '    import streamlit as st',
    'st.x',
    'def f():',
    '    [st := 1 for _ in range(2)]',
    '    st.y',
  ].join('\n'));
  const node = scopes.module.nodesOfType('attribute').find((candidate) => candidate.text === 'st.x')!;
  const resolution = scopes.qualify(node)!;
  assert.equal([resolution.target, resolution.certain, resolution.alternatives], ['shim.x', false,
    ['shim.x', 'streamlit.x']]);
  assert.is(resolution.imports?.length, 2);
  assert.is(qualified(scopes, 'st.y'), undefined);
});

scope('functionAt and functionOf: bodies run in the function, defaults and decorators outside', () => {
  const text = [
    '@deco(a)',
    'def f(p=b, *, q=lambda: c):',
    '    class K:',
    '        d = [e for e in g]',
    '    return (lambda r: h)',
    'i',
  ].join('\n');
  const scopes = scopesOf(text);
  const name = (node: { type: string; childForFieldName(field: string): { text: string } | null } | undefined) =>
    node && (node.type === 'lambda' ? 'lambda' : node.childForFieldName('name')!.text);
  const identifier = (text: string) => scopes.module.nodesOfType('identifier').find((node) => node.text === text)!;
  const at = ['a', 'b', 'c', 'd', 'e', 'g', 'h', 'i', 'p'].map((text) => name(scopes.functionAt(identifier(text))));
  assert.equal(at, [undefined, undefined, 'lambda', 'f', 'f', 'f', 'lambda', undefined, undefined]);
  const of = ['a', 'b', 'c', 'd', 'e', 'h', 'p', 'r'].map((text) => name(scopes.functionOf(identifier(text))));
  assert.equal(of, [undefined, undefined, 'lambda', 'f', 'f', 'lambda', 'f', 'lambda']);
});

scope('NameResolver.of builds one resolver per module', () => {
  const text = 'import streamlit as st\nst.x\n';
  const module = new PythonModule('m.py', text, parsePython(text), '\n');
  assert.is(NameResolver.of(module), NameResolver.of(module));
  assert.is(NameResolver.of(module).imports, importsOf(module));
  assert.is(Scopes.of(module), Scopes.of(module));
});

scope.run();
