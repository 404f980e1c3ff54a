import {fc, test} from '@fast-check/vitest'
import {describe, expect, it} from 'vitest'
import {
  type Block,
  type Document,
  OptionsError,
  blocksInReadingOrder,
  checkDocument,
  compareBlocks,
  iterateBlocks,
  parseDocument,
  sortByReadingOrder
} from '../../src/index.js'
import {documentArb, shuffle} from '../helpers/arbitraries.js'
import {makeBlock} from '../helpers/blocks.js'
import {EXAMPLE, readJsonFile} from '../helpers/paths.js'

const at = (page: number, index: number, bbox: [number, number, number, number], id: string): Block =>
  makeBlock('paragraph', {id, page, reading_order_index: index, bbox, text: id})
const docOf = (pages: Array<{page: number; blocks: Block[]}>): Document => ({...parseDocument(readJsonFile(EXAMPLE)), pages})

describe('sortByReadingOrder', () => {
  it('orders by page, reading_order_index, then top, left and id', () => {
    const blocks = [
      at(2, 0, [0, 0, 1, 1], 'p2'),
      at(1, 1, [0, 0, 1, 1], 'late'),
      at(1, 0, [0.5, 0.2, 1, 1], 'right'),
      at(1, 0, [0.1, 0.2, 1, 1], 'left'),
      at(1, 0, [0.1, 0.1, 1, 1], 'top'),
      at(1, 0, [0.1, 0.2, 1, 1], 'a-tie')
    ]
    const doc = docOf([
      {page: 2, blocks: [blocks[0]!]},
      {page: 1, blocks: blocks.slice(1)}
    ])
    expect(blocksInReadingOrder(doc).map((b) => b.id)).toEqual(['top', 'a-tie', 'left', 'right', 'late', 'p2'])
    expect([...iterateBlocks(doc)].map(({block, page}) => `${page.page}:${block.id}`)).toEqual([
      '1:top',
      '1:a-tie',
      '1:left',
      '1:right',
      '1:late',
      '2:p2'
    ])
  })

  it('breaks a full tie (a duplicated id) by content, so input order never matters', () => {
    const a = at(1, 0, [0, 0, 1, 1], 'dup')
    const b = {...a, text: 'another text'}
    expect(compareBlocks(a, b)).not.toBe(0)
    expect(Math.sign(compareBlocks(b, a))).toBe(-Math.sign(compareBlocks(a, b)))
    expect(compareBlocks(a, {...a})).toBe(0)
  })

  it('rejects an unknown order', () => {
    expect(() => sortByReadingOrder(docOf([]), {by: 'magic' as 'index'})).toThrow(
      new OptionsError('by: expected "index" or "geometry", got "magic"')
    )
    expect(() => sortByReadingOrder(docOf([]), {by: 'magic' as 'index'})).toThrow(OptionsError)
  })

  test.prop([documentArb, fc.integer()], {numRuns: 200})(
    'is a permutation, idempotent, and independent of the input order',
    (doc, seed) => {
      const before = JSON.stringify(doc)
      const sorted = sortByReadingOrder(doc)
      expect(JSON.stringify(doc)).toBe(before)
      sorted.pages.forEach((page) => {
        const original = doc.pages.find((p) => p === page || p.page === page.page)!
        expect([...page.blocks].sort(compareBlocks)).toEqual(page.blocks)
        expect(new Set(page.blocks)).toEqual(new Set(original.blocks))
      })
      expect(sortByReadingOrder(sorted)).toEqual(sorted)
      const shuffled = {...doc, pages: shuffle(doc.pages, seed).map((page, i) => ({...page, blocks: shuffle(page.blocks, seed + i)}))}
      expect(sortByReadingOrder(shuffled)).toEqual(sorted)
      expect(sorted.pages.map((p) => p.page)).toEqual([...doc.pages.map((p) => p.page)].sort((x, y) => x - y))
    }
  )
})

describe('reading order vs geometry check', () => {
  // Two columns of two paragraphs each, rows aligned.
  const L1 = [0.05, 0.1, 0.45, 0.2] as const
  const R1 = [0.55, 0.1, 0.95, 0.2] as const
  const L2 = [0.05, 0.25, 0.45, 0.35] as const
  const R2 = [0.55, 0.25, 0.95, 0.35] as const
  const page = (order: string[]) => {
    const boxes: Record<string, readonly number[]> = {L1, R1, L2, R2}
    return docOf([{page: 1, blocks: order.map((id, i) => at(1, i, [...boxes[id]!] as [number, number, number, number], id))}])
  }
  const codes = (doc: Document) => checkDocument(doc).map((w) => `${w.code} ${w.pointer}`)

  it('is quiet when the indexes read column by column', () => {
    expect(codes(page(['L1', 'L2', 'R1', 'R2']))).toEqual([])
  })
  it('flags indexes that jump between columns and back', () => {
    expect(codes(page(['L1', 'R1', 'L2', 'R2']))).toEqual(['reading_order_contradicts_geometry /pages/0/blocks/2'])
  })
})
