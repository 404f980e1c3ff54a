// `order: 'geometry'` end to end: a document whose indexes lie (reversed) renders, chunks and
// previews in layout order, and sorting first then rendering gives the same.
import {readFileSync} from 'node:fs'
import {Writable} from 'node:stream'
import {describe, expect, it} from 'vitest'
import {
  OptionsError,
  chunkDocument,
  inferReadingOrder,
  parseDocument,
  render,
  renderChunks,
  renderMarkdown,
  renderPreviewHtml,
  renderToStream,
  sortByReadingOrder
} from '../../src/index.js'
import {LAYOUT_IDS, documentOf, reverseIndexes, twoColumnBlocks} from '../helpers/layout-pages.js'
import {corpusPath} from '../helpers/paths.js'

const truth = documentOf(twoColumnBlocks())
const lying = reverseIndexes(truth)
describe("order: 'geometry'", () => {
  it('renders a document with reversed indexes in layout order, as if its indexes were right', () => {
    const expected = renderMarkdown(truth)
    expect(renderMarkdown(lying)).not.toBe(expected)
    expect(renderMarkdown(lying, {order: 'geometry'})).toBe(expected)
    expect(render(lying, {order: 'geometry'}).markdown).toBe(expected)
    expect([...renderChunks(lying, {order: 'geometry'})].join('')).toBe(expected)
    expect(renderMarkdown(lying.pages[0]!.blocks, {order: 'geometry'})).toBe(expected)
  })

  it('streams in layout order', async () => {
    const pieces: string[] = []
    const sink = new Writable({write: (chunk, _encoding, done) => (pieces.push(String(chunk)), done())})
    const report = await renderToStream(lying, sink, {order: 'geometry', sourceMap: true})
    expect(pieces.join('')).toBe(renderMarkdown(truth))
    expect(report.sourceMap!.entries.map((e) => e.blockId)).toEqual(LAYOUT_IDS)
  })

  it('sortByReadingOrder by geometry renumbers the indexes, so sorting first and rendering second agrees', () => {
    const sorted = sortByReadingOrder(lying, {by: 'geometry'})
    const blocks = sorted.pages[0]!.blocks
    expect(blocks.map((b) => b.id)).toEqual(LAYOUT_IDS)
    expect(blocks.map((b) => b.reading_order_index)).toEqual([0, 1, 2, 3, 4, 5])
    expect(renderMarkdown(sorted)).toBe(renderMarkdown(truth))
    // Pure: the input keeps its (wrong) indexes.
    expect(lying.pages[0]!.blocks.map((b) => b.reading_order_index)).toEqual([0, 1, 2, 3, 4, 5])
    expect(lying.pages[0]!.blocks.map((b) => b.id)).toEqual([...LAYOUT_IDS].reverse())
  })

  it('keeps a page’s own distinct numbers (a document numbered across pages), and numbers duplicates from the smallest', () => {
    const across = {
      ...lying,
      pages: [{page: 1, blocks: lying.pages[0]!.blocks.map((b) => ({...b, reading_order_index: 10 + 3 * b.reading_order_index}))}]
    }
    expect(sortByReadingOrder(across, {by: 'geometry'}).pages[0]!.blocks.map((b) => b.reading_order_index)).toEqual([
      10, 13, 16, 19, 22, 25
    ])
    const duplicated = {...lying, pages: [{page: 1, blocks: lying.pages[0]!.blocks.map((b) => ({...b, reading_order_index: 7}))}]}
    const sorted = sortByReadingOrder(duplicated, {by: 'geometry'}).pages[0]!.blocks
    expect(sorted.map((b) => b.id)).toEqual(LAYOUT_IDS)
    expect(sorted.map((b) => b.reading_order_index)).toEqual([7, 8, 9, 10, 11, 12])
  })

  it('the source map follows the layout order', () => {
    const {sourceMap, markdown} = render(lying, {order: 'geometry', sourceMap: true})
    expect(sourceMap!.entries.map((e) => e.blockId)).toEqual(LAYOUT_IDS)
    const starts = sourceMap!.entries.map((e) => e.start)
    expect(starts).toEqual([...starts].sort((a, b) => a - b))
    expect(markdown.slice(sourceMap!.entries[3]!.start, sourceMap!.entries[3]!.end)).toContain('Table 1')
  })

  it('chunks in layout order, spans included', async () => {
    const expected = await chunkDocument(truth, {maxTokens: 1000})
    const chunks = await chunkDocument(lying, {maxTokens: 1000, order: 'geometry'})
    expect(chunks.map((c) => c.text)).toEqual(expected.map((c) => c.text))
    expect(chunks.flatMap((c) => c.spans.map((s) => s.blockId))).toEqual(LAYOUT_IDS)
    const small = await chunkDocument(lying, {maxTokens: 12, order: 'geometry', boundary: 'none'})
    expect([...new Set(small.flatMap((c) => c.spans.map((s) => s.blockId)))]).toEqual(LAYOUT_IDS)
    expect((await chunkDocument(lying, {maxTokens: 1000})).map((c) => c.text)).not.toEqual(expected.map((c) => c.text))
  })

  it('previews in layout order: numbers, path and list', () => {
    const html = renderPreviewHtml(lying, {order: 'geometry'})
    expect(html).toBe(renderPreviewHtml(truth))
    expect(renderPreviewHtml(lying)).not.toBe(html)
    expect(renderPreviewHtml(lying, {order: false})).not.toContain('class="order-path"')
    expect(renderPreviewHtml(lying, {order: true})).toBe(renderPreviewHtml(lying, {order: 'index'}))
  })

  it('reads a real paper with lying indexes as it reads the paper itself', () => {
    const paper = parseDocument(readFileSync(corpusPath('2305.03393v1.json')))
    const reversed = reverseIndexes(paper)
    expect(renderMarkdown(reversed, {order: 'geometry'})).toBe(renderMarkdown(paper, {order: 'geometry'}))
    expect(renderMarkdown(reversed, {order: 'geometry'})).toBe(renderMarkdown(sortByReadingOrder(reversed, {by: 'geometry'})))
    const ids = render(reversed, {order: 'geometry', sourceMap: true}).sourceMap!.entries.map((e) => e.blockId)
    const layout = paper.pages.flatMap((page) =>
      inferReadingOrder(page).filter((b) => b.type !== 'page_header' && b.type !== 'page_footer')
    )
    expect(ids).toEqual(layout.map((b) => b.id).filter((id) => ids.includes(id)))
  })

  it('rejects a bad order or direction, naming the option', () => {
    expect(() => renderMarkdown(truth, {order: 'layout' as 'index'})).toThrow(
      new OptionsError('order: expected "index" or "geometry", got "layout"')
    )
    expect(() => renderMarkdown(truth, {order: 'geometry', direction: 'up' as 'ltr'})).toThrow(OptionsError)
    expect(() => renderPreviewHtml(truth, {order: 'layout' as 'index'})).toThrow(OptionsError)
    expect(() => renderPreviewHtml(truth, {direction: 'up' as 'ltr'})).toThrow(OptionsError)
  })
})
