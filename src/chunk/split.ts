import {OptionsError} from '../errors.js'
import type {Block, TableBlock} from '../model/index.js'

/** What splitting needs: a rendering of a (synthetic) block, and the tokenizer's count. */
export interface SplitContext {
  render(block: Block): string
  count(markdown: string): number
}

/** The markdown of an oversize block's parts, each counting ≤ `limit` (never empty, in order). */
export function splitBlock(block: Block, markdown: string, limit: number, context: SplitContext): string[] {
  if (block.type === 'table') return splitTable(block as TableBlock, limit, context)
  if (block.type === 'list') return splitLines(block, 'text', limit, context, true)
  if (block.type === 'code') return splitLines(block, 'text', limit, context, false)
  if (block.type === 'formula')
    return splitSource((text) => context.render({...block, latex: text} as Block), (block as {latex: string}).latex, limit, context, WORDS)
  if (typeof (block as {text?: unknown}).text === 'string')
    return splitSource((text) => context.render({...block, text} as Block), (block as {text: string}).text, limit, context, SENTENCES)
  return splitMarkdown(markdown, limit, context)
}

/**
 * The markdown of the end of a block that fits in `limit` (for overlap): its last sentences (a
 * list's last lines, a table's last rows under its header), as many as fit; undefined when not
 * even the last one does. Costs grow with the limit, not the block.
 */
