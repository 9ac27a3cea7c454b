/**
 * Converts a definition_version 1 / 1.1 `streamlit:` block to a version 2 entity, as
 * `snow helpers v1-to-v2` does (Snowflake CLI's definition_conversion.py), but by range edits:
 * each field keeps its lines, comments and quoting, moved one level deeper; name, database and
 * schema go under `identifier`; main_file, env_file, pages_dir and additional_source_files
 * become `artifacts` (the files the v1 deploy uploaded). The CLI's runtime fields exist only
 * in version 2.
 */
import { isMap, isScalar, isSeq, Node, Pair, parseDocument, Scalar, YAMLMap } from 'yaml';
import { Project } from '../../src/project';
import { isTemplated, ProjectDefinition, topLevel, v1ConversionProblem } from '../../src/snowflake-definition';
import { nextLineStart } from '../../src/toml-document';
import { Reporter } from '../../src/transform';
import { columnOf, pairLines, pairOf, yamlScalar } from '../../src/yaml-edit';
import { join } from '../../src/app-layout';

const IDENTIFIER_KEYS = ['name', 'database', 'schema'];

export function convertToVersion2(project: Project, definition: ProjectDefinition, report: Reporter): void {
  const top = topLevel(definition);
  const streamlitPair = pairOf(top, 'streamlit');
  if (!streamlitPair) return;
  const block = streamlitPair.value;
  const problem = v1ConversionProblem(definition);
  // The inventory leaves the app of a definition it cannot convert alone, and says why.
  if (problem || !isMap(block)) return;
  const converted = convertedText(project, definition, streamlitPair as Pair<Scalar, YAMLMap>);
  const expected = expectedEntity(project, definition, block);
  const check = parseDocument(converted.text);
  const entity = (check.toJS() as { entities?: Record<string, unknown> } | null)?.entities?.[converted.key];
  if (check.errors.length > 0 || JSON.stringify(entity) !== JSON.stringify(expected)) {
    report.manual({
      code: 'convert-definition',
      message: 'convert this definition to definition_version 2 with `snow helpers v1-to-v2`: stcodemod could not do it '
        + 'without changing a field\'s meaning',
      path: definition.path,
    });
    return;
  }
  const edit = project.edit(definition.path);
  edit.replace(0, definition.text.length, converted.text);
  project.commit(definition.path, edit);
  report.info({
    code: 'converted-to-v2',
    message: `converted the definition_version ${definition.version} streamlit block to the version 2 entity '${converted.key}' `
      + '(only version 2 has the container runtime fields); deploy it with Snowflake CLI 3.14 or later',
    path: definition.path,
  });
}

/**
 * The new text of the whole file. Only the version number and the streamlit block change, so
 * the text is assembled from the untouched parts and the block's own lines.
 */
