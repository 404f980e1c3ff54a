// Checks of a render against real readers, shared by the vitest properties (a few hundred
// cases) and `npm run fuzz` (100,000+ cases each).
import fc from 'fast-check'
import spec from 'commonmark-spec'
import type {Nodes} from 'mdast'
import {toString} from 'mdast-util-to-string'
import {type Block, type Document, type RenderInput, type RenderOptions, render, stringifyMarkdown, toMdast} from '../../src/index.js'
import {PNG_1x1} from './blocks.js'
import {type Reading, countImages, htmlOf, liveHtml, norm, readCommonmark, readMarkdownItTokens, readMicromark} from './readers.js'

export const doc = (blocks: Array<Record<string, unknown>>): Document => ({
  source: {kind: 'pdf', filename: 'x.pdf', file_hash: `sha256:${'a'.repeat(64)}`, page_count: 1, page_sizes: [[8.5, 11]]},
  extraction: {model: 'm', profile: 'p', duration_ms: 0, faithfulness_score: null, per_page_failures: []},
  pages: [
    {
      page: 1,
      blocks: blocks.map(
        (content, i) =>
          ({
            id: `b${i}`,
            page: 1,
            bbox: [0, i / 100, 1, (i + 1) / 100],
            bbox_units: 'normalized',
            reading_order_index: i,
            text_source: 'verified',
            confidence: 1,
            verified: true,
            ...content
          }) as Block
      )
    }
  ]
})

const image = {type: 'image', url: 'https://example.com/a.png'}
const PROSE = {
  paragraph: (text: string) => ({type: 'paragraph', text}),
  heading: (text: string) => ({type: 'heading', text, role: 'section'}),
  caption: (text: string) => ({type: 'caption', text}),
  callout: (text: string) => ({type: 'callout', text}),
  footnote: (text: string) => ({type: 'footnote', text}),
  page_header: (text: string) => ({type: 'page_header', text}),
  page_footer: (text: string) => ({type: 'page_footer', text}),
  unknown: (text: string) => ({type: 'signature', text}),
  list: (text: string) => ({type: 'list', text}),
  table_cell: (text: string) => ({
    type: 'table',
    headers: ['h', text],
    rows: [
      [text, 'x'],
      ['y', text]
    ]
  }),
  image_alt: (text: string) => ({...image, alt: text}),
  image_caption: (text: string) => ({...image, alt: 'a', caption: text}),
  image_placeholder: (text: string) => ({type: 'image', image_b64: PNG_1x1, alt: text, caption: text}),
  image_embedded_text: (text: string) => ({...image, alt: 'a', embedded_text: text}),
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
    title: 't',
    data_table: [
      [text, 'b'],
      ['c', text]
    ],
    categories: [],
    series: []
  })
} satisfies Record<string, (text: string) => Record<string, unknown>>
export type ProseKind = keyof typeof PROSE
export const PROSE_KINDS = Object.keys(PROSE) as ProseKind[]

const base = {
  micromark: ['text', 'link'],
  commonmark: ['text', 'softbreak'],
  markdownIt: [] as string[]
}
const TABLE_IT = ['table', 'thead', 'tbody', 'tr', 'th', 'td']
/**
 * Node types each kind may give in each reader (micromark: mdast; commonmark.js and markdown-it:
 * their own); `link` only from GFM autolink literals (markdown-it links none: no linkify).
 */
const ALLOWED: Record<ProseKind, {micromark: string[]; commonmark: string[]; markdownIt: string[]}> = {
  paragraph: {micromark: ['paragraph'], commonmark: ['paragraph'], markdownIt: ['paragraph']},
  heading: {micromark: ['heading'], commonmark: ['heading'], markdownIt: ['heading']},
  caption: {micromark: ['paragraph', 'emphasis'], commonmark: ['paragraph', 'emph'], markdownIt: ['paragraph', 'em']},
  callout: {micromark: ['blockquote', 'paragraph'], commonmark: ['block_quote', 'paragraph'], markdownIt: ['blockquote', 'paragraph']},
  footnote: {micromark: ['paragraph'], commonmark: ['paragraph'], markdownIt: ['paragraph']},
  page_header: {micromark: ['paragraph'], commonmark: ['paragraph'], markdownIt: ['paragraph']},
  page_footer: {micromark: ['paragraph'], commonmark: ['paragraph'], markdownIt: ['paragraph']},
  unknown: {micromark: ['paragraph'], commonmark: ['paragraph'], markdownIt: ['paragraph']},
  list: {micromark: ['list', 'listItem', 'paragraph'], commonmark: ['list', 'item', 'paragraph'], markdownIt: ['bullet_list', 'ordered_list', 'list_item', 'paragraph']},
  table_cell: {micromark: ['table', 'tableRow', 'tableCell'], commonmark: ['paragraph'], markdownIt: TABLE_IT},
  image_alt: {micromark: ['paragraph', 'image'], commonmark: ['paragraph', 'image'], markdownIt: ['paragraph', 'image']},
  image_caption: {micromark: ['paragraph', 'image'], commonmark: ['paragraph', 'image'], markdownIt: ['paragraph', 'image']},
  image_placeholder: {micromark: ['paragraph', 'emphasis'], commonmark: ['paragraph', 'emph'], markdownIt: ['paragraph', 'em']},
  image_embedded_text: {micromark: ['paragraph', 'image'], commonmark: ['paragraph', 'image'], markdownIt: ['paragraph', 'image']},
  chart: {micromark: ['paragraph', 'strong', 'table', 'tableRow', 'tableCell'], commonmark: ['paragraph', 'strong'], markdownIt: ['paragraph', 'strong', ...TABLE_IT]},
  chart_data_table: {micromark: ['paragraph', 'strong', 'table', 'tableRow', 'tableCell'], commonmark: ['paragraph', 'strong'], markdownIt: ['paragraph', 'strong', ...TABLE_IT]}
}

