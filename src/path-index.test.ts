import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { appOf, StreamlitApp } from './apps';
import { isInside } from './app-layout';
import { appLocator, PathIndex } from './path-index';

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

test('appLocator answers as appOf: the deepest root, the first of apps sharing it', () => {
  const apps: StreamlitApp[] = [
    { root: '' }, { root: 'a', name: 'first' }, { root: 'a', name: 'second' }, { root: 'a/b' }, { root: 'ab' },
  ];
  const appAt = appLocator(apps);
  for (const path of [...PATHS, 'a/b', 'x/y/z.py', 'ab', 'ab/c/d.py']) assert.is(appAt(path), appOf(apps, path), path);
  const nested = appLocator(apps.slice(1));
  for (const path of [...PATHS, 'x/y/z.py']) assert.is(nested(path), appOf(apps.slice(1), path), path);
});

test.run();
