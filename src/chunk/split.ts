import type {Paragraph, PhrasingContent, RootContent, Table} from 'mdast'
import {OptionsError} from '../errors.js'
import type {Block, CodeBlock, TableBlock} from '../model/index.js'
import {hasText, headerRow, tableNode} from '../render/handlers/table.js'
import {phrasingText} from '../render/text.js'

/** What splitting needs: the renderer (through the block's handler, and of handler output), the tokenizer's count, a warning channel. */
export interface SplitContext {
  /** The markdown of a (possibly synthetic) block, through its handler. */
  render(block: Block): string
  /** The nodes the block's handler makes. */
  nodes(block: Block): RootContent[]
  /** The markdown of top-level nodes, as the render writes them (the same escaping). */
  write(nodes: readonly RootContent[]): string
  count(markdown: string): number
  /** Something a part leaves out or changes (a field too long for any chunk). */
  warn(code: string, message: string): void
}

/**
 * What a part was rendered from: a synthetic block (the block with a piece of its text, some of
 * its rows or cells), or handler nodes with a piece of their text. Never markdown: a part is
 * written by the same handler and escaping as the whole, so it reads as literally and inertly.
 */
export type Source = {block: Block} | {nodes: readonly RootContent[]}

/** One part of a split block: its markdown and what it was rendered from (to split it again). */
export interface Part {
  markdown: string
  source: Source
}

/** The parts of a part's source, each counting ≤ `limit` (see `splitBlock`). */
export function splitSourceOf(source: Source, limit: number, context: SplitContext): Part[] {
  return 'block' in source ? splitBlock(source.block, limit, context) : splitNodes(source.nodes, limit, context)
}

/**
 * The parts of an oversize block, each counting ≤ `limit` (never empty, in order): its source
 * text, rows or cells cut, and each piece rendered by the block's handler; blocks without text
 * to cut (images, diagrams, charts, unknown types) by their handler's nodes, each node's own text
 * cut and written with the render's escaping (`splitNodes`).
 */
export function splitBlock(block: Block, limit: number, context: SplitContext): Part[] {
  const rendered = (synthetic: Block): Part => ({markdown: context.render(synthetic), source: {block: synthetic}})
  if (block.type === 'table') return splitTable(block as TableBlock, limit, context)
  if (block.type === 'list') return splitLines(block, limit, context, true)
  if (block.type === 'code') return splitLines(withoutLongLanguage(block as CodeBlock, limit, context), limit, context, false)
  if (block.type === 'formula')
    return splitSource((text) => rendered({...block, latex: text} as Block), (block as {latex: string}).latex, limit, context, WORDS)
  if (typeof (block as {text?: unknown}).text === 'string')
    return splitSource((text) => rendered({...block, text} as Block), (block as {text: string}).text, limit, context, SENTENCES)
  return splitNodes(context.nodes(block), limit, context)
}

/**
 * A code block whose fence line alone takes more than half the limit (a language of thousands
 * of characters) would leave its parts no room, or repeat a huge fence in each: the language is
 * left out of the parts, with a warning (the render keeps it).
 */
function withoutLongLanguage(block: CodeBlock, limit: number, context: SplitContext): Block {
  if (block.language === undefined || context.count(context.render({...block, text: 'x'})) <= limit / 2) return block
  context.warn(
    'chunk_language_dropped',
    `the code's language (${block.language.length} characters) does not fit in a chunk; left out of its parts`
  )
  return {...block, language: undefined}
}

/**
 * The end of a block that fits in `limit` (for overlap): its last sentences (a list's last
 * lines, a table's last rows under its header), as many as fit; undefined when not even the last
 * one does. Pieces that render to nothing alone (blank lines, bare list markers) are taken along
 * without a render of their own, and those at the very end are left out: costs grow with the limit and the
 * block's length, never with their product.
 */