/** The text the handlers put in the tree (leaf blocks and image alt), as a reader should read it back. */
function treeText(tree: Nodes): {text: string; titles: string[]} {
  const texts: string[] = []
  const titles: string[] = []
  const walk = (node: Nodes, inLeaf: boolean) => {
    const leaf = ['paragraph', 'heading', 'tableCell'].includes(node.type)
    if (leaf && !inLeaf) texts.push(toString(node))
    if (node.type === 'image' && node.title) titles.push(node.title)
    if ('children' in node) for (const child of node.children) walk(child, inLeaf || leaf)
  }
  walk(tree, false)
  return {text: norm(texts.join(' ')), titles}
}

// Embedded text on: it is off by default, and its escaping must be proven too.
const options: RenderOptions = {furniture: true, embeddedText: true}
const isTable = (kind: ProseKind) => kind === 'table_cell' || kind.startsWith('chart')
/** Table syntax as commonmark.js (no GFM) reads it: pipes, the delimiter row's dashes, spaces. */
const withoutTableSyntax = (text: string) => text.replace(/[|\s-]/g, '')

/**
 * Text placed in a prose field reads back as the text the handler made of it, in micromark and
 * in commonmark.js, with no node the block kind does not produce. Returns the problems found.
 */
export function literalProblems(kind: ProseKind, text: string): string[] {
  const input = doc([PROSE[kind](text)])
  const {markdown} = render(input, options)
  const expected = treeText(toMdast(input, options))
  const problems: string[] = []
  for (const [reader, reading] of [
    ['micromark', readMicromark(markdown)],
    ['commonmark', readCommonmark(markdown)],
    ['markdownIt', readMarkdownItTokens(markdown)]
  ] as Array<['micromark' | 'commonmark' | 'markdownIt', Reading]>) {
    const allowed = [...ALLOWED[kind][reader], ...base[reader]]
    const extra = reading.types.filter((type) => !allowed.includes(type))
    if (extra.length > 0) problems.push(`${reader}: unexpected ${extra.join(', ')}`)
    if (reader === 'commonmark' && isTable(kind)) {
      if (withoutTableSyntax(reading.text) !== withoutTableSyntax(expected.text))
        problems.push(`${reader}: text ${JSON.stringify(reading.text)}`)
    } else if (reading.text !== expected.text)
      problems.push(`${reader}: text ${JSON.stringify(reading.text)} ≠ ${JSON.stringify(expected.text)}`)
    for (const link of reading.links) {
      const autolink = link.type === 'link' && [link.text, `http://${link.text}`, `mailto:${link.text}`].includes(link.url)
      if (!autolink && !(link.type === 'image' && link.url === image.url)) problems.push(`${reader}: ${link.type} to ${link.url}`)
    }
  }
  return problems
}

/** Block kinds whose every text field is hostile: the prose kinds, and formulas, code and diagrams. */
export const HTML_KINDS = [...PROSE_KINDS, 'formula', 'code', 'diagram'] as const
export type HtmlKind = (typeof HTML_KINDS)[number]
function htmlBlock(kind: HtmlKind, text: string): Record<string, unknown> {
  if (kind === 'formula') return {type: 'formula', latex: text}
  if (kind === 'code') return {type: 'code', text, language: text}
  if (kind === 'diagram') return {type: 'diagram', nodes: [{id: text, label: text}, {id: 'b'}], edges: [{from: text, to: 'b', label: text}]}
  return PROSE[kind](text)
}

/** The elements and attributes from document text in the HTML of three readers (none expected). */
export function liveHtmlProblems(kind: HtmlKind, text: string): string[] {
  const {markdown} = render(doc([htmlBlock(kind, text)]), {furniture: true, pageBreaks: 'comment'})
  const problems: string[] = []
  const images = kind === 'image_alt' || kind === 'image_caption' || kind === 'image_embedded_text' ? 1 : 0
  for (const [reader, html] of Object.entries(htmlOf(markdown))) {
    // The page comment is docmodel's own: no element, so the images are the same without it.
    const body = html.replace('<!-- page 1 -->', '')
    for (const problem of liveHtml(body)) problems.push(`${reader}: ${problem}`)
    const count = countImages(body)
    if (count > images) problems.push(`${reader}: ${count} images`)
  }
  return problems
}

