import type {RootContent} from 'mdast'
import type {Block} from '../model/index.js'
import {isKnownBlock} from '../model/constants.js'
import {defaultHandlers} from '../render/handlers/index.js'
import {mappedBlocks} from '../render/stream.js'
import type {State} from 'mdast-util-to-markdown'
import {captureState, createFlowWriter} from '../render/fast/root.js'
import {stringifyMarkdown} from '../render/stringify.js'
import {type PageSource, type RenderInput, resolveOptions} from '../render/pages.js'
import type {BlockContext, Handler, HandlerContext, Handlers, RenderOptions, RenderWarning} from '../render/types.js'
import type {FilterCriteria, PresetName} from '../select/filter.js'

/** One block and the markdown it renders to, alone (self-contained, no surrounding blank lines). */
export interface RenderedBlock {
  block: Block
  markdown: string
  /** What its handler was told beyond the block (figure caption, numbered depth): parts of it are rendered with the same. */
  context: BlockContext
}

/**
 * The document's blocks in reading order with their markdown, from ONE render of the whole input
 * with its source map (blocks that render to nothing have no entry), made a page at a time (see
 * `mappedBlocks`): each block's markdown is its slice of the whole, self-contained. `input` may be
 * pages read one at a time (the CLI's paged reading). Render warnings go to `warnings` as pages
 * are rendered.
 */
export function* renderedBlocks(
  input: RenderInput | PageSource,
  options: RenderOptions,
  filter: FilterCriteria | PresetName | undefined,
  warnings: RenderWarning[]
): Generator<RenderedBlock> {
  // The chunker's filter is the renderer's: heading depths are read from the whole document.
  yield* mappedBlocks(input, {...options, pageBreaks: 'none', ...(filter === undefined ? {} : {filter})}, warnings)
}

/** Renders single (possibly synthetic) blocks, and handler nodes, with one set of options. */
export interface BlockRenderer {
  /** The block's markdown: its handler (told `context`), then the serializer. */
  render(block: Block, context?: BlockContext): string
  /** The nodes the block's handler makes (told `context`). */
  nodes(block: Block, context?: BlockContext): RootContent[]
  /** The markdown of top-level nodes, as the render writes them. */
  write(nodes: readonly RootContent[]): string
}

/**
 * A renderer of single (possibly synthetic) blocks with these options and no filter: the
 * block's handler, then the serializer, with none of a document's setup per call.
 */
export function createBlockRenderer(options: RenderOptions): BlockRenderer {
  const resolved = resolveOptions(options)
  const handlers: Handlers = {...defaultHandlers, ...definedHandlers(options.handlers)}
  const base: HandlerContext = {options: resolved, warn: () => {}}
  const nodes = (block: Block, context?: BlockContext) =>
    ((isKnownBlock(block) ? handlers[block.type] : handlers.unknown) as Handler)(block, context ? {...base, ...context} : base)
  // The serializer's state (handlers, joins, unsafe patterns) is set up once: set up per call, as
  // a writer of its own does, it made new hidden classes by the thousand (old-space garbage that
  // raised the peak RSS of a large document's chunking by some 100 MB).
  let state: State | undefined
  const write = (list: readonly RootContent[]) => {
    if (state === undefined) stringifyMarkdown(captureState((captured) => (state = captured)))
    // What a fresh state holds before its first node (a handler that threw may have left them set).
    Object.assign(state!, {bulletCurrent: undefined, bulletLastUsed: undefined, stack: [], indexStack: []})
    const writer = createFlowWriter(state!)
    let markdown = ''
    for (const node of list) markdown += writer.write(node)
    writer.close()
    return markdown
  }
  return {render: (block, context) => write(nodes(block, context)), nodes, write}
}

function definedHandlers(handlers: RenderOptions['handlers']): Partial<Handlers> {
  return Object.fromEntries(Object.entries(handlers ?? {}).filter(([, handler]) => handler !== undefined))
}
