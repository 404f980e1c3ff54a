/**
 * Byte-pair merging as tiktoken does it (the pair of lowest rank first, the leftmost on ties),
 * with a heap: O(L log L) in the piece's length L, where gpt-tokenizer's own `bytePairMerge` scans
 * every pair for every merge (O(L²): one pre-tokenizer piece of 100k `*` takes minutes).
 */
export function heapMerge(piece: Uint8Array, rankOf: (bytes: Uint8Array) => number | undefined): number[] {
  const n = piece.length
  // Parts are linked lists over byte offsets: a part starts at i and ends where next[i] starts.
  const next = new Int32Array(n + 1)
  const prev = new Int32Array(n + 1)
  const version = new Int32Array(n + 1)
  for (let i = 0; i <= n; i++) ((next[i] = i + 1), (prev[i] = i - 1))
  // Heap of [rank, start, version] triples, flattened; ordered by rank, then start.
  const heap: number[] = []
  const less = (a: number, b: number) => heap[a]! < heap[b]! || (heap[a] === heap[b] && heap[a + 1]! < heap[b + 1]!)
  const swap = (a: number, b: number) => {
    for (let k = 0; k < 3; k++) [heap[a + k], heap[b + k]] = [heap[b + k]!, heap[a + k]!]
  }
  const push = (rank: number, start: number) => {
    heap.push(rank, start, version[start]!)
    for (let i = heap.length - 3; i > 0;) {
      const parent = Math.floor((i / 3 - 1) / 2) * 3
      if (!less(i, parent)) break
      swap(i, parent)
      i = parent
    }
  }
  const pop = () => {
    const top = [heap[0]!, heap[1]!, heap[2]!] as const
    const last = heap.splice(heap.length - 3, 3)
    if (heap.length > 0) {
      heap[0] = last[0]!
      heap[1] = last[1]!
      heap[2] = last[2]!
      for (let i = 0; ;) {
        const left = (2 * (i / 3) + 1) * 3
        const right = left + 3
        let least = i
        if (left < heap.length && less(left, least)) least = left
        if (right < heap.length && less(right, least)) least = right
        if (least === i) break
        swap(i, least)
        i = least
      }
    }
    return top
  }
  // The rank of the pair starting at part `start` (its part and the next), if any.
  const pairRank = (start: number) => {
    const end = next[next[start]!]
    if (end === undefined || next[start]! >= n || end > n) return undefined
    return rankOf(piece.subarray(start, end))
  }
  const schedule = (start: number) => {
    version[start]!++
    const rank = pairRank(start)
    if (rank !== undefined) push(rank, start)
  }
  for (let i = 0; i + 1 < n; i++) schedule(i)
  while (heap.length > 0) {
    const [, start, seen] = pop()
    if (seen !== version[start]) continue // the part changed since: a stale entry
    const gone = next[start]!
    next[start] = next[gone]!
    prev[next[gone]!] = start
    version[gone]!++
    schedule(start)
    if (start > 0) schedule(prev[start]!)
  }
  const parts: number[] = []
  for (let i = 0; i < n; i = next[i]!) parts.push(rankOf(piece.subarray(i, next[i]!))!)
  return parts
}
