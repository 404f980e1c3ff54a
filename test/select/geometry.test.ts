import {fc, test} from '@fast-check/vitest'
import {describe, expect, it} from 'vitest'
import {
  type BBox,
  type Block,
  type Document,
  OptionsError,
  area,
  blocksInRegion,
  convertBBox,
  inferReadingOrder,
  intersection,
  iou,
  parseDocument,
  sortByReadingOrder
} from '../../src/index.js'
import {shuffle} from '../helpers/arbitraries.js'
import {makeBlock} from '../helpers/blocks.js'
import {CORPUS, EXAMPLE, corpusPath, readJsonFile} from '../helpers/paths.js'
import {readFileSync} from 'node:fs'

const box = (id: string, bbox: BBox, type: 'paragraph' | 'page_header' | 'page_footer' | 'heading' = 'paragraph'): Block =>
  makeBlock(type, {id, bbox, text: id, reading_order_index: 0})

describe('geometry helpers', () => {
  it('computes area, intersection and IoU', () => {
    expect(area([0, 0, 0.5, 0.5])).toBe(0.25)
    expect(intersection([0, 0, 0.5, 0.5], [0.25, 0.25, 1, 1])).toEqual([0.25, 0.25, 0.5, 0.5])
    expect(intersection([0, 0, 0.2, 0.2], [0.5, 0.5, 1, 1])).toBeNull()
    expect(iou([0, 0, 0.5, 0.5], [0.25, 0.25, 0.75, 0.75])).toBeCloseTo(0.0625 / 0.4375)
    expect(iou([0, 0, 0, 0], [0, 0, 0, 0])).toBe(0)
  })

  it('converts a normalized bbox to inches, points and pixels from page_sizes', () => {
    const doc = parseDocument(readJsonFile(EXAMPLE))
    const title = doc.pages[0]!.blocks[1]!
    expect(convertBBox(doc, title).map((v) => +v.toFixed(3))).toEqual([0.68, 0.66, 5.95, 1.1])
    expect(convertBBox(doc, title, {unit: 'points'}).map((v) => +v.toFixed(2))).toEqual([48.96, 47.52, 428.4, 79.2])
    expect(convertBBox(doc, title, {unit: 'pixels', dpi: 300}).map((v) => Math.round(v))).toEqual([204, 198, 1785, 330])
    expect(() => convertBBox(doc, {...title, bbox_units: 'px'})).toThrow(OptionsError)
    expect(() => convertBBox(doc, {...title, page: 9})).toThrow('page 9 has no entry in source.page_sizes')
  })

  it('finds the blocks inside or overlapping a region, in reading order', () => {
    const page = {page: 1, blocks: [box('b', [0.1, 0.6, 0.4, 0.7]), box('a', [0.1, 0.1, 0.4, 0.2]), box('c', [0.3, 0.45, 0.9, 0.55])]}
    expect(blocksInRegion(page, [0, 0, 1, 0.5]).map((b) => b.id)).toEqual(['a'])
    expect(blocksInRegion(page, [0, 0, 1, 0.5], {match: 'intersects'}).map((b) => b.id)).toEqual(['a', 'c'])
  })
})

/** A page of `columns` columns, with a spanning title, optionally a spanning figure halfway, header and footer. */
const layoutArb = fc
  .record({
    columns: fc.integer({min: 1, max: 3}),
    above: fc.array(fc.integer({min: 1, max: 4}), {minLength: 3, maxLength: 3}),
    below: fc.array(fc.integer({min: 0, max: 3}), {minLength: 3, maxLength: 3}),
    figure: fc.boolean(),
    seed: fc.integer()
  })
  .map(({columns, above, below, figure, seed}) => {
    const expected: Block[] = []
    const width = 0.9 / columns
    const stack = (counts: number[], top: number, bottom: number, tag: string) => {
      for (let c = 0; c < columns; c++) {
        const n = counts[c]!
        const height = (bottom - top) / Math.max(n, 1)
        for (let i = 0; i < n; i++)
          expected.push(
            box(`${tag}${c}.${i}`, [0.05 + c * width, top + i * height, 0.05 + (c + 1) * width - 0.02, top + (i + 1) * height - 0.01])
          )
      }
    }
    const header = box('header', [0.05, 0.01, 0.95, 0.03], 'page_header')
    expected.push(box('title', [0.05, 0.05, 0.95, 0.1], 'heading'))
    stack(above, 0.12, figure ? 0.5 : 0.9, 'A')
    if (figure) {
      expected.push(box('figure', [0.05, 0.52, 0.95, 0.6]))
      stack(below, 0.62, 0.9, 'B')
    }
    const footer = box('footer', [0.4, 0.95, 0.6, 0.98], 'page_footer')
    const all = [header, ...expected, footer]
    return {
      expected: all.map((b) => b.id),
      page: {page: 1, blocks: shuffle(all, seed).map((b, i) => ({...b, reading_order_index: (i * 7) % all.length}))}
    }
  })

describe('inferReadingOrder (XY-cut)', () => {
  test.prop([layoutArb], {numRuns: 300})(
    'reads generated 1-, 2- and 3-column pages column by column, around spanning blocks',
    ({expected, page}) => {
      expect(inferReadingOrder(page).map((b) => b.id)).toEqual(expected)
    }
  )

  it('reads a real-looking two-column page with a full-width figure', () => {
    const page = {
      page: 1,
      blocks: [
        box('foot', [0.45, 0.96, 0.55, 0.98], 'page_footer'),
        box('r2', [0.52, 0.72, 0.92, 0.9]),
        box('l2', [0.08, 0.72, 0.48, 0.88]),
        box('fig', [0.08, 0.42, 0.92, 0.68]),
        box('r1b', [0.52, 0.26, 0.92, 0.4]),
        box('r1a', [0.52, 0.12, 0.92, 0.25]),
        box('l1', [0.08, 0.12, 0.48, 0.39]),
        box('title', [0.2, 0.04, 0.8, 0.09], 'heading')
      ]
    }
    expect(inferReadingOrder(page).map((b) => b.id)).toEqual(['title', 'l1', 'r1a', 'r1b', 'fig', 'l2', 'r2', 'foot'])
  })

  it('agrees with the real documents’ reading order on every page, captions aside', () => {
    // docling reads a figure before the caption above it; geometry reads top to bottom.
    const withoutCaptions = (doc: Document) => doc.pages.map((p) => p.blocks.filter((b) => b.type !== 'caption').map((b) => b.id))
    for (const name of CORPUS) {
      const doc = parseDocument(readFileSync(corpusPath(name)))
      expect(withoutCaptions(sortByReadingOrder(doc, {by: 'geometry'})), name).toEqual(withoutCaptions(sortByReadingOrder(doc)))
    }
  })
})
