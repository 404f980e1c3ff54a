import type {Blockquote, Heading, List, Paragraph, Parents, PhrasingContent, Root, RootContent, Table} from 'mdast'
import {phrasing} from 'mdast-util-phrasing'
import {type Handle, type Info, type State, defaultHandlers} from 'mdast-util-to-markdown'
import {escapeText} from '../escape.js'
import type {CellRange, NodeRecorder} from '../source-map.js'
import {between, flowInfo} from './flow.js'
import {paragraphOf} from './phrasing.js'

/** Node types that are flow content whatever their children: a root of only these is a flow container. */
const flow = new Set<string>(['paragraph', 'heading', 'list', 'table', 'code', 'math', 'html', 'thematicBreak', 'blockquote'])

/** Roots written only to lend their serializer state to a `FlowWriter` (see `captureState`). */
const capturing = new WeakMap<Root, (state: State) => void>()

/**
 * A root that writes nothing: its handler hands the serializer's state (handlers, joins,
 * unsafe patterns, all set up once) to `take`, so that a `FlowWriter` can write node after
 * node with it, for as long as it likes, outside the serializer's one call.
 */
export function captureState(take: (state: State) => void): Root {
  const root: Root = {type: 'root', children: []}
  capturing.set(root, take)
  return root
}

/**
 * The root: its children as flow content, the shapes docmodel builds written directly (see
 * `direct`), everything else by its stock handler. A root with phrasing children is the stock
 * phrasing container's.
 */
export const root: Handle = (node: Root, parent: Parents | undefined, state: State, info: Info) => {
  const take = capturing.get(node)
  if (take) return (take(state), '')
  if (!node.children.every((child) => flow.has(child.type))) return defaultHandlers.root(node, parent, state, info)
  const writer = createFlowWriter(state)
  let out = ''
  for (const child of node.children) out += writer.write(child)
  writer.close()
  return out
}

/** Writes top-level nodes one after the other, as the root writes its children. */
export interface FlowWriter {
  /** The markdown of `node`, with the separator that goes before it (none for the first). */
  write(node: RootContent): string
  /** How much has been written: where the next node's separator starts. */
  readonly length: number
  /** Ends the writing; answers the final line ending the serializer would append (or ''). */
  close(): string
}

/**
 * A writer of top-level flow content with the serializer's `state`; with `record`, it reports
 * each node's range (and its table cells') in everything written, for the source map.
 */
export function createFlowWriter(state: State, record?: NodeRecorder): FlowWriter {
  const parent: Root = {type: 'root', children: []}
  let length = 0
  let previous: RootContent | undefined
  let endsWithLineEnding = true
  let index = 0
  state.indexStack.push(-1)
  return {
    get length() {
      return length
    },
    write(each) {
      // Phrasing at the top level (a custom handler's) is a paragraph of its own, as `toMdast` makes it.
      const child: RootContent = flow.has(each.type) || !phrasing(each) ? each : {type: 'paragraph', children: [each as PhrasingContent]}
      let out = previous ? between(previous, child, parent, state) : ''
      length += out.length
      state.indexStack[state.indexStack.length - 1] = index++
      const cells: CellRange[] | undefined = record && child.type === 'table' ? [] : undefined
      const value = direct(child, parent, state, cells, length) ?? state.handle(child, parent, state, {...flowInfo})
      record?.(each, length, length + value.length, cells?.length ? cells : undefined)
      length += value.length
      out += value
      if (child.type !== 'list') state.bulletLastUsed = undefined
      previous = child
      if (out !== '') endsWithLineEnding = /[\r\n]$/.test(out)
      return out
    },
    close() {
      state.indexStack.pop()
      // The serializer ends what it writes with a line ending, appending one if needed.
      return endsWithLineEnding ? '' : '\n'
    }
  }
}

/** The markdown of a node of a shape docmodel builds, written directly; undefined for others. */
function direct(node: RootContent, parent: Root, state: State, cells: CellRange[] | undefined, offset: number): string | undefined {
  switch (node.type) {
    case 'paragraph':
      return paragraphOf(node)
    case 'heading':
      return headingOf(node, state)
    case 'list':
      return listOf(node, parent, state)
    case 'table':
      return tableOf(node, cells, offset)
    case 'blockquote':
      return blockquoteOf(node)
    default:
      return undefined
  }
}

/** An ATX heading of one text without line endings or edge whitespace. */
function headingOf(node: Heading, state: State): string | undefined {
  const only = node.children.length === 1 ? node.children[0]! : undefined
  if (only?.type !== 'text' || only.value === '' || /^\s|\s$|[\r\n]/.test(only.value) || state.options.setext) return undefined
  return '#'.repeat(Math.min(6, Math.max(1, node.depth))) + ' ' + escapeText(only.value, {lineStart: false, heading: true})
}

/**
 * A list as the list handler builds it: tight items of one paragraph, each maybe followed by
 * such a list. `-` bullets and `1.` numbers counting up; a list right after a list takes the
 * other marker (`*`, `1)`) so the two stay apart, as the stock handler does.
 */
