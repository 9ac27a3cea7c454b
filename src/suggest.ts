/**
 * "Did you mean": the known name closest to what was typed, when it is close enough to be the
 * likely intent (a typo, a missing or doubled dash, two letters swapped).
 */

/** The closest candidate, or undefined when none is close. */
export function closest(typed: string, candidates: Iterable<string>): string | undefined {
  const wanted = typed.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(wanted, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best === undefined) return undefined;
  const squashed = (text: string) => text.toLowerCase().replace(/[-_\s]/g, '');
  const limit = Math.max(1, Math.min(3, Math.floor(best.length / 3)));
  return bestDistance <= limit || squashed(best) === squashed(typed) ? best : undefined;
}

/** `; did you mean X?` or nothing: the tail of an error message. */
export function didYouMean(typed: string, candidates: Iterable<string>, show: (name: string) => string = (name) => name): string {
  const suggestion = closest(typed, candidates);
  return suggestion === undefined ? '' : `; did you mean ${show(suggestion)}?`;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const columns = b.length + 1;
  const table: number[][] = Array.from({ length: rows }, (_, row) => Array.from({ length: columns }, (_, column) => (row === 0 ? column : column === 0 ? row : 0)));
  for (let row = 1; row < rows; row++) {
    for (let column = 1; column < columns; column++) {
      const cost = a[row - 1] === b[column - 1] ? 0 : 1;
      let value = Math.min(table[row - 1][column] + 1, table[row][column - 1] + 1, table[row - 1][column - 1] + cost);
      if (row > 1 && column > 1 && a[row - 1] === b[column - 2] && a[row - 2] === b[column - 1]) {
        value = Math.min(value, table[row - 2][column - 2] + 1);
      }
      table[row][column] = value;
    }
  }
  return table[a.length][b.length];
}
