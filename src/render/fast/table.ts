import type {AlignType, Table} from 'mdast'
import type {Handle, Info, State} from 'mdast-util-to-markdown'
import {safeText} from './text.js'

/**
 * mdast-util-gfm-table's `table` handler with the settings docmodel uses (cell padding, no
 * delimiter alignment), taking the fast text path for cells that hold one text node, which is
 * every cell docmodel builds, and writing the rows as markdown-table does with those settings.
 * Same bytes as the stock handler (the differential property test checks it).
 */
export const table: Handle = (node: Table, _parent, state: State, info: Info) => {
  // The stock handler's "around" is `|` when `tableCellPadding` is not set, as here.
  const cellInfo = {...info, before: '|', after: '|'}
  const stack = state.stack
  stack.push('table')
  const matrix = node.children.map((row) => {
    stack.push('tableRow')
    const cells = row.children.map((cell) => {
      stack.push('tableCell', 'phrasing')
      const only = cell.children.length === 1 ? cell.children[0] : undefined
      const value = only?.type === 'text' ? safeText(only.value, state, cellInfo) : state.containerPhrasing(cell, cellInfo)
      stack.length -= 2
      return value
    })
    stack.pop()
    return cells
  })
  stack.pop()
  let widest = matrix.reduce((most, row) => Math.max(most, row.length), 0)
  const head = matrix[0]
  if (head) {
    const columns = node.align?.length || widest
    while (head.length < columns) head.push('')
    widest = Math.max(widest, head.length)
  }
  return tableLines(matrix, node.align ?? [], widest)
}

const delimiters: Record<string, string> = {left: ':-', center: ':-:', right: '-:'}

/**
 * What markdown-table writes with `padding: true, alignDelimiters: false, fillRows: false`: each
 * row as wide as it is (at least one cell), a space before a cell that is not empty and after
 * every cell, and the delimiter row as wide as the header.
 */
function tableLines(matrix: string[][], align: readonly AlignType[], widest: number): string {
  const line = (cells: readonly string[], count: number) => {
    let out = '|'
    for (let i = 0; i < count; i++) {
      const cell = cells[i] ?? ''
      out += (cell === '' ? '' : ' ') + cell + ' |'
    }
    return out
  }
  // The delimiter row has a cell per column of the widest row, and shows as many as the header.
  const delimiter = Array.from({length: widest}, (_, i) => delimiters[align[i] ?? ''] ?? '-')
  const width = Math.max(1, matrix[0]?.length ?? 0)
  const lines = matrix.map((cells) => line(cells, Math.max(1, cells.length)))
  lines.splice(1, 0, line(delimiter, width))
  return lines.join('\n')
}
