import type {Table} from 'mdast'
import type {Handle, State} from 'mdast-util-to-markdown'
import {markdownTable} from 'markdown-table'
import {safeText} from './text.js'

/**
 * mdast-util-gfm-table's `table` handler with the settings docmodel uses (cell padding, no pipe
 * alignment), taking the fast text path for cells that hold one text node, which is every cell
 * docmodel builds. Same bytes as the stock handler (the differential property test checks it).
 */
export const table: Handle = (node: Table, _parent, state: State, info) => {
  const exitTable = state.enter('table')
  // The stock handler's "around" is `|` when `tableCellPadding` is not set, as here.
  const cellInfo = {...info, before: '|', after: '|'}
  const matrix = node.children.map((row) => {
    const exitRow = state.enter('tableRow')
    const cells = row.children.map((cell) => {
      const exitCell = state.enter('tableCell')
      const exitPhrasing = state.enter('phrasing')
      const only = cell.children.length === 1 ? cell.children[0] : undefined
      const value = only?.type === 'text' ? safeText(only.value, state, cellInfo) : state.containerPhrasing(cell, cellInfo)
      exitPhrasing()
      exitCell()
      return value
    })
    exitRow()
    return cells
  })
  exitTable()
  const head = matrix[0]
  if (head) {
    const columns = node.align?.length || matrix.reduce((widest, row) => Math.max(widest, row.length), 0)
    while (head.length < columns) head.push('')
  }
  return markdownTable(matrix, {align: node.align, alignDelimiters: false, fillRows: false, padding: true})
}
