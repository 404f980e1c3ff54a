// Hostile shapes for the cost harness (bench/cost.ts): each `make(scale)` builds an input of about
// `scale` characters (or items) and `run` renders it; the harness checks that cost grows linearly.
import {type Document, renderMarkdown} from '../../src/index.js'

/** As bench/cost.ts declares it (repeated here so this file stands alone). */
interface CostShape {
  name: string
  entry: string
  make(scale: number): unknown
  run(input: unknown): unknown
}

const document = (blocks: Array<Record<string, unknown>>): Document =>
  ({
    source: {kind: 'pdf', filename: 'cost.pdf', file_hash: `sha256:${'0'.repeat(64)}`, page_count: 1, page_sizes: [[8.5, 11]]},
    extraction: {model: 'm', profile: 'p', duration_ms: 0, faithfulness_score: null, per_page_failures: []},
    pages: [
      {
        page: 1,
        blocks: blocks.map((content, i) => ({
          id: `b${i}`,
          page: 1,
          bbox: [0, 0, 1, 1],
          reading_order_index: i,
          text_source: 'verified',
          confidence: 1,
          verified: true,
          ...content
        }))
      }
    ]
  }) as unknown as Document

/** The same text in every text field of every block type. */
const everyField = (text: string) =>
  document([
    {type: 'paragraph', text},
    {type: 'heading', text},
    {type: 'caption', text},
    {type: 'callout', text},
    {type: 'list', text},
    {type: 'code', text, language: text},
    {type: 'table', headers: [text], rows: [[text]]},
    {type: 'image', url: 'https://x.y/a.png', alt: text, caption: text, embedded_text: text},
    {type: 'chart', chart_type: 'bar', title: text, categories: [text], series: [{name: text, values: [1]}]},
    {type: 'formula', latex: text},
    {type: 'diagram', nodes: [{id: text, label: text}], edges: [{from: text, to: 'x', label: text}]}
  ])

const render = (input: unknown) => renderMarkdown(input as Document, {furniture: true})
const text = (name: string, unit: string): CostShape => ({
  name: `render: ${name} in every text field`,
  entry: 'renderMarkdown',
  make: (scale) => everyField(unit.repeat(Math.max(1, Math.floor(scale / unit.length))) + 'x'),
  run: render
})

export const shapes: CostShape[] = [
  text('a run of spaces', ' '),
  text('a run of tabs and spaces', ' \t'),
  text('a run of line feeds', '\n'),
  text('spaces and line feeds', ' \n'),
  text('blank lines with spaces', '\n  \n'),
  text('a run of backslashes', '\\'),
  text('backslashes before line feeds', '\\\n'),
  text('a run of #', '#'),
  text('a run of digits', '1'),
  text('&name runs', '&a'),
  text('www. runs', 'www.'),
  text('a run of _', '_'),
  {
    name: 'render: a huge table (scale cells)',
    entry: 'renderMarkdown',
    make: (scale) => {
      const width = Math.max(1, Math.floor(Math.sqrt(scale)))
      const row = Array.from({length: width}, (_, i) => `c${i} | *x*`)
      return document([{type: 'table', headers: row, rows: Array.from({length: Math.max(1, Math.floor(scale / width))}, () => row)}])
    },
    run: render
  },
  {
    name: 'render: a long list (scale items), nested 16 deep in turn',
    entry: 'renderMarkdown',
    make: (scale) =>
      document([
        {
          type: 'list',
          text: Array.from({length: Math.max(1, Math.floor(scale / 8))}, (_, i) => ' '.repeat((i % 20) * 2) + `- item ${i}`).join('\n')
        }
      ]),
    run: render
  },
  {
    name: 'render: many formulas (scale / 20)',
    entry: 'renderMarkdown',
    make: (scale) =>
      document(Array.from({length: Math.max(1, Math.floor(scale / 20))}, (_, i) => ({type: 'formula', latex: `x_${i} = \\frac{a}{b}`}))),
    run: render
  },
  // Output linear in input (issue 24): these were padded to n² cells and an n × n grid of empties.
  {
    name: 'render: a table of one row of n cells and n one-cell rows (n = scale × 5,000)',
    entry: 'renderMarkdown',
    make: (scale) => {
      const n = scale * 5000
      return document([
        {type: 'table', headers: [], rows: [Array.from({length: n}, (_, i) => `${i}`), ...Array.from({length: n}, (_, i) => [`${i}`])]}
      ])
    },
    run: render
  },
  {
    name: 'render: a chart of n series without values over n categories (n = scale × 5,000)',
    entry: 'renderMarkdown',
    make: (scale) => {
      const n = scale * 5000
      return document([
        {
          type: 'chart',
          chart_type: 'bar',
          categories: Array.from({length: n}, (_, i) => `c${i}`),
          series: Array.from({length: n}, (_, i) => ({name: `s${i}`, values: []}))
        }
      ])
    },
    run: render
  },
  {
    name: 'render: many blocks (scale / 10 paragraphs)',
    entry: 'renderMarkdown',
    make: (scale) =>
      document(Array.from({length: Math.max(1, Math.floor(scale / 10))}, (_, i) => ({type: 'paragraph', text: `p ${i} *a*`}))),
    run: render
  }
]
