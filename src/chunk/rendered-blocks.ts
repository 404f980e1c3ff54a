import type {Html, RootContent} from 'mdast'
import {DocmodelError} from '../errors.js'
import {type Block, type Document, type Job, isKnownBlock} from '../model/index.js'
import {streamingRoot} from '../render/fast/root.js'
import {handlers as defaultHandlers} from '../render/handlers/index.js'
import {stringifyMarkdown} from '../render/stringify.js'
import {type RenderInput, mdastByPage, resolveOptions} from '../render/to-mdast.js'
import type {Handler, HandlerContext, Handlers, RenderOptions, RenderWarning} from '../render/types.js'
import {type FilterCriteria, type PresetName, createBlockMatcher} from '../select/filter.js'

/** One block and the markdown it renders to, alone (self-contained, no surrounding blank lines). */
export interface RenderedBlock {
  block: Block
  markdown: string
}

/**
 * The document's blocks in reading order with their markdown, from ONE render of the whole input
 * (blocks that render to nothing are skipped). This is the only place that knows how a block's
 * markdown is found: today a unique marker node goes before each block's nodes and the markdown is
 * cut at the markers; when `render(input, {sourceMap: true})` lands it becomes
 * `markdown.slice(entry.start, entry.end)` for each source-map entry.
 */
export function* renderedBlocks(
  input: RenderInput,
  options: RenderOptions,
  filter: FilterCriteria | PresetName | undefined,
  warnings: RenderWarning[]
): Generator<RenderedBlock> {
  // Every handler call is recorded, so nodes map back to the block object (ids may repeat).
  const calls: Array<{block: Block; nodes: RootContent[]}> = []
  const merged: Handlers = {...defaultHandlers, ...definedHandlers(options.handlers)}
  const recording = Object.fromEntries(
    Object.entries(merged).map(([type, handler]) => [
      type,
      ((block, context) => {
        const nodes = (handler as Handler)(block, context)
        calls.push({block, nodes})
        return nodes
      }) satisfies Handler
    ])
  ) as unknown as Handlers

  const blocks: Block[] = []
  const marker = (index: number): Html => ({type: 'html', value: `\u0000${index}\u0000`})
  const nodes = function* (): Generator<RootContent> {
    for (const page of mdastByPage(filtered(input, filter), {...options, pageBreaks: 'none', handlers: recording}, warnings)) {
      void page // the page's nodes are exactly the recorded calls' nodes, in order
      for (const call of calls) {
        if (call.nodes.length === 0) continue
        yield marker(blocks.length)
        blocks.push(call.block)
        yield* call.nodes
      }
      calls.length = 0
    }
  }
  const markdown = stringifyMarkdown(streamingRoot(nodes()))

  let from = 0
  for (let index = 0; index < blocks.length; index++) {
    const open = `\u0000${index}\u0000`
    const start = markdown.indexOf(open, from) + open.length
    const end = index + 1 < blocks.length ? markdown.indexOf(`\u0000${index + 1}\u0000`, start) : markdown.length
    from = end
    let text = markdown.slice(start, end).replace(/^\n+/, '').replace(/\n+$/, '')
    // A marker character in a block's own output (no handler writes U+0000, but custom ones
    // might): render that block alone instead of trusting the cut.
    if (text.includes('\u0000') || start < open.length || end < 0) text = createBlockRenderer(options)(blocks[index]!)
    yield {block: blocks[index]!, markdown: text}
  }
}

/**
 * A renderer of single (possibly synthetic) blocks with these options and no filter: the
 * block's handler, then the serializer, with none of a document's setup per call.
 */
export function createBlockRenderer(options: RenderOptions): (block: Block) => string {
  const resolved = resolveOptions(options)
  const handlers: Handlers = {...defaultHandlers, ...definedHandlers(options.handlers)}
  const context: HandlerContext = {options: resolved, warn: () => {}}
  return (block) => {
    const handler = (isKnownBlock(block) ? handlers[block.type] : handlers.unknown) as Handler
    const nodes = handler(block, context)
    return nodes.length === 0 ? '' : stringifyMarkdown(streamingRoot(nodes)).replace(/\n+$/, '')
  }
}

function definedHandlers(handlers: RenderOptions['handlers']): Partial<Handlers> {
  return Object.fromEntries(Object.entries(handlers ?? {}).filter(([, handler]) => handler !== undefined))
}

/** The input narrowed by the chunker's own filter (the render options' preset applies after it). */
function filtered(input: RenderInput, filter: FilterCriteria | PresetName | undefined): RenderInput {
  if (filter === undefined) return input
  const match = createBlockMatcher(filter)
  if (Array.isArray(input)) return (input as readonly Block[]).filter((block) => match(block, {page: block.page, blocks: []}))
  const doc: Document = 'job_id' in input ? documentOfJob(input as Job) : (input as Document)
  return {...doc, pages: doc.pages.map((page) => ({...page, blocks: page.blocks.filter((block) => match(block, page))}))}
}

function documentOfJob(job: Job): Document {
  if (!job.document) throw new DocmodelError(`job ${JSON.stringify(job.job_id)} has no document to chunk (status "${job.status}")`)
  return job.document
}
