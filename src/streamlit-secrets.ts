/**
 * Credentials in `.streamlit/secrets.toml`, and the Snowflake secrets that replace them
 * (runtime facts, section 2). On the container runtime a staged secrets.toml is plain text on
 * the stage and overrides Snowflake-managed secrets, so credentials move to `CREATE SECRET`
 * objects bound with `SECRETS = ('alias' = secret)`; st.secrets["alias"] then reads them.
 *
 * Only key names ever leave this module: values are looked at (a PEM header marks a private
 * key) but never copied into any text.
 */
import { sqlString } from './sql';
import { formatPath, TomlDocument } from './toml-document';

const CREDENTIAL_NAME = /pass(word|wd|phrase)?|pwd|token|secret|api[_-]?key|apikey|private[_-]?key|credential|auth/i;
const USER_NAME = /^(user|username|user_name|login)$/i;
const PASSWORD_NAME = /^(password|passwd|pwd)$/i;

export interface CredentialKey {
  path: string[];
  /** Offset of the key in the file. */
  offset: number;
}

/** A `[connections.<name>]` block for Snowflake itself: local-development credentials. */
export interface SnowflakeConnection {
  path: string[];
  offset: number;
}

export interface SecretsInventory {
  credentials: CredentialKey[];
  snowflakeConnections: SnowflakeConnection[];
}

/** The keys of a parsed secrets.toml that hold credentials. */
export function inventorySecrets(document: TomlDocument): SecretsInventory {
  const credentials: CredentialKey[] = [];
  const connections = new Map<string, SnowflakeConnection>();
  const entries = document.entries();
  for (const entry of entries) {
    const path = entry.path.map(String);
    if (path[0] === 'connections' && path.length >= 3 && isSnowflakeConnection(path[1], entries.map((e) => e.path.map(String)))) {
      const key = path.slice(0, 2).join('.');
      if (!connections.has(key)) {
        const table = document.tables().find((t) => t.path.length === 2 && t.path[0] === 'connections' && t.path[1] === path[1]);
        connections.set(key, { path: path.slice(0, 2), offset: (table?.node ?? entry.node).range[0] });
      }
      continue;
    }
    const value = entry.node.value;
    const isPrivateKey = value.type === 'TOMLValue' && value.kind === 'string' && value.value.includes('-----BEGIN');
    if (CREDENTIAL_NAME.test(path[path.length - 1]) || isPrivateKey) {
      credentials.push({ path, offset: entry.node.range[0] });
    }
  }
  return { credentials, snowflakeConnections: [...connections.values()] };
}

/** `[connections.snowflake]`, or any connection that names a Snowflake account. */
function isSnowflakeConnection(name: string, paths: string[][]): boolean {
  return name === 'snowflake' || paths.some((p) => p[0] === 'connections' && p[1] === name && p[2] === 'account');
}

export interface SecretBinding {
  /** The name the app reads: st.secrets["alias"] (and the environment variable of that name). */
  alias: string;
  /** The Snowflake SECRET object. */
  secretName: string;
  type: 'GENERIC_STRING' | 'PASSWORD';
  /** For GENERIC_STRING: the key; for PASSWORD: the user key then the password key. */
  keys: string[][];
  /** Offset of the first key, for findings. */
  offset: number;
}

/**
 * One Snowflake secret per credential; a table holding both a user name and a password becomes
 * one PASSWORD secret, which st.secrets exposes as ["alias"]["username"] and ["password"].
 */
export function secretBindings(document: TomlDocument, appName: string | undefined)
  : { inventory: SecretsInventory; bindings: SecretBinding[] } {
  const inventory = inventorySecrets(document);
  // User names are no credentials, so they are looked up among all the keys.
  const userKeys = new Map<string, string[]>();
  for (const entry of document.entries()) {
    const path = entry.path.map(String);
    if (path.length > 1 && USER_NAME.test(path[path.length - 1])) userKeys.set(path.slice(0, -1).join('\u0000'), path);
  }
  const bindings: SecretBinding[] = [];
  const used = new Set<string>();
  const pairedTables = new Set<string>();
  for (const key of inventory.credentials) {
    const table = key.path.slice(0, -1);
    const tableKey = table.join('\u0000');
    const userKey = userKeys.get(tableKey);
    if (table.length > 0 && userKey && PASSWORD_NAME.test(key.path[key.path.length - 1]) && !pairedTables.has(tableKey)) {
      pairedTables.add(tableKey);
      bindings.push(binding(table, 'PASSWORD', [userKey, key.path], key.offset, appName, used));
      continue;
    }
    bindings.push(binding(key.path, 'GENERIC_STRING', [key.path], key.offset, appName, used));
  }
  return { inventory, bindings };
}

function binding(path: string[], type: SecretBinding['type'], keys: string[][], offset: number, appName: string | undefined,
  used: Set<string>): SecretBinding {
  const alias = identifier(path.join('_'));
  let secretName = identifier(appName ? `${appName}_${alias}` : alias).toLowerCase();
  for (let suffix = 2; used.has(secretName); suffix++) secretName = `${secretName}_${suffix}`;
  used.add(secretName);
  return { alias: path.length === 1 ? path[0] : alias, secretName, type, keys, offset };
}

/** A name usable unquoted in SQL. */
function identifier(text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  return /^[A-Za-z_]/.test(cleaned) ? cleaned : `s_${cleaned}`;
}

/**
 * The CREATE SECRET template for a binding: values are placeholders naming the key to copy.
 * `qualifier` is SQL (a database and schema, already quoted where needed).
 */
export function createSecretSql(binding: SecretBinding, secretsPath: string, qualifier?: string): string {
  const name = qualifier ? `${qualifier}.${binding.secretName}` : binding.secretName;
  const placeholder = (path: string[]) => sqlString(`<value of ${formatPath(path)} in ${secretsPath}>`);
  if (binding.type === 'PASSWORD') {
    return [
      `CREATE SECRET IF NOT EXISTS ${name}`,
      '  TYPE = PASSWORD',
      `  USERNAME = ${placeholder(binding.keys[0])}`,
      `  PASSWORD = ${placeholder(binding.keys[1])};`,
    ].join('\n');
  }
  return [
    `CREATE SECRET IF NOT EXISTS ${name}`,
    '  TYPE = GENERIC_STRING',
    `  SECRET_STRING = ${placeholder(binding.keys[0])};`,
  ].join('\n');
}

/** How the app reads the secret on the container runtime, and what it read before. */
export function accessAfter(binding: SecretBinding): { before: string; after: string } {
  const subscript = (path: string[]) => `st.secrets${path.map((part) => `[${JSON.stringify(part)}]`).join('')}`;
  if (binding.type === 'PASSWORD') {
    return {
      before: `${subscript(binding.keys[0])} and ${subscript(binding.keys[1])}`,
      after: `st.secrets[${JSON.stringify(binding.alias)}]["username"] and st.secrets[${JSON.stringify(binding.alias)}]["password"]`,
    };
  }
  return { before: subscript(binding.keys[0]), after: `st.secrets[${JSON.stringify(binding.alias)}]` };
}
