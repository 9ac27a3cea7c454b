/**
 * Parsed forms of the project's files, computed once per text. Project hooks run on the main
 * thread once per pass, and several of them read the same files (every hook that looks for apps
 * reads every snowflake.yml): parsing each text once instead of once per reader and pass keeps
 * that serial work small. A text that changes is a new key, so nothing goes stale.
 *
 * The values are shared by every caller: read them, never change them.
 */
import { Document, DocumentOptions, ParseOptions, parseDocument, SchemaOptions, YAMLParseError } from 'yaml';
import { Project } from './project';
import { TomlDocument } from './toml-document';

const caches = new WeakMap<Project, Map<string, Map<string, unknown>>>();

/** `parse(text)`, remembered for the run by `kind` (what the parse makes of the text) and text. */
export function parsedOnce<T>(project: Project, kind: string, text: string, parse: (text: string) => T): T {
  let kinds = caches.get(project);
  if (!kinds) {
    kinds = new Map();
    caches.set(project, kinds);
  }
  let byText = kinds.get(kind);
  if (!byText) {
    byText = new Map();
    kinds.set(kind, byText);
  }
  if (byText.has(text)) return byText.get(text) as T;
  const value = parse(text);
  byText.set(text, value);
  return value;
}

/** The YAML document of a text (parsed by `parseYaml` with the `yaml` package's defaults), parsed once. */
export function yamlDocument(project: Project, text: string): Document.Parsed {
  return parsedOnce(project, 'yaml', text, (source) => parseYaml(source));
}

/**
 * The plain value of a YAML text (maps as objects), computed once; undefined when the text is not
 * valid YAML (the readers that report that look at `yamlDocument(...).errors`).
 */
export function yamlValue(project: Project, text: string): unknown {
  return parsedOnce(project, 'yaml:value', text, (source) => {
    const document = yamlDocument(project, source);
    return document.errors.length > 0 ? undefined : document.toJS({ maxAliasCount: MAX_YAML_ALIAS_COUNT });
  });
}

/**
 * How far the aliases of a YAML text may expand, as the `yaml` package counts (its default for
 * `toJS`). A "billion laughs" text (aliases of lists of aliases) is a few hundred bytes that
 * expands to gigabytes; real definition and environment files use a handful of aliases, if any.
 */
const MAX_YAML_ALIAS_COUNT = 100;
/**
 * Deeper flow nesting (`[[[[...`) than this is refused before the `yaml` package sees it: past a
 * few thousand levels its recursion can exhaust the stack inside V8's regular expression compiler,
 * which aborts the whole process instead of throwing.
 */
const MAX_YAML_FLOW_DEPTH = 256;

/**
 * Parses a YAML text as `parseDocument` does, and also refuses, as errors of the document (so that
 * every reader reports the file as not valid YAML and the run goes on), what would exhaust memory
 * or the stack: an alias bomb, or nesting too deep.
 */
export function parseYaml(text: string, options?: ParseOptions & DocumentOptions & SchemaOptions): Document.Parsed {
  const depth = flowDepthBeyond(text, MAX_YAML_FLOW_DEPTH);
  if (depth !== undefined) {
    return refused(`brackets nested more than ${MAX_YAML_FLOW_DEPTH} levels deep`, depth, options);
  }
  const document = parseDocument(text, options);
  if (document.errors.length > 0) return document;
  try {
    document.toJS({ maxAliasCount: MAX_YAML_ALIAS_COUNT });
  } catch (error) {
    const message = error instanceof ReferenceError && /alias/i.test(error.message)
      ? `an alias bomb: its aliases expand beyond ${MAX_YAML_ALIAS_COUNT} nodes`
      : (error as Error).message.split('\n')[0];
    document.errors.push(new YAMLParseError([0, 0], 'RESOURCE_EXHAUSTION', message));
  }
  return document;
}

function refused(message: string, offset: number, options?: ParseOptions & DocumentOptions & SchemaOptions)
  : Document.Parsed {
  const document = parseDocument('', options);
  document.errors.push(new YAMLParseError([offset, offset + 1], 'RESOURCE_EXHAUSTION', message));
  return document;
}

/**
 * The offset where `[` / `{` nesting first goes deeper than `limit`, or undefined. This is a guard,
 * not a parser: brackets in quotes and comments count too, since no real file has 256 more
 * opening brackets than closing ones before some point.
 */
function flowDepthBeyond(text: string, limit: number): number | undefined {
  let depth = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (char === 0x5b || char === 0x7b) {
      if (++depth > limit) return index;
    } else if ((char === 0x5d || char === 0x7d) && depth > 0) {
      depth--;
    }
  }
  return undefined;
}

/** The TOML document of a text (or why it does not parse), parsed once. */
export function tomlDocument(project: Project, text: string): TomlDocument | { error: string } {
  return parsedOnce(project, 'toml', text, (source) => TomlDocument.parse(source));
}
