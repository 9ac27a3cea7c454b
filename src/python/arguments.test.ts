import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { argumentRemovalRange, callArguments } from './arguments';
import { PythonModule } from './module';
import { parsePython } from './parser';
import { NameResolver } from './name-resolution';
import { isStreamlitCall, isStreamlitContainer } from './streamlit-containers';

function moduleOf(text: string): PythonModule {
  return new PythonModule('m.py', text, parsePython(text), '\n');
}

/** The call's text after removing its keyword argument `name`. */
function removing(text: string, name: string): string {
  const module = moduleOf(text);
  const call = module.nodesOfType('call')[0];
  const args = callArguments(call)!;
  const { start, end } = argumentRemovalRange(module, args, args.keywords.get(name)!);
  return text.slice(0, start) + text.slice(end);
}

const args = suite('call arguments');

args('a keyword argument goes with the comma that separates it, wherever it is', () => {
  assert.is(removing('f(a=1, b=2, c=3)', 'a'), 'f(b=2, c=3)');
  assert.is(removing('f(a=1, b=2, c=3)', 'b'), 'f(a=1, c=3)');
  assert.is(removing('f(a=1, b=2, c=3)', 'c'), 'f(a=1, b=2)');
  assert.is(removing('f(a=1, b=2,)', 'b'), 'f(a=1,)');
  assert.is(removing('f(b=2)', 'b'), 'f()');
  assert.is(removing('f(\n    b=2,\n)', 'b'), 'f()');
});

args('comments next to a removed argument stay', () => {
  assert.is(removing('f(\n    a=1,  # one\n    b=2,\n)', 'a'), 'f(\n      # one\n    b=2,\n)');
  assert.is(removing('f(\n    # the b\n    b=2,\n    c=3,\n)', 'b'), 'f(\n    # the b\n    c=3,\n)');
});

args.run();

const containers = suite('streamlit containers');

containers('st, st.sidebar, container calls, columns and names bound only to them', () => {
  const module = moduleOf([
    'import streamlit as st',
    'a, b = st.columns(2)',
    'cols = st.tabs(["x", "y"])',
    'with st.form("f") as form:',
    '    pass',
    'box = a.container()',
    'other = object()',
    'for col in st.columns(3):',
    '    col.button("x")',
    'st.sidebar.button("x"); a.button("x"); cols[0].button("x"); form.button("x"); box.button("x"); other.button("x")',
  ].join('\n'));
  const scopes = new NameResolver(module);
  const calls = module.nodesOfType('call').filter((call) => call.text.endsWith('.button("x")'));
  assert.equal(calls.map((call) => isStreamlitCall(call, scopes)), [true, true, true, true, true, true, false]);
  const st = module.nodesOfType('identifier').find((node) => node.text === 'st' && node.parent?.type === 'attribute')!;
  assert.ok(isStreamlitContainer(st, scopes));
});

containers('a name that is also bound to something else is not a container', () => {
  const module = moduleOf('import streamlit as st\npanel = st.container()\npanel = make()\npanel.button("x")\n');
  const scopes = new NameResolver(module);
  const call = module.nodesOfType('call').find((node) => node.text === 'panel.button("x")')!;
  assert.not.ok(isStreamlitCall(call, scopes));
});

containers.run();
