// README, `area`, `intersection`, `iou`: "area; overlap box or null; intersection over union" (the
// TSDoc: IoU in [0, 1], 0 for disjoint or empty boxes); `convertBBox`: "a normalized bbox in
// options.unit 'inches' (default), 'points' or 'pixels' at options.dpi (default 72), from
// source.page_sizes"; `blockStats`: block counts by type and text source, a 10-bin confidence
// histogram, the lowest and mean confidence, the share of inferred text.
import {fc, test} from '@fast-check/vitest'
import {describe, expect} from 'vitest'
import {type BBox, TEXT_BLOCK_TYPES, area, blockStats, convertBBox, intersection, iou} from '../../src/index.js'
import {documentArb} from '../helpers/arbitraries.js'

const coordinate = fc.oneof(fc.double({min: 0, max: 1, noNaN: true}), fc.integer({min: 0, max: 8}).map((n) => n / 8))
const boxArb = fc
  .tuple(coordinate, coordinate, coordinate, coordinate)
  .map(([a, b, c, d]): BBox => [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)])

describe('geometry', () => {
  test.prop([boxArb, boxArb], {numRuns: 500})('intersection and IoU: symmetric, inside both boxes, IoU in [0, 1] and 1 for a box with itself', (a, b) => {
    const overlap = intersection(a, b)
    expect(intersection(b, a)).toEqual(overlap)
    expect(iou(a, b)).toBe(iou(b, a))
    expect(iou(a, b)).toBeGreaterThanOrEqual(0)
    expect(iou(a, b)).toBeLessThanOrEqual(1)
    if (overlap === null) expect(iou(a, b)).toBe(0)
    else {
      expect(overlap[0] >= a[0] && overlap[0] >= b[0] && overlap[2] <= a[2] && overlap[2] <= b[2]).toBe(true)
      expect(overlap[1] >= a[1] && overlap[1] >= b[1] && overlap[3] <= a[3] && overlap[3] <= b[3]).toBe(true)
      // Positive extents; the area may underflow to 0 (5e-324 high), which IoU reads as empty.
      expect(overlap[0] < overlap[2] && overlap[1] < overlap[3]).toBe(true)
      expect(area(overlap)).toBeLessThanOrEqual(Math.min(area(a), area(b)))
    }
    expect(iou(a, a)).toBe(area(a) > 0 ? 1 : 0)
  })

  test.prop(
    [documentArb, fc.constantFrom(undefined, 'inches', 'points', 'pixels'), fc.option(fc.double({min: 1, max: 1200, noNaN: true}), {nil: undefined})],
    {numRuns: 100}
  )('convertBBox: the fractions of the page size, in inches × 1, 72 or dpi (72 by default)', (doc, unit, dpi) => {
    const scale = unit === 'points' ? 72 : unit === 'pixels' ? (dpi ?? 72) : 1
    for (const page of doc.pages)
      for (const block of page.blocks) {
        const [width, height] = doc.source.page_sizes[block.page - 1]!
        const [x0, y0, x1, y1] = block.bbox
        const converted = convertBBox(doc, block, {...(unit ? {unit} : {}), ...(dpi ? {dpi} : {})})
        const expected = [x0 * width, y0 * height, x1 * width, y1 * height].map((v) => v * scale)
        converted.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 9))
      }
  })
})

describe('blockStats', () => {
  test.prop([documentArb, fc.array(fc.integer({min: 0, max: 100}), {maxLength: 20})], {numRuns: 200})('every block counted once in each tally; the histogram bins, lowest, mean and shares agree with the blocks', (generated, hundredths) => {
    // Confidences on a grid of hundredths too (fast-check's doubles keep near 0 and 1), bin edges included.
    let k = 0
    const doc =
      hundredths.length === 0
        ? generated
        : {...generated, pages: generated.pages.map((page) => ({...page, blocks: page.blocks.map((b) => ({...b, confidence: hundredths[k++ % hundredths.length]! / 100}))}))}
    const stats = blockStats(doc)
    const blocks = doc.pages.flatMap((page) => page.blocks)
    const sum = (values: number[]) => values.reduce((n, v) => n + v, 0)
    expect(stats.pages).toBe(doc.pages.length)
    expect(stats.blocks).toBe(blocks.length)
    expect(sum(Object.values(stats.byType))).toBe(blocks.length)
    expect(Object.keys(stats.byType)).toEqual([...new Set(blocks.map((b) => b.type))].sort())
    for (const [type, n] of Object.entries(stats.byType)) expect(n).toBe(blocks.filter((b) => b.type === type).length)
    expect(sum(Object.values(stats.byTextSource))).toBe(blocks.length)
    expect(stats.confidenceHistogram).toHaveLength(10)
    expect(sum(stats.confidenceHistogram)).toBe(blocks.length)
    stats.confidenceHistogram.forEach((n, bin) =>
      expect(n).toBe(blocks.filter((b) => (bin === 9 ? b.confidence >= 0.9 : b.confidence >= bin / 10 && b.confidence < (bin + 1) / 10)).length)
    )
    if (blocks.length === 0) expect([stats.minConfidence, stats.meanConfidence]).toEqual([null, null])
    else {
      expect(stats.minConfidence).toBe(Math.min(...blocks.map((b) => b.confidence)))
      expect(stats.meanConfidence!).toBeCloseTo(sum(blocks.map((b) => b.confidence)) / blocks.length, 12)
    }
    const texts = blocks.filter((b) => (TEXT_BLOCK_TYPES as readonly string[]).includes(b.type) && typeof (b as {text?: unknown}).text === 'string')
    const inferred = texts.filter((b) => b.text_source === 'inferred')
    const chars = (list: typeof blocks) => sum(list.map((b) => (b as {text: string}).text.length))
    expect(stats.inferredShare.blocks).toBe(texts.length === 0 ? null : inferred.length / texts.length)
    expect(stats.inferredShare.characters).toBe(chars(texts) === 0 ? null : chars(inferred) / chars(texts))
  })
})
