import type {Block} from '../model/index.js'
import {createSourceMapBuilder} from './source-map.js'
import {type RenderReport, type StreamOptions, chunksOf, pieces, streamOf} from './pieces.js'
import type {PageSource, RenderInput} from './pages.js'
import {createNodeMarkdownWriter} from './stringify.js'
import type {BlockContext, RenderOptions, RenderWarning} from './types.js'
import type {WritableLike} from './write.js'

export type {WritableLike} from './write.js'
export {DEFAULT_CHUNK_SIZE, type RenderReport, type StreamOptions} from './pieces.js'

/**
 * Renders markdown in pieces of at most `chunkSize` characters, made as they are asked for:
 * the tree of a whole document and its whole markdown are never held. Their concatenation is
 * exactly `renderMarkdown(input, options)`; a piece never ends inside a surrogate pair. The
 * generator's return value (`done: true`) is the report: warnings, and the source map when asked
 * for (offsets into the whole output).
 *
 * @example
 * for (const piece of renderChunks(doc)) process.stdout.write(piece)
 */
export function* renderChunks(input: RenderInput, options: StreamOptions = {}): Generator<string, RenderReport, undefined> {
  return yield* chunksOf(input, options, createNodeMarkdownWriter)
}

/** `renderChunks` of pages read one at a time, by their owner (see `render/paged.ts`): the same pieces as of the whole document. */
export function* renderPageChunks(source: PageSource, options: StreamOptions = {}): Generator<string, RenderReport, undefined> {
  return yield* chunksOf(source, options, createNodeMarkdownWriter)
}

/**
 * The markdown with its source map and the block of each entry, in one string: what chunking
 * cuts into blocks (`markdown.slice(entry.start, entry.end)` is each block's own markdown).
 */
export function renderMapped(
  input: RenderInput,
  options: RenderOptions
): Required<RenderReport> & {markdown: string; blocks: Block[]; contexts: BlockContext[]} {
  const warnings: RenderWarning[] = []
  const builder = createSourceMapBuilder()
  const markdown = [...pieces(input, options, Number.MAX_SAFE_INTEGER, warnings, builder, createNodeMarkdownWriter)].join('')
  return {markdown, warnings, sourceMap: builder.finish(), blocks: builder.blocks(), contexts: builder.contexts()}
}

/** Pieces of 64 K characters while blocks are cut out of them (`mappedBlocks`). */
const MAPPED_PIECE = 1 << 16

/**
 * `renderMapped` as it goes: each block (with the context its handler was told) and its own
 * markdown, the slice `renderMapped` gives it, without the whole output ever held (the text is
 * dropped once its blocks are yielded). Handler warnings go to `warnings` as pages are rendered.
 */
export function* mappedBlocks(
  input: RenderInput | PageSource,
  options: RenderOptions,
  warnings: RenderWarning[]
): Generator<{block: Block; markdown: string; context: BlockContext}, void, undefined> {
  const builder = createSourceMapBuilder()
  // The builder's own arrays, emptied as their blocks are yielded.
  const {entries} = builder.finish()
  const blocks = builder.blocks()
  const contexts = builder.contexts()
  let text = '' // the output from `base` on
  let base = 0
  let next = 0 // the first entry not yet yielded
  for (const piece of pieces(input, options, MAPPED_PIECE, warnings, builder, createNodeMarkdownWriter)) {
    text += piece
    const received = base + text.length
    for (; next < entries.length && entries[next]!.end <= received; next++)
      yield {block: blocks[next]!, markdown: text.slice(entries[next]!.start - base, entries[next]!.end - base), context: contexts[next]!}
    const keepFrom = next < entries.length ? entries[next]!.start : received
    text = text.slice(keepFrom - base)
    base = keepFrom
    // Yielded entries dropped in one go once they are most of the arrays (linear overall).
    if (next > 1024 && next * 2 > entries.length) {
      entries.splice(0, next)
      blocks.splice(0, next)
      contexts.splice(0, next)
      next = 0
    }
  }
  for (; next < entries.length; next++)
    yield {block: blocks[next]!, markdown: text.slice(entries[next]!.start - base, entries[next]!.end - base), context: contexts[next]!}
}

/**
 * Renders markdown into a writable stream piece by piece, waiting for `drain` whenever the
 * stream asks to (backpressure), so memory stays bounded whatever the document's size. Does not
 * end the stream. Resolves with the report (warnings, source map) once the stream has taken the
 * last piece; rejects when the stream fails or closes before.
 *
 * @example
 * const {warnings} = await renderToStream(doc, fs.createWriteStream('doc.md'))
 */
export async function renderToStream(input: RenderInput, writable: WritableLike, options: StreamOptions = {}): Promise<RenderReport> {
  return streamOf(input, writable, options, createNodeMarkdownWriter)
}

/** `renderToStream` of pages read one at a time, by their owner (see `render/paged.ts`): the same bytes as of the whole document. */
export async function renderPagesToStream(source: PageSource, writable: WritableLike, options: StreamOptions = {}): Promise<RenderReport> {
  return streamOf(source, writable, options, createNodeMarkdownWriter)
}
