import type {SourceMap} from '../model/source-map.js'
import {renderChunks} from './stream.js'
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
  // The join of the streamed pieces: one render path, whether the markdown is held or streamed.
  const pieces: string[] = []
  const chunks = renderChunks(input, options)
  for (let step = chunks.next(); ; step = chunks.next()) {
    if (step.done) return {markdown: pieces.join(''), ...step.value}
    pieces.push(step.value)
  }
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
