import {OptionsError} from '../errors.js'
import type {BBox, Block, Document, Job} from '../model/index.js'
import {singleLine} from '../render/text.js'
import type {PageSource, RenderInput} from '../render/pages.js'
import type {BlockContext, RenderOptions, RenderWarning} from '../render/types.js'
import type {FilterCriteria, PresetName} from '../select/filter.js'
import {createBlockRenderer, renderedBlocks} from './rendered-blocks.js'
import type {ChunkHeading, ChunkLine, ChunkSpan} from '../model/chunk.js'
import {type SplitContext, type Source, blockTail, splitBlock, splitSourceOf} from './split.js'
import {type Measure, type Measurer, SEPARATOR, type Tokenizer, type TokenizerName, loadMeasurer} from './tokenizers.js'

/**
 * One token-bounded piece of a document, ready to embed, with where every part of it came from
 * (the type of `ChunkLine`, whose field descriptions say what each field holds).
 */
export type Chunk = ChunkLine
/** A heading on a chunk's section path. */
/** Where a part of a chunk's text came from: `text.slice(start, end)` is that block's markdown (or a part of it). */

export interface ChunkOptions extends RenderOptions {
  /** Largest `tokenCount` of a chunk, in the tokenizer's units (this or `maxChars` is required). */
  maxTokens?: number
  /** Largest chunk in characters (code points): `maxTokens` with the `chars` tokenizer. */
  maxChars?: number
  /** `'o200k_base'`, `'cl100k_base'` (loaded on first use), `'chars'`, or any `{name, count(text)}` (default: `'o200k_base'`, or `'chars'` with `maxChars`). */
  tokenizer?: TokenizerName | Tokenizer
  /** Tokens of the previous chunk's end repeated at the start of the next when a chunk is cut for size (default: `0`). */
  overlap?: number
  /** Where a new chunk must start: at a heading as deep as the current one or shallower, at each page, or only when full (default: `'section'`). */
  boundary?: 'section' | 'page' | 'none'
  /** A chunk smaller than this many tokens ignores a boundary and takes in what follows, within the limit (default: `0`). */
  mergeUnder?: number
  /** Put the heading path before each chunk's text in `contextualText` (default: `true`). */
  headings?: boolean
  /** Called with what the renderer left out or changed (invalid LaTeX, unsafe URLs, …), once the document is rendered (default: none). */
  onWarning?: (warning: RenderWarning) => void
  /** Keep only the blocks that match (criteria or a preset name), before the render options' own `preset` (default: all). */
  filter?: FilterCriteria | PresetName
}

/**
 * Cuts a document into chunks for embedding: each chunk's `tokenCount` ≤ the limit (tables,
 * long blocks and long heading paths included), no text lost, every part traced to its block.
 *
 * @example
 * const chunks = await chunkDocument(doc, {preset: 'trusted', maxTokens: 512})
 */
export async function chunkDocument(input: RenderInput, options: ChunkOptions): Promise<Chunk[]> {
  const chunks: Chunk[] = []
  for await (const chunk of iterateChunks(input, options)) chunks.push(chunk)
  return chunks
}

/**
 * The chunks of `chunkDocument` one at a time, so a large document's chunks can be embedded or
 * written as they come.
 *
 * @example
 * for await (const chunk of iterateChunks(doc, {maxTokens: 512, overlap: 64})) await index(chunk)
 */
export async function* iterateChunks(input: RenderInput, options: ChunkOptions): AsyncGenerator<Chunk> {
  if (input === null || typeof input !== 'object')
    throw new OptionsError('input: expected a Document, a Job or a list of blocks (parse JSON text first)')
  const settings = resolveChunkOptions(options)
  const measurer = await loadMeasurer(settings.tokenizer)
  yield* packChunks(input, documentKey(input), options, settings, measurer)
}

/**
 * `iterateChunks` of pages read one at a time by their owner (the CLI's paged reading, see
 * `render/paged.ts`): the same chunks as of the whole document, whose `source.file_hash` is `fileHash`.
 */
export async function* iteratePageChunks(pages: PageSource, fileHash: string, options: ChunkOptions): AsyncGenerator<Chunk> {
  const settings = resolveChunkOptions(options)
  const measurer = await loadMeasurer(settings.tokenizer)
  yield* packChunks(pages, fileHash, options, settings, measurer)
}

interface Settings {
  max: number
  tokenizer: TokenizerName | Tokenizer
  overlap: number
  boundary: 'section' | 'page' | 'none'
  mergeUnder: number
  headings: boolean
}

const BOUNDARIES = ['section', 'page', 'none'] as const

