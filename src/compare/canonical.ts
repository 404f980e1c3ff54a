/**
 * Canonical JSON of a parsed JSON value: object keys sorted, every string passed through
 * `normalize`, otherwise as `JSON.stringify` writes it. Iterative, with an explicit stack: a value
 * nested 100,000 deep is written like any other (no stack overflow, no silent failure), in time
 * and memory linear in its size. Returns `undefined` when the value holds the same object twice
 * (a cycle, or sharing that could grow the text exponentially), which parsed JSON never does.
 *
 * @example
 * canonicalJson({b: [1, ' x '], a: null}, (s) => s.trim()) // '{"a":null,"b":[1,"x"]}'
 */
export function canonicalJson(value: unknown, normalize: (text: string) => string): string | undefined {
  const out: string[] = []
  const seen = new Set<object>()
  // Work items, last first: a value to write, or literal text.
  const work: Array<{value: unknown} | string> = [{value}]
  while (work.length > 0) {
    const item = work.pop()!
    if (typeof item === 'string') {
      out.push(item)
      continue
    }
    const current = item.value
    if (typeof current === 'string') out.push(JSON.stringify(normalize(current)))
    else if (current === null || typeof current !== 'object') out.push(JSON.stringify(current) ?? 'null')
    else {
      if (seen.has(current)) return undefined
      seen.add(current)
      if (Array.isArray(current)) {
        work.push(']')
        for (let i = current.length - 1; i >= 0; i--) work.push({value: current[i]}, ...(i > 0 ? [','] : []))
        out.push('[')
      } else {
        const entries = Object.entries(current)
          .filter(([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol')
          .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
        work.push('}')
        for (let i = entries.length - 1; i >= 0; i--)
          work.push({value: entries[i]![1]}, `${i > 0 ? ',' : ''}${JSON.stringify(entries[i]![0])}:`)
        out.push('{')
      }
    }
  }
  return out.join('')
}
