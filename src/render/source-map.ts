import type {RootContent} from 'mdast'
import type {Block} from '../model/index.js'
import type {SourceMap, SourceMapCell, SourceMapEntry} from '../model/source-map.js'
import type {BlockContext} from './types.js'

/** A cell's range in the markdown. */
export interface CellRange {
  row: number
  col: number
  start: number
  end: number
}

/** Where the nodes a handler made come from (told by `toMdast`'s page loop, in order). */
export interface NodeOrigins {
  /** `first`: the first node of a handler call (a block given twice makes two entries); `context`: what its handler was told beyond the block. */
  set(node: RootContent, block: Block, first: boolean, context?: BlockContext): void
}

/** Collects where the writer put each node (see `createSourceMapBuilder`). */
export interface SourceMapBuilder {
  origins: NodeOrigins
  record: NodeRecorder
  /** The direct writer's report: a block's output (its nodes, from the start of the first to the end of the last) and its cells. */
  add(block: Block, context: BlockContext, start: number, end: number, cells: readonly CellRange[] | undefined): void
  finish(): SourceMap
  /** The block of each entry, in the same order (for chunking, which needs the block itself: ids may repeat). */
  blocks(): Block[]
  /** What each entry's handler was told beyond its block, in the same order (chunking renders parts of a block with it). */
  contexts(): BlockContext[]
}

/** What the root writer reports for each top-level node it writes: where it is in the markdown. */
export type NodeRecorder = (node: RootContent, start: number, end: number, cells: readonly CellRange[] | undefined) => void

/**
 * Collects the writer's node ranges and makes the map: one entry per block, from the start of
 * its first node to the end of its last (so the blank lines between a block's own nodes are
 * inside its entry, and the separators between blocks and pages outside every entry).
 */
export function createSourceMapBuilder(): SourceMapBuilder {
  // The nodes are written in the order they are made, a page at a time: a queue of the nodes
  // made and not yet written, with their blocks, is all it takes (no map keyed by node).
  const nodes: RootContent[] = []
  const blocks: Block[] = []
  const firsts: boolean[] = []
  const contexts: Array<BlockContext | undefined> = []
  let head = 0
  const origins: NodeOrigins = {
    set: (node, block, first, context) => {
      nodes.push(node)
      blocks.push(block)
      firsts.push(first)
      contexts.push(context)
    }
  }
  const entries: SourceMapEntry[] = []
  const entryBlocks: Block[] = []
  const entryContexts: BlockContext[] = []
  const record: NodeRecorder = (node, start, end, cells) => {
    // Separators (page comments and rules) come from no block and are not queued.
    if (nodes[head] !== node) return
    const block = blocks[head]!
    const context = contexts[head]
    const first = firsts[head++]!
    if (head === nodes.length) {
      nodes.length = 0
      blocks.length = 0
      firsts.length = 0
      contexts.length = 0
      head = 0
    }
    let entry = entries.at(-1)
    if (first || entry === undefined) {
      entry = {blockId: block.id, type: block.type, page: block.page, bbox: copyOf(block.bbox), start, end}
      entries.push(entry)
      entryBlocks.push(block)
      entryContexts.push(context ?? {})
    }
    entry.end = end
    if (cells !== undefined) entry.cells = entry.cells ? entry.cells.concat(cells) : (cells as SourceMapCell[])
  }
  const add = (block: Block, context: BlockContext, start: number, end: number, cells: readonly CellRange[] | undefined) => {
    const entry: SourceMapEntry = {blockId: block.id, type: block.type, page: block.page, bbox: copyOf(block.bbox), start, end}
    if (cells !== undefined && cells.length > 0) entry.cells = cells as SourceMapCell[]
    entries.push(entry)
    entryBlocks.push(block)
    entryContexts.push(context)
  }
  return {
    origins,
    record,
    add,
    finish: () => ({version: 1, unit: 'utf16', entries}),
    blocks: () => entryBlocks,
    contexts: () => entryContexts
  }
}

/** A bbox's copy, read by index: destructuring goes through the iterator protocol, which costs a cold render ~1 µs a block. */
const copyOf = (bbox: Block['bbox']): Block['bbox'] => [bbox[0], bbox[1], bbox[2], bbox[3]]