export function blockTail(block: Block, limit: number, context: SplitContext): Part | undefined {
  if (block.type === 'table') {
    const {headers, rows} = block as TableBlock
    let best: Part | undefined
    let text = hasText(headers)
    for (let n = 1; n <= rows.length; n++) {
      text ||= hasText(rows[rows.length - n]!)
      // Rows without text under no headers would be an overlap of nothing (or of an empty header row).
      if (!text) continue
      const synthetic = {...block, headers, rows: rows.slice(rows.length - n)} as Block
      const markdown = context.render(synthetic)
      if (markdown === '') continue
      if (context.count(markdown) > limit) break
      best = {markdown, source: {block: synthetic}}
    }
    return best
  }
  const text = (block as {text?: unknown}).text
  if (typeof text !== 'string') return undefined
  const pieces = block.type === 'list' ? (text.match(LINES) ?? []) : sentences(text)
  let best: Part | undefined
  let tail = ''
  for (let i = pieces.length - 1; i >= 0; i--) {
    const piece = pieces[i]!
    if (isBlank(piece, block.type === 'list')) {
      if (tail !== '') tail = piece + tail
      continue
    }
    tail = piece + tail
    const synthetic = {...block, text: tail} as Block
    const markdown = context.render(synthetic)
    if (markdown === '') continue
    if (context.count(markdown) > limit) break
    best = {markdown, source: {block: synthetic}}
  }
  return best
}

/** A piece that renders to nothing by itself: whitespace, or a list line of a bare marker (told without a render). */
function isBlank(piece: string, list: boolean): boolean {
  const trimmed = piece.trim()
  return trimmed === '' || (list && listMarker.exec(trimmed)?.[0].trimEnd() === trimmed)
}

type Level = (text: string) => string[]

const WINDOW = 2048

/**
 * The segments of `text`, a window at a time: V8's segment iterator slows down with the length of
 * the string it walks (quadratic on a long text), so each window is segmented on its own, and its
 * last segment, which may go on past the window, is segmented again at the start of the next one.
 */
