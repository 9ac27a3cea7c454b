/**
 * The external access integrations of Streamlit objects in SQL scripts (runtime facts, section 1).
 * `CREATE STREAMLIT ... EXTERNAL_ACCESS_INTEGRATIONS = (...)` sets the list and
 * `ALTER STREAMLIT ... SET EXTERNAL_ACCESS_INTEGRATIONS = (...)` replaces it: a later SET that
 * does not name an integration drops it. So every edit that adds an integration merges it into
 * the lists through here (the statement's own list, and each later SET of the same Streamlit),
 * and the checks report a SET that drops what an earlier statement of the script set.
 */
import {
  describeStatement, findWords, isWord, listPropertyItems, mergedListProperty, nameKey, parseNameString, PropertySplice,
  Statement,
} from './sql';

export const INTEGRATIONS_PROPERTY = 'EXTERNAL_ACCESS_INTEGRATIONS';

/** How Snowflake compares integration names: unquoted ones upper-cased, quoted ones as written. */
export function integrationKey(name: string): string {
  const parts = parseNameString(name);
  return parts ? parts.map((part) => part.key).join('.') : name.toUpperCase();
}

/** The lists joined in order, each integration once (the first spelling kept). */
export function mergeIntegrations(...lists: string[][]): string[] {
  const merged: string[] = [];
  for (const name of lists.flat()) {
    if (!merged.some((other) => integrationKey(other) === integrationKey(name))) merged.push(name);
  }
  return merged;
}

/** Splices that make a CREATE or ALTER ... SET STREAMLIT statement's list hold `names` too. */
export function integrationSplices(source: string, statement: Statement, names: string[]): PropertySplice[] {
  return mergedListProperty(source, statement, INTEGRATIONS_PROPERTY, names, integrationKey);
}

/** One statement of a script, with the text it is written in (setup scripts span several files). */
export interface ScriptStatement {
  statement: Statement;
  source: string;
}

/** A statement that sets a Streamlit's integration list. */
export interface IntegrationSetting {
  /** Index of the statement in the list given to `integrationSettings`. */
  index: number;
  /** The Streamlit's name, as a key (`nameKey`), and as written. */
  streamlit: string;
  display: string;
  /** `create` sets the list (empty without the property); `set` replaces it; `unset` empties it. */
  kind: 'create' | 'set' | 'unset';
  names: string[];
}

/** Every statement that sets the integration list of a Streamlit, in order. */
export function integrationSettings(statements: ScriptStatement[]): IntegrationSetting[] {
  const settings: IntegrationSetting[] = [];
  statements.forEach(({ statement, source }, index) => {
    const described = describeStatement(statement, source);
    if ((described.kind !== 'create' && described.kind !== 'alter') || described.type.name !== 'STREAMLIT') return;
    if (!described.name || described.name.dynamic) return;
    const base = { index, streamlit: nameKey(described.name.parts), display: described.name.text };
    const names = listPropertyItems(source, statement, INTEGRATIONS_PROPERTY);
    if (described.kind === 'create') {
      settings.push({ ...base, kind: 'create', names: names ?? [] });
    } else if (isWord(statement.tokens[described.name.next], 'SET') && names) {
      settings.push({ ...base, kind: 'set', names });
    } else if (isWord(statement.tokens[described.name.next], 'UNSET')
      && findWords(statement.tokens, [INTEGRATIONS_PROPERTY], described.name.next) !== -1) {
      settings.push({ ...base, kind: 'unset', names: [] });
    }
  });
  return settings;
}

/** A SET or UNSET that drops integrations an earlier statement of the script gave the same Streamlit. */
export interface DroppedIntegrations {
  setting: IntegrationSetting;
  earlier: IntegrationSetting;
  dropped: string[];
}

export function droppedIntegrations(statements: ScriptStatement[]): DroppedIntegrations[] {
  const found: DroppedIntegrations[] = [];
  const current = new Map<string, IntegrationSetting>();
  for (const setting of integrationSettings(statements)) {
    const earlier = current.get(setting.streamlit);
    current.set(setting.streamlit, setting);
    if (!earlier || setting.kind === 'create') continue;
    const kept = new Set(setting.names.map(integrationKey));
    const dropped = earlier.names.filter((name) => !kept.has(integrationKey(name)));
    if (dropped.length > 0) found.push({ setting, earlier, dropped });
  }
  return found;
}
