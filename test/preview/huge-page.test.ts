// Page sizes are numbers from the document with no upper bound: a huge page must cost what its
// blocks cost, never memory or time in proportion to its size.
import {spawnSync} from 'node:child_process'
import {parseHTML} from 'linkedom'
import {fc, test as property} from '@fast-check/vitest'
import {describe, expect, it} from 'vitest'
import {type Document, parseDocument, renderPageSvg, renderPreviewHtml} from '../../src/index.js'
import {EXAMPLE, readJsonFile, repoPath} from '../helpers/paths.js'

const example = parseDocument(JSON.stringify(readJsonFile(EXAMPLE)))
const sized = (side: number): Document => ({...example, source: {...example.source, page_sizes: example.source.page_sizes.map(() => [side, side])}})

describe('renderPreviewHtml on huge pages', () => {
  it('draws a block’s words on as many lines as its text needs, not as its box holds (1e300 inches: no RangeError)', () => {
    const html = renderPreviewHtml(sized(1e300), {order: false})
    const {document} = parseHTML(html)
    const words = [...document.querySelectorAll('text.words')]
    expect(words.length).toBeGreaterThan(0)
    for (const text of words) expect(text.querySelectorAll('tspan').length).toBeLessThanOrEqual(text.textContent!.length + 1)
    expect(html).toContain('Quarterly Report: Q3 2026')
  })
})

describe('renderPreviewHtml on huge pages, in a child process killed after 20 s (the hang was a synchronous loop)', {timeout: 60_000}, () => {
  it('places the order numbers of blocks on a 1e300-inch page (once past 2⁵³ points) and ends', () => {
    const script = `
      const {renderPreviewHtml, parseDocument} = await import(process.env.INDEX)
      const doc = parseDocument(process.env.DOC)
      const html = renderPreviewHtml(doc)
      console.log(html.match(/class="om"/g)?.length ?? 0)`
    const doc = JSON.stringify(sized(1e300))
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 20_000,
      killSignal: 'SIGKILL',
      env: {INDEX: repoPath('dist/index.js'), DOC: doc}
    })
    expect(run.signal).toBe(null)
    expect(run.stderr).toBe('')
    expect(Number(run.stdout)).toBe(sized(1e300).pages.reduce((n, page) => n + page.blocks.length, 0))
  })
})

describe('renderPageSvg on pages and boxes of any size', () => {
  // Sizes and coordinates from the whole range of doubles, where 72 × inches or a box's width overflows.
  const extreme = fc.oneof(
    fc.constantFrom(Number.MIN_VALUE, 1e-300, 1e-3, 1, 8.5, 200, 201, 1e5, 2.5e306, 1e307, Number.MAX_VALUE),
    fc.double({min: Number.MIN_VALUE, max: Number.MAX_VALUE, noNaN: true})
  )
  const coordinate = fc.oneof(extreme, extreme.map((value) => -value), fc.double({min: -2, max: 2, noNaN: true}))
  const unit = fc.double({min: 0, max: 1, noNaN: true})
  // Normalized boxes within the model's rule (each in [0, 1], x0 ≤ x1, y0 ≤ y1); absolute ones anything finite.
  const box = fc.oneof(
    fc.tuple(fc.constant('normalized'), fc.tuple(unit, unit, unit, unit).map(([a, b, c, d]): number[] => [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)])),
    fc.tuple(fc.constantFrom('pt', 'px', 'in', 'mm', 'furlongs'), fc.tuple(coordinate, coordinate, coordinate, coordinate))
  )
  // Every number the SVG holds: attributes' values and the viewBox's and polyline's lists.
  const numbers = (svg: string) => [...svg.matchAll(/ (?:x|y|cx|cy|width|height|viewBox|points)="([^"]*)"/g)].flatMap((m) => m[1]!.split(/[ ,]/))

  property.prop([fc.tuple(extreme, extreme), fc.array(box, {minLength: 1, maxLength: 4}), fc.boolean()], {numRuns: 300})(
    'every number in the drawing is finite: a page past 200 inches is drawn scaled down, a box that cannot be drawn is left out',
    ([wide, high], boxes, order) => {
      const page = example.pages[0]!
      const blocks = boxes.map(([bbox_units, bbox], i) => ({...page.blocks[i % page.blocks.length]!, id: `b${i}`, bbox_units, bbox, reading_order_index: i}))
      const doc = parseDocument(JSON.stringify({...example, source: {...example.source, page_sizes: [[wide, high]]}, pages: [{...page, blocks}]}))
      const svg = renderPageSvg(doc, page.page, {order})
      expect(svg).not.toMatch(/NaN|Infinity/)
      for (const value of numbers(svg)) expect(Number.isFinite(Number(value)), `${value} in ${svg.slice(0, 300)}`).toBe(true)
      const [, , viewWidth, viewHeight] = svg.match(/viewBox="([^"]*)"/)![1]!.split(' ').map(Number)
      expect(Math.max(viewWidth!, viewHeight!)).toBeLessThanOrEqual(14_400)
      expect(Math.min(viewWidth!, viewHeight!)).toBeGreaterThanOrEqual(1)
    }
  )

  it('draws a page of at most 200 inches at its size, and a larger one scaled to 200 inches on its longer side', () => {
    const page = example.pages[0]!
    const viewBox = (sides: [number, number]) => {
      const doc = parseDocument(JSON.stringify({...example, source: {...example.source, page_sizes: [sides]}}))
      return renderPageSvg(doc, page.page).match(/viewBox="([^"]*)"/)![1]
    }
    expect(viewBox([8.5, 11])).toBe('0 0 612 792')
    expect(viewBox([200, 100])).toBe('0 0 14400 7200')
    expect(viewBox([400, 100])).toBe('0 0 14400 3600')
    expect(viewBox([1e306, 1e306])).toBe('0 0 14400 14400')
    expect(viewBox([1e306, 1e-300])).toBe('0 0 14400 1')
  })
})