function segments(segmenter: Intl.Segmenter, text: string): string[] {
  const out: string[] = []
  for (let start = 0; start < text.length;) {
    let end = Math.min(text.length, start + WINDOW)
    // Never end a window between the halves of a surrogate pair.
    if (end < text.length && end - 1 > start && isHighSurrogate(text.charCodeAt(end - 1))) end--
    let window = Array.from(segmenter.segment(text.slice(start, end)), (s) => s.segment)
    if (end < text.length && window.length > 1) window.pop()
    else if (end < text.length) {
      // One segment longer than the window: end it after its last space, not inside a word.
      const space = window[0]!.search(/\s\S*$/)
      if (space > 0) window = [window[0]!.slice(0, space + 1)]
    }
    for (const segment of window) {
      out.push(segment)
      start += segment.length
    }
  }
  return out
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff

const sentenceSegmenter = new Intl.Segmenter('en', {granularity: 'sentence'})
const graphemeSegmenter = new Intl.Segmenter('en', {granularity: 'grapheme'})

// Each level cuts a text into pieces whose concatenation is the text; a piece too big for the
// limit goes to the next level. Graphemes keep surrogate pairs and combining marks together; a
// grapheme that is itself too big (thousands of combining marks) falls back to code points.
const sentences: Level = (text) => segments(sentenceSegmenter, text)
const words: Level = (text) => text.match(/\S+\s*|\s+/g) ?? []
const graphemes: Level = (text) => segments(graphemeSegmenter, text)
const codePoints: Level = (text) => Array.from(text)
const SENTENCES = [sentences, words, graphemes, codePoints]
const WORDS = [words, graphemes, codePoints]

/**
 * Source-text parts of `text` whose rendering (by `make`) counts ≤ limit: pieces are counted once
 * each and packed greedily by the sum of their counts (pieces are concatenated, no separator); a packed part that still counts too much (rendering is not quite
 * additive) is halved. Whitespace-only renderings cost nothing and ride along.
 */
function splitSource(part: (text: string) => Part, text: string, limit: number, context: SplitContext, levels: Level[]): Part[] {
  const out: string[] = []
  const make = (piece: string) => part(piece).markdown
  pack(levels[0]!(text), 0)
  return out.map(part)

  function pack(pieces: string[], level: number): void {
    if (levels[level] === graphemes || levels[level] === codePoints) return packFine(pieces, level)
    let current: string[] = []
    let cost = 0
    const flush = () => {
      if (current.length > 0) emit(current, level)
      current = []
      cost = 0
    }
    for (const piece of pieces) {
      // Whitespace alone renders to nothing (a run of blank lines is thousands of pieces): no render
      // needed; a handler that writes something for it is still held to the limit when emitted.
      const markdown = piece.trim() === '' ? '' : make(piece)
      const pieceCost = markdown === '' ? 0 : context.count(markdown)
      if (pieceCost > limit) {
        flush()
        if (level + 1 < levels.length) pack(levels[level + 1]!(piece), level + 1)
        else throw tooSmall(limit, piece)
      } else if (current.length > 0 && cost + pieceCost > limit) {
        flush()
        current.push(piece)
        cost = pieceCost
      } else {
        current.push(piece)
        cost += pieceCost
      }
    }
    flush()
  }

  /**
   * Characters are too many to render one by one (a 1 MB word would mean a million renders):
   * runs are tried instead, halved until they fit and doubled after each fit, so the renders
   * grow with the text's length over the limit, times its logarithm.
   */
  function packFine(pieces: string[], level: number): void {
    let size = Math.max(1, limit)
    for (let i = 0; i < pieces.length;) {
      size = Math.min(size, pieces.length - i)
      const part = pieces.slice(i, i + size).join('')
      const markdown = make(part)
      if (markdown === '' || context.count(markdown) <= limit) {
        if (markdown !== '') out.push(part)
        else if (out.length > 0) out[out.length - 1] += part
        i += size
        size *= 2
      } else if (size > 1) size >>= 1
      else if (level + 1 < levels.length) {
        pack(levels[level + 1]!(part), level + 1)
        i += 1
      } else throw tooSmall(limit, part)
    }
  }

  function emit(pieces: string[], level: number): void {
    const part = pieces.join('')
    const markdown = make(part)
    if (markdown === '') {
      // Only whitespace: nothing to show, but glued to the previous part it keeps the text whole.
      if (out.length > 0) out[out.length - 1] += part
      return
    }
    if (context.count(markdown) <= limit) out.push(part)
    else if (pieces.length > 1) {
      const half = pieces.length >> 1
      emit(pieces.slice(0, half), level)
      emit(pieces.slice(half), level)
    } else if (level + 1 < levels.length) pack(levels[level + 1]!(part), level + 1)
    else throw tooSmall(limit, part)
  }
}

// Lines as the list and code handlers read them: CR, LF and CRLF each end one.
const LINES = /[^\r\n]*(?:\r\n?|\n)|[^\r\n]+$/g

const listMarker = /^[ \t]*(?:[-*•◦▪‣–+]|\(?(?:\d{1,9}|[a-zA-Z])[.)])(?:[ \t]+|$)/

/**
 * Lists and code: whole lines first. A list line too big keeps its marker on every part (so each
 * part is an item of the same kind, and text that looks like a marker stays text); a code line is
 * cut at characters (spaces matter in code).
 */
function splitLines(block: Block, limit: number, context: SplitContext, list: boolean): Part[] {
  const source = (block as {text: string}).text
  const lines = source.match(LINES) ?? []
  const part = (text: string): Part => {
    const synthetic = {...block, text} as Block
    return {markdown: context.render(synthetic), source: {block: synthetic}}
  }
  const out: Part[] = []
  let current = ''
  let cost = 0
  const flush = () => {
    if (current !== '') append(out, fit(current))
    current = ''
    cost = 0
  }
  // A run of lines that still counts too much is split again line by line (rare: rendering adds little).
  const fit = (text: string): Part[] => {
    const made = part(text)
    if (made.markdown === '') return []
    if (context.count(made.markdown) <= limit) return [made]
    const parts = text.match(LINES) ?? []
    if (parts.length > 1) {
      const half = parts.length >> 1
      return [...fit(parts.slice(0, half).join('')), ...fit(parts.slice(half).join(''))]
    }
    return splitLine(text)
  }
  const splitLine = (line: string): Part[] => {
    if (!list) return splitSource(part, line, limit, context, [graphemes, codePoints])
    const marker = listMarker.exec(line)?.[0]
    const prefix = marker && /\S/.test(marker) ? marker : '- '
    const rest = marker && /\S/.test(marker) ? line.slice(marker.length) : line
    return splitSource((text) => part(prefix + text), rest, limit, context, SENTENCES)
  }
  for (const line of lines) {
    const markdown = isBlank(line, list) ? '' : part(line).markdown
    const lineCost = markdown === '' ? 0 : context.count(markdown)
    if (lineCost > limit) {
      flush()
      append(out, splitLine(line))
    } else if (current !== '' && cost + lineCost > limit) {
      flush()
      current = line
      cost = lineCost
    } else {
      cost += lineCost
      current += line
    }
  }
  flush()
  return out
}

/**
 * Tables by rows, every part repeating the header row when it takes at most half the limit (so
 * the repeats never outweigh the rows); a larger header row is written once, split by columns,
 * and the rows go in parts of their own, each read as a table without headers is (its first row
 * as the header row). A row too big alone is split by columns (each part the header cells and
 * row cells of those columns); a cell too big alone is split like text, as one-column tables
 * under its header (or, when even that cannot fit, as paragraphs). Rows are never padded.
 */
function splitTable(block: TableBlock, limit: number, context: SplitContext): Part[] {
  const rendered = (synthetic: Block): Part => ({markdown: context.render(synthetic), source: {block: synthetic}})
  return splitCells(
    {
      headers: block.headers,
      rows: block.rows,
      table: (headers, rows) => rendered({...block, headers, rows} as Block),
      paragraph: (text) => rendered({...block, type: 'paragraph', text} as unknown as Block)
    },
    limit,
    context
  )
}

/** A table's cells and how a piece of it is written (by the table's handler, or as table nodes). */
interface TableSource {
  headers: readonly string[]
  rows: ReadonlyArray<readonly string[]>
  table(headers: string[], rows: string[][]): Part
  /** A cell's text as a paragraph, when not even a one-cell table fits. */
  paragraph(text: string): Part
}

function splitCells(source: TableSource, limit: number, context: SplitContext): Part[] {
  const padTo = (cells: readonly string[], width: number) =>
    cells.length >= width ? [...cells] : [...cells, ...new Array<string>(width - cells.length).fill('')]
  const block = source
  // A piece without text (blank header cells over empty rows or cells) of a table with text holds
  // nothing, and would be read as an empty header row: no part. A table without text at all is
  // written as its handler writes it.
  const someText = hasText(block.headers) || block.rows.some(hasText)
  const table = (h: string[], rows: string[][]) => (someText && !hasText(h) && !rows.some(hasText) ? NOTHING : source.table(h, rows))
  const out: Part[] = []
  const whole = [...block.headers]
  // The header row as its handler writes it (blank headers: their empty row): what rows are costed against.
  const wholeCost = context.count(source.table(whole, []).markdown)
  const repeat = wholeCost <= limit / 2
  if (!repeat) append(out, splitRow(whole, [], true))
  const headers = repeat ? whole : []
  const headerCost = repeat ? wholeCost : 0
  let group: string[][] = []
  let cost = headerCost
  const emit = (rows: string[][]) => {
    const part = table(headers, rows)
    // Empty rows without headers are no part (see `table`; without text anywhere, rows with no cells
    // render to nothing): a part of nothing would be a unit of nothing, which the chunker would
    // count a separator for and never write.
    if (part.markdown === '') return
    if (rows.length === 1 || context.count(part.markdown) <= limit) out.push(part)
    else {
      const half = rows.length >> 1
      emit(rows.slice(0, half))
      emit(rows.slice(half))
    }
  }
  const flush = () => {
    if (group.length > 0) emit(group)
    group = []
    cost = headerCost
  }
  for (const raw of block.rows) {
    const row = [...raw]
    const rowCost = context.count(table(headers, [row]).markdown) - headerCost
    if (headerCost + rowCost > limit) {
      flush()
      append(out, repeat ? splitRow(padTo(headers, row.length), padTo(row, headers.length)) : splitRow([], row))
    } else {
      if (group.length > 0 && cost + rowCost > limit) flush()
      group.push(row)
      cost += rowCost
    }
  }
  flush()
  // A table of headers alone that does not fit: its header row split as a row is.
  if (block.rows.length === 0 && repeat) append(out, splitRow(headers, [], true))
  return out

  /** The parts of one row by columns, under the header cells `h` of those columns (none: the row alone, or with `alone`, `h` alone). */
  function splitRow(h: string[], row: string[], alone = false): Part[] {
    const parts: Part[] = []
    let columns: number[] = []
    const columnTable = (cols: number[]) =>
      alone
        ? table(
            cols.map((c) => h[c]!),
            []
          )
        : table(h.length === 0 ? [] : cols.map((c) => h[c]!), [cols.map((c) => row[c]!)])
    // Columns are packed by the sum of their one-column tables' counts (each counted once); a
    // group that counts more as one table is halved.
    const emitColumns = (cols: number[]) => {
      const part = columnTable(cols)
      if (part.markdown === '') return
      if (cols.length === 1 || context.count(part.markdown) <= limit) parts.push(part)
      else {
        const half = cols.length >> 1
        emitColumns(cols.slice(0, half))
        emitColumns(cols.slice(half))
      }
    }
    let cost = 0
    const flushColumns = () => {
      if (columns.length > 0) emitColumns(columns)
      columns = []
      cost = 0
    }
    for (let c = 0; c < (alone ? h : row).length; c++) {
      const columnCost = context.count(columnTable([c]).markdown)
      if (columnCost > limit) {
        flushColumns()
        append(parts, alone ? splitCell('', h[c]!) : splitCell(h[c] ?? '', row[c]!))
        continue
      }
      if (columns.length > 0 && cost + columnCost > limit) flushColumns()
      columns.push(c)
      cost += columnCost
    }
    flushColumns()
    return parts
  }

  // Each way is tried in turn; the next one is for limits too small for the markup of the previous.
  function splitCell(header: string, cell: string): Part[] {
    try {
      return splitSource((text) => table([header], [[text]]), cell, limit, context, SENTENCES)
    } catch (error) {
      if (!(error instanceof OptionsError)) throw error
    }
    try {
      return splitSource((text) => table([''], [[text]]), `${header} ${cell}`, limit, context, SENTENCES)
    } catch (error) {
      if (!(error instanceof OptionsError)) throw error
    }
    return splitSource(source.paragraph, `${header} ${cell}`, limit, context, SENTENCES)
  }
}

/**
 * Handler nodes (of images, diagrams, charts, unknown types, custom handlers): whole nodes packed
 * into parts; a node too big alone is cut by its own text — a paragraph's or heading's text (in
 * its emphasis), a table's rows and cells (as `splitTable`), a code block's lines — and each
 * piece written as the same node, with the render's escaping. An image too big alone becomes the
 * image with its URL only (left out, with a warning, when the URL itself takes more than half the
 * limit), then its alt text and title as paragraphs; any other node, its text as paragraphs.
 */
export function splitNodes(nodes: readonly RootContent[], limit: number, context: SplitContext): Part[] {
  const out: Part[] = []
  let group: RootContent[] = []
  let cost = 0
  const emit = (list: RootContent[]) => {
    const part = written(list, context)
    if (part.markdown === '') return
    if (list.length === 1 || context.count(part.markdown) <= limit) out.push(part)
    else {
      const half = list.length >> 1
      emit(list.slice(0, half))
      emit(list.slice(half))
    }
  }
  const flush = () => {
    if (group.length > 0) emit(group)
    group = []
    cost = 0
  }
  for (const node of nodes) {
    const markdown = context.write([node])
    const nodeCost = markdown === '' ? 0 : context.count(markdown)
    if (nodeCost > limit) {
      flush()
      append(out, splitNode(node, limit, context))
    } else {
      if (group.length > 0 && cost + nodeCost > limit) flush()
      group.push(node)
      cost += nodeCost
    }
  }
  flush()
  return out
}

const written = (nodes: readonly RootContent[], context: SplitContext): Part => ({markdown: context.write(nodes), source: {nodes}})
const NOTHING: Part = {markdown: '', source: {nodes: []}}

function splitNode(node: RootContent, limit: number, context: SplitContext): Part[] {
  const paragraph = (children: PhrasingContent[]): RootContent => ({type: 'paragraph', children})
  switch (node.type) {
    case 'paragraph':
      if (node.children.length === 1) return splitPhrasing(node.children[0]!, paragraph, limit, context)
      return splitNodes(
        node.children.map((child) => paragraph([child])),
        limit,
        context
      )
    case 'heading':
      if (node.children.length === 1) return splitPhrasing(node.children[0]!, (children) => ({...node, children}), limit, context)
      break
    case 'table':
      return splitCells(tableSourceOf(node, context), limit, context)
    case 'code':
    case 'math': {
      let fenced: RootContent = node
      if (node.type === 'code' && (node.lang || node.meta) && context.count(context.write([{...node, value: 'x'}])) > limit / 2) {
        context.warn(
          'chunk_language_dropped',
          `the code's language (${(node.lang ?? '').length} characters) does not fit in a chunk; left out of its parts`
        )
        fenced = {...node, lang: null, meta: null}
      }
      const piece = (text: string): Part => {
        const value = text.endsWith('\n') ? text.slice(0, -1) : text
        return value.trim() === '' ? NOTHING : written([{...fenced, value} as RootContent], context)
      }
      return splitSource(piece, node.value, limit, context, [lines, graphemes, codePoints])
    }
  }
  return splitText(plainText(node), paragraph, limit, context)
}

/** One phrasing node too big alone, in the container `wrap` makes (a paragraph, a heading). */
function splitPhrasing(
  node: PhrasingContent,
  wrap: (children: PhrasingContent[]) => RootContent,
  limit: number,
  context: SplitContext
): Part[] {
  if (node.type === 'text') return splitText(node.value, wrap, limit, context)
  if ((node.type === 'emphasis' || node.type === 'strong') && node.children.length === 1 && node.children[0]!.type === 'text')
    return splitText(node.children[0].value, (children) => wrap([{type: node.type, children}]), limit, context)
  if (node.type === 'image') {
    const parts: Part[] = []
    const link = written([wrap([{...node, alt: '', title: null}])], context)
    if (context.count(link.markdown) <= limit / 2) parts.push(link)
    else
      context.warn(
        'chunk_image_dropped',
        `the image's URL (${node.url.length} characters) does not fit in a chunk; only its text is in the chunks`
      )
    for (const value of [node.alt, node.title]) if (value) append(parts, splitText(value, wrap, limit, context))
    return parts
  }
  return splitText(plainText(node), wrap, limit, context)
}

/** Text cut at sentences (then words, characters), each piece the one text of `wrap`'s container. */
function splitText(value: string, wrap: (children: PhrasingContent[]) => RootContent, limit: number, context: SplitContext): Part[] {
  const piece = (text: string): Part => {
    const phrasing = phrasingText(text)
    return phrasing === '' ? NOTHING : written([wrap([{type: 'text', value: phrasing}])], context)
  }
  return splitSource(piece, value, limit, context, SENTENCES)
}

/** The cells of a table node as text, written back as table nodes (under the header row `headerRow` picks, as the table handler does). */
function tableSourceOf(node: Table, context: SplitContext): TableSource {
  const [header, ...rows] = node.children.map((row) => row.children.map((cell) => plainText(cell)))
  return {
    headers: header ?? [],
    rows,
    table: (headers, body) => {
      const picked = headerRow(headers, body)
      return written(tableNode(picked.headers, picked.rows), context)
    },
    paragraph: (text) => {
      const value = phrasingText(text)
      return value === '' ? NOTHING : written([{type: 'paragraph', children: [{type: 'text', value}]} satisfies Paragraph], context)
    }
  }
}

/** The text of a node: its value, an image's alt, its children's text (blocks apart by a space). */
function plainText(node: RootContent | PhrasingContent): string {
  if ('value' in node && typeof node.value === 'string') return node.value
  if (node.type === 'image') return node.alt ?? ''
  if (!('children' in node)) return ''
  const inline =
    node.type === 'paragraph' ||
    node.type === 'heading' ||
    node.type === 'tableCell' ||
    node.type === 'emphasis' ||
    node.type === 'strong' ||
    node.type === 'link' ||
    node.type === 'delete'
  return (node.children as Array<RootContent | PhrasingContent>).map(plainText).join(inline ? '' : ' ')
}

const lines: Level = (text) => text.match(LINES) ?? []

/** `into.push(...items)` without the argument limit (a call spreads at most ~100k values). */
function append<T>(into: T[], items: readonly T[]): void {
  for (const item of items) into.push(item)
}

function tooSmall(limit: number, piece: string): OptionsError {
  return new OptionsError(`maxTokens: ${limit} is too small to hold ${JSON.stringify(piece)} (one character with its markup)`)
}