function listOf(list: List, parent: Parents, state: State): string | undefined {
  if (!fits(list)) return undefined
  let bullet = list.ordered ? '.' : '-'
  if (parent.type === 'root' && state.bulletLastUsed === bullet) bullet = list.ordered ? ')' : '*'
  const value = itemsOf(list, bullet)
  state.bulletLastUsed = bullet
  return value
}

function fits(list: List): boolean {
  return (
    list.children.length > 0 &&
    list.spread === false &&
    list.children.every((item) => {
      const [first, nested, ...rest] = item.children
      return (
        item.checked == null &&
        item.spread === false &&
        rest.length === 0 &&
        first?.type === 'paragraph' &&
        first.children.length === 1 &&
        first.children[0]!.type === 'text' &&
        // Continuation lines are indented at LF only: a CR (a line ending to readers) goes to the stock writer.
        !first.children[0]!.value.includes('\r') &&
        (nested === undefined || (nested.type === 'list' && fits(nested)))
      )
    })
  )
}

function itemsOf(list: List, bullet: string): string {
  const start = list.ordered && typeof list.start === 'number' && list.start >= 0 ? list.start : 1
  const lines: string[] = []
  list.children.forEach((item, index) => {
    const [first, nested] = item.children as [Paragraph, List | undefined]
    let content = paragraphOf(first)!
    // An ordered list that does not start at 1 cannot interrupt a paragraph: a blank line first.
    if (nested) content += (nested.ordered && nested.start !== 1 ? '\n\n' : '\n') + itemsOf(nested, nested.ordered ? '.' : '-')
    lines.push(prefixLines(content, list.ordered ? `${start + index}${bullet} ` : `${bullet} `))
  })
  return lines.join('\n')
}

/** `marker` before the first line, the others indented to the content (blank lines stay empty). */
function prefixLines(value: string, marker: string, rest = ' '.repeat(marker.length)): string {
  let out = ''
  let from = 0
  let prefix = marker
  for (let i = value.indexOf('\n'); i !== -1; i = value.indexOf('\n', from)) {
    out += (i > from ? prefix : prefix.trimEnd()) + value.slice(from, i + 1)
    from = i + 1
    prefix = rest
  }
  return out + (from < value.length ? prefix : prefix.trimEnd()) + value.slice(from)
}

/**
 * A GFM table whose cells hold at most one text each, no line endings, and no alignment, as the
 * stock writer (markdown-table, rows not filled) writes it: `| a | b |`, the header row widened to
 * the alignments (or the widest row), the delimiter row `| - | - |` as wide as the header, every
 * other row as wide as its own cells (at least one). The range of each source cell's text goes to
 * `cells` when given (its row as the row's `sourceRow`, fillers left out), for a table written at
 * `offset`.
 */
function tableOf(node: Table, cells?: CellRange[], offset = 0): string | undefined {
  if (node.children.length === 0 || node.align?.some((align) => align != null)) return undefined
  const rows: string[][] = []
  let widest = 0
  for (const row of node.children) {
    const values: string[] = []
    for (const cell of row.children) {
      const only = cell.children.length === 1 ? cell.children[0]! : undefined
      if (cell.children.length > 1 || (only && (only.type !== 'text' || /[\r\n]/.test(only.value)))) return undefined
      values.push(only ? escapeText(only.value, {lineStart: false, cell: true}) : '')
    }
    widest = Math.max(widest, values.length)
    rows.push(values)
  }
  const columns = node.align?.length || widest
  while (rows[0]!.length < columns) rows[0]!.push('')
  // Pieces joined once (a flat string, not a chain of concatenations held until the document is joined).
  const pieces: string[] = []
  let length = 0
  const add = (piece: string) => {
    pieces.push(piece)
    length += piece.length
  }
  const line = (values: readonly string[], row: number | undefined) => {
    const source = row === undefined ? undefined : node.children[row]!
    const sourceRow = source?.data?.sourceRow ?? row
    add('|')
    for (let col = 0; col < Math.max(1, values.length); col++) {
      const value = values[col] ?? ''
      if (value) add(' ')
      const cell = source?.children[col]
      if (cells && sourceRow !== undefined && cell !== undefined && !cell.data?.filler)
        cells.push({row: sourceRow, col, start: offset + length, end: offset + length + value.length})
      add(value)
      add(' |')
    }
  }
  rows.forEach((values, row) => {
    if (row > 0) add('\n')
    line(values, row)
    if (row === 0) (add('\n'), line(new Array<string>(values.length).fill('-'), undefined))
  })
  return pieces.join('')
}

/** A block quote of paragraphs: `> ` before each line, `>` on the blank lines between paragraphs. */
function blockquoteOf(node: Blockquote): string | undefined {
  const parts: string[] = []
  for (const child of node.children) {
    const part = child.type === 'paragraph' ? paragraphOf(child) : undefined
    if (part === undefined) return undefined
    parts.push(part)
  }
  return parts.length === 0 ? undefined : prefixLines(parts.join('\n\n'), '> ', '> ')
}
