/**
 * Kendall's τ between two rankings of the same items: `ranks[k]` is the rank in the second
 * ranking of the item ranked k-th in the first. Ranks are distinct (reading order is total),
 * so τ = 1 − 2·inversions / (n·(n − 1)/2): 1 for the same order, −1 for the reverse. `null`
 * for fewer than two items. O(n log n): inversions counted by merge sort.
 */
export function kendallTau(ranks: readonly number[]): number | null {
  const pairs = pairCount(ranks.length)
  return pairs === 0 ? null : 1 - (2 * countInversions(ranks)) / pairs
}

/** Number of item pairs, n·(n − 1)/2. */
export const pairCount = (n: number) => (n * (n - 1)) / 2

/** Pairs i < j with `values[i] > values[j]`, by a bottom-up merge sort. */
export function countInversions(values: readonly number[]): number {
  let source = Float64Array.from(values)
  let target = new Float64Array(source.length)
  let inversions = 0
  for (let width = 1; width < source.length; width *= 2) {
    for (let start = 0; start < source.length; start += 2 * width) {
      const middle = Math.min(start + width, source.length)
      const end = Math.min(start + 2 * width, source.length)
      let i = start
      let j = middle
      let k = start
      while (i < middle && j < end) {
        if (source[j]! < source[i]!) {
          inversions += middle - i
          target[k++] = source[j++]!
        } else target[k++] = source[i++]!
      }
      while (i < middle) target[k++] = source[i++]!
      while (j < end) target[k++] = source[j++]!
    }
    ;[source, target] = [target, source]
  }
  return inversions
}
