// Builders of hostile documents for the cost shapes (bench/cost-shapes/*.ts): valid documents whose
// size grows in one direction at a time (blocks, text length, whitespace runs, keys, nesting).
import type {Block, Document} from '../src/index.js'

/** The whitespace kinds a text field may carry runs of: ASCII, line breaks, Unicode spaces and separators. */
export const WHITESPACE: Array<[string, string]> = [
  ['space', ' '],
  ['tab', '\t'],
  ['LF', '\n'],
  ['CRLF', '\r\n'],
  ['CR', '\r'],
  ['form feed', '\f'],
  ['vertical tab', '\v'],
  ['NBSP', '\u00a0'],
  ['ideographic space', '\u3000'],
  ['line separator', '\u2028'],
  ['zero-width space', '\u200b']
]

/** A valid block of `type` (a paragraph by default) with the given fields. */
export function block(i: number, fields: Record<string, unknown> = {}, page = 1): Block {
  return {
    id: `b${i}`,
    type: 'paragraph',
    page,
    bbox: [0.1, Math.min(0.9, (i % 1000) / 1000), 0.9, Math.min(1, (i % 1000) / 1000 + 0.001)],
    bbox_units: 'normalized',
    reading_order_index: i,
    text: 'Text.',
    text_source: 'verified',
    confidence: 0.95,
    verified: true,
    ...fields
  } as Block
}

/** A valid one-page (or `pages`-page) document holding these blocks. */
export function documentOf(blocks: Block[], extra: Record<string, unknown> = {}, pages = 1): Document {
  const perPage = Array.from({length: pages}, (_, p) => ({page: p + 1, blocks: [] as Block[]}))
  blocks.forEach((b, i) => {
    const page = perPage[i % pages]!
    page.blocks.push({...b, page: page.page})
  })
  return {
    source: {
      kind: 'pdf',
      filename: 'hostile.pdf',
      file_hash: `sha256:${'0'.repeat(64)}`,
      page_count: pages,
      page_sizes: Array.from({length: pages}, () => [8.5, 11] as [number, number])
    },
    extraction: {model: 'm', profile: 'p', duration_ms: 1, faithfulness_score: 1, per_page_failures: []},
    pages: perPage,
    ...extra
  } as Document
}

/** Every text-bearing field of every block type, each holding `text`. */
export function everyTextField(text: string): Block[] {
  let i = 0
  const at = (fields: Record<string, unknown>) => block(i++, fields)
  const textTypes = ['heading', 'paragraph', 'list', 'caption', 'footnote', 'page_header', 'page_footer', 'callout', 'code']
  return [
    ...textTypes.map((type) => at({type, text: text, ...(type === 'code' ? {language: text} : {})})),
    at({type: 'table', text_source: 'derived', verified: false, headers: [text, text], rows: [[text, text]]}),
    at({
      type: 'image',
      text_source: 'derived',
      verified: false,
      url: 'https://example.com/a.png',
      alt: text,
      caption: text,
      embedded_text: text
    }),
    at({
      type: 'diagram',
      text_source: 'derived',
      verified: false,
      nodes: [
        {id: 'a', label: text},
        {id: 'b', label: text}
      ],
      edges: [{from: 'a', to: 'b', label: text}]
    }),
    at({
      type: 'chart',
      text_source: 'derived',
      verified: false,
      chart_type: 'bar',
      title: text,
      categories: [text],
      series: [{name: text, values: [1]}],
      data_table: [
        [text, text],
        [text, 1]
      ]
    }),
    at({type: 'formula', text_source: 'derived', verified: false, latex: 'x'}),
    at({type: 'signature', text_source: 'derived', verified: false, note: text})
  ]
}