function convertedText(project: Project, definition: ProjectDefinition, streamlitPair: Pair<Scalar, YAMLMap>)
  : { text: string; key: string } {
  const { text } = definition;
  const block = streamlitPair.value!;
  const pairs = block.items as Pair<Scalar, Node | null>[];
  const unit = columnOf(text, pairs[0].key.range![0]) - columnOf(text, streamlitPair.key.range![0]);
  const base = ' '.repeat(columnOf(text, streamlitPair.key.range![0]));
  const indent = (levels: number) => base + ' '.repeat(unit * levels);

  // Each pair's segment: the lines from the end of the previous pair (comments above it) to its last line.
  const segments = new Map<string, string>();
  let cursor = nextLineStart(text, streamlitPair.key.range![1]);
  for (const pair of pairs) {
    const end = pairLines(text, pair).end;
    segments.set(String(pair.key.value), text.slice(cursor, end));
    cursor = end;
  }
  const blockEnd = cursor;
  const deeper = (segment: string, levels: number) =>
    segment.split(/(?<=\n)/).map((line) => (line.trim() === '' ? line : ' '.repeat(unit * levels) + line)).join('');

  const name = String((pairOf(block, 'name')?.value as Scalar | undefined)?.value ?? '');
  const key = isTemplated(name) ? 'streamlit_entity_1' : name;
  const artifacts = artifactItems(project, definition, block);
  const firstArtifactField = pairs.find((pair) => ['env_file', 'additional_source_files'].includes(String(pair.key.value)));
  const artifactAnchor = firstArtifactField ?? pairOf(block, 'main_file') ?? pairs[pairs.length - 1];
  const artifactLines = [`${indent(2)}artifacts:\n`, ...artifacts.map((item) => `${indent(3)}- ${item}\n`)].join('');

  let body = `${indent(1)}${yamlKey(key)}:\n${indent(2)}type: streamlit\n`;
  for (const pair of pairs) {
    const field = String(pair.key.value);
    const segment = segments.get(field)!;
    if (field === 'name') {
      body += `${indent(2)}identifier:\n${deeper(segment, 2)}`;
      for (const part of IDENTIFIER_KEYS.slice(1)) if (segments.has(part)) body += deeper(segments.get(part)!, 2);
    } else if (!IDENTIFIER_KEYS.includes(field) && field !== 'env_file' && field !== 'additional_source_files') {
      body += deeper(segment, 1);
    } else if (field !== 'name' && !IDENTIFIER_KEYS.includes(field)) {
      // env_file and additional_source_files: their comment lines stay, their values become artifacts.
      body += deeper(segment.split(/(?<=\n)/).filter((line) => line.trim().startsWith('#')).join(''), 1);
    }
    if (pair === artifactAnchor) body += artifactLines;
  }
  const keyLineEnd = nextLineStart(text, streamlitPair.key.range![1]);
  const keyLineRest = text.slice(streamlitPair.key.range![1], keyLineEnd);
  const newBlock = `entities${keyLineRest}${body}`;
  const version = pairOf(topLevel(definition), 'definition_version')!.value as Scalar;
  const versionText = text.slice(version.range![0], version.range![1]);
  const quote = /^['"]/.test(versionText) ? versionText[0] : '';
  const pieces = [
    { start: version.range![0], end: version.range![1], text: `${quote}2${quote}` },
    { start: streamlitPair.key.range![0], end: blockEnd, text: newBlock },
  ].sort((a, b) => a.start - b.start);
  let result = '';
  let at = 0;
  for (const piece of pieces) {
    result += text.slice(at, piece.start) + piece.text;
    at = piece.end;
  }
  return { text: result + text.slice(at), key };
}

/** What the v1 deploy uploaded: main file, environment file, pages folder, additional files. */
function artifactItems(project: Project, definition: ProjectDefinition, block: YAMLMap): string[] {
  const { text } = definition;
  const written = (key: string) => {
    const value = pairOf(block, key)?.value;
    return isScalar(value) && value.value !== null ? text.slice(value.range![0], value.range![1]) : undefined;
  };
  const exists = (relative: string) => project.has(join(definition.root, relative))
    || project.paths().some((path) => path.startsWith(`${join(definition.root, relative)}/`));
  const items = [written('main_file') ?? 'streamlit_app.py'];
  const envFile = written('env_file') ?? (exists('environment.yml') ? 'environment.yml' : undefined);
  if (envFile) items.push(envFile);
  const pages = written('pages_dir') ?? (exists('pages') ? 'pages' : undefined);
  if (pages) items.push(pages);
  const additional = pairOf(block, 'additional_source_files')?.value;
  if (isSeq(additional)) {
    for (const item of additional.items as Node[]) items.push(text.slice(item.range![0], item.range![1]));
  }
  return items;
}

/** The entity the converted text must hold: the v1 fields, with the v2 names. */
function expectedEntity(project: Project, definition: ProjectDefinition, block: YAMLMap): Record<string, unknown> {
  const v1 = block.toJSON() as Record<string, unknown>;
  const entity: Record<string, unknown> = { type: 'streamlit' };
  const artifacts = artifactItems(project, definition, block).map((item) => parseDocument(`- ${item}`).toJS()[0]);
  const firstArtifactField = Object.keys(v1).find((k) => k === 'env_file' || k === 'additional_source_files');
  const anchor = firstArtifactField ?? ('main_file' in v1 ? 'main_file' : Object.keys(v1).pop());
  for (const [field, value] of Object.entries(v1)) {
    if (field === 'name') {
      entity.identifier = Object.fromEntries(IDENTIFIER_KEYS.filter((k) => k in v1).map((k) => [k, v1[k]]));
    } else if (!IDENTIFIER_KEYS.includes(field) && field !== 'env_file' && field !== 'additional_source_files') {
      entity[field] = value;
    }
    if (field === anchor) entity.artifacts = artifacts;
  }
  return entity;
}

function yamlKey(key: string): string {
  return /^[A-Za-z_][\w-]*$/.test(key) ? key : yamlScalar(key);
}
