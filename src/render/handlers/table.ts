import type {Table, TableCell, TableRow} from 'mdast'
import type {TableBlock} from '../../model/index.js'
import {singleLine, text} from '../text.js'
import type {Handler} from '../types.js'

/**
 * A GFM table. A table without headers (`headers: []`, or only blank ones) takes its first row as
 * the header row (GFM needs one; an empty one would push the real first row into the body).
 */
export const table: Handler<TableBlock> = (block) => {
  const headerless = block.headers.every((cell) => singleLine(cell) === '')
  if (headerless && block.rows.length > 0) return tableNode(block.rows[0]!, block.rows.slice(1), 1)
  return tableNode(block.headers, block.rows)
}

/**
 * A GFM table of string cells (none when there are no cells at all). Rows are not padded (GFM
 * readers pad short rows themselves), so the output stays linear in the cells given; the header
 * row alone is widened to the widest row, since readers drop the cells of a row past the header's
 * width. `firstRow` is the source row of the header row (rows count from there): what the source
 * map reports for each cell; the header's filler cells are left out of the map.
 */
export function tableNode(headers: readonly string[], rows: ReadonlyArray<readonly string[]>, firstRow = 0): Table[] {
  let width = headers.length
  for (const cells of rows) width = Math.max(width, cells.length)
  if (width === 0) return []
  const row = (cells: readonly string[], sourceRow: number, to = cells.length): TableRow => {
    const children: TableCell[] = []
    for (let i = 0; i < to; i++) {
      const value = i < cells.length ? singleLine(cells[i]!) : ''
      const cell: TableCell = {type: 'tableCell', children: value === '' ? [] : [text(value)]}
      if (i >= cells.length) cell.data = {filler: true}
      children.push(cell)
    }
    return {type: 'tableRow', children, data: {sourceRow}}
  }
  const children = [row(headers, firstRow, width)]
  rows.forEach((cells, i) => children.push(row(cells, firstRow + 1 + i)))
  return [{type: 'table', align: new Array<null>(width).fill(null), children}]
}
