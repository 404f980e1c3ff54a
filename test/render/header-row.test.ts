import {fc, test} from '@fast-check/vitest'
import {describe, expect} from 'vitest'
import {render} from '../../src/index.js'
import {doc, onePathProblems} from '../helpers/render-checks.js'
import {blankHeaderTableArb, emptyHeaderRows, tableHasText} from '../helpers/tables.js'

describe('the header row of a table', () => {
  test.prop([blankHeaderTableArb()], {numRuns: 300})(
    'has text whenever the table has (micromark, markdown-it), on both paths; a table without text renders as its first row',
    (table) => {
      const input = doc([table as unknown as Record<string, unknown>])
      const {markdown} = render(input)
      expect(onePathProblems(input, {})).toEqual([])
      expect(onePathProblems(input, {sourceMap: true})).toEqual([])
      if (tableHasText(table)) expect(emptyHeaderRows(markdown)).toEqual([])
      else {
        // No text anywhere: as before, the first row (blank headers count as none) is the header row, and
        // its blank cells keep the table's shape; nothing without cells.
        const [first, ...rest] = table.rows.length > 0 ? table.rows : [table.headers]
        const width = Math.max(first!.length, ...rest.map((row) => row.length))
        expect(markdown === '').toBe(width === 0)
      }
    }
  )
})
