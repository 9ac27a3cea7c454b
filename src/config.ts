/**
 * The project's stcodemod settings, so that options need not be repeated on every run:
 * `[tool.stcodemod]` in a `pyproject.toml`, or the top level of a `stcodemod.toml`. Like ruff,
 * stcodemod searches upward from the target along the same folders as for the project
 * (`foldersUpward`: not above the git work tree) and takes the nearest folder that has one; in a
 * folder with both, `stcodemod.toml` wins.
 *
 *     [tool.stcodemod]
 *     exclude = ["legacy/", "notebooks/**"]   # gitignore patterns, relative to this file's folder
 *     compute-pool = "APPS_POOL"              # any transform option, by its name without dashes
 *     cache-ttl = "1h"
 *
 *     [tool.stcodemod.apps."apps/sales"]      # options of one app, by its folder
 *     app-name = "SALES_DASHBOARD"
 *
 * Options given on the command line win over the file. Keys may be written with `-` or `_`. A
 * key the file may not set, or a value of the wrong type or one its transform refuses, stops the
 * run before anything runs, naming the file and the key. The engine knows the option names only
 * from the transforms' flags.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import TOML from '@iarna/toml';
import ignore from 'ignore';
import { Excluded } from './discovery';
import { foldersUpward } from './inventory';
import { describeReadError, readRegularFile } from './read-file';
import { didYouMean } from './suggest';
import { FlagSpec } from './transform';

export const CONFIG_FILES = ['stcodemod.toml', 'pyproject.toml'] as const;

export interface ConfigFile {
  /** Absolute path of the file. */
  file: string;
  /** The stcodemod table of it. */
  table: Record<string, unknown>;
}

/** A configuration file that cannot be used: the run stops before it starts. */
export class ConfigError extends Error {
  constructor(readonly file: string, reason: string) {
    super(`${file}: ${reason}`);
  }
}

/** The nearest configuration at or above `start` (a folder), or undefined when there is none. */
export function findConfig(start: string, stopAt: string | undefined): ConfigFile | undefined {
  for (const folder of foldersUpward(start, stopAt)) {
    for (const name of CONFIG_FILES) {
      const file = path.join(folder, name);
      if (!isRegularFile(file)) continue;
      const table = stcodemodTable(file, name === 'stcodemod.toml');
      if (table) return { file, table };
    }
  }
  return undefined;
}

/** What a configuration sets for one run over the project in `root`. */
export interface Settings {
  /** Transform flags, by name. */
  flags: Record<string, string>;
  /** Per-app flags, by the app's root relative to `root`. */
  appFlags: Record<string, Record<string, string>>;
  /** True for a project path the run leaves out. */
  exclude?: Excluded;
  annotate?: boolean;
}

/**
 * Reads a configuration's table against the transforms' flags: every key checked, every value
 * checked by its flag's own rule. `root` is the project folder the run works in.
 */
export function settingsOf(config: ConfigFile | undefined, flags: FlagSpec[], root: string): Settings {
  const settings: Settings = { flags: {}, appFlags: {} };
  if (!config) return settings;
  const folder = path.dirname(config.file);
  const known = new Map(flags.map((flag) => [flag.name, flag]));
  const keys = ['exclude', 'annotate', 'apps', ...known.keys()];
  for (const [written, value] of Object.entries(config.table)) {
    const key = written.replace(/_/g, '-');
    if (key === 'exclude') settings.exclude = excluder(config.file, value, folder, root);
    else if (key === 'annotate') settings.annotate = booleanOf(config.file, written, value);
    else if (key === 'apps') settings.appFlags = appFlagsOf(config.file, value, known, folder, root);
    else if (known.has(key)) settings.flags[key] = flagValue(config.file, written, value, known.get(key)!);
    else if (key === 'tool' && path.basename(config.file) === 'stcodemod.toml') {
      throw new ConfigError(config.file, 'write the settings at the top level of stcodemod.toml, without [tool.stcodemod]');
    } else throw new ConfigError(config.file, `unknown key '${written}'${didYouMean(key, keys, (name) => `'${name}'`)}`);
  }
  return settings;
}

