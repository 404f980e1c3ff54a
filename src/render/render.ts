import {streamingRoot} from './fast/root.js'
import {stringifyMarkdown} from './stringify.js'
import {type RenderInput, mdastByPage} from './to-mdast.js'
import type {RenderOptions, RenderWarning} from './types.js'

export interface RenderResult {
  markdown: string
  /** What was left out or changed, per block (invalid LaTeX, unknown blocks, unsafe URLs, …). */
  warnings: RenderWarning[]
}

/**
 * Renders markdown and says what it left out or changed.
 *
 * @example
 * const {markdown, warnings} = render(doc, {pageBreaks: 'comment'})
 */
export function render(input: RenderInput, options: RenderOptions = {}): RenderResult {
  const warnings: RenderWarning[] = []
  // The nodes are made page by page while the serializer writes them: the tree of a whole
  // document is never held.
  const nodes = function* () {
    for (const page of mdastByPage(input, options, warnings)) yield* page
  }
  return {markdown: stringifyMarkdown(streamingRoot(nodes())), warnings}
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
