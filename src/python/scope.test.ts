import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { PythonModule } from './module';
import { parsePython } from './parser';
import { functionDefinitions, Scopes } from './scope';

function analyse(text: string): { module: PythonModule; scopes: Scopes } {
  const module = new PythonModule('m.py', text, parsePython(text), '\n');
  return { module, scopes: new Scopes(module) };
}

/** The 1-based lines of the identifiers that mean the parameter `name` of function `owner`. */
function referenceLines(text: string, owner: string, name: string): number[] {
  const { module, scopes } = analyse(text);
  const definition = module.nodesOfType('function_definition').find((d) => d.childForFieldName('name')!.text === owner)!;
  return scopes.references(definition, name).map((node) => node.startPosition.row + 1);
}

const scopes = suite('python scopes');

scopes('a parameter is referenced in the body and in closures, not where a nested scope rebinds it', () => {
  const text = [
    'def f(session, n=session):', // 1: the default is the enclosing scope's `session`
    '    x = session.sql("select")', // 2
    '    def g():', // 3
    '        return session', // 4: closure
    '    def h(session):', // 5: rebinds
    '        return session', // 6
    '    def k():', // 7
    '        session = 1', // 8: a local of k
    '        return session', // 9
    '    lam = lambda session: session', // 10
    '    rows = [session for session in range(3)]', // 11
    '    first = [s for s in session]', // 12: the first iterable is evaluated in f
    '    obj.session = call(session=session)', // 13: only the value
    '    return f"{session}", "session"  # session', // 14
  ].join('\n');
  assert.equal(referenceLines(text, 'f', 'session'), [1, 2, 4, 12, 13, 14]);
});

scopes('nonlocal and global redirect a name', () => {
  const text = [
    'def f(session):',
    '    def g():',
    '        nonlocal session',
    '        session = None',
    '    def h():',
    '        global session',
    '        session = 2',
    '    return session',
  ].join('\n');
  assert.equal(referenceLines(text, 'f', 'session'), [1, 3, 4, 8]);
  const { module, scopes: analysis } = analyse(text);
  const assignment = module.nodesOfType('identifier').filter((n) => n.text === 'session')[4];
  assert.is(analysis.resolve(assignment)?.type, 'module');
});

scopes('class scopes are invisible from their methods', () => {
  const text = ['TABLE = 1', 'class C:', '    TABLE = 2', '    def m(self):', '        return TABLE', 'x = TABLE'].join('\n');
  const { module, scopes: analysis } = analyse(text);
  const uses = module.nodesOfType('identifier').filter((n) => n.text === 'TABLE');
  assert.equal(uses.map((use) => analysis.resolve(use)?.type), ['module', 'class_definition', 'module', 'module']);
});

scopes('bindings record assignments, imports and walrus targets with their scope', () => {
  const text = ['import pandas as pd', 'a = b = 3', 'def f():', '    [y := 1 for _ in range(2)]', '    return y'].join('\n');
  const { module, scopes: analysis } = analyse(text);
  const moduleBindings = analysis.bindings(module.root);
  assert.equal([...moduleBindings.keys()].sort(), ['a', 'b', 'f', 'pd']);
  assert.is(moduleBindings.get('a')![0].value?.text, '3');
  assert.is(moduleBindings.get('pd')![0].kind, 'import');
  const f = module.nodesOfType('function_definition')[0];
  assert.is(analysis.bindings(f).get('y')![0].kind, 'walrus');
});

scopes('where a name is looked up: defaults, first iterables and lambda parameters belong to the right scope', () => {
  const text = [
    'x = 0',
    'def f(a=lambda b, c=x: b + c, *, d=[x for x in range(x)]):',
    '    return [x for _ in (lambda: x)() for x in a]',
  ].join('\n');
  const { module, scopes: analysis } = analyse(text);
  const scopeTypes = (name: string) => module.nodesOfType('identifier').filter((n) => n.text === name)
    .map((use) => analysis.scopeOf(use).type);
  assert.equal(scopeTypes('b'), ['lambda', 'lambda']);
  assert.equal(scopeTypes('x'), ['module', 'module', 'list_comprehension', 'list_comprehension', 'module',
    'list_comprehension', 'lambda', 'list_comprehension']);
  assert.equal(scopeTypes('a'), ['function_definition', 'list_comprehension']);
  const uses = module.nodesOfType('identifier').filter((n) => n.text === 'x');
  assert.equal(uses.map((use) => analysis.resolve(use)?.type), ['module', 'module', 'list_comprehension',
    'list_comprehension', 'module', 'list_comprehension', 'module', 'list_comprehension']);
  const f = module.nodesOfType('function_definition')[0];
  assert.equal(analysis.bindingsNamed(f, 'a').map((binding) => binding.kind), ['parameter']);
  assert.equal(analysis.bindingsNamed(f, 'x'), []);
});

scopes('an import binding carries its import; globalsOf lists a scope\'s global declarations', () => {
  const text = ['def f():', '    global a, b', '    import pandas as a', '    a.x', 'class C:', '    global c'].join('\n');
  const { module, scopes: analysis } = analyse(text);
  const [f] = module.nodesOfType('function_definition');
  const [c] = module.nodesOfType('class_definition');
  assert.equal([...analysis.globalsOf(f)], ['a', 'b']);
  assert.equal([...analysis.globalsOf(c)], ['c']);
  assert.equal([...analysis.globalsOf(module.root)], []);
  const [binding] = analysis.bindingsNamed(module.root, 'a');
  assert.equal([binding.kind, binding.import?.module, binding.node.text], ['import', 'pandas', 'pandas as a']);
  assert.is(Scopes.of(module), Scopes.of(module));
});

scopes('the function definitions found from their def keywords are those of a walk, in order', () => {
  const text = [
    "'''def in a docstring'''",
    '# def in a comment',
    'def outer(default="def"):',
    '    async def inner():',
    '        define = lambda: [f for f in g]',
    '        return define',
    '    class Nested:',
    '        @staticmethod',
    '        def method(self): ...',
    '    return inner',
    'async  def   spaced(): pass',
  ].join('\n');
  const { module } = analyse(text);
  const found = functionDefinitions(module).map((node) => node.startIndex);
  assert.equal(found, module.nodesOfType('function_definition').map((node) => node.startIndex));
  assert.is(found.length, 4);
});
scopes.run();
