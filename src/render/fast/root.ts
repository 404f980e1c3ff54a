import type {Blockquote, Heading, List, Paragraph, Parents, PhrasingContent, Root, RootContent, Table} from 'mdast'
import {phrasing} from 'mdast-util-phrasing'
import {type Handle, type Info, type State, defaultHandlers} from 'mdast-util-to-markdown'
import {escapeText, laterCells, tableEscapes} from '../escape.js'
import type {CellRange, NodeRecorder} from '../source-map.js'
import {between, flowInfo} from './flow.js'
import {type TableSource, cellTexts, fits, itemsOf, prefixLines, tableText} from './parts.js'
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

/**
 * Writes one top-level node (no separator) as the root writes its children, for the direct
 * writer's blocks that go the mdast way: `bullet` is the bullet of the list just before it
 * (undefined when the node before is no list), `index` the node's index among the root's
 * children; the answer says the bullet it used (for a list). Cells' ranges as `createFlowWriter`.
 */
export type NodeWriter = (
  node: RootContent,
  bullet: string | undefined,
  index: number,
  offset: number,
  cells: CellRange[] | undefined
) => {value: string; bullet: string | undefined}

export function createNodeWriter(state: State): NodeWriter {
  const parent: Root = {type: 'root', children: []}
  return (node, bullet, index, offset, cells) => {
    state.bulletLastUsed = bullet
    state.indexStack.push(index)
    const value = direct(node, parent, state, cells, offset) ?? state.handle(node, parent, state, {...flowInfo})
    state.indexStack.pop()
    return {value, bullet: node.type === 'list' ? state.bulletLastUsed : undefined}
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
  // Cells escaped in reading order, row by row, in one context (see `tableEscapes`); `at`: the
  // cell being escaped, in that order (see `laterCells`).
  let at = -1
  const inCell = {lineStart: false, cell: true, table: tableEscapes(laterCells(() => cellTexts(node), () => at))} as const
  for (const row of node.children) {
    const values: string[] = []
    for (const cell of row.children) {
      at++
      const only = cell.children.length === 1 ? cell.children[0]! : undefined
      if (cell.children.length > 1 || (only && (only.type !== 'text' || /[\r\n]/.test(only.value)))) return undefined
      values.push(only ? escapeText(only.value, inCell) : '')
    }
    widest = Math.max(widest, values.length)
    rows.push(values)
  }
  const columns = node.align?.length || widest
  while (rows[0]!.length < columns) rows[0]!.push('')
  const source: TableSource = {
    row: (row) => node.children[row]!.data?.sourceRow ?? row,
    // Cells past the source row's (the widened header's) and fillers are no source cell.
    recorded: (row, col) => {
      const cell = node.children[row]!.children[col]
      return cell !== undefined && !cell.data?.filler
    }
  }
  return tableText(rows, cells, offset, source)
}

/**
 * A block quote of paragraphs: `> ` before each line, `>` on the blank lines between paragraphs.
 * One with a CR (a custom tree's) goes the stock way, which prefixes every line, a CR's too.
 */
function blockquoteOf(node: Blockquote): string | undefined {
  const parts: string[] = []
  for (const child of node.children) {
    const part = child.type === 'paragraph' ? paragraphOf(child) : undefined
    if (part === undefined || part.includes('\r')) return undefined
    parts.push(part)
  }
  return parts.length === 0 ? undefined : prefixLines(parts.join('\n\n'), '> ', '> ')
}
