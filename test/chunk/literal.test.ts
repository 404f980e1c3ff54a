// Every chunk's text is as literal and inert as the whole render (issue 23): parts are rendered from
// pieces of the source, never cut from markdown. Judged by the three readers (test/helpers/readers.ts).
import {fc, test} from '@fast-check/vitest'
import {describe, expect, it} from 'vitest'
import {type Chunk, type ChunkOptions, type Document, chunkDocument} from '../../src/index.js'
import {PNG_1x1} from '../helpers/blocks.js'
import {
  type Reading,
  countImages,
  htmlOf,
  htmlishArb,
  liveHtml,
  lineStructureArb,
  readCommonmark,
  readMicromark
} from '../helpers/readers.js'
import {doc} from '../helpers/render-checks.js'
import {isSubsequence, spanTexts, squash} from './helpers.js'

const IMAGE_URL = 'https://example.com/a.png'

/** A block of each kind with the text in every text field. */
const KINDS = {
  paragraph: (text: string) => ({type: 'paragraph', text}),
  heading: (text: string) => ({type: 'heading', text, role: 'section'}),
  caption: (text: string) => ({type: 'caption', text}),
  callout: (text: string) => ({type: 'callout', text}),
  footnote: (text: string) => ({type: 'footnote', text}),
  list: (text: string) => ({type: 'list', text}),
  unknown: (text: string) => ({type: 'signature', text}),
  table: (text: string) => ({
    type: 'table',
    headers: ['h', text],
    rows: [
      [text, 'x'],
      ['y', text]
    ]
  }),
  headerless_table: (text: string) => ({
    type: 'table',
    headers: [],
    rows: [
      [text, 'x'],
      ['y', text]
    ]
  }),
  image: (text: string) => ({type: 'image', url: IMAGE_URL, alt: text, caption: text, embedded_text: text}),
  image_placeholder: (text: string) => ({type: 'image', image_b64: PNG_1x1, alt: text, caption: text}),
  chart: (text: string) => ({
    type: 'chart',
    chart_type: 'bar',
    title: text,
    categories: [text, 'c'],
    series: [{name: text, values: [1, null]}]
  }),
  chart_data_table: (text: string) => ({
    type: 'chart',
    chart_type: 'bar',
    title: text,
    data_table: [
      [text, 'b'],
      ['c', text]
    ],
    categories: [],
    series: []
  }),
  // A math fence: inert in readers without math, whatever the LaTeX (issue 23).
  formula: (text: string) => ({type: 'formula', latex: text}),
  code: (text: string) => ({type: 'code', text, language: text}),
  diagram: (text: string) => ({type: 'diagram', nodes: [{id: text, label: text}, {id: 'b'}], edges: [{from: text, to: 'b', label: text}]})
} satisfies Record<string, (text: string) => Record<string, unknown>>
type Kind = keyof typeof KINDS
const kinds = Object.keys(KINDS) as Kind[]

/** Hostile text long enough to be cut: HTML, links, autolinks, escapes and block starts, many times over. */
const longArb = fc
  .array(fc.oneof(htmlishArb, lineStructureArb, fc.constant('Revenue grew. See https://doi.org/10.1/x and a@b.co.')), {
    minLength: 4,
    maxLength: 8
  })
  .map((parts) => parts.join(' '))

/** What in a chunk's text is not literal and inert, in each reader: HTML, links other than autolinks of the same text, more images than the chunk's parts hold. */
function chunkProblems(chunk: Chunk): string[] {
  const problems: string[] = []
  for (const [reader, html] of Object.entries(htmlOf(chunk.text))) {
    for (const problem of liveHtml(html)) problems.push(`${reader}: ${problem}`)
    if (countImages(html) > chunk.spans.length) problems.push(`${reader}: ${countImages(html)} images in ${chunk.spans.length} parts`)
  }
  for (const [reader, reading] of [
    ['micromark', readMicromark(chunk.text)],
    ['commonmark', readCommonmark(chunk.text)]
  ] as Array<[string, Reading]>) {
    for (const link of reading.links) {
      const autolink = link.type === 'link' && [link.text, `http://${link.text}`, `mailto:${link.text}`].includes(link.url)
      if (!autolink && !(link.type === 'image' && link.url === IMAGE_URL)) problems.push(`${reader}: ${link.type} to ${link.url}`)
    }
    if (reading.types.includes('html') || reading.types.includes('html_block') || reading.types.includes('html_inline'))
      problems.push(`${reader}: HTML`)
    if (reading.types.includes('definition')) problems.push(`${reader}: a link definition`)
  }
  return problems
}

const optionsArb = fc.constantFrom<ChunkOptions>({maxChars: 120}, {maxChars: 300}, {maxTokens: 32}, {maxTokens: 48, overlap: 8})

describe('chunk text is literal and inert', () => {
  test.prop([fc.constantFrom(...kinds), longArb, optionsArb], {numRuns: 100})(
    'every chunk of a split block, in three readers: no HTML, no link but autolinks of the same text, no definition; the text read back is the source',
    async (kind, text, options) => {
      const input: Document = doc([KINDS[kind](text)])
      const chunks = await chunkDocument(input, options)
      for (const chunk of chunks) expect(chunkProblems(chunk), chunk.text).toEqual([])
      // Nothing but the source's words: the parts read back (commonmark.js) hold every word of the whole, in order.
      if (options.overlap === undefined) {
        const parts = spanTexts(chunks).get('b0') ?? []
        const whole = squash(readCommonmark((await chunkDocument(input, {maxChars: 1_000_000}))[0]?.text ?? '').text).replace(/[|-]/g, '')
        const read = squash(parts.map((part) => readCommonmark(part).text).join('')).replace(/[|-]/g, '')
        // Not images: their alt and title become text when cut.
        if (kind !== 'image' && kind !== 'image_placeholder') expect(isSubsequence(whole, read)).toBe(true)
      }
    },
    60_000
  )

  it('keeps a formula cut into parts inert: each part is a math fence (as `$$` lines, `~~~` and <img> were live)', async () => {
    const latex = `${'x + y = z \\\\ '.repeat(8)}\n~~~\n<img src=x onerror=alert(1)>\n- a\n[l](javascript:x)`
    const chunks = await chunkDocument(doc([{type: 'formula', latex}]), {maxChars: 60})
    expect(chunks.length).toBeGreaterThan(1)
    for (const chunk of chunks) {
      expect(chunkProblems(chunk), chunk.text).toEqual([])
      expect(chunk.text).toMatch(/^`{3,}math\n/)
    }
  })

  it('keeps the caption of an image cut into parts literal (a part after `](` held it as live HTML)', async () => {
    const caption = `${'A long caption of words. '.repeat(12)}<img src=x onerror=alert(1)>`
    const input = doc([{type: 'image', url: IMAGE_URL, alt: 'Figure', caption}])
    const chunks = await chunkDocument(input, {maxTokens: 48})
    expect(chunks.length).toBeGreaterThan(1)
    for (const chunk of chunks) expect(chunkProblems(chunk), chunk.text).toEqual([])
    // The image with its URL, then its alt and caption as text.
    expect(chunks.map((chunk) => chunk.text).join('\n\n')).toMatch(/^!\[\]\(https:\/\/example\.com\/a\.png\)\n\nFigure\n\nA long caption/)
    expect(chunks.at(-1)!.text).toContain('\\<img src=x onerror=alert(1)>')
  })
})
