// The direct writer's render loop, shared by every way of rendering (held, streamed, page by page)
// and kept apart from the serializer: the nodes it cannot write directly (custom handlers' output,
// shapes the direct writers leave to it) go to the stock writer, which the caller makes (see
// `StockWriter`), so that a render that needs none never loads the mdast serializer.
import type {SourceMap} from '../model/source-map.js'
import {OptionsError} from '../errors.js'
import type {Block, BlockType} from '../model/index.js'
import {isKnownBlock} from '../model/constants.js'
import {type SourceMapBuilder, createSourceMapBuilder} from './source-map.js'
import {type DirectWriter, type NodeSink, directWriters} from './fast/blocks.js'
import {fits, itemsOf} from './fast/parts.js'
import type {NodeWriter} from './fast/root.js'
import {type PageSource, type RenderInput, eachBlock, planRender} from './pages.js'
import type {CellRange} from './source-map.js'
import {flowNode, handlersOf} from './to-mdast.js'
import type {BlockContext, Handler, RenderOptions, RenderWarning} from './types.js'
import {type WritableLike, writePieces} from './write.js'

/**
 * Makes the writer of the nodes written the mdast way (`createNodeMarkdownWriter` of
 * `stringify.ts`): called on the first such node, once per render.
 */
export type StockWriter = () => NodeWriter

/** What a render says besides the markdown. */
export interface RenderReport {
  /** What was left out or changed, per block (invalid LaTeX, unknown blocks, unsafe URLs, …). */
  warnings: RenderWarning[]
  /** With `sourceMap: true`: which part of the markdown each block produced (UTF-16 offsets into the whole output). */
  sourceMap?: SourceMap
}

export interface StreamOptions extends RenderOptions {
  /** Largest piece, in UTF-16 code units (default: 16,384; at least 1,024). */
  chunkSize?: number
}

/** 16 K characters: below V8's large-object size even for two-byte strings, so pieces stay young and cheap. */
export const DEFAULT_CHUNK_SIZE = 16_384

/**
 * `renderChunks` of a document or of pages read one at a time (see `render/paged.ts`); `stock`
 * makes the writer of the nodes written the mdast way (see `StockWriter`).
 */
export function* chunksOf(input: RenderInput | PageSource, options: StreamOptions, stock: StockWriter): Generator<string, RenderReport, undefined> {
  const {chunkSize = DEFAULT_CHUNK_SIZE, ...renderOptions} = options
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1024)
    throw new OptionsError(`chunkSize: expected a whole number ≥ 1024, got ${JSON.stringify(chunkSize)}`)
  const warnings: RenderWarning[] = []
  const builder = renderOptions.sourceMap === true ? createSourceMapBuilder() : undefined
  yield* pieces(input, renderOptions, chunkSize, warnings, builder, stock)
  return builder ? {warnings, sourceMap: builder.finish()} : {warnings}
}

/**
 * The markdown in pieces of at most `chunkSize` characters (see `renderChunks`): each block
 * written by its direct writer, or the mdast way (its handler, then the serializer) when the
 * options give a handler for its type; top-level nodes apart by a blank line, as the serializer
 * puts them.
 */