/** Index of the first entry whose end is past `offset` (entries are sorted and do not overlap). */
function firstEndingAfter(entries: readonly SourceMapEntry[], offset: number): number {
  let low = 0
  let high = entries.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (entries[middle]!.end <= offset) low = middle + 1
    else high = middle
  }
  return low
}

/**
 * The entries that hold the character at `offset` (at most one: entries do not overlap); none
 * for a separator. A binary search.
 *
 * @example
 * const [entry] = blocksAt(sourceMap, markdown.indexOf('net revenue'))
 * console.log(entry?.page, entry?.bbox)
 */
export function blocksAt(sourceMap: SourceMap, offset: number): SourceMapEntry[] {
  const entry = sourceMap.entries[firstEndingAfter(sourceMap.entries, offset)]
  return entry !== undefined && entry.start <= offset ? [entry] : []
}

/**
 * The entries that overlap `[start, end)`, in order (a passage's blocks, to cite them all); for
 * an empty range, those at `start`. A binary search, then a walk.
 *
 * @example
 * const cited = entriesIn(sourceMap, at, at + phrase.length).map((entry) => entry.page)
 */
export function entriesIn(sourceMap: SourceMap, start: number, end: number): SourceMapEntry[] {
  if (end <= start) return blocksAt(sourceMap, start)
  const out: SourceMapEntry[] = []
  for (let i = firstEndingAfter(sourceMap.entries, start); i < sourceMap.entries.length; i++) {
    const entry = sourceMap.entries[i]!
    if (entry.start >= end) break
    out.push(entry)
  }
  return out
}

/**
 * The map with its offsets in UTF-8 bytes, for readers that slice bytes (Rust, Go, C). Linear:
 * one walk over the markdown.
 *
 * @example
 * const bytes = toUtf8Offsets(sourceMap, markdown) // Buffer.from(markdown).subarray(e.start, e.end)
 */
export function toUtf8Offsets(sourceMap: SourceMap, markdown: string): SourceMap {
  return convert(sourceMap, markdown, 'utf8')
}

/**
 * The map with its offsets in Unicode code points, for readers that slice by code point
 * (Python's `str`). Linear: one walk over the markdown.
 *
 * @example
 * const points = toCodePointOffsets(sourceMap, markdown) // [...markdown].slice(e.start, e.end).join('')
 */
export function toCodePointOffsets(sourceMap: SourceMap, markdown: string): SourceMap {
  return convert(sourceMap, markdown, 'codepoint')
}

function convert(sourceMap: SourceMap, markdown: string, unit: 'utf8' | 'codepoint'): SourceMap {
  if (sourceMap.unit !== 'utf16') throw new TypeError(`sourceMap: expected offsets in utf16, got ${sourceMap.unit}`)
  // Every offset the map holds, ascending; then one walk counting the other unit up to each.
  const offsets = new Set<number>()
  for (const entry of sourceMap.entries) {
    offsets.add(entry.start).add(entry.end)
    for (const cell of entry.cells ?? []) offsets.add(cell.start).add(cell.end)
  }
  const sorted = [...offsets].sort((a, b) => a - b)
  const converted = new Map<number, number>()
  let position = 0
  let count = 0
  for (const target of sorted) {
    const end = Math.min(target, markdown.length)
    while (position < end) {
      const code = markdown.charCodeAt(position)
      const pair = code >= 0xd800 && code <= 0xdbff && position + 1 < markdown.length && isLowSurrogate(markdown.charCodeAt(position + 1))
      if (unit === 'codepoint') count += 1
      else count += pair ? 4 : code < 0x80 ? 1 : code < 0x800 ? 2 : 3
      position += pair ? 2 : 1
    }
    converted.set(target, count)
  }
  const at = (offset: number) => converted.get(offset)!
  return {
    version: 1,
    unit,
    entries: sourceMap.entries.map((entry) => ({
      ...entry,
      start: at(entry.start),
      end: at(entry.end),
      ...(entry.cells ? {cells: entry.cells.map((cell) => ({...cell, start: at(cell.start), end: at(cell.end)}))} : {})
    }))
  }
}

const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff
