// pagesByNumber (src/cli/paged.ts): where each page number's pages are, from the number at each
// position, as the Map of lists it replaces said (diff and preview page by page).
import {fc, test} from '@fast-check/vitest'
import {describe, expect} from 'vitest'
import {pagesByNumber} from '../../src/cli/paged.js'

describe('pagesByNumber', () => {
  test.prop([fc.array(fc.integer({min: 1, max: 12}), {maxLength: 40})], {numRuns: 300})(
    'the positions of each number in the array order, and every number ascending once',
    (numbers) => {
      const index = pagesByNumber(numbers)
      const distinct = [...new Set(numbers)].sort((a, b) => a - b)
      expect(index.numbers()).toEqual(distinct)
      for (let number = 0; number <= 13; number++)
        expect(index.positions(number)).toEqual([...numbers.keys()].filter((position) => numbers[position] === number))
    }
  )
})
