/** Sorted lists of ordinals: the operations the access-log index answers a filter with. */

/** The ordinals in every list (each sorted ascending), smallest list first. */
export function intersect(lists: readonly (readonly number[])[]): number[] {
  if (lists.length === 0) return [];
  const sorted = [...lists].sort((a, b) => a.length - b.length);
  let result = sorted[0].slice();
  for (const list of sorted.slice(1)) {
    const next: number[] = [];
    let low = 0;
    for (const value of result) {
      low = lowerBound(list, value, low);
      if (low >= list.length) break;
      if (list[low] === value) next.push(value);
    }
    result = next;
    if (result.length === 0) break;
  }
  return result;
}

/** The ordinals in any list, sorted, without repeats. */
export function union(lists: readonly (readonly number[])[]): number[] {
  if (lists.length === 1) return lists[0].slice();
  const all = lists.flatMap((l) => l as number[]).sort((a, b) => a - b);
  return all.filter((v, i) => i === 0 || all[i - 1] !== v);
}

/** The first index at or after `from` whose value is ≥ `value`. */
export function lowerBound(list: readonly number[], value: number, from = 0): number {
  let low = from;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (list[mid] < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Appends `value` unless it is already the last (a record naming one term twice). */
export function addPosting(postings: Map<string, number[]>, term: string, value: number): void {
  const list = postings.get(term);
  if (!list) postings.set(term, [value]);
  else if (list[list.length - 1] !== value) list.push(value);
}
