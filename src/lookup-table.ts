/**
 * A constant table looked up by names that come from the user's files. An object literal would
 * also answer for `constructor`, `toString` and every other name all objects inherit
 * (`RENAMES['constructor']` is a function, and `'constructor' in RENAMES` is true), so such a
 * table is built without a prototype: only its own entries answer.
 */
export function lookupTable<T>(entries: Record<string, T>): Readonly<Record<string, T | undefined>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}