function stcodemodTable(file: string, whole: boolean): Record<string, unknown> | undefined {
  let text: string;
  try {
    text = readRegularFile(file).toString('utf8');
  } catch (error) {
    throw new ConfigError(file, describeReadError(error));
  }
  let document: Record<string, unknown>;
  try {
    document = TOML.parse(text) as Record<string, unknown>;
  } catch (error) {
    // A pyproject.toml without our table is none of our business, even when it does not parse;
    // one that mentions it must parse, or the user's settings would be silently dropped.
    if (!whole && !/^\s*\[\s*tool\s*\.\s*stcodemod\b/m.test(text)) return undefined;
    throw new ConfigError(file, `not valid TOML (${firstLine(error)})`);
  }
  if (whole) return document;
  const tool = document.tool;
  const table = isTable(tool) ? tool.stcodemod : undefined;
  if (table === undefined) return undefined;
  if (!isTable(table)) throw new ConfigError(file, '[tool.stcodemod] must be a table');
  return table;
}

function excluder(file: string, value: unknown, folder: string, root: string): Excluded {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new ConfigError(file, 'exclude must be a list of patterns, e.g. exclude = ["legacy/", "**/*_test.py"]');
  }
  const rules = ignore().add(value as string[]);
  return (relative) => {
    // Patterns are relative to the configuration's folder, paths to the project's.
    const fromConfig = path.relative(folder, path.join(root, relative)).split(path.sep).join('/');
    if (fromConfig === '' || fromConfig.startsWith('..') || path.isAbsolute(fromConfig)) return false;
    return rules.ignores(relative.endsWith('/') ? `${fromConfig}/` : fromConfig);
  };
}

function appFlagsOf(file: string, value: unknown, known: Map<string, FlagSpec>, folder: string, root: string)
  : Record<string, Record<string, string>> {
  if (!isTable(value)) throw new ConfigError(file, 'apps must be a table of apps by folder, e.g. [tool.stcodemod.apps."apps/sales"]');
  const perApp = [...known.values()].filter((flag) => flag.perApp).map((flag) => flag.name);
  const apps: Record<string, Record<string, string>> = {};
  for (const [appFolder, settings] of Object.entries(value)) {
    if (!isTable(settings)) throw new ConfigError(file, `apps."${appFolder}" must be a table`);
    const appRoot = path.relative(root, path.resolve(folder, appFolder)).split(path.sep).join('/');
    if (appRoot.startsWith('..') || path.isAbsolute(appRoot)) continue;
    const flags: Record<string, string> = {};
    for (const [written, flagSetting] of Object.entries(settings)) {
      const key = written.replace(/_/g, '-');
      if (!perApp.includes(key)) {
        const why = known.has(key) ? ' (it holds for the whole run: set it outside [apps])' : didYouMean(key, perApp, (name) => `'${name}'`);
        throw new ConfigError(file, `apps."${appFolder}": '${written}' cannot be set per app${why}`);
      }
      flags[key] = flagValue(file, `apps."${appFolder}".${written}`, flagSetting, known.get(key)!);
    }
    apps[appRoot] = flags;
  }
  return apps;
}

function flagValue(file: string, key: string, value: unknown, flag: FlagSpec): string {
  if (typeof value !== 'string' && typeof value !== 'number') {
    throw new ConfigError(file, `${key} must be a string${typeof value === 'boolean' ? '' : ' or a number'} (${flag.value})`);
  }
  const text = String(value);
  const problem = flag.check?.(text);
  if (problem !== undefined) throw new ConfigError(file, `${key} = ${JSON.stringify(value)} ${problem}`);
  return text;
}

function booleanOf(file: string, key: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new ConfigError(file, `${key} must be true or false`);
  return value;
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function isRegularFile(file: string): boolean {
  try {
    return fs.lstatSync(file).isFile();
  } catch {
    return false;
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}
