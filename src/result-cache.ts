/**
 * Remembers which Python files the Python stage left unchanged, and which transforms reported
 * what at them, so that a rerun over the same files (the CI `--check` on every change) need not
 * run every transform on them again. This is black's cache, in the same place: the user's cache
 * folder, never the project, so that `--dry-run` and `--check` still write nothing into the project.
 *
 * A Python hook sees only its own file (worker threads run each file alone), so what the stage
 * does to a file depends only on its path, its bytes, the selected transforms and their options,
 * and the code of stcodemod itself. The cache file's name hashes all but the first two; each
 * entry maps a file's path to the hash of the bytes the stage left alone and the code, kind and
 * offset of each finding it made there.
 *
 * The cache is outside the project and may come from elsewhere (a CI cache restored from shared
 * storage), so it is trusted only as far as it must be:
 * - its folder must belong to the current user and be writable by no one else (it is created
 *   0700); otherwise it is neither read nor written, and the run says so once;
 * - the file is opened without following a symbolic link or waiting on a FIFO, must be a regular
 *   file of this user under a size limit, and must have exactly the expected shape; anything else
 *   is ignored whole (and written anew), with one line on stderr;
 * - it holds no text. A file with nothing to report is skipped; at a file with findings, the
 *   transforms that made them run again (runner.ts), so every message, snippet and manual step a
 *   run prints is worded by this run. Their findings must be the cached ones (codes, kinds,
 *   offsets), or the file goes through every transform. Only transforms' messages need their
 *   analysis to be worded, so the others are skipped: on the benchmark's migrated corpus, a
 *   tenth of the files are re-analysed, by one transform.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { replaceFileAtomically } from './durable-write';
import { Finding, FindingKind } from './findings';
import { RunOptions } from './transform';

const FORMAT = 2;
/** Far above the cache of a 50,000-file repository (about 8 MB). */
export const MAX_CACHE_BYTES = 64 * 1024 * 1024;
const HASH = /^[0-9a-f]{64}$/;
const CODE = /^([a-z0-9-]+)\/[a-z0-9-]+$/;
const KINDS: readonly FindingKind[] = ['manual', 'error', 'warning', 'info'];

/** A finding as the cache keeps it: what it is and where, never its words. */
export interface CachedFinding {
  code: string;
  kind: FindingKind;
  offset?: number;
}

/** What the stage made of a file with bytes of one hash: no change, and these findings. */
export interface CachedVerdict {
  hash: string;
  findings: CachedFinding[];
}

export class ResultCache {
  private changed = false;

  /** `file`: undefined when the folder is not to be trusted (nothing is read or written). */
  private constructor(private readonly file: string | undefined, private readonly entries: Map<string, CachedVerdict>,
    private readonly transformNames: string[]) {}

  /**
   * The cache of this project root for this set of transforms and options (empty if none yet, or
   * if it cannot be trusted: `warn` is then told why, once).
   */
  static open(folder: string, root: string, transformNames: string[], options: RunOptions, warn: (message: string) => void)
    : ResultCache {
    const key = hashOf(JSON.stringify({ FORMAT, root: path.resolve(root), transformNames, options, code: codeFingerprint() }));
    const refused = prepareFolder(folder);
    if (refused) {
      warn(`not using the result cache in ${folder}: ${refused}; fix that (chmod 700), or pass --no-cache`);
      return new ResultCache(undefined, new Map(), transformNames);
    }
    const file = path.join(folder, `${key}.json`);
    const read = readEntries(file, transformNames);
    if (typeof read === 'string') {
      warn(`ignoring the result cache ${file}: ${read}; it is written anew`);
      return new ResultCache(file, new Map(), transformNames);
    }
    return new ResultCache(file, read, transformNames);
  }

  /** What the stage made of the file when it last saw bytes of this hash, if it did. */
  lookup(relative: string, hash: string): CachedVerdict | undefined {
    const verdict = this.entries.get(relative);
    return verdict?.hash === hash ? verdict : undefined;
  }

  /** True when `lookup` would find a verdict. */
  has(relative: string, hash: string): boolean {
    return this.lookup(relative, hash) !== undefined;
  }

  /**
   * Records what the stage made of a file it left unchanged. A finding of the engine's own (an
   * internal error) cannot be made again by re-running one transform, so such a file is not kept.
   */
  record(relative: string, hash: string, findings: Finding[]): void {
    const own = findings.every((finding) => finding.path === relative && this.transformNames.includes(finding.source)
      && CODE.exec(finding.code)?.[1] === finding.source);
    if (own) {
      this.entries.set(relative, { hash, findings: findings.map(({ code, kind, offset }) => ({ code, kind, offset })) });
    } else if (!this.entries.delete(relative)) {
      return;
    }
    this.changed = true;
  }

  /** Writes the cache if this run added to it; a cache that cannot be written is only a slower next run. */
  save(): void {
    if (!this.changed || this.file === undefined) return;
    try {
      replaceFileAtomically(this.file, Buffer.from(JSON.stringify({ format: FORMAT, entries: Object.fromEntries(this.entries) })));
    } catch {
      // Read-only home, full disk: the run's result does not depend on the cache.
    }
  }
}