/** LaTeX that KaTeX accepts but that holds HTML, links or blank lines for a reader without math. */
export const hostileLatexArb = fc.constantFrom(
  '<img src=x onerror=alert(1)>',
  'x <svg onload=alert(1)>',
  'a\n\n<script>alert(1)</script>',
  'x\n\n[a]: javascript:alert(1)\n\n[a]',
  '[a](javascript:alert(1))',
  'x % c\r\\href{javascript:alert(1)}{y}',
  'a<b',
  'a < b',
  'x\n> [a]: javascript:alert(1)\n[a]',
  '\\text{<b>bold</b>}'
)

/** `renderMarkdown` and `stringifyMarkdown(toMdast(…))` give the same bytes and the same warnings. */
export function onePathProblems(input: RenderInput, renderOptions: RenderOptions): string[] {
  const rendered = render(input, renderOptions)
  const warnings: unknown[] = []
  const markdown = stringifyMarkdown(toMdast(input, renderOptions, warnings as never))
  const problems: string[] = []
  if (markdown !== rendered.markdown) problems.push(`bytes differ: ${JSON.stringify(markdown)} ≠ ${JSON.stringify(rendered.markdown)}`)
  if (JSON.stringify(warnings) !== JSON.stringify(rendered.warnings)) problems.push('warnings differ')
  return problems
}

/** The CommonMark spec's examples (`commonmark-spec`; tabs are written `→` there). */
export const specExamples: Array<{markdown: string; number: number}> = spec.tests.map((test: {markdown: string; number: number}) => ({
  number: test.number,
  markdown: test.markdown.replaceAll('→', '\t')
}))

/** Labels and ids that try to leave their quotes, start directives, comments or statements. */
export const mermaidLabelArb = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '%%',
        '%%{init: {"theme":"dark"}}%%',
        '%',
        '"',
        '"]',
        '[',
        ']',
        '(',
        ')',
        '{',
        '}',
        '|',
        '-->',
        ';',
        '\n',
        'click',
        ' call alert(1)',
        ' href "javascript:x"',
        '#',
        '#quot;',
        '#35;',
        '&',
        '&amp;',
        '<b>',
        '`',
        '\\',
        ' ',
        'end',
        'subgraph',
        'style',
        'classDef',
        'x',
        'é',
        '🙂'
      ),
      fc.string({maxLength: 3})
    ),
    {maxLength: 6}
  )
  .map((parts) => parts.join(''))

const squash = (text: string) => text.replace(/\s+/g, ' ').trim()

/** The problems mermaid's parser finds in the flowchart of a diagram: config applied, labels changed, a parse error. */
export async function checkMermaid(
  nodes: Array<{id: string; label?: string | undefined}>,
  edges: Array<{from: string; to: string; label?: string | undefined}>
): Promise<string[]> {
  const {parseFlowchart} = await import('./mermaid.js')
  const {markdown} = render(doc([{type: 'diagram', nodes, edges}]))
  const code = /^```mermaid\n([\s\S]*?)\n```$/m.exec(markdown)?.[1]
  if (nodes.length === 0 && edges.length === 0) return code === undefined ? [] : ['a flowchart for no nodes']
  if (code === undefined) return ['no mermaid block']
  let parsed
  try {
    parsed = await parseFlowchart(code)
  } catch (error) {
    return [`mermaid: ${(error as Error).message.split('\n').slice(0, 3).join(' ')} in ${JSON.stringify(code)}`]
  }
  const problems: string[] = []
  if (JSON.stringify(parsed.config) !== '{}') problems.push(`config applied: ${JSON.stringify(parsed.config)}`)
  // The labels the handler declares, in order: every node, then a node for each missing end.
  const expected: string[] = nodes.map((node) => squash(node.label ?? node.id))
  const ids = new Set(nodes.map((node) => node.id))
  for (const edge of edges) for (const end of [edge.from, edge.to]) if (!ids.has(end)) (ids.add(end), expected.push(squash(end)))
  const labels = parsed.nodes.map((node) => squash(node.label))
  if (JSON.stringify(labels) !== JSON.stringify(expected))
    problems.push(`node labels ${JSON.stringify(labels)} ≠ ${JSON.stringify(expected)}`)
  const edgeLabels = parsed.edges.map((edge) => squash(edge.label))
  const expectedEdges = edges.map((edge) => squash(edge.label ?? ''))
  if (JSON.stringify(edgeLabels) !== JSON.stringify(expectedEdges))
    problems.push(`edge labels ${JSON.stringify(edgeLabels)} ≠ ${JSON.stringify(expectedEdges)}`)
  return problems
}
