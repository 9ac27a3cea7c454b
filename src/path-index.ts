/**
 * Lookups over a project's paths that stay cheap with thousands of apps: a hook that asks
 * "which files are in this folder" once per app must not scan every path each time (for "which
 * app holds this file", `appOf` in apps.ts is indexed already). Build one per hook, from
 * `project.paths()`.
 */

/** Paths kept sorted, so the paths under a folder (or any prefix) are one contiguous run. */
export class PathIndex {
  private readonly sorted: string[];

  constructor(paths: Iterable<string>) {
    this.sorted = [...paths].sort();
  }

  /** The paths inside `folder` (the folder itself included, '' holds everything), sorted. */
  inside(folder: string): string[] {
    if (folder === '') return [...this.sorted];
    const found = this.withPrefix(`${folder}/`);
    const own = this.indexOf(folder);
    return own === undefined ? found : [folder, ...found];
  }

  /** The paths that start with `prefix`, sorted. */
  withPrefix(prefix: string): string[] {
    const start = this.firstAtLeast(prefix);
    let end = start;
    while (end < this.sorted.length && this.sorted[end].startsWith(prefix)) end++;
    return this.sorted.slice(start, end);
  }

  /** True when some path starts with `prefix`. */
  hasPrefix(prefix: string): boolean {
    const start = this.firstAtLeast(prefix);
    return start < this.sorted.length && this.sorted[start].startsWith(prefix);
  }

  /** Adds a path the hook created, keeping the order. */
  add(path: string): void {
    const at = this.firstAtLeast(path);
    if (this.sorted[at] !== path) this.sorted.splice(at, 0, path);
  }

  private indexOf(path: string): number | undefined {
    const at = this.firstAtLeast(path);
    return this.sorted[at] === path ? at : undefined;
  }

  /** The position of the first path not less than `key` (the order of Array.prototype.sort). */
  private firstAtLeast(key: string): number {
    let low = 0;
    let high = this.sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.sorted[middle] < key) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
