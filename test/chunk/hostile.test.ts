// Blocks that once made chunking quadratic (a re-render and a whole re-count per candidate piece;
// byte-pair merging of one 100k-character pre-tokenizer piece; every table part padded to the
// widest row). At a moderate size each must finish and keep the chunker's properties; the speed
// itself is checked by `npm run bench:cost chunk` (bench/cost-shapes/chunk.ts), never here.
import {describe, expect, it} from 'vitest'
import {type Block, type Chunk, chunkDocument, loadTokenizer} from '../../src/index.js'
import {renderedBlocks} from '../../src/chunk/rendered-blocks.js'
import {makeBlock} from '../helpers/blocks.js'
import {commonmarkText, isSubsequence, spanTexts, squash, tableRows} from './helpers.js'

const MAX = 256
const N = 20_000
const ragged = (n: number) => Array.from({length: n}, (_, i) => Array.from({length: i % 100 === 0 ? n : 1}, (_, j) => `c${i}.${j}`))

const cases: Array<[string, Block]> = [
  [
    'an image whose alt, caption and url are full of ][, " and (',
    makeBlock('image', {url: `https://x/${'('.repeat(N / 2)}${')'.repeat(N / 4)}`, alt: ']['.repeat(N / 2), caption: '"'.repeat(N)})
  ],
  ['a paragraph of * only', makeBlock('paragraph', {text: '*'.repeat(N)})],
  ['a paragraph of backslashes only', makeBlock('paragraph', {text: '\\'.repeat(N)})],
  ['a paragraph of combining marks only', makeBlock('paragraph', {text: '\u0301'.repeat(N)})],
  [
    'a chart of 30 series over 2,000 categories (a wide header, rows too long for the limit)',
    makeBlock('chart', {
      chart_type: 'bar',
      categories: Array.from({length: 2000}, (_, i) => `c${i}`),
      series: Array.from({length: 30}, (_, j) => ({name: `s${j}`, values: Array.from({length: 2000}, () => 1.5)}))
    })
  ],
  ['a ragged table (every 100th row 200 cells wide)', makeBlock('table', {headers: ['a', 'b'], rows: ragged(200)})],
  // Found by the lossless property: a table of headers alone that does not fit was dropped.
  ['a table of 400 headers and no rows', makeBlock('table', {headers: Array.from({length: 400}, (_, i) => `header ${i}`), rows: []})]
]

describe('chunkDocument on hostile blocks', () => {
  // The 30 s timeout is generous (a shared machine under load), never a timing check.
  it.each(cases)(
    '%s: the limit holds, nothing is lost, spans are exact, twice the same',
    async (_, block) => {
      const tokenizer = await loadTokenizer('o200k_base')
      const chunks = await chunkDocument([block], {maxTokens: MAX})
      expect(chunks.length).toBeGreaterThan(1)
      for (const chunk of chunks) {
        expect(chunk.tokenCount).toBe(tokenizer.count(chunk.contextualText))
        expect(chunk.tokenCount).toBeLessThanOrEqual(MAX)
        expect(chunk.continued).toBe(true)
        // The parts in a chunk tile its text, joined by blank lines.
        expect(chunk.spans.every((span) => span.blockId === block.id)).toBe(true)
        expect(chunk.spans.map((span) => chunk.text.slice(span.start, span.end)).join('\n\n')).toBe(chunk.text)
        expect(chunk.headings).toEqual([])
      }
      const {markdown} = [...renderedBlocks([block], {}, undefined, [])][0]!
      const parts = spanTexts(chunks).get(block.id)!
      if (block.type === 'table') {
        const whole = tableRows(markdown)[0]!
        const tables = parts.map((part) => tableRows(part))
        // A part's header row is the table's (or the header cells of its columns); a part of
        // columns without header text reads its row as the header row, as the whole table would.
        const underHeader = (rows: string[][]) => rows[0]!.every((cell) => whole[0]!.includes(cell))
        const body = tables
          .flat()
          .flatMap((rows) => (underHeader(rows) ? rows.slice(1) : rows).flat())
          .filter((cell) => cell !== '')
        expect(body).toEqual(
          whole
            .slice(1)
            .flat()
            .filter((cell) => cell !== '')
        )
        for (const rows of tables.flat())
          if (!underHeader(rows)) expect(rows[0]!.every((cell) => cell === '' || cell.startsWith('c'))).toBe(true)
      } else if (block.type === 'chart') {
        // Every value after its category, in order, as commonmark.js reads the parts (a GFM parse of
        // 2,000 rows takes micromark seconds): the cells come from the chart itself.
        const {categories, series} = block as unknown as {categories: string[]; series: Array<{name: string; values: number[]}>}
        const text = commonmarkText(parts.join('\n\n')).replace(/[|\s-]/g, '')
        const expected = categories.map((category, i) => category + series.map((each) => String(each.values[i])).join('')).join('')
        expect(isSubsequence(expected, text)).toBe(true)
        for (const each of series) expect(text).toContain(each.name)
      } else if (block.type === 'image') {
        // The URL alone is over the limit: left out (with a warning); alt and caption as text.
        const {alt, caption} = block as {alt: string; caption: string}
        expect(squash(parts.map(commonmarkText).join(''))).toBe(squash(alt + caption))
      } else expect(squash(parts.map(commonmarkText).join(''))).toBe(squash(commonmarkText(markdown)))
      // No markup repeated per part at a size that grows with the block (a wide header per word).
      expect(parts.join('\n\n').length).toBeLessThan(2 * markdown.length + 1000)
      const again: Chunk[] = await chunkDocument([block], {maxTokens: MAX})
      expect(again).toEqual(chunks)
    },
    30_000
  )
})

describe('chunkDocument with overlap on blocks that end in what renders to nothing', () => {
  // The overlap's tail re-rendered the whole growing tail for each piece that renders to nothing:
  // 30,000 trailing line breaks took over a minute (the speed is in `npm run bench:cost chunk`).
  it.each([
    ['30,000 trailing line breaks', makeBlock('paragraph', {text: `${'Some words here. '.repeat(20)}${'\n'.repeat(30_000)}`})],
    ['30,000 bare list markers', makeBlock('list', {text: `${'- item one two three\n'.repeat(15)}${'-\n'.repeat(30_000)}`})]
  ])(
    'a block of %s: the next chunk starts with its last sentences',
    async (_, block) => {
      const next = makeBlock('paragraph', {text: 'Next paragraph. '.repeat(20)})
      const chunks = await chunkDocument([block, next], {maxTokens: 128, overlap: 32})
      expect(chunks).toHaveLength(2)
      expect(chunks[1]!.spans.map((span) => span.blockId)).toEqual([block.id, next.id])
      const tail = chunks[1]!.text.slice(chunks[1]!.spans[0]!.start, chunks[1]!.spans[0]!.end)
      expect(chunks[0]!.text.endsWith(tail)).toBe(true)
      expect(tail).toMatch(/(here\.|three)$/)
    },
    30_000
  )
})