export function blockTail(block: Block, limit: number, context: SplitContext): string | undefined {
  if (block.type === 'table') {
    const {headers, rows} = block as TableBlock
    let best: string | undefined
    for (let n = 1; n <= rows.length; n++) {
      const markdown = context.render({...block, headers, rows: rows.slice(rows.length - n)} as Block)
      if (context.count(markdown) > limit) break
      best = markdown
    }
    return best
  }
  const text = (block as {text?: unknown}).text
  if (typeof text !== 'string') return undefined
  const pieces = block.type === 'list' ? (text.match(/[^\n]*\n|[^\n]+$/g) ?? []) : sentences(text)
  let best: string | undefined
  let tail = ''
  for (let i = pieces.length - 1; i >= 0; i--) {
    tail = pieces[i]! + tail
    const markdown = context.render({...block, text: tail} as Block)
    if (markdown === '') continue
    if (context.count(markdown) > limit) break
    best = markdown
  }
  return best
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
    const window = Array.from(segmenter.segment(text.slice(start, end)), (s) => s.segment)
    if (end < text.length && window.length > 1) window.pop()
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
function splitSource(make: (text: string) => string, text: string, limit: number, context: SplitContext, levels: Level[]): string[] {
  const out: string[] = []
  pack(levels[0]!(text), 0)
  return out.map(make)

  function pack(pieces: string[], level: number): void {
    if (levels[level] === graphemes || levels[level] === codePoints || levels[level] === safeCodePoints) return packFine(pieces, level)
    let current: string[] = []
    let cost = 0
    const flush = () => {
      if (current.length > 0) emit(current, level)
      current = []
      cost = 0
    }
    for (const piece of pieces) {
      const markdown = make(piece)
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

const listMarker = /^[ \t]*(?:[-*•◦▪‣–+]|\(?(?:\d{1,9}|[a-zA-Z])[.)])(?:[ \t]+|$)/

/**
 * Lists and code: whole lines first. A list line too big keeps its marker on every part (so each
 * part is an item of the same kind, and text that looks like a marker stays text); a code line is
 * cut at characters (spaces matter in code).
 */
function splitLines(block: Block, field: 'text', limit: number, context: SplitContext, list: boolean): string[] {
  const source = (block as {text: string}).text
  const lines = source.match(/[^\n]*\n|[^\n]+$/g) ?? []
  const make = (text: string) => context.render({...block, [field]: text} as Block)
  const out: string[] = []
  let current = ''
  let cost = 0
  const flush = () => {
    if (current !== '') append(out, fit(current))
    current = ''
    cost = 0
  }
  // A run of lines that still counts too much is split again line by line (rare: rendering adds little).
  const fit = (text: string): string[] => {
    const markdown = make(text)
    if (markdown === '' || context.count(markdown) <= limit) return markdown === '' ? [] : [markdown]
    const parts = text.match(/[^\n]*\n|[^\n]+$/g) ?? []
    if (parts.length > 1) {
      const half = parts.length >> 1
      return [...fit(parts.slice(0, half).join('')), ...fit(parts.slice(half).join(''))]
    }
    return splitLine(text)
  }
  const splitLine = (line: string): string[] => {
    if (!list) return splitSource(make, line, limit, context, [graphemes, codePoints])
    const marker = listMarker.exec(line)?.[0]
    const prefix = marker && /\S/.test(marker) ? marker : '- '
    const rest = marker && /\S/.test(marker) ? line.slice(marker.length) : line
    return splitSource((text) => make(prefix + text), rest, limit, context, SENTENCES)
  }
  for (const line of lines) {
    const markdown = make(line)
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
function splitTable(block: TableBlock, limit: number, context: SplitContext): string[] {
  const padTo = (cells: readonly string[], width: number) =>
    cells.length >= width ? [...cells] : [...cells, ...new Array<string>(width - cells.length).fill('')]
  const table = (h: string[], rows: string[][]) => context.render({...block, headers: h, rows} as Block)
  const out: string[] = []
  const whole = [...block.headers]
  const wholeCost = context.count(table(whole, []))
  const repeat = wholeCost <= limit / 2
  if (!repeat) append(out, splitRow(whole, [], true))
  const headers = repeat ? whole : []
  const headerCost = repeat ? wholeCost : 0
  let group: string[][] = []
  let cost = headerCost
  const emit = (rows: string[][]) => {
    const markdown = table(headers, rows)
    if (rows.length === 1 || context.count(markdown) <= limit) out.push(markdown)
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
    const rowCost = context.count(table(headers, [row])) - headerCost
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
  function splitRow(h: string[], row: string[], alone = false): string[] {
    const parts: string[] = []
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
      const markdown = columnTable(cols)
      if (cols.length === 1 || context.count(markdown) <= limit) parts.push(markdown)
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
      const columnCost = context.count(columnTable([c]))
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
  function splitCell(header: string, cell: string): string[] {
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
    return splitSource(
      (text) => context.render({...block, type: 'paragraph', text} as unknown as Block),
      `${header} ${cell}`,
      limit,
      context,
      SENTENCES
    )
  }
}

/**
 * Blocks without source text to cut (images, diagrams, charts, unknown types): their markdown at
 * blank lines outside code fences, then lines (a fence's lines re-wrapped in the fence, a table's
 * rows under its repeated header), then words; never inside an escape or character reference.
 */
export function splitMarkdown(markdown: string, limit: number, context: SplitContext): string[] {
  const out: string[] = []
  for (const part of markdownParts(markdown)) {
    if (context.count(part) <= limit) {
      out.push(part)
      continue
    }
    const lines = part.split('\n')
    const fence = /^(`{3,}|~{3,})/.exec(lines[0]!)?.[1]
    const isTable = lines.length > 2 && lines[0]!.startsWith('|') && /^\|(?: *-+ *\|)+$/.test(lines[1]!)
    let head = fence ? [lines[0]!] : isTable ? lines.slice(0, 2) : []
    let tail = fence ? [lines.at(-1)!] : []
    // A fence or header taking more than half the limit around one character: plain lines then
    // (repeated in parts holding a word each, a wide header would make the output quadratic).
    if (head.length > 0 && context.count([...head, 'x', ...tail].join('\n')) > limit / 2) head = tail = []
    const body = lines.slice(head.length, lines.length - tail.length)
    const wrap = (text: string) => [...head, ...(text === '' ? [] : [text]), ...tail].join('\n')
    append(
      out,
      splitSource((text) => wrap(text.replace(/\n$/, '')), body.map((line) => line + '\n').join(''), limit, context, [
        lines_,
        words,
        safeCodePoints
      ])
    )
  }
  return out
}

const lines_: Level = (text) => text.match(/[^\n]*\n|[^\n]+$/g) ?? []

/** Code points, but a backslash escape or a character reference stays one piece. */
const safeCodePoints: Level = (text) => text.match(/\\[\s\S]|&#?[a-zA-Z0-9]{1,31};|[\s\S]/gu) ?? []

/** Blank-line separated parts of rendered markdown, a fenced code block (blank lines and all) as one part. */
function markdownParts(markdown: string): string[] {
  const parts: string[] = []
  let current: string[] = []
  let fence: string | undefined
  for (const line of markdown.split('\n')) {
    if (fence === undefined) {
      const open = /^(`{3,}|~{3,})/.exec(line)?.[1]
      if (open) fence = open
      else if (line === '') {
        if (current.length > 0) parts.push(current.join('\n'))
        current = []
        continue
      }
    } else if (line.startsWith(fence) && line.slice(fence.length).trim() === '') fence = undefined
    current.push(line)
  }
  if (current.length > 0) parts.push(current.join('\n'))
  return parts
}

/** `into.push(...items)` without the argument limit (a call spreads at most ~100k values). */
function append<T>(into: T[], items: readonly T[]): void {
  for (const item of items) into.push(item)
}

function tooSmall(limit: number, piece: string): OptionsError {
  return new OptionsError(`maxTokens: ${limit} is too small to hold ${JSON.stringify(piece)} (one character with its markup)`)
}
