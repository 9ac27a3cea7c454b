/**
 * Parsed forms of the project's files, computed once per text. Project hooks run on the main
 * thread once per pass, and several of them read the same files (every hook that looks for apps
 * reads every snowflake.yml): parsing each text once instead of once per reader and pass keeps
 * that serial work small. A text that changes is a new key, so nothing goes stale.
 *
 * The values are shared by every caller: read them, never change them.
 */
import { Document, parseDocument } from 'yaml';
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

/** The YAML document of a text (parsed with the `yaml` package's defaults), parsed once. */
export function yamlDocument(project: Project, text: string): Document.Parsed {
  return parsedOnce(project, 'yaml', text, (source) => parseDocument(source));
}

/** The TOML document of a text (or why it does not parse), parsed once. */
export function tomlDocument(project: Project, text: string): TomlDocument | { error: string } {
  return parsedOnce(project, 'toml', text, (source) => TomlDocument.parse(source));
}
