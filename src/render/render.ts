import type {SourceMap} from '../model/source-map.js'
import {streamingRoot} from './fast/root.js'
import {createSourceMapBuilder} from './source-map.js'
import {stringifyMarkdown} from './stringify.js'
import {type RenderInput, mdastByPage} from './to-mdast.js'
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
  const warnings: RenderWarning[] = []
  const builder = options.sourceMap === true ? createSourceMapBuilder() : undefined
  // The nodes are made page by page while the serializer writes them: the tree of a whole
  // document is never held.
  const nodes = function* () {
    for (const page of mdastByPage(input, options, warnings, builder?.origins)) yield* page
  }
  const markdown = stringifyMarkdown(streamingRoot(nodes(), builder?.record))
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