export function* pieces(
  input: RenderInput | PageSource,
  options: RenderOptions,
  chunkSize: number,
  warnings: RenderWarning[],
  builder: SourceMapBuilder | undefined,
  stock: StockWriter
): Generator<string, void, undefined> {
  const plan = planRender(input, options, warnings)
  const handlers = handlersOf(options)
  const custom = new Set(Object.keys(options.handlers ?? {}).filter((type) => options.handlers![type as BlockType] !== undefined))
  let stockWriter: NodeWriter | undefined
  // Pieces gathered in an array and joined once per yielded run, not appended one by one: a
  // `+=` chain is a rope V8 flattens again at every slice.
  let parts: string[] = []
  let pending = 0
  /** Everything written so far (UTF-16 units), and how many top-level nodes. */
  let total = 0
  let count = 0
  let endsWithLineEnding = true
  /** The bullet of the list just written (undefined after any other node). */
  let bullet: string | undefined
  /** A thematic break owed before the page's first node (`pageBreaks: 'rule'`). */
  let ruleOwed = false
  // The current block's range and cells (for the source map).
  let blockStart = -1
  let blockEnd = -1
  let blockCells: CellRange[] | undefined

  /** Where the next node starts (after its separator), any owed rule written first. */
  const nextStart = () => {
    if (ruleOwed) {
      ruleOwed = false
      put('---')
      bullet = undefined
    }
    return total + (count > 0 ? 2 : 0)
  }
  const put = (value: string) => {
    // The separator and the node as two parts (no concatenation to flatten later).
    if (count++ > 0) {
      parts.push('\n\n')
      pending += 2
      total += 2
      endsWithLineEnding = true
    }
    if (value === '') return
    parts.push(value)
    pending += value.length
    total += value.length
    // (Reading a character flattens a node's markdown built by concatenation while it is young:
    // measured, 10% cheaper overall than keeping its rope of small strings alive until the join.)
    const last = value.charCodeAt(value.length - 1)
    endsWithLineEnding = last === 10 || last === 13
  }
  const putOfBlock = (value: string, start: number) => {
    if (blockStart === -1) blockStart = start
    blockEnd = start + value.length
    put(value)
  }
  const sink: NodeSink = {
    cells: builder !== undefined,
    node(value, cells) {
      const start = nextStart()
      // The writer's own ranges, moved to where the node starts.
      if (cells && builder) {
        for (const cell of cells) {
          cell.start += start
          cell.end += start
        }
        // The writer's ranges are its own, made for this node: the block's first are taken as they are.
        if (blockCells === undefined) blockCells = cells
        else for (const cell of cells) blockCells.push(cell)
      }
      putOfBlock(value, start)
      bullet = undefined
    },
    list(node) {
      if (!fits(node)) return sink.stock([node])
      sink.items(node.ordered === true, (marker) => itemsOf(node, marker))
    },
    items(ordered, write) {
      const start = nextStart()
      let marker = ordered ? '.' : '-'
      if (bullet === marker) marker = ordered ? ')' : '*'
      putOfBlock(write(marker), start)
      bullet = marker
    },
    stock(nodes) {
      stockWriter ??= stock()
      for (const node of nodes) {
        const start = nextStart()
        const written = stockWriter(flowNode(node), bullet, count, start, builder && (blockCells ??= []))
        putOfBlock(written.value, start)
        bullet = written.bullet
      }
    }
  }

  let previousHadContent = false
  for (const page of plan.pages) {
    if (plan.options.pageBreaks === 'comment') {
      put(`<!-- page ${page.page} -->`)
      bullet = undefined
    }
    ruleOwed = plan.options.pageBreaks === 'rule' && previousHadContent
    const countBefore = count
    for (const [block, context] of eachBlock(page, plan, warnings)) {
      blockStart = -1
      blockCells = undefined // made when the block's first cells come (most blocks have none)
      const type = isKnownBlock(block) ? block.type : 'unknown'
      if (custom.has(type)) sink.stock((handlers[type] as Handler)(block, context))
      else (directWriters[type] as DirectWriter<Block>)(block, context, sink)
      if (builder && blockStart !== -1)
        builder.add(block, blockContextOf(context), blockStart, blockEnd, blockCells)
      if (pending >= chunkSize) {
        const joined = parts.join('')
        let start = 0
        while (joined.length - start >= chunkSize) {
          const cut = safeCut(joined, start + chunkSize)
          yield joined.slice(start, cut)
          start = cut
        }
        parts = start < joined.length ? [joined.slice(start)] : []
        pending = joined.length - start
      }
    }
    ruleOwed = false
    previousHadContent ||= count > countBefore
  }
  // The serializer ends what it writes with a line ending, appending one if needed.
  if (!endsWithLineEnding) parts.push('\n')
  const rest = parts.join('')
  if (rest !== '') yield rest
}

/** What a block's handler was told beyond the block, for the source map's entry: most blocks share the empty one (frozen: read only). */
const NO_CONTEXT: BlockContext = Object.freeze({})
const blockContextOf = ({figureCaption, numberedDepth}: BlockContext): BlockContext =>
  figureCaption === undefined && numberedDepth === undefined ? NO_CONTEXT : {figureCaption, numberedDepth}

/** `at`, or one less when that would split a surrogate pair. */
function safeCut(text: string, at: number): number {
  const code = text.charCodeAt(at - 1)
  return code >= 0xd800 && code <= 0xdbff ? at - 1 : at
}

/** `renderToStream` of a document or of pages read one at a time, the stock writer made by `stock`. */
export async function streamOf(
  input: RenderInput | PageSource,
  writable: WritableLike,
  options: StreamOptions,
  stock: StockWriter
): Promise<RenderReport> {
  let report: RenderReport | undefined
  function* pieces() {
    report = yield* chunksOf(input, options, stock)
  }
  await writePieces(writable, pieces(), 'the markdown')
  return report!
}
