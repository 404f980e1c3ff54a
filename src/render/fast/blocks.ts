import type {List, RootContent} from 'mdast'
import type {
  BlockOfType,
  BlockType,
  CalloutBlock,
  CaptionBlock,
  ChartBlock,
  CodeBlock,
  DiagramBlock,
  FormulaBlock,
  HeadingBlock,
  ImageBlock,
  ListBlock,
  TableBlock,
  UnknownBlock
} from '../../model/index.js'
import {type EscapeOptions, escapeLineStart, escapeText, isPlain, isPlainInParagraph, laterCells, tableEscapes} from '../escape.js'
import {chartGrid} from '../handlers/chart.js'
import {codeFence} from '../handlers/code.js'
import {diagramImage, mermaidFlowchart} from '../handlers/diagram.js'
import {formulaFence} from '../handlers/formula.js'
import {roleDepth} from '../handlers/heading.js'
import {imageParts} from '../handlers/image.js'
import {MAX_LIST_NUMBER, listLines, listOf} from '../handlers/list.js'
import {headerRow} from '../handlers/table.js'
import {type ImageSource, PLACEHOLDER, imageNode, imageTarget} from '../images.js'
import type {CellRange} from '../source-map.js'
import {paragraphTexts, phrasingText, singleLine} from '../text.js'
import type {HandlerContext, ImageBearingBlock} from '../types.js'
import {TableText, delimited, flatItems, imageOf, prefixLines} from './parts.js'

// The direct writer: markdown straight from blocks, one writer per block type in one map that
// mirrors the handler map, with no mdast tree in between. The mdast path (handler, then
// `stringifyMarkdown`) stays the definition: each writer writes the bytes its handler's nodes
// serialise to (the differential property in test/render/direct.test.ts holds them to it), and
// hands a shape it does not write itself (a code fence's unusual language) to that path.

/** Where a direct writer puts its block's top-level nodes, in order (the render separates them). */
export interface NodeSink {
  /** A node's markdown; `cells`: its table cells' ranges, relative to the node's start. */
  node(markdown: string, cells?: CellRange[]): void
  /** A list node (its bullet depends on the node before it: a list right after a list takes the other marker). */
  list(list: List): void
  /** A list written by `write` with the bullet it is given (`.` or `)` when `ordered`, `-` or `*`), as `list` picks it. */
  items(ordered: boolean, write: (bullet: string) => string): void
  /** Nodes written the mdast way: handler nodes the direct writer leaves to the serializer. */
  stock(nodes: RootContent[]): void
  /** Whether table cells' ranges are wanted (for the source map). */
  readonly cells: boolean
}

/** Writes one block's top-level nodes into `out`; says the same warnings as its handler. */
export type DirectWriter<B> = (block: B, context: HandlerContext, out: NodeSink) => void

/** One direct writer per known block type, plus `unknown`. */
export type DirectWriters = {[K in BlockType]: DirectWriter<BlockOfType<K>>} & {unknown: DirectWriter<UnknownBlock>}

/** Paragraphs of a block's text (`textParagraphs`). */
function paragraphs(text: string, out: NodeSink): void {
  // Most texts are plain (`isPlainInParagraph`): one paragraph, the text trimmed, escaped at its start at most.
  if (isPlainInParagraph(text)) {
    const content = text.trim()
    if (content !== '') out.node(escapeLineStart(content))
    return
  }
  for (const part of paragraphTexts(text)) out.node(escapeText(part))
}

const textBlock: DirectWriter<{text: string}> = (block, _, out) => paragraphs(block.text, out)

const heading: DirectWriter<HeadingBlock> = (block, {options, numberedDepth}, out) => {
  const value = singleLine(block.text)
  if (value === '') return
  const depth = numberedDepth ?? roleDepth(block.role, options)
  out.node('#'.repeat(Math.min(6, Math.max(1, depth))) + ' ' + escapeText(value, HEADING))
}

const HEADING = {lineStart: false, heading: true} as const

const list: DirectWriter<ListBlock> = (block, {warn}, out) => {
  const lines = listLines(block, warn)
  if (lines.length === 0) return
  // A flat list (no line deeper than the first: `listOf` nests none) is written from its lines,
  // with no tree in between; a nested one from its tree.
  const indent = lines[0]!.indent
  if (lines.some((line) => line.indent > indent)) return out.list(listOf(lines))
  const first = lines[0]!.number
  const start = first === undefined ? undefined : Math.min(first, MAX_LIST_NUMBER - lines.length + 1)
  out.items(start !== undefined, (bullet) => flatItems(lines, start, bullet))
}

const caption: DirectWriter<CaptionBlock> = (block, _, out) => {
  const value = phrasingText(block.text)
  if (value !== '') out.node(delimited(value, '*'))
}

const callout: DirectWriter<CalloutBlock> = (block, _, out) => {
  const parts = paragraphTexts(block.text)
  if (parts.length > 0) out.node(prefixLines(parts.map((part) => escapeText(part)).join('\n\n'), '> ', '> '))
}

