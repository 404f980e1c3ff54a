import {fc, test} from '@fast-check/vitest'
import {describe, expect, it} from 'vitest'
import {OptionsError, type SafeParseResult, parseDocument, safeParseDocument, safeParseJob} from '../../src/index.js'
import {documentArb} from '../helpers/arbitraries.js'

const EXAMPLE = () => JSON.parse(JSON.stringify(fc.sample(documentArb, {numRuns: 1, seed: 7})[0])) as any

/** The one issue of a failed parse, as `pointer code message`. */
function only(result: SafeParseResult<unknown>): string {
  expect(result.success).toBe(false)
  if (result.success) return ''
  return result.error.issues.map((i) => `${i.pointer} ${i.code} ${i.message}`).join('\n')
}

describe('values that JSON text cannot hold get an issue, not a hang or a throw', () => {
  it('a cycle', () => {
    const doc = EXAMPLE()
    doc.extraction.self = doc
    expect(only(safeParseDocument(doc))).toBe(
      '/extraction/self cyclic_value expected a tree of values, got a reference back to (root) (a cycle)'
    )
    const pages: any[] = []
    pages.push({page: 1, blocks: pages})
    expect(only(safeParseDocument({...doc, extraction: EXAMPLE().extraction, pages}))).toBe(
      '/pages/0/blocks cyclic_value expected a tree of values, got a reference back to pages (a cycle)'
    )
  })

  it('a getter that throws, and a revoked proxy', () => {
    const doc = EXAMPLE()
    Object.defineProperty(doc.source, 'filename', {
      enumerable: true,
      get() {
        throw new Error('boom')
      }
    })
    expect(only(safeParseDocument(doc))).toBe(
      '/source/filename unreadable_value expected a value that can be read, got an exception while reading it'
    )
    const {proxy, revoke} = Proxy.revocable({}, {})
    revoke()
    expect(only(safeParseDocument(proxy))).toBe(' unreadable_value expected a value that can be read, got an exception while reading it')
    expect(only(safeParseDocument({...EXAMPLE(), pages: [proxy]}))).toBe(
      '/pages/0 unreadable_value expected a value that can be read, got an exception while reading it'
    )
  })

  it('a getter that throws only on the second read: the exception becomes an issue', () => {
    const doc = EXAMPLE()
    let reads = 0
    Object.defineProperty(doc.source, 'filename', {
      enumerable: true,
      get() {
        if (reads++ > 0) throw new RangeError('second read')
        return 'a.pdf'
      }
    })
    expect(only(safeParseDocument(doc))).toBe(
      ' unexpected_exception expected a value that validates without an exception, got RangeError: second read'
    )
  })

  it('a sparse array', () => {
    const doc = EXAMPLE()
    const pages: unknown[] = []
    pages[1_000_000_000] = doc.pages[0]
    expect(only(safeParseDocument({...doc, pages}))).toBe('/pages/0 sparse_array expected a value, got a hole (a sparse array)')
  })

  it('shared references that multiply the work', () => {
    let bomb: unknown[] = ['x']
    for (let i = 0; i < 40; i++) bomb = [bomb, bomb]
    expect(only(safeParseDocument({...EXAMPLE(), extra: bomb}))).toMatch(
      /^ too_many_shared_references expected at most 1000000 values reached again through shared references, got \d+$/
    )
    // A little sharing is fine: the same bbox array in every block.
    const doc = EXAMPLE()
    const bbox = [0, 0, 1, 1]
    for (const page of doc.pages) for (const block of page.blocks) block.bbox = bbox
    expect(safeParseDocument(doc).success).toBe(true)
  })

  it('huge nesting, as a value and as text', () => {
    let deep: unknown = 1
    for (let i = 0; i < 20_000; i++) deep = {a: [deep]}
    expect(safeParseDocument({...EXAMPLE(), deep}).success).toBe(true)
    expect(safeParseDocument({...EXAMPLE(), deep}, {mode: 'strict'}).success).toBe(false)
    const text = JSON.stringify({...EXAMPLE(), deep: 0}).replace('"deep":0', `"deep":${'['.repeat(20_000)}${']'.repeat(20_000)}`)
    expect(safeParseDocument(text).success).toBe(true)
    expect(only(safeParseDocument(text.slice(0, -1)))).toMatch(
      /^ invalid_json invalid JSON at line 1, column \d+ \(offset \d+\): unexpected end of input$/
    )
  })

  it('a __proto__ own key on a value', () => {
    const doc = EXAMPLE()
    Object.defineProperty(doc.source, '__proto__', {value: {}, enumerable: true})
    expect(only(safeParseDocument(doc))).toBe('/source/__proto__ unsafe_key expected no "__proto__" key (it is unsafe to copy)')
  })

  it('an invalid mode is the one thing that throws, as OptionsError', () => {
    expect(() => safeParseDocument({}, {mode: 'loose' as 'strict'})).toThrow(
      new OptionsError('mode: expected "lenient" or "strict", got "loose"')
    )
    expect(() => parseDocument({}, null as never)).toThrow('Invalid document')
  })
})

/** Hostile wrappers around any value: proxies whose traps throw, getters that throw, holes, deep nesting, cycles. */
const hostile = (inner: fc.Arbitrary<unknown>) =>
  fc.oneof(
    inner,
    inner.map(
      (value) =>
        new Proxy(Object(value), {
          ownKeys: () => {
            throw new Error('trap')
          }
        })
    ),
    inner.map(
      (value) =>
        new Proxy(Object(value), {
          get: () => {
            throw new Error('trap')
          },
          getPrototypeOf: () => {
            throw new Error('trap')
          }
        })
    ),
    inner.map((value) =>
      Object.defineProperty({value}, 'pages', {
        enumerable: true,
        get: () => {
          throw new Error('getter')
        }
      })
    ),
    inner.map((value) => {
      const holes: unknown[] = [value]
      holes[5] = value
      return holes
    }),
    inner.map((value) => {
      let deep: unknown = value
      for (let i = 0; i < 5000; i++) deep = i % 2 ? [deep] : {deep}
      return deep
    }),
    inner.map((value) => {
      const cycle: Record<string, unknown> = {value}
      cycle.self = {back: cycle}
      return cycle
    })
  )

/** Any value at the top, or in place of any part of a valid document. */
const anyInput = fc.oneof(
  hostile(
    fc.anything({
      withBigInt: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withTypedArray: true,
      withSparseArray: true,
      withNullPrototype: true,
      withBoxedValues: true
    })
  ),
  fc
    .tuple(documentArb, fc.integer({min: 0, max: 2}), hostile(fc.anything({withSparseArray: true, withNullPrototype: true})))
    .map(([doc, where, value]) => {
      const copy = structuredClone(doc) as any
      if (where === 0) copy.source = value
      else if (where === 1 && copy.pages[0]) copy.pages[0].blocks = [value]
      else copy.extraction.per_page_failures = [value]
      return copy
    })
)

test.prop([anyInput, fc.constantFrom('lenient' as const, 'strict' as const)], {numRuns: 400})(
  'safeParseDocument and safeParseJob never throw, on any value',
  (input, mode) => {
    for (const parse of [safeParseDocument, safeParseJob]) {
      const result = parse(input, {mode})
      expect(typeof result.success).toBe('boolean')
      if (!result.success) expect(result.error.issues.length).toBeGreaterThan(0)
    }
  }
)
