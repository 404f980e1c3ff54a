// README, "Reading order" and `sortByReadingOrder`: with `by: 'geometry'` the blocks come in layout
// order AND their reading_order_index is rewritten to agree ("the page's own numbers, sorted, when
// they are distinct …; else from the page's smallest, one by one"), so whatever sorts by index again
// reads the layout order: `renderMarkdown(sortByReadingOrder(doc, {by: 'geometry'}))` is
// `renderMarkdown(doc, {order: 'geometry'})` (`filter --order geometry | render`: the same markdown).
// Blocks whose index does not change are shared; the input is untouched.
import {fc, test} from '@fast-check/vitest'
import {describe, expect} from 'vitest'
import {type Document, inferReadingOrder, renderMarkdown, sortByReadingOrder} from '../../src/index.js'
import {documentArb, deepFreeze} from '../helpers/arbitraries.js'

const MAX = Number.MAX_SAFE_INTEGER
// Indexes as extractors write them (small, often repeated), numbered across pages, and at the top
// of the range the contract allows (z.int(): safe integers).
const indexesArb = fc.oneof(
  fc.constant<'keep'>('keep'),
  fc.constant<'across'>('across'),
  {arbitrary: fc.constantFrom(MAX, MAX - 1, MAX - 3).map((top) => ({top})), weight: 2}
)

function withIndexes(doc: Document, how: 'keep' | 'across' | {top: number}): Document {
  if (how === 'keep') return doc
  let next = 0
  return {
    ...doc,
    pages: doc.pages.map((page) => ({
      ...page,
      blocks: page.blocks.map((block, i) => ({
        ...block,
        reading_order_index: how === 'across' ? 10 + 3 * next++ : how.top - (i % 3)
      }))
    }))
  }
}

describe('sortByReadingOrder by geometry', () => {
  test.prop([documentArb, indexesArb, fc.constantFrom('auto' as const, 'ltr' as const, 'rtl' as const)], {numRuns: 200})(
    'layout order with indexes that agree; sorting by index again, and rendering, read that order',
    (generated, how, direction) => {
      const doc = deepFreeze(withIndexes(generated, how))
      const sorted = sortByReadingOrder(doc, {by: 'geometry', direction})
      sorted.pages.forEach((page, p) => {
        const original = doc.pages[p]!
        const layout = inferReadingOrder(original, {direction})
        expect(page.blocks.map((b) => b.id)).toEqual(layout.map((b) => b.id))
        const numbers = original.blocks.map((b) => b.reading_order_index).sort((x, y) => x - y)
        const distinct = numbers.every((n, i) => i === 0 || n > numbers[i - 1]!)
        const indexes = page.blocks.map((b) => b.reading_order_index)
        // Strictly ascending safe integers (so an index sort keeps the order), as the README says.
        for (const [i, n] of indexes.entries()) {
          expect(Number.isSafeInteger(n) && n >= 0).toBe(true)
          if (i > 0) expect(n).toBeGreaterThan(indexes[i - 1]!)
        }
        if (distinct) expect(indexes).toEqual(numbers)
        // One by one from the smallest; lowered where that would pass the largest safe integer
        // (found by this property: 2^53 and 2^53 + 1 were written, an invalid document).
        else expect(indexes).toEqual(numbers.map((_, i) => Math.min(numbers[0]!, MAX - (numbers.length - 1)) + i))
        page.blocks.forEach((block, i) => {
          const same = layout[i]!
          if (same.reading_order_index === block.reading_order_index) expect(block).toBe(same)
          else expect({...block, reading_order_index: same.reading_order_index}).toEqual(same)
        })
      })
      expect(sortByReadingOrder(sorted).pages.map((page) => page.blocks)).toEqual(sorted.pages.map((page) => page.blocks))
      expect(renderMarkdown(sorted)).toBe(renderMarkdown(doc, {order: 'geometry', direction}))
    }
  )
})
