import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isInside } from './app-layout';
import { PathIndex } from './path-index';

const PATHS = ['b/x.py', 'a/b.py', 'a', 'a-b/c.py', 'a/b/c.py', 'ab/d.py', 'streamlit_app.py', 'a/b/snowflake_api/__init__.py'];

test('inside lists the paths isInside accepts, in sorted order', () => {
  const index = new PathIndex(PATHS);
  for (const folder of ['', 'a', 'a/b', 'ab', 'a-b', 'b', 'c', 'a/b/snowflake_api']) {
    assert.equal(index.inside(folder), [...PATHS].sort().filter((path) => isInside(path, folder)), folder);
  }
});

test('hasPrefix and withPrefix find the paths that start with a prefix', () => {
  const index = new PathIndex(PATHS);
  assert.ok(index.hasPrefix('a/b/snowflake_api/'));
  assert.not.ok(index.hasPrefix('a/snowflake_api/'));
  assert.equal(index.withPrefix('a/'), ['a/b.py', 'a/b/c.py', 'a/b/snowflake_api/__init__.py']);
});

test('add keeps the index sorted and without duplicates', () => {
  const index = new PathIndex(PATHS);
  index.add('a/snowflake_api/x.py');
  index.add('a/b.py');
  assert.ok(index.hasPrefix('a/snowflake_api/'));
  assert.equal(index.inside('a'), ['a', 'a/b.py', 'a/b/c.py', 'a/b/snowflake_api/__init__.py', 'a/snowflake_api/x.py']);
});

test.run();
