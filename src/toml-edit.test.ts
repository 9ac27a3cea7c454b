import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TextEdit } from './text-edit';
import { detectLineEnding } from './text-file';
import { appendToArray, findKeyValue, findTable, parseToml, TomlArray, tomlError, tomlString } from './toml-edit';

/** Appends to `[project] dependencies` and checks the result still parses. */
function append(text: string, values: string[]): string {
  const document = parseToml(text);
  if ('message' in document) throw new Error(document.message);
  const array = findKeyValue(findTable(document, ['project'])!, 'dependencies')!.value as TomlArray;
  const edit = new TextEdit(text, detectLineEnding(text));
  appendToArray(edit, array, values.map((value) => tomlString(value)));
  const result = edit.toString();
  assert.is(tomlError(result), undefined, result);
  return result;
}

test('a multi-line array keeps its indentation, trailing comma and comments', () => {
  const text = '[project]\ndependencies = [\n  "a",  # why a\n  "b", # why b\n]\n';
  assert.is(append(text, ['c', 'd']), '[project]\ndependencies = [\n  "a",  # why a\n  "b", # why b\n  "c",\n  "d",\n]\n');
});

test('a multi-line array without a trailing comma gets one comma per new element', () => {
  const text = '[project]\ndependencies = [\n    "a"  # last\n]\n';
  assert.is(append(text, ['c', 'd']), '[project]\ndependencies = [\n    "a",  # last\n    "c",\n    "d"\n]\n');
});

test('a closing bracket on the last element line stays there', () => {
  const text = '[project]\ndependencies = [\n    "a",\n    "b"]\n';
  assert.is(append(text, ['c']), '[project]\ndependencies = [\n    "a",\n    "b",\n    "c"]\n');
});

test('a one-line array stays on one line; an empty one opens up', () => {
  assert.is(append('[project]\ndependencies = ["a"]\n', ['b', 'c']), '[project]\ndependencies = ["a", "b", "c"]\n');
  assert.is(append('[project]\ndependencies = ["a",]\n', ['b']), '[project]\ndependencies = ["a", "b",]\n');
  assert.is(append('[project]\ndependencies = []\n', ['b']), '[project]\ndependencies = [\n    "b",\n]\n');
  assert.is(append('[project]\ndependencies = [\n]\n', ['b']), '[project]\ndependencies = [\n    "b",\n]\n');
});

test('CRLF files get CRLF lines', () => {
  const text = '[project]\r\ndependencies = [\r\n    "a",\r\n]\r\n';
  assert.is(append(text, ['b']), '[project]\r\ndependencies = [\r\n    "a",\r\n    "b",\r\n]\r\n');
});

test('strings are quoted so that TOML reads them back unchanged', () => {
  assert.is(tomlString('x; python_version < "3.7"'), '"x; python_version < \\"3.7\\""');
  assert.is(tomlString('x; python_version < "3.7"', 'literal'), `'x; python_version < "3.7"'`);
  assert.is(tomlString("it's", 'literal'), '"it\'s"');
});

test('invalid TOML is an error with its position', () => {
  const error = parseToml('[project]\nname = "x\n');
  assert.ok('message' in error);
  assert.ok(error.offset > 0);
});

test.run();
