import type {Table, TableCell, TableRow} from 'mdast'
import type {TableBlock} from '../../model/index.js'
import {singleLine, text} from '../text.js'
import type {Handler} from '../types.js'

/** A GFM table, under the header row `headerRow` picks. */
export const table: Handler<TableBlock> = (block) => {
  const {headers, rows, firstRow} = headerRow(block.headers, block.rows)
  return tableNode(headers, rows, firstRow)
}

/** Whether any cell of a row holds text (its one-line text is not empty). */
export const hasText = (cells: readonly string[]): boolean => cells.some((cell) => singleLine(cell) !== '')

/**
 * The header row of a table, the rows under it and the header's source row (0: `headers`, i + 1:
 * `rows[i]`); the one place that decides it, for the handler, the direct writer and the chunker.
 * A table without headers (none, or only blank ones) takes its first row with text as the header
 * row (GFM needs one; an empty one would push the real first row into the body): the rows before
 * it hold nothing and are left out, since an empty header row is noise a reader sees. A table
 * without text anywhere keeps its first row as the header row.
 */
export function headerRow(
  headers: readonly string[],
  rows: ReadonlyArray<readonly string[]>
): {headers: readonly string[]; rows: ReadonlyArray<readonly string[]>; firstRow: number} {
  if (rows.length === 0 || hasText(headers)) return {headers, rows, firstRow: 0}
  const first = Math.max(0, rows.findIndex(hasText))
  return {headers: rows[first]!, rows: rows.slice(first + 1), firstRow: first + 1}
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
