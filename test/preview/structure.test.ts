// The preview's markup, read back by a DOM library (linkedom) without a browser: fast feedback on
// structure, geometry, escaping and options. test/preview/browser.test.ts checks the same page in Chromium.
import {createHash} from 'node:crypto'
import {readFileSync} from 'node:fs'
import {fc, test as property} from '@fast-check/vitest'
import {DOMParser, parseHTML} from 'linkedom'
import {describe, expect, it} from 'vitest'
import {
  type Block,
  type Document,
  DocmodelError,
  OptionsError,
  blocksInReadingOrder,
  checkDocument,
  parseDocument,
  renderPageSvg,
  renderPreviewHtml
} from '../../src/index.js'
import {PNG_1x1} from '../helpers/blocks.js'
import {deepFreeze, documentArb, shuffle, shuffleKeys} from '../helpers/arbitraries.js'
import {repoPath} from '../helpers/paths.js'
import {PAYLOADS, example, hostileDocument} from '../helpers/preview.js'
import {wrap} from '../../src/preview/svg.js'

const dom = (html: string) => parseHTML(html).document
const blocksOf = (document: ReturnType<typeof dom>) => [...document.querySelectorAll('[data-block-id]')].filter((el) => el.tagName.toLowerCase() === 'rect')
const rectOf = (el: {getAttribute(name: string): string | null}) => ['x', 'y', 'width', 'height'].map((name) => Number(el.getAttribute(name)))
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1]).toString('base64')
const SVG_B64 = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>').toString('base64')

/** A one-page document of the given blocks (common fields filled in). */
function docOf(blocks: Array<Partial<Block> & Record<string, unknown>>, source: Partial<Document['source']> = {}): Document {
  return {
    source: {kind: 'pdf', filename: 'f.pdf', file_hash: `sha256:${'a'.repeat(64)}`, page_count: 1, page_sizes: [[8.5, 11]], ...source},
    extraction: {model: 'm', profile: 'p', duration_ms: 1, faithfulness_score: null, per_page_failures: []},
    pages: [
      {
        page: 1,
        blocks: blocks.map(
          (b, i) =>
            ({
              id: `b${i}`,
              type: 'paragraph',
              text: `text ${i}`,
              page: 1,
              bbox: [0.1, 0.1, 0.5, 0.2],
              bbox_units: 'normalized',
              reading_order_index: i,
              text_source: 'verified',
              confidence: 1,
              verified: true,
              ...b
            }) as Block
        )
      }
    ]
  }
}

