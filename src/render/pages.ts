import {DocmodelError, OptionsError} from '../errors.js'
import type {Block, Document, Job, Page} from '../model/index.js'
import {isKnownBlock} from '../model/constants.js'
import {type FilterCriteria, filterBlocks, onlyPages, presetCriteria} from '../select/filter.js'
import {checkOrder, sortByReadingOrder} from '../select/order.js'
import {figureCaptions} from './figures.js'
import {roleDepth} from './handlers/heading.js'
import {numberedDepths} from './numbering.js'
import {
  IMAGE_POLICIES,
  PAGE_BREAKS,
  type HandlerContext,
  type RenderOptions,
  type RenderWarning,
  type ResolvedRenderOptions
} from './types.js'

// The walk both render paths share (the mdast tree of `toMdast` and the direct writer of
// `renderMarkdown`): options resolved, blocks in reading order, filtered, and each told what the
// document says about it (its figure's caption, its numbered depth). Nothing here builds markdown.

/** What the renderer accepts: a document, a job response carrying one, or a list of blocks. */
export type RenderInput = Document | Job | readonly Block[]

const defaultHeadingLevels = {title: 1, subtitle: 2, section: 2, subsection: 3} as const

export function resolveOptions(options: RenderOptions): ResolvedRenderOptions {
  const {furniture = false, pageBreaks = 'none', images = 'placeholder', embeddedText = false, headingNumbering = true} = options
  if (!(PAGE_BREAKS as readonly string[]).includes(pageBreaks))
    throw new OptionsError(`pageBreaks: expected "none", "rule" or "comment", got ${JSON.stringify(pageBreaks)}`)
  if (options.sourceMap !== undefined && typeof options.sourceMap !== 'boolean')
    throw new OptionsError(`sourceMap: expected a boolean, got ${JSON.stringify(options.sourceMap)}`)
  if (!(IMAGE_POLICIES as readonly string[]).includes(images))
    throw new OptionsError(`images: expected "placeholder", "embed" or "omit", got ${JSON.stringify(images)}`)
  checkOrder('order', options.order)
  return {
    furniture,
    pageBreaks,
    images,
    embeddedText,
    headingNumbering,
    resolveImage: options.resolveImage,
    headingLevels: {...defaultHeadingLevels, ...options.headingLevels}
  }
}

/** The pages of the input: a document's, a job's document's, or blocks grouped by their `page`. */
function pagesOf(input: RenderInput): Pick<Document, 'pages'> {
  if (Array.isArray(input)) {
    const pages = new Map<number, Block[]>()
    for (const block of input as readonly Block[]) {
      const blocks = pages.get(block.page)
      if (blocks) blocks.push(block)
      else pages.set(block.page, [block])
    }
    return {pages: [...pages].map(([page, blocks]) => ({page, blocks}))}
  }
  if ('job_id' in input) {
    const job = input as Job
    if (!job.document) throw new DocmodelError(`job ${JSON.stringify(job.job_id)} has no document to render (status "${job.status}")`)
    return job.document
  }
  return input as Document
}

/**
 * The filters the options ask for before rendering, applied one after the other: the preset,
 * then the shorthands, then `filter`, which so narrow a preset and never widen it (`preset:
 * 'trusted'` with `minConfidence: 0.1` keeps what `trusted` keeps, not more).
 */
export function criteriaOf({preset, minConfidence, textSource, filter}: RenderOptions): FilterCriteria[] {
  const shorthands = {...(minConfidence === undefined ? {} : {minConfidence}), ...(textSource === undefined ? {} : {textSource})}
  return [
    ...(preset === undefined ? [] : [presetCriteria(preset)]),
    ...(Object.keys(shorthands).length > 0 ? [shorthands] : []),
    ...(filter === undefined ? [] : [typeof filter === 'string' ? presetCriteria(filter) : filter])
  ]
}

/** The input made ready to render: options resolved, pages sorted and filtered, heading depths read. */
export interface RenderPlan extends PreparedPages {
  options: ResolvedRenderOptions
}

/** The pages to render, in order (sorted, filtered), and the heading depths read off the whole document. */
export interface PreparedPages {
  pages: Iterable<Page>
  /** Each numbered heading's depth (see `headingDepths`); undefined with `headingNumbering: false`. */
  depths: ReadonlyMap<Block, number> | undefined
}

/** Pages read one at a time by their owner (the CLI's paged reading, see `render/paged.ts`), prepared as `planRender` would. */
export interface PageSource {
  prepare(options: RenderOptions, resolved: ResolvedRenderOptions, warnings: RenderWarning[]): PreparedPages
}

const isPageSource = (input: RenderInput | PageSource): input is PageSource => typeof (input as PageSource).prepare === 'function'

export function planRender(input: RenderInput | PageSource, options: RenderOptions, warnings: RenderWarning[]): RenderPlan {
  const resolved = resolveOptions(options)
  if (isPageSource(input)) return {options: resolved, ...input.prepare(options, resolved, warnings)}
  // Depths are read off the whole document, so a selection never changes a heading's depth.
  let doc = sortByReadingOrder(pagesOf(input), {by: options.order, direction: options.direction})
  const depths = resolved.headingNumbering ? headingDepths(doc, resolved, warnings) : undefined
  for (const criteria of criteriaOf(options)) doc = onlyPages(filterBlocks(doc, criteria), criteria.pages)
  return {options: resolved, pages: doc.pages, depths}
}

/**
 * Each block of the page that is rendered (page headers and footers only with `furniture`), in
 * order, with its handler context. One context for the page, told about each block in turn:
 * blocks are rendered one at a time, and `warn` names the current one.
 */
export function* eachBlock(page: Page, plan: RenderPlan, warnings: RenderWarning[]): Generator<[Block, HandlerContext]> {
  let current: Block
  const context: HandlerContext = {options: plan.options, warn: (code, message) => warnings.push({code, blockId: current.id, message})}
  const blocks = plan.options.furniture
    ? page.blocks
    : page.blocks.filter((block) => block.type !== 'page_header' && block.type !== 'page_footer')
  const captions = figureCaptions(blocks)
  for (const block of blocks) {
    current = block
    context.figureCaption = captions.get(block)?.text
    context.numberedDepth = plan.depths?.get(block)
    yield [block, context]
  }
}

/**
 * The document-level pass before any page is rendered: the depth of each heading from its
 * section number, when the document numbers its headings consistently (see `numberedDepths`;
 * a `heading_numbering_inconsistent` warning says when it does not, and the roles decide).
 * One walk over the blocks, keeping only the numbered headings; headings the role makes a title
 * (depth 1) keep it and are not counted.
 */
export function headingDepths(
  doc: Pick<Document, 'pages'>,
  options: ResolvedRenderOptions,
  warnings: RenderWarning[]
): ReadonlyMap<Block, number> | undefined {
  function* headings() {
    for (const page of doc.pages)
      for (const block of page.blocks)
        if (block.type === 'heading' && isKnownBlock(block) && roleDepth(block.role, options) > 1) yield block as Block & {text: string}
  }
  return numberedDepths(headings(), (heading, previous) =>
    warnings.push({
      code: 'heading_numbering_inconsistent',
      blockId: heading.id,
      message: `heading depth from section numbers dropped: ${quote(heading.text)} does not follow ${quote(previous.text)}; every heading takes its role's depth`
    })
  )
}

/** A heading's text in a message, its first 60 characters. */
const quote = (text: string) => JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text)
