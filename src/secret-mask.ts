/**
 * Credentials in text that stcodemod prints or writes: diffs (text and `--json`), finding
 * messages and snippets, and the files it generates from them (MIGRATION.md, migration.sql).
 * Files that hold nothing but secrets (secrets.toml, .env, keys) are never shown at all
 * (report.ts); this masks the credentials that sit in other files:
 *
 * - a URL's user information (`https://user:pass@host`, `https://TOKEN@host`), an anaconda.org
 *   `/t/<token>/` and query parameters named like secrets (`?token=`, `&sig=`);
 * - SQL string literals given to a secret-like property (`PASSWORD = '...'`, `SECRET_STRING`,
 *   `OAUTH_REFRESH_TOKEN`, `TOKEN`, `MASTER_KEY`, ...), `$$` bodies included;
 * - in YAML and TOML files (snowflake.yml `env:`, environment.yml `variables:`, config.toml),
 *   the value of a key named like a secret (`DB_PASSWORD`, `api_token`, `cookieSecret`).
 *
 * Masking keeps every line break, so a masked diff has the same hunks and line numbers, and it is
 * idempotent (masked text masks to itself). stcodemod's own placeholders (`'<value of ...>'`)
 * stay readable.
 */

export const MASK = '***';

/** Words that make a key name a secret's. */
const SECRET_WORDS = new Set(['password', 'passwd', 'pwd', 'pass', 'passphrase', 'secret', 'token', 'apikey', 'credential',
  'credentials', 'auth']);
/** Pairs of words that do: `api_key`, `private_key`, `secret_key`. */
const SECRET_PAIRS = new Set(['api key', 'private key', 'secret key', 'access token', 'client secret']);
/** A last word that makes it the name of something else: `token_url`, `secret_name`, `private_key_path`. */
const NOT_A_VALUE = new Set(['name', 'names', 'id', 'type', 'file', 'path', 'url', 'uri', 'endpoint', 'integration',
  'integrations', 'ttl', 'expiry', 'expires', 'length']);
/** Query parameters that carry keys more often than other names do. */
const SECRET_PARAMETERS = new Set(['key', 'sig', 'signature']);

/** True for a key name that holds a credential (`DB_PASSWORD`, `apiKey`, `cookieSecret`). */
export function looksLikeSecretKey(name: string): boolean {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  if (words.length === 0 || NOT_A_VALUE.has(words[words.length - 1])) return false;
  return words.some((word, index) => SECRET_WORDS.has(word) || SECRET_PAIRS.has(`${word} ${words[index + 1]}`));
}

/**
 * The text with every credential it holds replaced by `***`. `path` (the file the text is from)
 * adds the key rule for YAML and TOML files; without it only URLs and SQL literals are masked.
 */
export function maskSecrets(text: string, path?: string): string {
  let masked = maskUrls(text);
  masked = maskSqlLiterals(masked);
  if (path !== undefined && /\.(ya?ml|toml)$/i.test(path)) masked = maskKeyValues(masked);
  return masked;
}

// ---------------------------------------------------------------------------------------------
// URLs

