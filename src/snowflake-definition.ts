/**
 * Snowflake CLI project definitions (snowflake.yml), read for range edits: the streamlit
 * entities of a definition_version 2 file, or the `streamlit:` block of versions 1 and 1.1,
 * and the artifacts each deploys (runtime facts, section 6).
 */
import * as posix from 'node:path/posix';
import { Document, isMap, isScalar, isSeq, Node, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { StreamlitApp } from './inventory/model';
import { yamlDocument } from './parsed-files';
import { Project } from './project';
import { mapValue, pairOf, scalarValue, seqValue } from './yaml-edit';

export const CONTAINER_RUNTIME = 'SYSTEM$ST_CONTAINER_RUNTIME_PY3_11';

export interface ProjectDefinition {
  path: string;
  /** The folder artifact paths are relative to ('' for the target). */
  root: string;
  text: string;
  document: Document.Parsed;
  /** `1`, `1.1`, `2`, ... as written; undefined when the key is missing. */
  version?: string;
}

export interface StreamlitEntity {
  /** The key under `entities:`. */
  key: string;
  map: YAMLMap;
}

/** One `artifacts:` item: a path or glob, or a `{src, dest}` mapping. */
export interface Artifact {
  src: string;
  dest?: string;
  node: Node;
}

/**
 * The parsed definition, or a one-line reason it cannot be read (invalid YAML, not a mapping).
 * Undefined when the file itself is unreadable (the project reports that). The document is
 * shared with every other reader of this text (parsed-files.ts): read it, never change it.
 */
export function readDefinition(project: Project, path: string): ProjectDefinition | { error: string } | undefined {
  const text = project.read(path)?.text;
  if (text === undefined) return undefined;
  const document = yamlDocument(project, text);
  if (document.errors.length > 0) {
    const first = document.errors[0];
    return { error: `invalid YAML (${first.message.split('\n')[0].replace(/:$/, '')})` };
  }
  if (!isMap(document.contents)) return { error: 'not a mapping of keys to values' };
  const version = scalarValue(document.contents, 'definition_version');
  const dir = posix.dirname(path);
  return { path, root: dir === '.' ? '' : dir, text, document, version };
}

export function topLevel(definition: ProjectDefinition): YAMLMap {
  return definition.document.contents as YAMLMap;
}

export function isVersion2(definition: ProjectDefinition): boolean {
  return definition.version !== undefined && /^2(\.\d+)?$/.test(definition.version);
}

export function streamlitEntities(definition: ProjectDefinition): StreamlitEntity[] {
  const entities = mapValue(topLevel(definition), 'entities');
  if (!entities) return [];
  const found: StreamlitEntity[] = [];
  for (const pair of entities.items) {
    if (!isScalar(pair.key) || !isMap(pair.value)) continue;
    if (scalarValue(pair.value, 'type') === 'streamlit') found.push({ key: String(pair.key.value), map: pair.value });
  }
  return found;
}

/**
 * The entity of an app of the inventory, if the app is declared by this definition. The inventory
 * is taken before the run: an app of a version 1 `streamlit:` block is the one entity the run
 * converted that block into.
 */
export function entityOf(definition: ProjectDefinition, app: StreamlitApp): StreamlitEntity | undefined {
  if (app.definition !== definition.path) return undefined;
  const entities = streamlitEntities(definition);
  const declared = entities.find((entity) => entity.key === app.entityKey);
  if (declared || app.entityKey !== V1_BLOCK || mapValue(topLevel(definition), V1_BLOCK)) return declared;
  return entities.length === 1 ? entities[0] : undefined;
}

/** The key of a definition_version 1 app, which the inventory uses as its entity key. */
export const V1_BLOCK = 'streamlit';

export function artifactsOf(entity: StreamlitEntity): { seq?: YAMLSeq; items: Artifact[] } {
  const seq = seqValue(entity.map, 'artifacts');
  return seq ? { seq, items: artifactItems(seq) } : { items: [] };
}

/** The items of an `artifacts:` (or v1 `additional_source_files:`) sequence. */
export function artifactItems(seq: YAMLSeq): Artifact[] {
  const items: Artifact[] = [];
  for (const node of seq.items as Node[]) {
    if (isScalar(node) && typeof node.value === 'string') items.push({ src: node.value, node });
    if (isMap(node)) {
      const src = scalarValue(node, 'src');
      if (src !== undefined) items.push({ src, dest: scalarValue(node, 'dest'), node });
    }
  }
  return items;
}

/** A value written with Snowflake CLI templating (`<% ctx.env.X %>`): not a literal name. */
export function isTemplated(value: string | undefined): boolean {
  return value !== undefined && value.includes('<%');
}

/**
 * Whether an artifact deploys a file (both relative to the definition's folder): the same
 * path, a folder holding it, or a glob matching it or one of its folders.
 */
export function artifactCovers(src: string, file: string): boolean {
  const clean = src.replace(/^\.\//, '').replace(/\/+$/, '');
  if (clean === '' || clean === '.') return true;
  if (!/[*?[]/.test(clean)) return file === clean || file.startsWith(`${clean}/`);
  const pattern = globToRegExp(clean);
  const parts = file.split('/');
  for (let length = parts.length; length > 0; length--) {
    if (pattern.test(parts.slice(0, length).join('/'))) return true;
  }
  return false;
}

function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let index = 0; index < glob.length; index++) {
    const char = glob[index];
    if (char === '*' && glob[index + 1] === '*') {
      const slash = glob[index + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      index += slash ? 2 : 1;
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else {
      source += /[\\^$.|+(){}[\]]/.test(char) ? `\\${char}` : char;
    }
  }
  return new RegExp(`^${source}$`);
}

/** A path relative to the definition's folder, as artifacts write it. */
export function relativeToDefinition(definition: ProjectDefinition, path: string): string {
  return definition.root === '' ? path : posix.relative(definition.root, path);
}

export { pairOf, Scalar };

const V1_KEYS = new Set(['definition_version', 'streamlit', 'env']);

/**
 * Why stcodemod cannot turn a definition_version 1 `streamlit:` block into a version 2 entity
 * (where alone the runtime fields exist), with the step to take; undefined when it can. The app's
 * runtime declaration then cannot switch, so the inventory leaves the whole app as it is.
 */
export function v1ConversionProblem(definition: ProjectDefinition): { message: string; offset?: number } | undefined {
  const top = topLevel(definition);
  const block = pairOf(top, V1_BLOCK)?.value;
  if (block === undefined) return undefined;
  const misshapen = isMap(block) ? misshapenField(block) : undefined;
  if (misshapen) {
    return {
      message: `fix this definition, then run stcodemod again: ${misshapen.field} ${misshapen.problem} (Snowflake CLI `
        + `expects ${misshapen.expected}), and converting it to definition_version 2 as it is would drop files the app deploys`,
      offset: misshapen.offset,
    };
  }
  const others = top.items.map((pair) => String((pair.key as Scalar).value)).filter((key) => !V1_KEYS.has(key));
  if (others.length > 0 || !isMap(block) || block.flow || block.items.length === 0) {
    const why = others.length > 0 ? `it also defines ${others.join(', ')}` : 'its streamlit block is not a plain mapping';
    return {
      message: `convert this definition to definition_version 2 with \`snow helpers v1-to-v2\` (${why}, which stcodemod `
        + 'does not convert): the runtime fields exist only in version 2',
    };
  }
  return undefined;
}

/**
 * Why a field that becomes artifacts cannot be converted as it is written, if one cannot: each
 * must be a path, and additional_source_files a list of them (Snowflake CLI refuses anything
 * else). Converting such a field would drop it, and with it a file the app deploys.
 */
function misshapenField(block: YAMLMap): { field: string; problem: string; expected: string; offset?: number } | undefined {
  const isPath = (node: unknown) => isScalar(node) && typeof node.value === 'string';
  const isNull = (node: unknown) => isScalar(node) && node.value === null;
  for (const field of ['main_file', 'env_file', 'pages_dir']) {
    const value = pairOf(block, field)?.value as Node | null | undefined;
    if (value && !isPath(value) && !isNull(value)) {
      return { field, problem: 'is not a path', expected: 'a path', offset: value.range?.[0] };
    }
  }
  const additional = pairOf(block, 'additional_source_files')?.value as Node | null | undefined;
  if (!additional || isNull(additional) || (isSeq(additional) && additional.items.every(isPath))) return undefined;
  return {
    field: 'additional_source_files',
    problem: isSeq(additional) ? 'holds an item that is not a path' : `is ${isPath(additional) ? 'a single path' : 'not a list'}`,
    expected: 'a list of paths, one `- path` per line',
    offset: additional.range?.[0],
  };
}