/** `$STCODEMOD_CACHE_DIR`, else `$XDG_CACHE_HOME/stcodemod`, else `~/.cache/stcodemod`. */
export function defaultCacheFolder(env: NodeJS.ProcessEnv): string {
  if (env.STCODEMOD_CACHE_DIR) return env.STCODEMOD_CACHE_DIR;
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'stcodemod');
}

/**
 * Creates the folder (0700, with its parents) if need be; says why it is not to be trusted: it
 * belongs to another user, or others may write it. Undefined when it is fine.
 */
function prepareFolder(folder: string): string | undefined {
  let stat: fs.Stats;
  try {
    fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
    stat = fs.statSync(folder);
  } catch (error) {
    return `it cannot be created (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
  if (!stat.isDirectory()) return 'it is not a folder';
  const uid = process.getuid?.();
  // Without POSIX owners (Windows) there is nothing to check.
  if (uid === undefined) return undefined;
  if (stat.uid !== uid) return `it belongs to another user (uid ${stat.uid})`;
  if ((stat.mode & 0o022) !== 0) return `other users may write it (mode ${(stat.mode & 0o7777).toString(8).padStart(4, '0')})`;
  return undefined;
}

/** The entries of a cache file (none when there is no file yet), or why the file cannot be used. */
function readEntries(file: string, transformNames: string[]): Map<string, CachedVerdict> | string {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return new Map();
    return code === 'ELOOP' ? 'it is a symbolic link' : `it cannot be opened (${code})`;
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return 'it is not a regular file';
    const uid = process.getuid?.();
    if (uid !== undefined && stat.uid !== uid) return `it belongs to another user (uid ${stat.uid})`;
    if (stat.size > MAX_CACHE_BYTES) return `it is larger than ${MAX_CACHE_BYTES / 1024 / 1024} MB`;
    const bytes = Buffer.alloc(stat.size);
    let read = 0;
    while (read < bytes.length) {
      const count = fs.readSync(fd, bytes, read, bytes.length - read, read);
      if (count === 0) break;
      read += count;
    }
    return parseEntries(bytes.subarray(0, read).toString('utf8'), transformNames)
      ?? 'it is not a cache file of this version (malformed)';
  } catch (error) {
    return `it cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * `{"format": 2, "entries": {"<path>": {"hash": "<sha-256>", "findings": [{"code", "kind", "offset"}]}}}`
 * and nothing else, each code one of the selected transforms'; undefined otherwise.
 */
function parseEntries(text: string, transformNames: string[]): Map<string, CachedVerdict> | undefined {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!hasExactly(document, ['entries', 'format']) || document.format !== FORMAT || !isPlainObject(document.entries)) {
    return undefined;
  }
  const entries = new Map<string, CachedVerdict>();
  for (const [relative, verdict] of Object.entries(document.entries)) {
    if (!hasExactly(verdict, ['findings', 'hash']) || typeof verdict.hash !== 'string' || !HASH.test(verdict.hash)
      || !Array.isArray(verdict.findings)) return undefined;
    const findings = verdict.findings.map((finding) => cachedFinding(finding, transformNames));
    if (findings.some((finding) => finding === undefined)) return undefined;
    entries.set(relative, { hash: verdict.hash, findings: findings as CachedFinding[] });
  }
  return entries;
}

function cachedFinding(value: unknown, transformNames: string[]): CachedFinding | undefined {
  if (!isPlainObject(value) || !Object.keys(value).every((key) => ['code', 'kind', 'offset'].includes(key))) return undefined;
  const { code, kind, offset } = value;
  if (typeof code !== 'string' || !transformNames.includes(CODE.exec(code)?.[1] ?? '')) return undefined;
  if (!KINDS.includes(kind as FindingKind)) return undefined;
  if (offset !== undefined && !(Number.isSafeInteger(offset) && (offset as number) >= 0)) return undefined;
  return { code, kind: kind as FindingKind, ...(offset !== undefined ? { offset: offset as number } : {}) };
}

function hasExactly(value: unknown, keys: string[]): value is Record<string, unknown> {
  return isPlainObject(value) && Object.keys(value).sort().join() === keys.join();
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

let fingerprint: string | undefined;

/**
 * A hash of stcodemod's own compiled code, so that any change to a transform or to the engine (a
 * new release, or a local build) starts a fresh cache rather than trusting an old verdict.
 */
function codeFingerprint(): string {
  if (fingerprint === undefined) {
    const hash = createHash('sha256');
    const distRoot = path.join(__dirname, '..');
    for (const folder of ['src', 'transforms']) {
      for (const file of javascriptFiles(path.join(distRoot, folder))) hash.update(file).update(fs.readFileSync(file));
    }
    fingerprint = hash.digest('hex');
  }
  return fingerprint;
}

function javascriptFiles(folder: string): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) files.push(...javascriptFiles(full));
    else if (entry.name.endsWith('.js') && !entry.name.endsWith('.test.js')) files.push(full);
  }
  return files;
}

export function hashOf(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/** The hash of a file's bytes, or undefined when it cannot be read. */
export function hashOfFile(file: string): string | undefined {
  try {
    return hashOf(fs.readFileSync(file));
  } catch {
    return undefined;
  }
}
