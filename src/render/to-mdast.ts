import type {PhrasingContent, Root, RootContent} from 'mdast'
import {phrasing} from 'mdast-util-phrasing'
import type {Page} from '../model/index.js'
import {isKnownBlock} from '../model/constants.js'
import {defaultHandlers} from './handlers/index.js'
import {type RenderInput, type RenderPlan, eachBlock, planRender} from './pages.js'
import type {NodeOrigins} from './source-map.js'
import type {Handler, Handlers, RenderOptions, RenderWarning} from './types.js'

/**
 * Builds the mdast tree of the input (Document → mdast Root), one handler per block, in reading
 * order; each top-level node carries `data.blockId`. Run your own remark plugins on it.
 * `stringifyMarkdown` of it gives `renderMarkdown`'s bytes; the handlers' warnings (the ones
 * `render` returns) are pushed to `warnings` when given.
 *
 * @example
 * const warnings: RenderWarning[] = []
 * const tree = toMdast(doc, {furniture: true}, warnings)
 */
export function toMdast(input: RenderInput, options: RenderOptions = {}, warnings: RenderWarning[] = []): Root {
  const children: RootContent[] = []
  for (const nodes of mdastByPage(input, options, warnings)) for (const node of nodes) children.push(node)
  return {type: 'root', children}
}

/** The default handlers with the options' overrides (a per-call copy: overrides never touch the module's map). */
export function handlersOf(options: RenderOptions): Handlers {
  const overrides = Object.entries(options.handlers ?? {}).filter(([, handler]) => handler !== undefined)
  return {...defaultHandlers, ...Object.fromEntries(overrides)}
}

/**
 * The top-level nodes of the tree, one page at a time (its separator included), so a caller can
 * serialise and drop each part instead of holding the whole tree. Handler warnings go to `warnings`.
 */
export function* mdastByPage(
  input: RenderInput,
  options: RenderOptions,
  warnings: RenderWarning[],
  origins?: NodeOrigins
): Generator<RootContent[]> {
  const plan = planRender(input, options, warnings)
  const handlers = handlersOf(options)
  let previousHadContent = false
  for (const page of plan.pages) {
    const nodes = renderPage(page, plan, handlers, warnings, origins)
    const separator: RootContent[] =
      plan.options.pageBreaks === 'comment'
        ? [{type: 'html', value: `<!-- page ${page.page} -->`}]
        : plan.options.pageBreaks === 'rule' && previousHadContent && nodes.length > 0
          ? [{type: 'thematicBreak'}]
          : []
    previousHadContent ||= nodes.length > 0
    yield separator.length === 0 ? nodes : [...separator, ...nodes]
  }
}

/** The page's top-level nodes; `origins` learns each node's block (for the source map). */
function renderPage(
  page: Page,
  plan: RenderPlan,
  handlers: Handlers,
  warnings: RenderWarning[],
  origins: NodeOrigins | undefined
): RootContent[] {
  const out: RootContent[] = []
  for (const [block, context] of eachBlock(page, plan, warnings)) {
    const handler = (isKnownBlock(block) ? handlers[block.type] : handlers.unknown) as Handler
    let first = true
    for (const node of handler(block, context)) {
      const flow = flowNode(node)
      flow.data = {...flow.data, blockId: block.id}
      origins?.set(flow, block, first, first ? {figureCaption: context.figureCaption, numberedDepth: context.numberedDepth} : undefined)
      first = false
      out.push(flow)
    }
  }
  return out
}

/** Phrasing (a custom handler's) is a paragraph of its own at the top level, whichever path writes it. */
export const flowNode = (node: RootContent): RootContent =>
  phrasing(node) ? {type: 'paragraph', children: [node as PhrasingContent]} : node
