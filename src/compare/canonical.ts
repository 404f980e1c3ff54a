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
  // Work, last first: values to write, and literal text between them (no data value is a Literal).
  const work: unknown[] = [value]
  while (work.length > 0) {
    const current = work.pop()
    if (current instanceof Literal) out.push(current.text)
    else if (typeof current === 'string') out.push(JSON.stringify(normalize(current)))
    else if (current === null || typeof current !== 'object') out.push(JSON.stringify(current) ?? 'null')
    else {
      if (seen.has(current)) return undefined
      seen.add(current)
      if (Array.isArray(current)) {
        work.push(CLOSE_ARRAY)
        for (let i = current.length - 1; i >= 0; i--) {
          // A hole or an undefined item is written as `null`, as JSON.stringify does.
          work.push(current[i] === undefined ? null : current[i])
          if (i > 0) work.push(COMMA)
        }
        out.push('[')
      } else {
        const record = current as Record<string, unknown>
        const keys = Object.keys(record).filter((key) => {
          const v = record[key]
          return v !== undefined && typeof v !== 'function' && typeof v !== 'symbol'
        })
        if (keys.length > 1) keys.sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))
        work.push(CLOSE_OBJECT)
        for (let i = keys.length - 1; i >= 0; i--)
          work.push(record[keys[i]!], new Literal(`${i > 0 ? ',' : ''}${JSON.stringify(keys[i])}:`))
        out.push('{')
      }
    }
  }
  return out.join('')
}

class Literal {
  constructor(readonly text: string) {}
}
const COMMA = new Literal(',')
const CLOSE_ARRAY = new Literal(']')
const CLOSE_OBJECT = new Literal('}')