function maskUrls(text: string): string {
  if (!text.includes('//')) return text;
  return text.replace(/\/\/([^\s'"`<>]+)/g, (whole, rest: string) => `//${maskUrlRest(rest)}`);
}

/** Where the first URL with user information (`//user:pass@`) starts in the text, or -1. */
export function urlCredentialsAt(text: string): number {
  for (const match of text.matchAll(/\/\/([^\s'"`<>]+)/g)) {
    if (userInfoEnd(match[1]) > 0) return match.index!;
  }
  return -1;
}

/** What follows a URL's `//`: its user information, an anaconda token, secret query parameters. */
function maskUrlRest(rest: string): string {
  const at = userInfoEnd(rest);
  let masked = at > 0 ? `${MASK}${rest.slice(at)}` : rest;
  if (/^[^/]*anaconda\./i.test(masked.slice(masked.indexOf('@') + 1))) masked = masked.replace(/(\/t\/)[^/]+(?=\/)/, `$1${MASK}`);
  return masked.replace(/([?&;])([^=&#;]+)=([^&#;]+)/g, (whole, separator: string, key: string) =>
    (looksLikeSecretKey(key) || SECRET_PARAMETERS.has(key.toLowerCase()) ? `${separator}${key}=${MASK}` : whole));
}

/**
 * Where the user information of `user:pass@host/...` ends (the `@`), or -1. A `/` before the
 * first `@` means a path (`github.com/org/repo@v1` names a git ref), unless a password holds it
 * (`user:pa/ss@host`); `host:8443/repo@v1` is a port.
 */
function userInfoEnd(rest: string): number {
  const at = rest.indexOf('@');
  if (at <= 0) return -1;
  const prefix = rest.slice(0, at);
  const slash = prefix.indexOf('/');
  if (slash === -1) return at;
  const colon = prefix.indexOf(':');
  return colon !== -1 && colon < slash && !/^\d*\//.test(prefix.slice(colon + 1)) ? at : -1;
}

// ---------------------------------------------------------------------------------------------
// SQL

const SQL_SECRET_PROPERTY = new RegExp(
  String.raw`(?<![\w$])([A-Za-z_]*(?:PASSWORD|PASSPHRASE|SECRET|SECRET_STRING|SECRET_KEY|TOKEN|MASTER_KEY|PRIVATE_KEY|API_KEY))`
  + String.raw`(\s*=>?\s*)('(?:[^'\\]|''|\\[\s\S])*'|\$\$[\s\S]*?\$\$)`,
  'gi',
);

function maskSqlLiterals(text: string): string {
  if (!/password|passphrase|secret|token|_key/i.test(text)) return text;
  return text.replace(SQL_SECRET_PROPERTY, (whole, name: string, equals: string, literal: string) => {
    const quote = literal.startsWith('$$') ? '$$' : "'";
    return `${name}${equals}${quote}${maskContent(literal.slice(quote.length, -quote.length))}${quote}`;
  });
}

/** A secret's text as `***`, one per line so that line breaks stay; placeholders and empty values stay. */
function maskContent(content: string): string {
  if (content === '' || /^<[^\r\n]*>$/.test(content)) return content;
  return content.replace(/[^\r\n]+/g, MASK);
}

// ---------------------------------------------------------------------------------------------
// YAML and TOML keys

/** `key: value`, `- key: value`, `key = value`, `"key" = value`. */
const KEY_LINE = /^(\s*(?:-\s+)?)("[^"]*"|'[^']*'|[^\s:=#"'{}[\],][^:=#]*?)(\s*(?::(?=\s|$)|=)[ \t]*)(.*)$/;
/** A pair inside a flow mapping or inline table: `{ password: x, user: y }`. */
const FLOW_PAIR = /([{,]\s*)("[^"]*"|'[^']*'|[\w.$-]+)(\s*(?::\s|=)\s*)("(?:[^"\\]|\\.)*"|'[^']*'|[^,}\s][^,}]*)/g;

function maskKeyValues(text: string): string {
  if (![...SECRET_WORDS, 'key'].some((word) => text.toLowerCase().includes(word))) return text;
  const parts = text.split(/(\r\n|\r|\n)/);
  /** Inside a YAML block scalar of a secret: lines indented deeper than its key. */
  let blockIndent = -1;
  /** Inside a TOML multi-line string of a secret: its closing delimiter. */
  let closing: string | undefined;
  for (let index = 0; index < parts.length; index += 2) {
    const line = parts[index];
    if (closing !== undefined) {
      const end = line.indexOf(closing);
      parts[index] = end === -1 ? maskContent(line) : `${maskContent(line.slice(0, end))}${line.slice(end)}`;
      if (end !== -1) closing = undefined;
      continue;
    }
    if (blockIndent >= 0) {
      const indent = line.match(/^[ \t]*/)![0];
      if (line.trim() === '' || indent.length > blockIndent) {
        parts[index] = line.trim() === '' ? line : `${indent}${MASK}`;
        continue;
      }
      blockIndent = -1;
    }
    const match = KEY_LINE.exec(line);
    if (!match) continue;
    const [, lead, rawKey, separator, value] = match;
    const key = /^["']/.test(rawKey) ? rawKey.slice(1, -1) : rawKey.trim().split('.').pop()!;
    if (!looksLikeSecretKey(key)) {
      parts[index] = `${lead}${rawKey}${separator}${maskFlowPairs(value)}`;
      continue;
    }
    const masked = maskValue(value);
    parts[index] = `${lead}${rawKey}${separator}${masked.text}`;
    if (masked.block) blockIndent = lead.length;
    closing = masked.closing;
  }
  return parts.join('');
}

/** One secret value on its key's line; `block` / `closing` when it goes on below. */
function maskValue(value: string): { text: string; block?: boolean; closing?: string } {
  const anchor = /^&\S+\s*/.exec(value)?.[0] ?? '';
  const rest = value.slice(anchor.length);
  if (rest === '' || rest.startsWith('*') || rest.startsWith('#')) return { text: value };
  if (/^[|>]/.test(rest)) return { text: value, block: true };
  const triple = /^("""|''')/.exec(rest)?.[1];
  if (triple) {
    const end = rest.indexOf(triple, 3);
    if (end === -1) return { text: `${anchor}${triple}${maskContent(rest.slice(3))}`, closing: triple };
    return { text: `${anchor}${triple}${maskContent(rest.slice(3, end))}${rest.slice(end)}` };
  }
  if (rest.startsWith('"') || rest.startsWith("'")) {
    const quote = rest[0];
    const end = closingQuote(rest);
    if (end <= 0) return { text: `${anchor}${quote}${maskContent(rest.slice(1))}` };
    return { text: `${anchor}${quote}${maskContent(rest.slice(1, end))}${rest.slice(end)}` };
  }
  if (rest.startsWith('[') || rest.startsWith('{')) {
    const close = rest.lastIndexOf(rest[0] === '[' ? ']' : '}');
    const inner = rest.slice(1, close === -1 ? undefined : close);
    return { text: `${anchor}${rest[0]}${inner.trim() === '' ? inner : MASK}${close === -1 ? '' : rest.slice(close)}` };
  }
  const comment = / #.*$/.exec(rest);
  const plain = comment ? rest.slice(0, comment.index) : rest;
  return { text: `${anchor}${maskContent(plain.trimEnd())}${plain.slice(plain.trimEnd().length)}${comment?.[0] ?? ''}` };
}

/** Where the string that opens `text` closes: `\"` escapes in double quotes, `''` in single ones; -1 when not on this line. */
function closingQuote(text: string): number {
  const quote = text[0];
  for (let index = 1; index < text.length; index++) {
    if (quote === '"' && text[index] === '\\') index++;
    else if (text[index] === quote && quote === "'" && text[index + 1] === "'") index++;
    else if (text[index] === quote) return index;
  }
  return -1;
}

function maskFlowPairs(value: string): string {
  if (!value.includes('{')) return value;
  return value.replace(FLOW_PAIR, (whole, lead: string, rawKey: string, separator: string, pairValue: string) => {
    const key = /^["']/.test(rawKey) ? rawKey.slice(1, -1) : rawKey;
    return looksLikeSecretKey(key) ? `${lead}${rawKey}${separator}${maskValue(pairValue).text}` : whole;
  });
}