function resolveChunkOptions(options: ChunkOptions): Settings {
  if (options === null || typeof options !== 'object') throw new OptionsError('options: expected an object with maxTokens or maxChars')
  const {maxTokens, maxChars, overlap = 0, boundary = 'section', mergeUnder = 0, headings = true} = options
  const count = (name: string, value: unknown, min: number): number => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min)
      throw new OptionsError(`${name}: expected an integer ≥ ${min}, got ${JSON.stringify(value)}`)
    return value
  }
  if ((maxTokens === undefined) === (maxChars === undefined)) throw new OptionsError('maxTokens or maxChars: expected exactly one of them')
  if (maxChars !== undefined && options.tokenizer !== undefined && options.tokenizer !== 'chars')
    throw new OptionsError('maxChars counts characters: use maxTokens with a tokenizer')
  const max = maxTokens === undefined ? count('maxChars', maxChars, 1) : count('maxTokens', maxTokens, 1)
  if (!BOUNDARIES.includes(boundary))
    throw new OptionsError(`boundary: expected "section", "page" or "none", got ${JSON.stringify(boundary)}`)
  if (typeof headings !== 'boolean') throw new OptionsError(`headings: expected a boolean, got ${JSON.stringify(headings)}`)
  if (count('overlap', overlap, 0) >= max) throw new OptionsError(`overlap: expected less than the limit (${max}), got ${overlap}`)
  return {
    max,
    tokenizer: options.tokenizer ?? (maxChars === undefined ? 'o200k_base' : 'chars'),
    overlap,
    boundary,
    mergeUnder: count('mergeUnder', mergeUnder, 0),
    headings
  }
}

/** Blocks whose last sentences (or rows) make a meaningful overlap; a formula's or a diagram's tail would not. */
const OVERLAP_SPLITTABLE: ReadonlySet<string> = new Set([
  'paragraph',
  'list',
  'caption',
  'footnote',
  'callout',
  'page_header',
  'page_footer',
  'table'
])

/** A heading on the section path, with its markdown measured once. */
interface PathEntry {
  blockId: string
  text: string
  depth: number
  markdown: string
  measure: Measure
}

/** A block's markdown, or one part of it, with its count. */
interface Unit {
  block: Block
  markdown: string
  /** What the markdown was rendered from (to cut it again, from source, never from markdown). */
  source: Source
  measure: Measure
  part: boolean
  /** The section path before this unit. */
  path: readonly PathEntry[]
}

interface Prefix {
  text: string
  measure: Measure
  /** Tokens the prefix and its separator take from a chunk. */
  cost: number
}