describe('renderPreviewHtml on the bundled example', () => {
  const doc = example()
  const html = renderPreviewHtml(doc)
  const document = dom(html)

  it('draws one element per block per page, with its data attributes', () => {
    for (const page of doc.pages) {
      const svg = document.querySelector(`#page-${page.page} svg`)!
      expect(svg.getAttribute('viewBox')).toBe('0 0 612 792')
      const drawn = [...svg.querySelectorAll('rect.block')]
      expect(drawn.map((el) => el.getAttribute('data-block-id')).sort()).toEqual(page.blocks.map((b) => b.id).sort())
      for (const block of page.blocks) {
        const el = drawn.find((e) => e.getAttribute('data-block-id') === block.id)!
        expect([el.getAttribute('data-type'), el.getAttribute('data-text-source'), Number(el.getAttribute('data-confidence'))]).toEqual([
          block.type,
          block.text_source,
          block.confidence
        ])
        const [x0, y0, x1, y1] = block.bbox
        const expected = [x0 * 612, y0 * 792, (x1 - x0) * 612, (y1 - y0) * 792]
        rectOf(el).forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 1))
      }
    }
    expect(blocksOf(document)).toHaveLength(33)
  })

  it('lists the blocks in reading order beside the pages, numbered per page', () => {
    const items = [...document.querySelectorAll('.block-list .item')]
    expect(items.map((el) => el.getAttribute('data-block-id'))).toEqual(blocksInReadingOrder(doc).map((b) => b.id))
    expect(items[3]!.querySelector('.n')!.textContent).toBe('4')
    expect(items[3]!.querySelector('.text')!.textContent).toMatch(/^Revenue grew 12% year over year/)
    expect(items[3]!.id).toBe('item-1-4')
    expect(document.querySelector('#blk-1-4')!.getAttribute('data-block-id')).toBe('blk_103')
  })

  it('draws the reading order as numbers and one path a page, and a tooltip per block', () => {
    const page2 = document.querySelector('#page-2 svg')!
    expect([...page2.querySelectorAll('.om text')].map((t) => t.textContent)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'])
    expect(page2.querySelector('polyline.order-path')!.getAttribute('points')!.split(' ')).toHaveLength(12)
    expect(document.querySelector('#blk-2-11 title')!.textContent).toBe(
      'paragraph (body) · inferred · confidence 0.42 · #11 · id blk_210\n[illegible stamp] Approved by the board, 14 Oct 2026'
    )
  })

  it('dashes inferred text, hatches low confidence and says so in the legend', () => {
    const inferred = [...document.querySelectorAll('rect.block.inferred')].map((el) => el.getAttribute('data-block-id'))
    expect(inferred.sort()).toEqual(['blk_204', 'blk_210', 'blk_306'])
    const low = [...document.querySelectorAll('rect.block.low')].map((el) => el.getAttribute('data-block-id'))
    expect(low.sort()).toEqual(['blk_204', 'blk_210', 'blk_302', 'blk_306'])
    expect(document.querySelectorAll('rect.hatch')).toHaveLength(4)
    const legend = document.querySelector('.legend')!.textContent
    expect(legend).toContain('Colour: block type')
    expect(legend).toContain('inferred text')
    expect(legend).toContain('confidence < 0.9')
    expect(legend).toContain('reading order')
  })

  it('colours by type, text source or confidence, with a legend entry for each colour used', () => {
    const colorOfBlock = (d: ReturnType<typeof dom>, id: string) =>
      d.querySelector(`rect[data-block-id="${id}"]`)!.getAttribute('class')!.split(' ')[1]
    const byType = dom(renderPreviewHtml(doc, {colorBy: 'type'}))
    expect(colorOfBlock(byType, 'blk_101')).toBe(colorOfBlock(byType, 'blk_104'))
    expect(colorOfBlock(byType, 'blk_101')).not.toBe(colorOfBlock(byType, 'blk_103'))
    const bySource = dom(renderPreviewHtml(doc, {colorBy: 'text-source'}))
    expect(colorOfBlock(bySource, 'blk_101')).toBe(colorOfBlock(bySource, 'blk_103'))
    expect(colorOfBlock(bySource, 'blk_204')).not.toBe(colorOfBlock(bySource, 'blk_103'))
    expect([...bySource.querySelectorAll('.legend span')].map((s) => s.textContent).slice(0, 3)).toEqual(['verified', 'inferred', 'derived'])
    const byConfidence = dom(renderPreviewHtml(doc, {colorBy: 'confidence'}))
    expect(colorOfBlock(byConfidence, 'blk_210')).not.toBe(colorOfBlock(byConfidence, 'blk_101'))
    expect(byConfidence.querySelector('.legend')!.textContent).toContain('below 0.5')
    // Every colour a block uses has a legend swatch.
    for (const d of [byType, bySource, byConfidence]) {
      const legend = new Set([...d.querySelectorAll('.legend .sw')].map((s) => s.getAttribute('class')!.split(' ')[1]))
      for (const el of blocksOf(d)) expect(legend).toContain(el.getAttribute('class')!.split(' ')[1])
    }
  })

  it('summarises the extraction and offers filters by type and text source', () => {
    const header = document.querySelector('header')!.textContent
    for (const text of ['ocrqueen-advanced', 'advanced', '0.987', '8120 ms', '3 pages, 33 blocks', '0 warnings from checkDocument'])
      expect(header).toContain(text)
    const filters = (name: string) => [...document.querySelectorAll(`input[data-filter="${name}"]`)].map((el) => el.getAttribute('value'))
    expect(filters('type')).toEqual(['callout', 'caption', 'chart', 'code', 'diagram', 'footnote', 'formula', 'heading', 'image', 'list', 'page_footer', 'page_header', 'paragraph', 'table'])
    expect(filters('source')).toEqual(['derived', 'inferred', 'verified'])
  })

  it('is self-contained: a CSP that forbids the network and allows only its own style and script, by hash', () => {
    const csp = document.querySelector('meta[http-equiv="Content-Security-Policy"]')!.getAttribute('content')!
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`
    const scripts = [...document.querySelectorAll('script')]
    expect(scripts).toHaveLength(1)
    expect(csp).toBe(
      `default-src 'none'; style-src ${hash(document.querySelector('style')!.textContent!)}; script-src ${hash(scripts[0]!.textContent!)}; img-src data:; base-uri 'none'; form-action 'none'`
    )
    for (const el of document.querySelectorAll('[href], [src], [action], [srcset], [xlink\\:href]'))
      for (const name of ['href', 'src', 'action', 'srcset']) {
        const value = el.getAttribute(name)
        if (value !== null) expect(value).toMatch(/^data:image\/(png|jpeg|gif|webp);base64,/)
      }
    // No URL anywhere but in the document's own text (shown as text): not in an attribute (bar the SVG
    // namespace), the style sheet or the script.
    const url = /\b(https?|ftp|wss?|file|blob):|url\((?!#)|@import/i
    for (const el of document.querySelectorAll('*'))
      for (const name of el.getAttributeNames()) if (name !== 'xmlns') expect(el.getAttribute(name), name).not.toMatch(url)
    expect(document.querySelector('style')!.textContent).not.toMatch(url)
    expect(scripts[0]!.textContent).not.toMatch(url)
    expect(scripts[0]!.textContent).not.toMatch(/fetch|XMLHttpRequest|WebSocket|import\(|sendBeacon|location/)
    expect(document.querySelectorAll('link, iframe, object, embed, base, form, a[href]')).toHaveLength(0)
  })

  it('draws base64 raster images inside their boxes', () => {
    const image = document.querySelector('#page-2 image.content')!
    expect(image.getAttribute('href')).toMatch(/^data:image\/png;base64,iVBOR/)
    expect(rectOf(image)).toEqual(rectOf(document.querySelector('rect[data-block-id="blk_209"]')!))
    // blk_305 has a URL, not bytes: nothing is fetched.
    expect(document.querySelectorAll('image.content')).toHaveLength(1)
  })

  it('is deterministic', () => {
    expect(renderPreviewHtml(example())).toBe(html)
  })
})

describe('escaping', () => {
  const doc = hostileDocument()

  for (const lazy of [false, true]) {
    it(`shows every payload as text and runs none of it (lazy: ${lazy})`, () => {
      const html = renderPreviewHtml(doc, {lazy})
      const document = dom(html)
      expect(document.querySelectorAll('script')).toHaveLength(lazy ? 5 : 1)
      const inert = [...document.querySelectorAll('script[type^="text/x-docmodel-"]')].map((script) => script.textContent!)
      for (const text of inert) {
        expect(text).not.toMatch(/<\/script|<!--/i)
        expect(dom(`<body>${text}</body>`).querySelectorAll('script, img, iframe, foreignObject')).toHaveLength(0)
      }
      expect(document.querySelectorAll('img, iframe, foreignObject, foreignobject')).toHaveLength(0)
      for (const el of document.querySelectorAll('*'))
        for (const name of el.getAttributeNames()) expect(name, `${el.tagName} ${name}`).not.toMatch(/^on/i)
      // A lazy list group, once drawn, is the markup of its inert text.
      const lists = lazy ? [...dom(`<ol>${inert.slice(-2).join('')}</ol>`).querySelectorAll('.item')] : [...document.querySelectorAll('.item')]
      expect(lists).toHaveLength(PAYLOADS.length + 2)
      PAYLOADS.forEach((payload, i) => {
        const shown = payload.replace(/[\u0000-\u0008\uD800]/g, '\uFFFD')
        expect(lists[i]!.getAttribute('data-block-id')).toBe(`id-${i}-${shown}`)
        expect(lists[i]!.querySelector('.text')!.textContent).toBe(shown.replace(/\s+/g, ' ').trim())
      })
      expect(document.querySelector('title')!.textContent).toBe(`Preview: ${PAYLOADS[0]}`)
      expect(document.querySelector('header')!.textContent).toContain(PAYLOADS[1])
      expect(document.querySelector('#page-2 h2')!.textContent).toContain(`${PAYLOADS[3]}: ${PAYLOADS[0]}`)
    })
  }

  it('never draws SVG (or other unsniffed) image bytes', () => {
    const html = renderPreviewHtml(doc)
    expect(dom(html).querySelectorAll('image.content')).toHaveLength(1)
    expect(html).not.toContain('image/svg')
    expect(html).not.toContain(SVG_B64)
  })

  const evilArb = fc
    .array(fc.oneof(fc.constantFrom('"', "'", '<', '>', '&', '</script>', '<!--', ']]>', '\u0000', '\uD800', '\uDC00x'), fc.string({unit: 'binary', maxLength: 4})), {maxLength: 10})
    .map((parts) => parts.join(''))
  property.prop([documentArb, evilArb], {numRuns: 60})(
    'every string of a generated document reads back as the same text, and no markup comes from it',
    (generated, evil) => {
      const doc = {...generated, source: {...generated.source, filename: evil}}
      for (const page of doc.pages) page.blocks = page.blocks.map((b, i) => ({...b, id: `${evil}${i}`}))
      const document = dom(renderPreviewHtml(doc))
      const clean = evil.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
      expect(document.querySelector('h1')!.textContent).toBe(clean)
      const drawn = blocksOf(document)
      expect(drawn).toHaveLength(doc.pages.reduce((n, p) => n + p.blocks.length, 0))
      for (const el of drawn) expect(el.getAttribute('data-block-id')!.startsWith(clean)).toBe(true)
      const tags = new Set([...document.querySelectorAll('*')].map((el) => el.tagName.toLowerCase()))
      for (const tag of tags)
        expect(['html', 'head', 'meta', 'title', 'style', 'body', 'header', 'h1', 'h2', 'h3', 'dl', 'div', 'dt', 'dd', 'details', 'summary', 'ul', 'li', 'code', 'strong', 'span', 'i', 'svg', 'rect', 'circle', 'text', 'fieldset', 'legend', 'label', 'input', 'main', 'section', 'defs', 'pattern', 'g', 'image', 'polyline', 'aside', 'ol', 'button', 'script', 'p', 'tspan']).toContain(tag)
    }
  )
})

describe('determinism', () => {
  property.prop([documentArb, fc.integer()], {numRuns: 40})(
    'the pages and the block list do not depend on the order of blocks in a page or of keys in an object',
    (doc, seed) => {
      const shuffled = shuffleKeys({...doc, pages: doc.pages.map((p, i) => ({...p, blocks: shuffle(p.blocks, seed + i)}))}, seed) as Document
      const main = (d: Document) => renderPreviewHtml(d).split('<main>')[1]
      expect(main(shuffled)).toBe(main(doc))
    }
  )
})

describe('geometry', () => {
  it('scales normalized boxes by the page size, and absolute units by their resolution', () => {
    const pixels = parseDocument(readFileSync(repoPath('test/fixtures/conformance/valid/document-pixel-bbox-units.json')))
    const svg = new DOMParser().parseFromString(renderPageSvg(pixels, 1), 'image/svg+xml')
    // [40, 120, 580, 300] px: every pixel box of the page fits at 72 dpi.
    expect(rectOf(svg.querySelector('rect[data-block-id="blk_103"]')!)).toEqual([40, 120, 540, 180])
    const at144 = new DOMParser().parseFromString(renderPageSvg(pixels, 1, {dpi: 144}), 'image/svg+xml')
    expect(rectOf(at144.querySelector('rect[data-block-id="blk_103"]')!)).toEqual([20, 60, 270, 90])

    const guessed = docOf([{bbox: [0, 0, 2550, 3300], bbox_units: 'px'}, {bbox: [0, 0, 300, 300], bbox_units: 'pt'}, {bbox: [1, 1, 2, 2], bbox_units: 'inches'}, {bbox: [25.4, 0, 50.8, 2.54], bbox_units: 'mm'}], {
      page_sizes: [[8.5, 11]]
    })
    const rects = [...new DOMParser().parseFromString(renderPageSvg(guessed, 1), 'image/svg+xml').querySelectorAll('rect.block')]
    // 2550 × 3300 px is letter at 300 dpi; points and inches are exact.
    expect(rects.map((el) => [el.getAttribute('data-block-id'), rectOf(el)])).toEqual([
      ['b0', [0, 0, 612, 792]],
      ['b1', [0, 0, 300, 300]],
      ['b2', [72, 72, 72, 72]],
      ['b3', [72, 0, 72, 7.2]]
    ])
  })

  it('gives the viewBox the aspect of the page size, per page, with US Letter when the size is missing', () => {
    const doc = docOf([], {page_count: 2, page_sizes: [[4, 6]]})
    expect(renderPageSvg(doc, 1)).toContain('viewBox="0 0 288 432"')
    expect(renderPageSvg(doc, 2)).toContain('viewBox="0 0 288 432"')
    expect(renderPageSvg(docOf([], {page_sizes: []}), 1)).toContain('viewBox="0 0 612 792"')
  })

  it('writes the type inside each box that has room for it', () => {
    const svg = renderPageSvg(docOf([{id: 'big', type: 'table', bbox: [0.1, 0.1, 0.9, 0.5]}, {id: 'tiny', bbox: [0.1, 0.6, 0.12, 0.61]}]), 1, {order: false})
    const labels = [...new DOMParser().parseFromString(svg, 'image/svg+xml').querySelectorAll('text.lbl')]
    expect(labels.map((t) => [t.textContent, t.getAttribute('x'), t.getAttribute('y')])).toEqual([['table', '64.2', '87.7']])
  })

  it('writes the first words of the text inside the box: after the type, then on as many lines as fit, cut with …', () => {
    const text = 'Revenue grew 12% year over year to $4.2M, driven by the enterprise tier and a 3.5% price increase. And more after that.'
    const words = (bbox: number[]) => {
      const svg = renderPageSvg(docOf([{id: 'p', text: `${text} ${text}`, bbox: bbox as Block['bbox']}]), 1, {order: false})
      const box = new DOMParser().parseFromString(svg, 'image/svg+xml').querySelector('svg.words-box')
      return box && [
        [box.getAttribute('x'), box.getAttribute('y'), box.getAttribute('width'), box.getAttribute('height')],
        [...box.querySelectorAll('tspan')].map((t) => [t.getAttribute('x'), t.getAttribute('y'), t.textContent])
      ]
    }
    // 0.4 × 612 wide, 0.03 × 792 tall: two lines, the first after the type.
    expect(words([0.1, 0.1, 0.5, 0.13])).toEqual([
      ['61.2', '79.2', '244.8', '23.76'],
      [
        ['36.7', '8.5', 'Revenue grew 12% year over year to $4.2M, driven by the enterprise'],
        ['3', '16', 'tier and a 3.5% price increase. And more after that. Revenue grew 12% year over…']
      ]
    ])
    expect(words([0.1, 0.1, 0.3, 0.115])?.[1]).toEqual([['36.7', '8.5', 'Revenue grew 12% year over…']])
    // A thin box (a heading line): the words alone, on its middle line.
    expect(words([0.1, 0.1, 0.3, 0.11])?.[1]).toEqual([['3', '6.06', 'Revenue grew 12% year over year to…']])
    // No room: no words.
    expect(words([0.1, 0.1, 0.17, 0.13])).toBeNull()
  })

  it('wrap: greedy by words into lines of given widths; a word longer than a line is cut; … when text is left', () => {
    expect(wrap('aa bb cc dd', [5, 5])).toEqual(['aa bb', 'cc dd'])
    expect(wrap('aa bb cc dd ee', [5, 5])).toEqual(['aa bb', 'cc d…'])
    expect(wrap('aaaaaaaaaa bb', [4, 5])).toEqual(['aaa…', 'bb'])
    expect(wrap('aa bb', [0, 5])).toEqual(['', 'aa bb'])
    expect(wrap('aa bb…', [10])).toEqual(['aa bb…'])
  })

  property.prop([fc.array(fc.tuple(fc.integer({min: 0, max: 20}), fc.integer({min: 0, max: 20})), {minLength: 2, maxLength: 80})], {numRuns: 60})(
    'order badges never overlap, however small and stacked the boxes (up to 64 at one spot)',
    (corners) => {
      // Small boxes on a coarse grid: many share a corner or sit within a badge of each other.
      const blocks = corners.map(([x, y], i): Partial<Block> => ({id: `s${i}`, bbox: [0.3 + x * 0.004, 0.3 + y * 0.003, 0.3 + x * 0.004 + 0.01, 0.3 + y * 0.003 + 0.008]}))
      const svg = renderPageSvg(docOf(blocks), 1)
      const circles = [...new DOMParser().parseFromString(svg, 'image/svg+xml').querySelectorAll('.om circle')].map((c) => [
        Number(c.getAttribute('cx')),
        Number(c.getAttribute('cy'))
      ])
      expect(circles).toHaveLength(blocks.length)
      for (let i = 0; i < circles.length; i++)
        for (let j = i + 1; j < circles.length; j++)
          expect(Math.hypot(circles[i]![0]! - circles[j]![0]!, circles[i]![1]! - circles[j]![1]!)).toBeGreaterThanOrEqual(13)
    }
  )

  it('draws smaller boxes over the larger ones that contain them', () => {
    const svg = renderPageSvg(docOf([{id: 'inner', bbox: [0.2, 0.2, 0.3, 0.3]}, {id: 'outer', bbox: [0, 0, 1, 1]}]), 1)
    expect(svg.indexOf('data-block-id="outer"')).toBeLessThan(svg.indexOf('data-block-id="inner"'))
  })
})

describe('renderPageSvg', () => {
  it('is a standalone SVG with its own style sheet', () => {
    const svg = renderPageSvg(example(), 2)
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" class="page-svg" viewBox="0 0 612 792" data-page="2"/)
    expect(svg).toContain('<style>.block{fill-opacity:.16')
    const parsed = new DOMParser().parseFromString(svg, 'image/svg+xml')
    expect(parsed.querySelectorAll('rect.block')).toHaveLength(12)
  })

  it('leaves out the reading order with order: false', () => {
    const svg = renderPageSvg(example(), 1, {order: false})
    expect(svg).not.toContain('<polyline')
    expect(svg).not.toContain('class="om"')
    expect(renderPageSvg(example(), 1)).toContain('class="om"')
  })

  it('draws JPEG and PNG bytes, never SVG, and page images behind the boxes', () => {
    const doc = docOf([
      {id: 'png', type: 'image', image_b64: PNG_1x1, text_source: 'derived'},
      {id: 'jpeg', type: 'image', image_b64: JPEG, text_source: 'derived', bbox: [0.5, 0.5, 0.6, 0.6]},
      {id: 'svg', type: 'image', image_b64: SVG_B64, text_source: 'derived', bbox: [0.7, 0.7, 0.8, 0.8]},
      {id: 'formula', type: 'formula', latex: 'x', rendered_image_b64: PNG_1x1, text_source: 'derived', bbox: [0.1, 0.7, 0.2, 0.8]}
    ])
    const svg = renderPageSvg(doc, 1, {pageImages: {1: Buffer.from(PNG_1x1, 'base64')}})
    const images = [...new DOMParser().parseFromString(svg, 'image/svg+xml').querySelectorAll('image')]
    expect(images.map((el) => [el.getAttribute('class'), el.getAttribute('href')!.slice(0, 26)])).toEqual([
      ['page-image', 'data:image/png;base64,iVBO'],
      ['content', 'data:image/png;base64,iVBO'],
      ['content', 'data:image/png;base64,iVBO'],
      ['content', 'data:image/jpeg;base64,/9j']
    ])
    expect(renderPageSvg(doc, 1, {pageImages: {1: `data:image/png;base64,${PNG_1x1}`}})).toContain('class="page-image"')
    for (const bad of ['https://example.com/page-1.png', `data:image/svg+xml;base64,${SVG_B64}`, Buffer.from(SVG_B64, 'base64')])
      expect(() => renderPageSvg(doc, 1, {pageImages: {1: bad}})).toThrow(OptionsError)
  })

  it('draws a page of the document that has no blocks, and refuses pages it does not have', () => {
    const doc = docOf([], {page_count: 3, page_sizes: [[8.5, 11], [8.5, 11], [8.5, 11]]})
    expect(renderPageSvg(doc, 3)).toContain('aria-label="Page 3: 0 blocks"')
    for (const page of [0, 4, 1.5, Number.NaN]) expect(() => renderPageSvg(doc, page)).toThrow(OptionsError)
  })
})

describe('options', () => {
  const doc = example()

  it('shows only the pages asked for', () => {
    const document = dom(renderPreviewHtml(doc, {pages: {from: 2, to: 3}}))
    expect([...document.querySelectorAll('section.page')].map((s) => s.id)).toEqual(['page-2', 'page-3'])
    expect([...document.querySelectorAll('.group h3')].map((h) => h.textContent)).toEqual(['Page 2', 'Page 3'])
    expect(dom(renderPreviewHtml(doc, {pages: [3, 1]})).querySelectorAll('section.page')).toHaveLength(2)
    expect(dom(renderPreviewHtml(doc, {pages: [9]})).querySelector('.pages')!.textContent).toBe('No page to show.')
  })

  it('shows failed pages, with what failed', () => {
    const failed: Document = {...doc, extraction: {...doc.extraction, per_page_failures: [3, {page: 2, code: 'TIMEOUT', message: 'took too long'}]}, pages: doc.pages.slice(0, 2)}
    const document = dom(renderPreviewHtml(failed))
    expect(document.querySelector('#page-3')!.getAttribute('class')).toBe('page failed')
    expect(document.querySelector('#page-3 h2')!.textContent).toBe('Page 3 — extraction failed: no details · 0 blocks')
    expect(document.querySelector('#page-2 h2')!.textContent).toBe('Page 2 — extraction failed: TIMEOUT: took too long · 12 blocks')
    expect(document.querySelector('header')!.textContent).toContain('failed pages2')
  })

  it('stays bounded by the input when page_count is huge', () => {
    const huge = docOf([{}], {page_count: 1e9, page_sizes: [[8.5, 11], [8.5, 11]]})
    const document = dom(renderPreviewHtml(huge))
    expect([...document.querySelectorAll('section.page')].map((s) => s.id)).toEqual(['page-1', 'page-2'])
    expect(renderPageSvg(huge, 5e8)).toContain('aria-label="Page 500000000: 0 blocks"')
  })

  it('lists the warnings of checkDocument', () => {
    const dup = parseDocument(readFileSync(repoPath('test/fixtures/conformance/valid/document-duplicate-block-id.json')))
    const warnings = checkDocument(dup)
    expect(warnings.length).toBeGreaterThan(0)
    const items = [...dom(renderPreviewHtml(dup)).querySelectorAll('.warnings li')].map((li) => li.textContent)
    expect(items).toHaveLength(warnings.length)
    expect(items[0]).toContain(warnings[0]!.message)
  })

  it('draws long documents lazily: each page SVG waits as text, the same markup as when drawn at once', () => {
    const long: Document = {
      ...doc,
      source: {...doc.source, page_count: 51, page_sizes: Array.from({length: 51}, () => [8.5, 11] as [number, number])}
    }
    const lazy = dom(renderPreviewHtml(long))
    expect(lazy.querySelectorAll('section.page.lazy')).toHaveLength(51)
    expect(lazy.querySelectorAll('section.page svg rect.block')).toHaveLength(0)
    const eager = dom(renderPreviewHtml(long, {lazy: false}))
    const drawn = dom(`<body>${lazy.querySelector('#page-2 script')!.textContent}</body>`).querySelector('svg')!
    expect(drawn.outerHTML).toBe(eager.querySelector('#page-2 svg')!.outerHTML)
    // The block list too: each page's entries wait as text, with the count that holds their place.
    expect(lazy.querySelectorAll('.block-list .item')).toHaveLength(0)
    expect(lazy.querySelector('#group-2')!.getAttribute('data-count')).toBe('12')
    const entries = dom(`<ol>${lazy.querySelector('#group-2 script')!.textContent}</ol>`).querySelector('ol')!
    expect(entries.innerHTML).toBe(eager.querySelector('#group-2 ol')!.innerHTML)
    expect(dom(renderPreviewHtml(doc)).querySelectorAll('section.page.lazy')).toHaveLength(0)
    expect(dom(renderPreviewHtml(doc, {lazy: true})).querySelectorAll('section.page.lazy')).toHaveLength(3)
  })

  it('previews a job through its document, and refuses a job without one', () => {
    const job = JSON.parse(readFileSync(repoPath('test/fixtures/conformance/valid/job-completed-reference-example.json'), 'utf8'))
    expect(renderPreviewHtml(job)).toContain('data-block-id=')
    const queued = JSON.parse(readFileSync(repoPath('test/fixtures/conformance/valid/job-queued.json'), 'utf8'))
    expect(() => renderPreviewHtml(queued)).toThrow(DocmodelError)
    expect(() => renderPageSvg(queued, 1)).toThrow(/has no document to preview/)
  })

  it('throws OptionsError for options that make no sense', () => {
    for (const options of [
      {colorBy: 'size'},
      {pages: {from: 3, to: 1}},
      {pages: [0]},
      {pages: 'all'},
      {lowConfidence: 2},
      {dpi: 0},
      {order: 'yes'},
      {lazy: 'sometimes'},
      {title: 5},
      {pageImages: null}
    ])
      expect(() => renderPreviewHtml(doc, options as never), JSON.stringify(options)).toThrow(OptionsError)
  })

  it('draws blocks of an unknown type in a colour of their own, named in the legend', () => {
    const document = dom(renderPreviewHtml(docOf([{id: 'sig', type: 'signature'}, {id: 'p'}])))
    expect(document.querySelector('rect[data-block-id="sig"]')!.getAttribute('class')).toBe('block c-6b6b6b')
    expect([...document.querySelectorAll('.legend span')].map((s) => s.textContent).slice(0, 2)).toEqual(['paragraph', 'signature'])
    expect(document.querySelector('input[data-filter="type"][value="signature"]')).not.toBeNull()
  })

  it('leaves its input untouched', () => {
    const frozen = deepFreeze(example())
    expect(renderPreviewHtml(frozen)).toBe(renderPreviewHtml(example()))
    expect(renderPageSvg(frozen, 2)).toBe(renderPageSvg(example(), 2))
  })

  it('marks low confidence at the threshold asked for', () => {
    expect(dom(renderPreviewHtml(doc, {lowConfidence: 0.5})).querySelectorAll('rect.block.low')).toHaveLength(1)
    expect(dom(renderPreviewHtml(doc, {lowConfidence: 0})).querySelectorAll('rect.hatch')).toHaveLength(0)
  })
})
