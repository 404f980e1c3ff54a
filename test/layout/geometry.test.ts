import {describe, expect, it} from 'vitest'
import {type BBox, type Block, OptionsError, area, blocksInRegion, convertBBox, intersection, iou, parseDocument} from '../../src/index.js'
import {makeBlock} from '../helpers/blocks.js'
import {EXAMPLE, readJsonFile} from '../helpers/paths.js'

const box = (id: string, bbox: BBox): Block => makeBlock('paragraph', {id, bbox, text: id, reading_order_index: 0})

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

describe('blocksInRegion options', () => {
  it('rejects an unknown match or direction with OptionsError', () => {
    const page = {page: 1, blocks: [box('a', [0.1, 0.1, 0.4, 0.2])]}
    expect(() => blocksInRegion(page, [0, 0, 1, 1], {match: 'near' as 'contains'})).toThrow(
      new OptionsError('match: expected "contains" or "intersects", got "near"')
    )
    expect(() => blocksInRegion(page, [0, 0, 1, 1], {direction: 'up' as 'ltr'})).toThrow(OptionsError)
  })
})