/** A language the serializer writes as it is after the fence (anything else goes the mdast way). */
const PLAIN_LANGUAGE = /^[\w.+#-]+$/

/** A fenced code block: the fence one backtick longer than the longest run in the code (at least three). */
function fence(value: string, lang: string | null, out: NodeSink): void {
  if (lang !== null && !PLAIN_LANGUAGE.test(lang)) return out.stock([{type: 'code', lang, meta: null, value}])
  const sequence = '`'.repeat(Math.max(longestRun(value, 96) + 1, 3))
  out.node(sequence + (lang ?? '') + '\n' + value + '\n' + sequence)
}

/** The longest run of the character `code` in `value`. */
function longestRun(value: string, code: number): number {
  let longest = 0
  for (let i = value.indexOf(String.fromCharCode(code)); i !== -1; i = value.indexOf(String.fromCharCode(code), i)) {
    let end = i + 1
    while (value.charCodeAt(end) === code) end++
    if (end - i > longest) longest = end - i
    i = end
  }
  return longest
}

const code: DirectWriter<CodeBlock> = (block, _, out) => {
  const parts = codeFence(block)
  if (parts) fence(parts.value, parts.lang, out)
}

const formula: DirectWriter<FormulaBlock> = (block, {warn}, out) => {
  const parts = formulaFence(block, warn)
  if (parts) fence(parts.value, parts.lang, out)
}

/**
 * A GFM table of the cells' one-line texts (`tableNode`): the header row widened to the widest
 * row, `firstRow` the source row of the header row.
 */
function table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>, out: NodeSink, firstRow = 0): void {
  let width = headers.length
  for (const cells of rows) width = Math.max(width, cells.length)
  if (width === 0) return
  // Cells escaped in reading order, row by row, in one context (see `tableEscapes`), made at the
  // first cell that is not plain (a plain cell leaves no opener for a later one to close); `at`:
  // the cell being escaped, in the order of `headers` and then `rows` (see `laterCells`).
  let context: EscapeOptions | undefined
  let at = -1
  const cellOf = (value: string) => {
    at++
    // Most cells are plain (`isPlain`): trimmed, they are their own markdown.
    if (isPlain(value)) return value.trim()
    context ??= {lineStart: false, cell: true, table: tableEscapes(laterCells(() => [...headers, ...rows.flat()], () => at))}
    return escapeText(singleLine(value), context)
  }
  const ranges: CellRange[] | undefined = out.cells ? [] : undefined
  const markdown = new TableText(ranges)
  // The header row widened to the widest row (its fillers are no source cells).
  for (let col = 0; col < width; col++) markdown.cell(col < headers.length ? cellOf(headers[col]!) : '', col < headers.length ? firstRow : -1, col)
  markdown.endRow()
  for (let row = 0; row < rows.length; row++) {
    const cells = rows[row]!
    for (let col = 0; col < cells.length; col++) markdown.cell(cellOf(cells[col]!), firstRow + 1 + row, col)
    markdown.endRow()
  }
  out.node(markdown.text, ranges)
}

const tableBlock: DirectWriter<TableBlock> = (block, _, out) => {
  const {headers, rows, firstRow} = headerRow(block.headers, block.rows)
  table(headers, rows, out, firstRow)
}

/** An image under the image policy (`imageNodes`). */
function image(block: ImageBearingBlock, source: ImageSource, context: HandlerContext, out: NodeSink): void {
  const target = imageTarget(block, source, context)
  if (target === undefined) return
  if (target !== PLACEHOLDER) return out.node(imageOf(imageNode(target, source)))
  if (source.placeholder === undefined) return
  const value = phrasingText(source.placeholder)
  if (value !== '') out.node(delimited(value, '*'))
  else out.stock([{type: 'paragraph', children: [{type: 'emphasis', children: [{type: 'text', value}]}]}])
}

const imageBlock: DirectWriter<ImageBlock> = (block, context, out) => {
  const {source, embedded} = imageParts(block, context)
  image(block, source, context, out)
  if (embedded) paragraphs(embedded, out)
}

const diagram: DirectWriter<DiagramBlock> = (block, context, out) => {
  const flowchart = mermaidFlowchart(block)
  if (flowchart !== undefined) fence(flowchart, 'mermaid', out)
  image(block, diagramImage(block), context, out)
}

const chart: DirectWriter<ChartBlock> = (block, context, out) => {
  const title = block.title === undefined ? '' : phrasingText(block.title)
  if (title !== '') out.node(delimited(title, '**'))
  const grid = chartGrid(block, context.warn)
  if (grid) table(grid[0], grid[1], out)
  image(block, {base64: block.image_b64, alt: title || 'Chart'}, context, out)
}

const unknown: DirectWriter<UnknownBlock> = (block, {warn}, out) => {
  if (typeof block.text === 'string') return paragraphs(block.text, out)
  warn('unknown_block_omitted', `block type ${JSON.stringify(block.type)} is unknown and has no text; left out`)
}

/** The direct writer of every block type (frozen), mirroring `defaultHandlers`. */
export const directWriters: Readonly<DirectWriters> = Object.freeze({
  heading,
  paragraph: textBlock,
  list,
  caption,
  footnote: textBlock,
  page_header: textBlock,
  page_footer: textBlock,
  callout,
  code,
  table: tableBlock,
  image: imageBlock,
  diagram,
  chart,
  formula,
  unknown
} satisfies DirectWriters)
