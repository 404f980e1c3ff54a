import type {SourceMap} from '../model/source-map.js'
import {OptionsError} from '../errors.js'
import type {Block} from '../model/index.js'
import {type SourceMapBuilder, createSourceMapBuilder} from './source-map.js'
import {createMarkdownWriter} from './stringify.js'
import {type PageSource, type RenderInput, mdastByPage} from './to-mdast.js'
import type {BlockContext, RenderOptions, RenderWarning} from './types.js'
import {type WritableLike, writePieces} from './write.js'

export type {WritableLike} from './write.js'

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
  return yield* chunksOf(input, options)
}

/** `renderChunks` of a document or of pages read one at a time (see `render/paged.ts`). */
function* chunksOf(input: RenderInput | PageSource, options: StreamOptions): Generator<string, RenderReport, undefined> {
  const {chunkSize = DEFAULT_CHUNK_SIZE, ...renderOptions} = options
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1024)
    throw new OptionsError(`chunkSize: expected a whole number ≥ 1024, got ${JSON.stringify(chunkSize)}`)
  const warnings: RenderWarning[] = []
  const builder = renderOptions.sourceMap === true ? createSourceMapBuilder() : undefined
  yield* pieces(input, renderOptions, chunkSize, warnings, builder)
  return builder ? {warnings, sourceMap: builder.finish()} : {warnings}
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
  const markdown = [...pieces(input, options, Number.MAX_SAFE_INTEGER, warnings, builder)].join('')
  return {markdown, warnings, sourceMap: builder.finish(), blocks: builder.blocks(), contexts: builder.contexts()}
}

/**
 * `renderMapped` a page at a time: each block (with the context its handler was told) and its own
 * markdown, the slice `renderMapped` gives it, without the whole output ever held (each page's is
 * dropped once its blocks are yielded). Handler warnings go to `warnings` as pages are rendered.
 */
export function* mappedBlocks(
  input: RenderInput | PageSource,
  options: RenderOptions,
  warnings: RenderWarning[]
): Generator<{block: Block; markdown: string; context: BlockContext}, void, undefined> {
  const builder = createSourceMapBuilder()
  const writer = createMarkdownWriter(builder.record)
  // The builder's own arrays, emptied after each page (no block's entry runs on into the next page).
  const {entries} = builder.finish()
  const blocks = builder.blocks()
  const contexts = builder.contexts()
  let base = 0 // where the page's markdown starts in the whole output
  for (const page of mdastByPage(input, options, warnings, builder.origins)) {
    const parts: string[] = []
    for (const node of page) parts.push(writer.write(node))
    const text = parts.join('')
    for (let i = 0; i < entries.length; i++)
      yield {block: blocks[i]!, markdown: text.slice(entries[i]!.start - base, entries[i]!.end - base), context: contexts[i]!}
    entries.length = blocks.length = contexts.length = 0
    base += text.length
  }
}

/** The markdown in pieces of at most `chunkSize` characters (see `renderChunks`). */
function* pieces(
  input: RenderInput | PageSource,
  options: RenderOptions,
  chunkSize: number,
  warnings: RenderWarning[],
  builder: SourceMapBuilder | undefined
): Generator<string, void, undefined> {
  const writer = createMarkdownWriter(builder?.record)
  // Pieces gathered in an array and joined once per yielded run, not appended one by one: a
  // `+=` chain is a rope V8 flattens again at every slice.
  let parts: string[] = []
  let length = 0
  for (const page of mdastByPage(input, options, warnings, builder?.origins))
    for (const node of page) {
      const text = writer.write(node)
      if (text === '') continue
      parts.push(text)
      length += text.length
      if (length >= chunkSize) {
        const joined = parts.join('')
        let start = 0
        while (joined.length - start >= chunkSize) {
          const cut = safeCut(joined, start + chunkSize)
          yield joined.slice(start, cut)
          start = cut
        }
        parts = start < joined.length ? [joined.slice(start)] : []
        length = joined.length - start
      }
    }
  parts.push(writer.close())
  const rest = parts.join('')
  if (rest !== '') yield rest
}

/** `at`, or one less when that would split a surrogate pair. */
function safeCut(text: string, at: number): number {
  const code = text.charCodeAt(at - 1)
  return code >= 0xd800 && code <= 0xdbff ? at - 1 : at
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
  return streamOf(input, writable, options)
}

/** `renderToStream` of pages read one at a time, by their owner (see `render/paged.ts`): the same bytes as of the whole document. */
export async function renderPagesToStream(source: PageSource, writable: WritableLike, options: StreamOptions = {}): Promise<RenderReport> {
  return streamOf(source, writable, options)
}

async function streamOf(input: RenderInput | PageSource, writable: WritableLike, options: StreamOptions): Promise<RenderReport> {
  let report: RenderReport | undefined
  function* pieces() {
    report = yield* chunksOf(input, options)
  }
  await writePieces(writable, pieces(), 'the markdown')
  return report!
}
