import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PythonModule } from './module';
import { parsePython } from './parser';

function moduleOf(text: string): PythonModule {
  return new PythonModule('app.py', text, parsePython(text), '\n');
}

/** What the word search promises: every whole-word occurrence, as the regular expression finds them. */
function wholeWords(text: string, word: string): number[] {
  const pattern = new RegExp(`(?<![\\p{ID_Continue}])${word}(?![\\p{ID_Continue}])`, 'gu');
  return [...text.matchAll(pattern)].map((match) => match.index);
}

test('nodesAtWord finds each whole word, also beside letters outside ASCII and surrogate pairs', () => {
  const text = 'x = 1\nxx = x + x_1\nédx = "x"\n# x𝑥 𝑥x x\nπx = x\u0301 + xé + x\n';
  const module = moduleOf(text);
  const expected = wholeWords(text, 'x');
  assert.equal(module.nodesAtWord('x').length, expected.length);
  assert.equal(module.identifiersNamed('x').map((node) => node.startIndex), [0, text.indexOf('x +'), text.lastIndexOf('x')]);
  assert.ok(module.mentionsWord('x_1'));
  assert.not.ok(module.mentionsWord('x_'));
  assert.not.ok(module.mentionsWord('d'));
});

test('mentionsWord and nodesAtWord agree with a whole-word regular expression on mixed text', () => {
  const text = 'a1 = ab + a\nb = "a" if a else ba\n𝑎a = a_a + aa\nprint(a, aé, éa, a)\n';
  const module = moduleOf(text);
  for (const word of ['a', 'aa', 'a_a', 'b', 'print', 'é', 'zz']) {
    assert.is(module.mentionsWord(word), wholeWords(text, word).length > 0, word);
    assert.is(module.nodesAtWord(word).length, wholeWords(text, word).length, word);
  }
});

test.run();
