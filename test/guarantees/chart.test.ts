// README, "Markdown rendering", `chart`: "a GFM table: … one row per category and one column per
// series; `null` → empty cell; numbers in JavaScript's shortest round-trip form (`0.25`, `1e+21`,
// `-0` → `0`). When that grid would be mostly missing values … the table turns round: one row per
// series holding just its values, under a header of the categories", and "Nothing silently lost":
// a value past the categories has no cell, and says so (`chart_values_dropped`). Read back by
// micromark (remark-parse + GFM), over generated charts.
import type {Root, Table} from 'mdast'
import {toString} from 'mdast-util-to-string'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import {fc, test} from '@fast-check/vitest'
import {describe, expect, it} from 'vitest'
import {render} from '../../src/index.js'
import {doc} from '../helpers/render-checks.js'

const parser = unified().use(remarkParse).use(remarkGfm)
const nameArb = fc.constantFrom('Q1', 'EU', 'a | b', '*x*', '2024', 'Net - 1', '', '🙂')
const valueArb = fc.option(
  fc.oneof(
    fc.constantFrom(-0, 0, 0.25, 1e21, -1e-7, 0.1 + 0.2, Number.MAX_VALUE, Number.MIN_VALUE, 123456789012),
    fc.double({noNaN: true, noDefaultInfinity: true}),
    fc.integer()
  ),
  {nil: null, freq: 4}
)
// Few categories (series often longer than them) or many (sparse series: the grid turns round).
const chartArb = fc.record({
  categories: fc.oneof(fc.array(nameArb, {maxLength: 3}), fc.array(nameArb, {minLength: 7, maxLength: 12})),
  series: fc.array(
    fc.record({
      name: nameArb,
      values: fc.oneof({arbitrary: fc.array(valueArb, {maxLength: 5}), weight: 5}, {arbitrary: fc.array(valueArb, {minLength: 8, maxLength: 14}), weight: 1})
    }),
    {maxLength: 6}
  )
})

const shown = (value: number | null | undefined) => (value === null || value === undefined ? '' : Object.is(value, -0) ? '0' : String(value))

describe('chart blocks', () => {
  test.prop([chartArb], {numRuns: 150})('every value with a category in its cell, as JavaScript writes it; the rest warned', ({categories, series}) => {
    const {markdown, warnings} = render(doc([{type: 'chart', chart_type: 'bar', categories, series}]))
    const C = categories.length
    const S = series.length
    const given = series.reduce((n, each) => n + Math.min(each.values.length, C), 0)
    const over = series.filter((each) => each.values.length > C)
    expect(warnings.map((w) => w.code)).toEqual(over.length > 0 ? ['chart_values_dropped'] : [])
    const tree = parser.parse(markdown) as Root
    if (S === 0 && C === 0) return
    const table = tree.children.find((node): node is Table => node.type === 'table')
    expect(table).toBeDefined()
    const grid = table!.children.map((row) => row.children.map((cell) => toString(cell)))
    const cell = (r: number, c: number) => grid[r]?.[c] ?? ''
    const dense = C * S <= 2 * (given + C + S)
    if (dense) {
      // Header: a blank corner, then the series; a row per category.
      expect(grid[0]!.slice(0, S + 1)).toEqual(['', ...series.map((each) => each.name.trim())])
      expect(grid).toHaveLength(1 + C)
      categories.forEach((category, i) => {
        expect(cell(i + 1, 0)).toBe(category.trim())
        series.forEach((each, s) => expect(cell(i + 1, s + 1)).toBe(shown(each.values[i])))
      })
    } else {
      // Turned round: a header of the categories, a row per series with just its values.
      expect(grid[0]!.slice(0, C + 1)).toEqual(['', ...categories.map((category) => category.trim())])
      expect(grid).toHaveLength(1 + S)
      series.forEach((each, s) => {
        expect(cell(s + 1, 0)).toBe(each.name.trim())
        for (let i = 0; i < C; i++) expect(cell(s + 1, i + 1)).toBe(shown(each.values[i]))
        expect(table!.children[s + 1]!.children.length).toBeLessThanOrEqual(1 + Math.min(each.values.length, C) || 1)
      })
    }
  })

  it('turned round, a series longer than the categories: its values past them are left out, and said', () => {
    const categories = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8']
    const series = [{name: 'long', values: [1, 2, 3, 4, 5, 6, 7, 8, 9]}, ...['a', 'b', 'c', 'd', 'e'].map((name) => ({name, values: []}))]
    const {markdown, warnings} = render(doc([{type: 'chart', chart_type: 'bar', categories, series}]))
    expect(markdown).toBe('| | c1 | c2 | c3 | c4 | c5 | c6 | c7 | c8 |\n| - | - | - | - | - | - | - | - | - |\n| long | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 |\n| a |\n| b |\n| c |\n| d |\n| e |\n')
    expect(warnings).toEqual([
      {
        code: 'chart_values_dropped',
        blockId: 'b0',
        message: 'a series has more values than the chart\'s 8 categories ("long": 9); the values without a category are left out'
      }
    ])
  })
})
