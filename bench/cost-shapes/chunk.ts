// Hostile blocks for the chunker's cost check (`npm run bench:cost chunk`): each `make(scale)` builds
// one block whose size grows with `scale` (1 or 10), and `run` chunks it at 256 tokens. These once
// cost quadratic time: a whole re-count per candidate piece, byte-pair merging of one 100k-character
// pre-tokenizer piece, every table part padded to the widest row, a wide header in every part.
import {type Block, chunkDocument} from '../../src/index.js'
import type {CostShape} from './types.js'

const block = (type: string, content: Record<string, unknown>): Block[] => [
  {
    id: 'b0',
    type,
    page: 1,
    bbox: [0, 0, 1, 1],
    bbox_units: 'normalized',
    reading_order_index: 0,
    text_source: 'derived',
    confidence: 1,
    verified: false,
    ...content
  } as unknown as Block
]

const run = (input: unknown) => chunkDocument(input as Block[], {maxTokens: 256})
const shape = (name: string, make: (scale: number) => Block[]): CostShape => ({name: `chunk: ${name}`, entry: 'chunkDocument', make, run})

/** A paragraph of one character repeated (`scale` × 10k). */
const run_ = (name: string, char: string) =>
  shape(`a paragraph of ${name} (scale × 10k)`, (scale) => block('paragraph', {text: char.repeat(scale * 10_000)}))

const withOverlap = (input: unknown) => chunkDocument(input as Block[], {maxTokens: 128, overlap: 32})
/** A block that fits in a chunk, then one that does not: the second chunk starts with the first one's tail. */
const overlapShape = (name: string, first: (scale: number) => Block[]): CostShape => ({
  name: `chunk with overlap: ${name}`,
  entry: 'chunkDocument',
  make: (scale) => [...first(scale), {...block('paragraph', {text: 'Next paragraph. '.repeat(20)})[0]!, id: 'b1'}],
  run: withOverlap
})

export const shapes: CostShape[] = [
  // Issue 24: the overlap's tail re-rendered the growing tail for each piece that renders to nothing.
  overlapShape('a paragraph ending in scale × 3k line breaks', (scale) =>
    block('paragraph', {text: `${'Some words here. '.repeat(20)}${'\n'.repeat(scale * 3000)}`})
  ),
  overlapShape('a list ending in scale × 3k bare markers', (scale) =>
    block('list', {text: `${'- item one two three\n'.repeat(15)}${'-\n'.repeat(scale * 3000)}`})
  ),
  // Issue 24: output linear in input (a table padded to n² cells, a chart's n × n grid of empties).
  shape('a table of one row of n cells and n one-cell rows (n = scale × 400)', (scale) => {
    const n = scale * 400
    return block('table', {headers: [], rows: [Array.from({length: n}, (_, i) => `${i}`), ...Array.from({length: n}, (_, i) => [`${i}`])]})
  }),
  shape('a chart of n series without values over n categories (n = scale × 300)', (scale) =>
    block('chart', {
      chart_type: 'bar',
      categories: Array.from({length: scale * 300}, (_, i) => `c${i}`),
      series: Array.from({length: scale * 300}, (_, i) => ({name: `s${i}`, values: []}))
    })
  ),
  shape('a table whose header row takes most of the limit over scale × 400 one-cell rows', (scale) =>
    block('table', {headers: Array.from({length: 80}, () => 'Revenue'), rows: Array.from({length: scale * 400}, () => ['x'])})
  ),
  // Issue 24: a code block whose language alone is over the limit (it threw).
  shape('a code block of scale × 200 lines whose language is 5,000 characters', (scale) =>
    block('code', {text: 'print(1)\n'.repeat(scale * 200), language: 'x'.repeat(5000)})
  ),
  shape('an image whose alt, caption and url are full of ][, " and ( (scale × 8k)', (scale) => {
    const n = scale * 8000
    return block('image', {url: `https://x/${'('.repeat(n / 2)}${')'.repeat(n / 4)}`, alt: ']['.repeat(n / 2), caption: '"'.repeat(n)})
  }),
  run_('*', '*'),
  run_('backslashes', '\\'),
  run_('combining marks (U+0301)', '\u0301'),
  shape('a paragraph of short sentences (scale × 2k)', (scale) => block('paragraph', {text: 'Hi. '.repeat(scale * 2000)})),
  shape('a ragged table: every 100th row as wide as the table is long (~scale × 4k cells)', (scale) => {
    const n = Math.round(200 * Math.sqrt(scale))
    return block('table', {headers: ['a'], rows: Array.from({length: n}, (_, i) => Array.from({length: i % 100 === 0 ? n : 1}, () => 'x'))})
  }),
  shape('a table of one row of scale × 2k cells', (scale) =>
    block('table', {headers: [], rows: [Array.from({length: scale * 2000}, (_, i) => `|${i}`)]})
  ),
  shape('a chart of 30 series over scale × 200 categories', (scale) =>
    block('chart', {
      chart_type: 'bar',
      categories: Array.from({length: scale * 200}, (_, i) => `c${i}`),
      series: Array.from({length: 30}, (_, j) => ({name: `s${j}`, values: Array.from({length: scale * 200}, () => 1.5)}))
    })
  ),
  shape('a diagram of scale × 500 nodes with markup in labels and dangling edges', (scale) =>
    block('diagram', {
      nodes: Array.from({length: scale * 500}, (_, i) => ({id: `n${i}`, label: '#%:<>|&`"'.repeat(3)})),
      edges: Array.from({length: scale * 500}, (_, i) => ({from: `n${i}`, to: `missing${i}`}))
    })
  ),
  shape('a formula of scale × 5k nested braces', (scale) =>
    block('formula', {latex: `${'{'.repeat(scale * 5000)}x${'}'.repeat(scale * 5000)}`})
  ),
  shape('a list of scale × 2k short items', (scale) => block('list', {text: '1. x\n'.repeat(scale * 2000)})),
  shape('a code block of one line of scale × 10k backticks', (scale) => block('code', {text: '`'.repeat(scale * 10_000)}))
]
