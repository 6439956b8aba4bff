/** Ascending typed arrays, as the per-version sets of the search (chunk places, title terms) hold them. */
export type SortedArray = Float64Array | Int32Array | Uint32Array;

/** The first index whose value is not below `x` (`a.length` when none). */
export function lowerBound(a: SortedArray, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Sorts `a` in place and returns its distinct values, ascending, in a copy of their length. */
export function sortedDistinct<T extends SortedArray>(a: T): T {
  a.sort();
  let k = 0;
  for (let i = 0; i < a.length; i++) if (i === 0 || a[i] !== a[k - 1]) a[k++] = a[i]!;
  return a.slice(0, k) as T;
}
