/**
 * Remembers which Python files the Python stage left unchanged, and what it reported at them, so
 * that a rerun over the same files (the CI `--check` on every change) need not parse them again.
 * This is black's cache, in the same place: the user's cache folder, never the project, so that
 * `--dry-run` and `--check` still write nothing into the project.
 *
 * A Python hook sees only its own file (worker threads run each file alone), so what the stage
 * does to a file depends only on its path, its bytes, the selected transforms and their options,
 * and the code of stcodemod itself. The cache file's name hashes all but the first two; each
 * entry holds a file's path, the hash of its bytes and its findings. A file changed by the stage
 * is not cached: a rerun on its new text may report differently (no "is now cached" notes).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { replaceFileAtomically } from './durable-write';
import { Finding } from './findings';
import { RunOptions } from './transform';

const FORMAT = 1;

interface Entry {
  hash: string;
  findings: Finding[];
}

export class ResultCache {
  private readonly entries: Map<string, Entry>;
  private changed = false;

  private constructor(private readonly file: string, entries: Record<string, Entry>) {
    this.entries = new Map(Object.entries(entries));
  }

  /** The cache of this project root for this set of transforms and options (empty if none yet). */
  static open(folder: string, root: string, transformNames: string[], options: RunOptions): ResultCache {
    const key = hashOf(JSON.stringify({ FORMAT, root: path.resolve(root), transformNames, options, code: codeFingerprint() }));
    const file = path.join(folder, `${key}.json`);
    return new ResultCache(file, readEntries(file));
  }

  /** The findings the stage made at this file when it last saw bytes of this hash, if it did. */
  lookup(relative: string, hash: string): Finding[] | undefined {
    const entry = this.entries.get(relative);
    if (!entry || entry.hash !== hash) return undefined;
    return entry.findings.map((finding) => ({ ...finding }));
  }

  /** True when `lookup` would find a verdict. */
  has(relative: string, hash: string): boolean {
    return this.entries.get(relative)?.hash === hash;
  }

  record(relative: string, hash: string, findings: Finding[]): void {
    this.entries.set(relative, { hash, findings: findings.map((finding) => ({ ...finding })) });
    this.changed = true;
  }

  /** Writes the cache if this run added to it; a cache that cannot be written is only a slower next run. */
  save(): void {
    if (!this.changed) return;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
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

function readEntries(file: string): Record<string, Entry> {
  try {
    const document = JSON.parse(fs.readFileSync(file, 'utf8')) as { format?: number; entries?: Record<string, Entry> };
    return document.format === FORMAT && document.entries ? document.entries : {};
  } catch {
    return {};
  }
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
