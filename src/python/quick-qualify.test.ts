import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { PythonModule } from './module';
import { NameResolver } from './name-resolution';
import { parsePython } from './parser';
import { QuickQualifier } from './quick-qualify';

/** Every dotted expression and name of the module, qualified by the quick path and by the resolver. */
function answers(text: string): { quick: string[]; resolver: string[]; built: boolean } {
  const module = new PythonModule('m.py', text, parsePython(text), '\n');
  let built = false;
  const quick = new QuickQualifier(module, () => {
    built = true;
    return NameResolver.of(module);
  });
  const resolver = new NameResolver(module);
  const show = (resolution: ReturnType<NameResolver['qualify']>) => (resolution
    ? `${resolution.target}${resolution.certain ? '' : '?'}@${resolution.binding?.item.text ?? ''}` : '-');
  const nodes = module.nodesOfType('attribute', 'identifier');
  return {
    quick: nodes.map((node) => `${node.text}: ${show(quick.qualify(node))}`),
    resolver: nodes.map((node) => `${node.text}: ${show(resolver.qualify(node))}`),
    built,
  };
}

const quick = suite('quick qualify');

quick('a name only module-level imports bind is answered without the resolver, as the resolver would', () => {
  const { quick: fast, resolver, built } = answers([
    'import streamlit as st',
    'import os.path',
    'from pandas import *',
    'st.sidebar.button(st.x, key=st.y)',
    'os.path.join(unknown.name)',
    'if st.ready:',
    '    st.rerun()',
  ].join('\n'));
  assert.equal(fast, resolver);
  assert.is(built, false);
});

quick('a name bound any other way is left to the resolver', () => {
  for (const binding of ['st = 1', 'def f(st):\n    st.x', 'for st in y:\n    st.x', 'with a as st:\n    st.x',
    'def g():\n    import streamlit as st\n    st.x', 'def g():\n    global st\n    st = 2', 'del st',
    'st, b = 1, 2', 'class st:\n    pass', 'lambda st=1: st.x', '[st for st in y]', '(st := 3)']) {
    const { quick: fast, resolver, built } = answers(`import streamlit as st\nimport other as st\n${binding}\nst.button\n`);
    assert.equal(fast, resolver, binding);
    assert.is(built, true, binding);
  }
});

quick.run();
