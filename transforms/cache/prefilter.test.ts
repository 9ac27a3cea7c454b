import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { migrate } from '../../src/cli';
import { folderWith } from '../../src/testing/helpers';
import { cache } from './index';
import { mayHaveWork } from './prefilter';

const prefilter = suite('cache: the text check that skips idle modules');

/** The codes the cache transform reports on one module. */
async function reportedCodes(text: string): Promise<string[]> {
  // A module the app's entry imports: code no Streamlit code runs is no app code.
  const root = folderWith({ 'streamlit_app.py': 'import streamlit as st\n\nimport app\n', 'app.py': text });
  const result = await migrate(root, undefined, [cache], { annotate: false, flags: {} }, 'dry-run');
  return result.findings.map((finding) => finding.code);
}

prefilter('plain data code that only imports collections is idle', () => {
  assert.not.ok(mayHaveWork('import math\nfrom collections import defaultdict\n\n\ndef total(frame, window=3):\n'
    + '    """Rolling total per key."""\n    return frame.rolling(window).sum()\n'));
});

// Each of these is reported on only because of a word the text check must see: a name, a method
// on a parameter, an annotation, a decorator. `collections` in the function lets it past the
// per-function word check, which has no word for commit(), count() or a memo decorator.
const mustRun: [string, string][] = [
  ['a connection by a short name', 'import collections\n\ndef save(con):\n    con.commit()\n'
    + '    return collections.Counter()\n'],
  ['a cursor by its name', 'import collections\n\ndef rows(cur):\n    cur.fetchall()\n    return collections.Counter()\n'],
  ['a DataFrame parameter by its use', 'import collections\n\ndef n(frame):\n    frame.collect()\n'
    + '    return frame.count(), collections.Counter()\n'],
  ['a Snowpark DataFrame annotation', 'import collections\nfrom snowflake.snowpark import DataFrame\n\n'
    + 'def n(frame: DataFrame):\n    return frame.count(), collections.Counter()\n'],
  ['a legacy cache decorator', 'import collections\nimport streamlit as st\nfrom streamlit import singleton\n\n'
    + '@singleton\ndef who():\n    return st.user.email, collections.Counter()\n'],
];

for (const [what, text] of mustRun) {
  prefilter(`still runs for ${what}`, async () => {
    assert.ok(mayHaveWork(text), 'the text check lets it through');
    assert.ok((await reportedCodes(text)).length > 0, 'the cache transform reports on it');
  });
}

prefilter('a name only counts as a whole name where the analysis wants one', () => {
  assert.not.ok(mayHaveWork('second = icon + concur + recollect\n'));
  assert.ok(mayHaveWork('_CUR = None\n'));
  assert.ok(mayHaveWork('db_cnx = None\n'));
});

prefilter.run();
