import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { PythonModule } from '../../src/python/module';
import { parsePython } from '../../src/python/parser';
import { Context } from './context';

const TEXT = [
  'import streamlit as st',
  'from x import experimental_rerun as cache',
  'first = st_x = xst = 1  # st.cache in a comment',
  'st.experimental_rerun(); st.sidebar.beta_columns(2); obj.notexperimental_x; st.cache_data',
  'f"{st.cache} {experimental_memo}" + "st.cache" + st.cache(ttl=1)',
  'st.image(x, use_column_width=True, key=st.experimental_get_query_params()[\'a\'])',
  'é_st = st\u00e9 = 2; st.café.cache',
].join('\n');

function contextOf(text: string): Context {
  return new Context(new PythonModule('m.py', text, parsePython(text), '\n'), {} as never);
}

const spots = (nodes: readonly { startIndex: number; endIndex: number }[]) => nodes.map((node) => `${node.startIndex}-${node.endIndex}`);

const context = suite('streamlit-api context');

context('identifiers found from the text are the identifier nodes so spelled, in order', () => {
  const found = contextOf(TEXT);
  const all = found.nodes('identifier');
  for (const word of ['st', 'cache', 'experimental_rerun', 'use_column_width', 'x']) {
    assert.equal(spots(found.identifiers(word, 'whole')), spots(all.filter((node) => node.text === word)), word);
  }
  for (const prefix of ['experimental_', 'beta_', 'st']) {
    assert.equal(spots(found.identifiers(prefix, 'prefix')), spots(all.filter((node) => node.text.startsWith(prefix))), prefix);
  }
});

context('attributes and calls found from the text are the nodes a walk lists, in its order', () => {
  const found = contextOf(TEXT);
  const attributes = found.nodes('attribute');
  const member = (node: { childForFieldName(field: string): { text: string } | null }) => node.childForFieldName('attribute')!.text;
  assert.equal(spots(found.attributesNamed(['cache', 'sidebar'])),
    spots(attributes.filter((node) => ['cache', 'sidebar'].includes(member(node)))));
  assert.equal(spots(found.attributesNamed(['experimental_'], 'prefix')),
    spots(attributes.filter((node) => member(node).startsWith('experimental_'))));
  assert.equal(spots(found.callsWithKeyword('use_column_width')), spots(found.nodes('call')
    .filter((call) => call.text.includes('use_column_width=') && call.childForFieldName('function')!.text === 'st.image')));
});

context.run();
