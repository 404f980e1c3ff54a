import type {RootContent} from 'mdast'
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
  return renderInChunks(input, options, FLUSH_AT)
}

/**
 * Top-level nodes serialised at a time: the tree of a whole document is never held at once, and
 * small runs keep the serializer's garbage young (cheap to collect, never grown into the old
 * generation). 64 lowered the pipeline's peak memory by a fifth against 256, at the same speed.
 */
const FLUSH_AT = 64

/** `render`, serialising about `flushAt` top-level nodes at a time (exported for tests). */
export function renderInChunks(input: RenderInput, options: RenderOptions, flushAt: number): RenderResult {
  const warnings: RenderWarning[] = []
  const parts: string[] = []
  let pending: RootContent[] = []
  const flush = () => {
    // Top-level nodes are always joined by one blank line, so serialising a run of them on its
    // own gives the same text as inside the whole tree. Each part ends with its line ending:
    // joined by one more, they are a blank line apart (no part is copied to trim it).
    if (pending.length > 0) parts.push(stringifyMarkdown({type: 'root', children: pending}))
    pending = []
  }
  for (const nodes of mdastByPage(input, options, warnings)) {
    for (const node of nodes) pending.push(node)
    // The one exception: a list right after a list takes the other bullet, so never split there.
    if (pending.length >= flushAt && pending.at(-1)!.type !== 'list') flush()
  }
  flush()
  return {markdown: parts.join('\n'), warnings}
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
