import type {Root} from 'mdast'
import {gfmToMarkdown} from 'mdast-util-gfm'
import {mathToMarkdown} from 'mdast-util-math'
import type {Options as ToMarkdownOptions} from 'mdast-util-to-markdown'
import remarkStringify from 'remark-stringify'
import {unified} from 'unified'
import {fastHandlers} from './fast/index.js'
import {type FlowWriter, type NodeWriter, captureState, createFlowWriter, createNodeWriter} from './fast/root.js'
import type {NodeRecorder} from './source-map.js'

/**
 * The serializer settings (frozen): fixed, so equal trees always give equal bytes.
 *
 * @example
 * const markdown = toMarkdown(tree, {...markdownSettings, extensions: [gfmToMarkdown()]})
 */
export const markdownSettings: Readonly<ToMarkdownOptions> = Object.freeze({
  bullet: '-',
  bulletOrdered: '.',
  emphasis: '*',
  strong: '*',
  fence: '`',
  fences: true,
  rule: '-',
  listItemIndent: 'one',
  incrementListMarker: true,
  setext: false,
  closeAtx: false,
  resourceLink: false,
  tightDefinitions: true
} satisfies ToMarkdownOptions)

// GFM (tables; and the escapes that keep text from turning into strikethrough, task items or
// footnotes) and math. Frozen: no call can change the processor.
const processor = unified()
  .use(function markdownExtensions() {
    const data = this.data()
    data.toMarkdownExtensions = [
      ...(data.toMarkdownExtensions ?? []),
      gfmToMarkdown({tablePipeAlign: false}),
      mathToMarkdown({singleDollarTextMath: true})
    ]
  })
  .use(remarkStringify, {...markdownSettings, handlers: fastHandlers})
  .freeze()

/**
 * Serializes an mdast tree with the frozen processor: text escaped so it reads back literally
 * (see the README's Security section), `stringifyMarkdown(toMdast(doc))` = `renderMarkdown(doc)`.
 *
 * @example
 * const markdown = stringifyMarkdown(toMdast(doc))
 */
export function stringifyMarkdown(tree: Root): string {
  return processor.stringify(tree)
}

/**
 * A writer of top-level nodes with the frozen processor's settings, set up once: node after node,
 * the same bytes `stringifyMarkdown` gives for a root of those nodes (see `renderChunks`).
 */
export function createMarkdownWriter(record?: NodeRecorder): FlowWriter {
  let writer: FlowWriter | undefined
  processor.stringify(captureState((state) => (writer = createFlowWriter(state, record))))
  return writer!
}

/** A writer of single top-level nodes with the frozen processor's settings (see `NodeWriter`). */
export function createNodeMarkdownWriter(): NodeWriter {
  let writer: NodeWriter | undefined
  processor.stringify(captureState((state) => (writer = createNodeWriter(state))))
  return writer!
}
