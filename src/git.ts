import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * git as stcodemod runs it on a repository it has not vetted. A repository's own config
 * (`.git/config`, which comes with the target) can make git run programs: `core.fsmonitor` on
 * every `git status`, hooks (`post-index-change` when status refreshes the index), and the clean
 * filter of any driver `.gitattributes` names. So every git stcodemod runs turns those off from
 * the command line, which overrides every config file, and never writes the index
 * (GIT_OPTIONAL_LOCKS=0). `git status --porcelain` makes no patch, so neither external diff
 * programs nor textconv are consulted; GIT_EXTERNAL_DIFF is dropped all the same.
 *
 * System and global config stay read: they are the administrator's and the user's own, and hold
 * the `safe.directory` entries by which git decides whose repositories it trusts.
 */
const OFF = ['core.fsmonitor=false', 'core.hooksPath=/dev/null', 'status.submoduleSummary=false'];

/** Nested repositories followed at most (submodules of submodules). */
const MAX_DEPTH = 8;

export function gitEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LC_ALL: 'C', LANGUAGE: 'C', GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0' };
  // Variables that point git at another repository or make it run a program.
  for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_EXTERNAL_DIFF', 'GIT_PAGER', 'GIT_ASKPASS']) delete env[name];
  return env;
}

/** Runs git in `cwd` with the repository's executable config turned off (see above). */
export function runGit(cwd: string, args: string[], extraConfig: string[] = []): SpawnSyncReturns<Buffer> {
  const config = [...OFF, ...extraConfig].flatMap((setting) => ['-c', setting]);
  return spawnSync('git', [...config, ...args], { cwd, env: gitEnvironment(), maxBuffer: 1024 * 1024 * 1024 });
}

export type WorkTreeState =
  | { state: 'clean' }
  | { state: 'dirty' }
  | { state: 'not-a-repo' }
  /** git could not say (a repository it refuses as of dubious ownership, a failing command). */
  | { state: 'unknown'; reason: string };

/**
 * Whether the target has uncommitted work that a rewrite could mix with its own changes.
 * Untracked files count: a run may create or overwrite them, and git could not give them back.
 * Checked-out submodules under the target are asked in turn, each with its own filters turned off.
 */
export function workTreeState(target: string, depth = 0): WorkTreeState {
  const inside = runGit(target, ['rev-parse', '--is-inside-work-tree']);
  if (inside.error) {
    return insideGitFolder(target) ? { state: 'unknown', reason: `git cannot be run (${(inside.error as NodeJS.ErrnoException).code})` }
      : { state: 'not-a-repo' };
  }
  if (inside.status !== 0) {
    const reason = firstLine(inside.stderr);
    return /not a git repository/i.test(reason) ? { state: 'not-a-repo' } : { state: 'unknown', reason };
  }
  if (inside.stdout.toString().trim() !== 'true') return { state: 'not-a-repo' };
  const filters = filtersOff(target);
  if (typeof filters === 'string') return { state: 'unknown', reason: filters };
  const status = runGit(target, ['status', '--porcelain', '--untracked-files=all', '--ignore-submodules=dirty', '--', '.'], filters);
  if (status.status !== 0) return { state: 'unknown', reason: firstLine(status.stderr) || `git status failed (${status.status})` };
  if (status.stdout.toString().trim() !== '') return { state: 'dirty' };
  return submodulesState(target, depth);
}

/**
 * `-c` settings that empty the commands of every filter driver git's config defines (git runs
 * none for a driver whose commands are empty, and `required` would then fail the status).
 * A driver name `-c` cannot carry is reported instead.
 */
function filtersOff(cwd: string): string[] | string {
  const listed = runGit(cwd, ['config', '-z', '--name-only', '--get-regexp', '^filter\\.']);
  // Exit 1: no such key.
  if (listed.status !== 0 && listed.status !== 1) return firstLine(listed.stderr) || 'git config failed';
  const drivers = new Set<string>();
  for (const key of listed.stdout.toString('utf8').split('\0').filter(Boolean)) {
    const match = /^filter\.(.+)\.[^.]+$/s.exec(key);
    if (match) drivers.add(match[1]);
  }
  const settings: string[] = [];
  for (const driver of drivers) {
    if (/[=\u0000-\u001f]/.test(driver)) return `git filter driver ${JSON.stringify(driver)} cannot be turned off`;
    settings.push(...['clean', 'smudge', 'process'].map((command) => `filter.${driver}.${command}=`), `filter.${driver}.required=false`);
  }
  return settings;
}

/** The worst state of the checked-out submodules under `target` (git status leaves their work trees to this). */
function submodulesState(target: string, depth: number): WorkTreeState {
  const listed = runGit(target, ['ls-files', '--stage', '-z', '--', '.']);
  if (listed.status !== 0) return { state: 'unknown', reason: firstLine(listed.stderr) || 'git ls-files failed' };
  for (const entry of listed.stdout.toString('utf8').split('\0')) {
    const match = /^160000 [0-9a-f]+ \d+\t(.+)$/s.exec(entry);
    if (!match) continue;
    const folder = path.join(target, match[1]);
    if (!fs.existsSync(path.join(folder, '.git'))) continue;
    if (depth >= MAX_DEPTH) return { state: 'unknown', reason: `submodules nested deeper than ${MAX_DEPTH} levels` };
    const state = workTreeState(folder, depth + 1);
    if (state.state !== 'clean') return state.state === 'not-a-repo' ? { state: 'unknown', reason: `${match[1]}: not a git work tree` } : state;
  }
  return { state: 'clean' };
}

/** True when a `.git` is in `folder` or above it (so that a missing git cannot pass for "no repository"). */
function insideGitFolder(folder: string): boolean {
  for (let current = path.resolve(folder); ; current = path.dirname(current)) {
    if (fs.existsSync(path.join(current, '.git'))) return true;
    if (path.dirname(current) === current) return false;
  }
}

function firstLine(bytes: Buffer): string {
  return bytes.toString('utf8').trim().split('\n')[0].replace(/^fatal: /, '');
}
