import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { resolveModule } from './module-paths';

const imports = suite('resolving imports to project files');

imports('absolute imports resolve from the entry file folder, relative ones from the package', () => {
  const files = new Set(['app/streamlit_app.py', 'app/common/__init__.py', 'app/common/queries.py', 'app/pages/one.py',
    'app/pages/helpers.py']);
  const has = (path: string) => files.has(path);
  const app = { root: 'app', mainFile: 'app/streamlit_app.py' };
  assert.is(resolveModule(has, 'app/pages/one.py', app, 'common.queries'), 'app/common/queries.py');
  assert.is(resolveModule(has, 'app/pages/one.py', app, 'common'), 'app/common/__init__.py');
  assert.is(resolveModule(has, 'app/pages/one.py', app, 'helpers'), 'app/pages/helpers.py');
  assert.is(resolveModule(has, 'app/common/queries.py', app, '.'), 'app/common/__init__.py');
  assert.is(resolveModule(has, 'app/pages/one.py', app, '..common.queries'), 'app/common/queries.py');
  assert.is(resolveModule(has, 'app/pages/one.py', app, 'pandas'), undefined);
});

imports.run();
