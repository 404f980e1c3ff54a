// README, `render` flags: "`--pages 1,3`, `2-5` (open ends `3-`, `-2`, for a lone range) or `1,3-5`
// as a print dialog takes them (at most 100,000 pages spelled out …)"; anything else is a usage error.
import {fc, test} from '@fast-check/vitest'
import {describe, expect} from 'vitest'
import {pagesFlag} from '../../src/cli/args.js'
import {UsageError} from '../../src/cli/errors.js'

const pad = fc.constantFrom('', ' ', '  ')
const pageArb = fc.oneof(fc.integer({min: 1, max: 60}), fc.integer({min: 1, max: Number.MAX_SAFE_INTEGER - 30}))
/** One part of a list: a page, or a range of up to 30 pages. */
const partArb = fc.record({from: pageArb, span: fc.option(fc.nat({max: 30}), {nil: undefined}), left: pad, right: pad})
const spell = (p: {from: number; span?: number; left: string; right: string}) =>
  `${p.left}${p.from}${p.span === undefined ? '' : `-${p.from + p.span}`}${p.right}`

describe('--pages', () => {
  test.prop([fc.array(partArb, {minLength: 1, maxLength: 8})], {numRuns: 400})(
    'a list: every page it spells, each once, in the order first spelled; a lone range: its ends',
    (parts) => {
      const value = parts.map(spell).join(',')
      const [only] = parts
      if (parts.length === 1 && only!.span !== undefined) {
        expect(pagesFlag(value)).toEqual({from: only!.from, to: only!.from + only!.span})
        return
      }
      const expected: number[] = []
      for (const {from, span = 0} of parts) for (let n = from; n <= from + span; n++) if (!expected.includes(n)) expected.push(n)
      expect(pagesFlag(value)).toEqual(expected)
    }
  )

  test.prop([pageArb, pad, pad], {numRuns: 100})('open ends: 3- and -2', (n, left, right) => {
    expect(pagesFlag(`${left}${n}-${right}`)).toEqual({from: n})
    expect(pagesFlag(`${left}-${n}${right}`)).toEqual({to: n})
  })

  test.prop([fc.integer({min: 1, max: 100_000}), fc.integer({min: 1, max: 1000})], {numRuns: 12})(
    'at most 100,000 pages spelled out in a list; a lone range has no bound',
    (first, start) => {
      // Two ranges spelling `first` and 100,000 − `first` + `extra` pages.
      const second = 100_000 - first
      const list = (extra: number) => `${start}-${start + first - 1},${start + first}-${start + first + second - 1 + extra}`
      if (second >= 1) expect(pagesFlag(list(0))).toHaveLength(100_000)
      const over = () => pagesFlag(second >= 1 ? list(1) : `${start}-${start + 100_000},${start}`)
      expect(over).toThrow(UsageError)
      expect(over).toThrow('(at most 100,000 pages in a list; a lone range has no bound)')
      expect(pagesFlag(`${start}-${start + 10_000_000}`)).toEqual({from: start, to: start + 10_000_000})
    }
  )

  test.prop(
    [
      fc.oneof(
        fc.constantFrom('', ' ', '-', ',', '0', '1,,2', '1-2-3', '3-2', '1,3-2', 'a', '1.5', '+1', '-1-', '1e3', '١', '２'),
        fc.nat({max: 50}).map((n) => `${n + 2}-${n + 1}`),
        fc.nat().map((n) => `${n},0`),
        fc.constantFrom('9007199254740992', '1-9007199254740992', '99999999999999999999')
      )
    ],
    {numRuns: 100}
  )('anything else is a usage error that shows the value', (value) => {
    expect(() => pagesFlag(value)).toThrow(UsageError)
    expect(() => pagesFlag(value)).toThrow(`got ${JSON.stringify(value)}`)
  })
})
