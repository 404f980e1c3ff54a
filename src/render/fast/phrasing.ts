import type {Emphasis, Image, Paragraph, Parents, Strong, Table, TableCell, Text} from 'mdast'
import {gfmTableToMarkdown} from 'mdast-util-gfm-table'
import {type Handle, type Info, type State, defaultHandlers} from 'mdast-util-to-markdown'
import {type TableEscapes, escapeText, laterCells, tableEscapes} from '../escape.js'
import {cellTexts, delimited, imageOf} from './parts.js'

export {imageOf} from './parts.js'

/**
 * Text anywhere the stock containers put it (custom handlers' trees, block quotes, links…),
 * escaped by `escapeText`: at a line start when what comes before ends a line; as a heading's
 * text inside an ATX heading. Text that is all its paragraph's, heading's, cell's or link's
 * content gets the context-aware escaping; text beside other inline content the context-free one.
 */
export const text: Handle = (node: Text, parent: Parents | undefined, state: State, info: Info) => {
  const before = info.before.charCodeAt(info.before.length - 1)
  const lineStart = info.before === '' || before === 10 || before === 13
  const heading = state.stack.includes('headingAtx')
  const label = state.stack.includes('label')
  const alone = parent !== undefined && parent.children.length === 1
  const whole =
    alone &&
    (parent.type === 'paragraph' ||
      parent.type === 'tableCell' ||
      (parent.type === 'link' && label) ||
      (parent.type === 'heading' && heading && !/[\r\n]/.test(node.value)))
  const cell = state.stack.includes('tableCell')
  // In a list item a text may open it, after the list's bullet: `[ ]` and `[x]` are task boxes there.
  const listItem = state.stack.includes('listItem') && (state.bulletCurrent ?? true)
  // The cell whose text this is (a link's text in a cell: unknown).
  if (cell) currentCell = parent?.type === 'tableCell' ? parent : undefined
  // A cell is one line: a line ending would cut its row short (the rest a line of its own, `* |` a list item).
  const value = cell ? node.value.replace(LINE_ENDING, ' ') : node.value
  return escapeText(value, {lineStart, heading, label, cell, table: cell ? tableContext : undefined, mixed: !whole, listItem})
}

const LINE_ENDING = /\r\n|[\r\n]/g

// The escaping context of the table being written: GFM's handler writes its cells in order, row
// by row (see `tableEscapes`), and the cell being written.
let tableContext: TableEscapes | undefined
let currentCell: TableCell | undefined
const gfmTable = gfmTableToMarkdown({tablePipeAlign: false}).handlers!.table!

/** A table by GFM's handler, its cells' text escaped in one context. */
export const table: Handle = (node: Table, parent: Parents | undefined, state: State, info: Info) => {
  const outer = tableContext
  const outerCell = currentCell
  // Each cell's index in writing order, made with the cells' texts at the first question (see `laterCells`).
  let indexes: Map<TableCell, number> | undefined
  const cells = () => {
    indexes = new Map()
    for (const row of node.children) for (const cell of row.children) indexes.set(cell, indexes.size)
    return cellTexts(node)
  }
  tableContext = tableEscapes(laterCells(cells, () => (currentCell === undefined ? -1 : (indexes?.get(currentCell) ?? -1))))
  currentCell = undefined
  try {
    return gfmTable(node, parent, state, info)
  } finally {
    tableContext = outer
    currentCell = outerCell
  }
}

/**
 * Emphasis and strong as docmodel builds them (all of a paragraph: one text without edge
 * whitespace) written as `paragraphOf` writes them; any other by the stock handler.
 */
export const emphasis: Handle = Object.assign(
  (node: Emphasis, parent: Parents | undefined, state: State, info: Info) =>
    delimitedOf(node, parent) ?? defaultHandlers.emphasis(node, parent, state, info),
  {peek: defaultHandlers.emphasis.peek}
)

export const strong: Handle = Object.assign(
  (node: Strong, parent: Parents | undefined, state: State, info: Info) =>
    delimitedOf(node, parent) ?? defaultHandlers.strong(node, parent, state, info),
  {peek: defaultHandlers.strong.peek}
)

function delimitedOf(node: Emphasis | Strong, parent: Parents | undefined): string | undefined {
  return parent?.type === 'paragraph' && parent.children.length === 1 ? paragraphOf(parent) : undefined
}

/** `![alt](url "title")`: the alt escaped as text (as a cell's in a table cell), the URL and title as what they are. */
export const image: Handle = Object.assign((node: Image, _: Parents | undefined, state: State) => imageOf(node, state.stack.includes('tableCell')), {
  peek: () => '!'
})

const whitespace = /^\s|\s$/

/**
 * A paragraph as docmodel builds them, written directly: one text, one image, or one emphasis
 * or strong around one text that neither starts nor ends with whitespace (so its `*`s always
 * open and close). Undefined for any other paragraph (the stock handler writes it).
 */
export function paragraphOf(node: Paragraph): string | undefined {
  if (node.children.length !== 1) return undefined
  const only = node.children[0]!
  if (only.type === 'text') return escapeText(only.value)
  if (only.type === 'image') return imageOf(only)
  if (only.type !== 'emphasis' && only.type !== 'strong') return undefined
  const inner = only.children.length === 1 ? only.children[0]! : undefined
  if (inner?.type !== 'text' || inner.value === '' || whitespace.test(inner.value)) return undefined
  return delimited(inner.value, only.type === 'emphasis' ? '*' : '**')
}
