// Page sizes are numbers from the document with no upper bound: a huge page must cost what its
// blocks cost, never memory or time in proportion to its size.
import {parseHTML} from 'linkedom'
import {describe, expect, it} from 'vitest'
import {type Document, parseDocument, renderPreviewHtml} from '../../src/index.js'
import {EXAMPLE, readJsonFile} from '../helpers/paths.js'

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
