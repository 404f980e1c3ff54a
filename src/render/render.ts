import type {SourceMap} from '../model/source-map.js'
import {pieces} from './pieces.js'
import {createSourceMapBuilder} from './source-map.js'
import {createNodeMarkdownWriter} from './stringify.js'
import type {RenderInput} from './pages.js'
import type {RenderOptions, RenderWarning} from './types.js'

export interface RenderResult {
  markdown: string
  /** What was left out or changed, per block (invalid LaTeX, unknown blocks, unsafe URLs, …). */
  warnings: RenderWarning[]
  /** With `sourceMap: true`: which part of the markdown each block produced (UTF-16 offsets). */
  sourceMap?: SourceMap
}

/**
 * Renders markdown and says what it left out or changed; with `sourceMap: true`, also where in
 * the markdown each block went.
 *
 * @example
 * const {markdown, warnings, sourceMap} = render(doc, {pageBreaks: 'comment', sourceMap: true})
 */
export function render(input: RenderInput, options: RenderOptions & {sourceMap: true}): RenderResult & {sourceMap: SourceMap}
export function render(input: RenderInput, options?: RenderOptions): RenderResult
export function render(input: RenderInput, options: RenderOptions = {}): RenderResult {
  // The pieces `renderChunks` streams, joined once: no piece is cut to a chunk size (that would
  // copy the whole markdown twice, into the chunks and then into their join).
  const warnings: RenderWarning[] = []
  const builder = options.sourceMap === true ? createSourceMapBuilder() : undefined
  const markdown = [...pieces(input, options, Number.MAX_SAFE_INTEGER, warnings, builder, createNodeMarkdownWriter)].join('')
  return builder ? {markdown, warnings, sourceMap: builder.finish()} : {markdown, warnings}
}

/**
 * Renders a document (or a job response, or a list of blocks) as markdown: deterministic (equal
 * input, equal bytes) and literal (no text from the document can turn into markup).
 *
 * @example
 * const markdown = renderMarkdown(parseDocument(json))
 */
export function renderMarkdown(input: RenderInput, options: RenderOptions = {}): string {
  return render(input, options).markdown
}