function* packChunks(
  input: RenderInput | PageSource,
  docKey: string,
  options: ChunkOptions,
  settings: Settings,
  measurer: Measurer
): Generator<Chunk> {
  const {max} = settings
  const join = (measure: Measure) => measurer.joinCost(measure)
  const {
    filter: _f,
    maxTokens: _t,
    maxChars: _c,
    tokenizer: _k,
    overlap: _o,
    boundary: _b,
    mergeUnder: _m,
    headings: _h,
    onWarning,
    ...renderOptions
  } = options
  const renderer = createBlockRenderer(renderOptions)

  // Heading prefixes per path (paths are shared, immutable arrays), shortened from the top until
  // they take at most half the limit: a long path never crowds out the content.
  const prefixes = new WeakMap<readonly PathEntry[], Prefix | undefined>()
  const prefixOf = (path: readonly PathEntry[]): Prefix | undefined => {
    if (!settings.headings || path.length === 0) return undefined
    if (prefixes.has(path)) return prefixes.get(path)
    let prefix: Prefix | undefined
    let count = 0
    for (let i = path.length - 1; i >= 0; i--) {
      const entry = path[i]!
      const next = entry.measure.count + (prefix === undefined ? 0 : join(entry.measure) + count)
      const measure: Measure = {count: next, tail: prefix?.measure.tail ?? entry.measure.tail}
      if (next + join(measure) > max / 2) break
      count = next
      prefix = {text: prefix === undefined ? entry.markdown : entry.markdown + SEPARATOR + prefix.text, measure, cost: next + join(measure)}
    }
    prefixes.set(path, prefix)
    return prefix
  }

  let path: readonly PathEntry[] = []
  let index = 0
  let units: Unit[] = []
  let total = 0 // count of the chunk's contextual text so far (prefix included)

  const start = (first: Unit) => {
    units = [first]
    total = (prefixOf(first.path)?.cost ?? 0) + first.measure.count
  }
  const fits = (unit: Unit) => total + join(units.at(-1)!.measure) + unit.measure.count <= max

  const measured = (markdown: string) => ({markdown, measure: measurer.measure(markdown)})
  // Past `cap` units a text counts more than the limit for sure: a lower bound stands in for its
  // count (still above any budget), so no long text is ever tokenized whole (see `unitsPerToken`).
  const cap = max * measurer.unitsPerToken
  const bounded = (markdown: string) =>
    markdown.length > cap ? Math.ceil(markdown.length / measurer.unitsPerToken) : measurer.measure(markdown).count
  // The render's warnings (made as pages are rendered) are reported before those of the parts cut.
  const renderWarnings: RenderWarning[] = []
  const warnings: RenderWarning[] = []
  const warned = new Set<string>()
  // What each block's handler was told in the render (figure caption, numbered depth): its parts are rendered with the same.
  const blockContexts = new WeakMap<Block, BlockContext>()
  const splitContext = (block: Block): SplitContext => ({
    ...renderer,
    render: (part) => renderer.render(part, blockContexts.get(block)),
    nodes: (part) => renderer.nodes(part, blockContexts.get(block)),
    count: bounded,
    warn: (code, message) => {
      // A block cut again (a custom tokenizer's check, an overlap's tail) warns once.
      const key = `${code}\u0000${block.id}`
      if (!warned.has(key)) (warned.add(key), warnings.push({code, blockId: block.id, message}))
    }
  })

  /**
   * Emits the current chunk and returns its units. A custom tokenizer's count of the whole chunk
   * is checked once; units that do not fit after all come back in `back` to be added again.
   */
  function* flush(): Generator<Chunk, {previous: Unit[]; back: Unit[]}> {
    let back: Unit[] = []
    if (units.length === 0) return {previous: [], back}
    let chunk = buildChunk(units, prefixOf(units[0]!.path), index, docKey, total)
    // The sum of the parts is exact unless a part changes what comes before it (see `Measure.lead`).
    const exact = measurer.exact && !units.some((unit) => unit.measure.lead === true)
    while (!exact && (chunk.tokenCount = measurer.tokenizer.count(chunk.contextualText)) > max) {
      if (units.length > 1) back.unshift(units.pop()!)
      else {
        // One unit that counts more with its prefix than apart: cut it by the measured excess.
        const unit = units[0]!
        const limit = measurer.tokenizer.count(unit.markdown) - (chunk.tokenCount - max)
        const parts = limit < 1 ? [] : splitSourceOf(unit.source, limit, splitContext(unit.block))
        if (parts.length < 2)
          throw new OptionsError(
            `tokenizer ${measurer.tokenizer.name}: cannot cut ${JSON.stringify(unit.markdown.slice(0, 40))} to fit maxTokens ${max}`
          )
        units = [{...unit, ...measured(parts[0]!.markdown), source: parts[0]!.source, part: true}]
        back = parts
          .slice(1)
          .map((part): Unit => ({...unit, ...measured(part.markdown), source: part.source, part: true}))
          .concat(back)
      }
      chunk = buildChunk(units, prefixOf(units[0]!.path), index, docKey, total)
    }
    yield chunk
    index++
    const previous = units
    units = []
    total = 0
    return {previous, back}
  }

  /** Adds one unit; a full chunk is emitted first, and overlap from its end starts the next. */
  function* add(unit: Unit): Generator<Chunk> {
    if (units.length === 0) return start(unit)
    if (fits(unit)) return append(unit)
    // Headings that end a full chunk go with what follows them, when that fits.
    const carried: Unit[] = []
    while (units.length > 1 && units.at(-1)!.block.type === 'heading' && !units.at(-1)!.part) carried.unshift(units.pop()!)
    if (carried.length > 0 && totalOf([...carried, unit]) > max) units.push(...carried.splice(0))
    total = totalOf(units)
    const {previous, back} = yield* flush()
    if (carried.length > 0) {
      for (const each of [...back, ...carried, unit]) yield* add(each)
      return
    }
    if (back.length > 0) {
      for (const each of [...back, unit]) yield* add(each)
      return
    }
    const overlap = settings.overlap > 0 ? overlapUnits(previous, unit) : []
    start(overlap[0] ?? unit)
    for (const each of overlap.slice(1)) append(each)
    if (overlap.length > 0) append(unit)
  }
  /** Emits everything held, units that came back included (they stay before the boundary). */
  function* flushAll(): Generator<Chunk> {
    for (let {back} = yield* flush(); back.length > 0; {back} = yield* flush()) for (const each of back) yield* add(each)
  }
  /** The count of a chunk of these units, its heading prefix included. */
  const totalOf = (list: Unit[]) => {
    let sum = prefixOf(list[0]!.path)?.cost ?? 0
    for (const [i, each] of list.entries()) sum += each.measure.count + (i > 0 ? join(list[i - 1]!.measure) : 0)
    return sum
  }
  const append = (unit: Unit) => {
    total += join(units.at(-1)!.measure) + unit.measure.count
    units.push(unit)
  }

  /** Trailing units of the previous chunk (or trailing parts of its last block) within `overlap` tokens, leaving room for `next`. */
  function overlapUnits(previous: Unit[], next: Unit): Unit[] {
    const taken: Unit[] = []
    let cost = 0
    for (let i = previous.length - 1; i >= 0; i--) {
      const unit = previous[i]!
      const added = unit.measure.count + (taken.length > 0 ? join(unit.measure) : 0)
      if (cost + added <= settings.overlap) {
        taken.unshift(unit)
        cost += added
        continue
      }
      if (taken.length === 0 && !unit.part && OVERLAP_SPLITTABLE.has(unit.block.type)) {
        // The last block alone is larger than the overlap: its last sentences (or rows) may not be.
        const tail = blockTail(unit.block, settings.overlap, splitContext(unit.block))
        if (tail !== undefined) taken.push({...unit, ...measured(tail.markdown), source: tail.source, part: true})
      }
      break
    }
    // The overlap must leave room for the unit that did not fit.
    while (taken.length > 0 && totalOf([...taken, next]) > max) taken.shift()
    // Repeated text makes the chunk `continued`, as a part would.
    return taken.map((unit) => (unit.part ? unit : {...unit, part: true}))
  }

  for (const {block, markdown, context} of renderedBlocks(input, renderOptions, options.filter, renderWarnings)) {
    blockContexts.set(block, context)
    const heading = block.type === 'heading' ? /^(#{1,6}) /.exec(markdown) : null
    const depth = heading ? heading[1]!.length : 0
    const before = heading ? path.filter((entry) => entry.depth < depth) : path
    const here = before.length === path.length ? path : before

    if (units.length > 0) {
      const last = units.at(-1)!
      const boundary =
        (settings.boundary === 'section' && heading !== null && depth <= (path.at(-1)?.depth ?? Infinity)) ||
        (settings.boundary === 'page' && block.page !== last.block.page)
      if (boundary && total >= settings.mergeUnder) yield* flushAll()
    }

    const measure = markdown.length > cap ? undefined : measurer.measure(markdown)
    const budget = max - (prefixOf(here)?.cost ?? 0)
    const parts =
      measure !== undefined && measure.count <= budget
        ? [{markdown, measure, source: {block}, part: false}]
        : splitBlock(block, budget, splitContext(block)).map((part) => ({...measured(part.markdown), source: part.source, part: true}))
    for (const part of parts) yield* add({block, path: here, ...part})
    if (heading) {
      // A heading too long to count is too long for any prefix: its lower bound stands in.
      const entry = {blockId: block.id, text: singleLine((block as {text: string}).text), depth, markdown}
      path = [...before, {...entry, measure: measure ?? {count: bounded(markdown), tail: ''}}]
    }
  }
  // Warnings so far (the render's, and those of the parts cut), then those of the last cuts.
  if (onWarning) for (const warning of renderWarnings) onWarning(warning)
  let reported = 0
  const report = () => {
    if (onWarning) for (; reported < warnings.length; reported++) onWarning(warnings[reported]!)
  }
  report()
  yield* flushAll()
  report()
}

/** The chunk of these units: text, spans at their offsets, pages, the contextual text and id. */
function buildChunk(units: Unit[], prefix: Prefix | undefined, index: number, docKey: string, tokenCount: number): Chunk {
  const spans: ChunkSpan[] = []
  let text = ''
  for (const unit of units) {
    if (text !== '') text += SEPARATOR
    spans.push({
      blockId: unit.block.id,
      page: unit.block.page,
      bbox: [...unit.block.bbox] as BBox,
      start: text.length,
      end: text.length + unit.markdown.length
    })
    text += unit.markdown
  }
  const pages = [...new Set(spans.map((span) => span.page))].sort((a, b) => a - b)
  const contextualText = prefix === undefined ? text : prefix.text + SEPARATOR + text
  const headings = (units[0]!.path as PathEntry[]).map(({blockId, text, depth}) => ({blockId, text, depth}))
  return {
    id: hash(`${docKey}\n${index}\n${contextualText}`),
    index,
    text,
    contextualText,
    tokenCount,
    headings,
    pages,
    spans,
    continued: units.some((unit) => unit.part)
  }
}

function documentKey(input: RenderInput): string {
  if (Array.isArray(input)) return ''
  const doc = 'job_id' in input ? (input as Job).document : (input as Document)
  return doc?.source.file_hash ?? ''
}

/** FNV-1a over UTF-16 units in two 32-bit lanes (different offsets and primes): 16 hex digits, no dependencies. */
function hash(text: string): string {
  let a = 0x811c9dc5
  let b = 0x01000193 ^ 0x5bd1e995
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    a = Math.imul(a ^ c, 0x01000193)
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15)
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0')
}
