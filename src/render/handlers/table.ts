import type {Table, TableCell, TableRow} from 'mdast'
import type {TableBlock} from '../../model/index.js'
import {singleLine, text} from '../text.js'
import type {Handler} from '../types.js'

/** A GFM table; an empty `headers` gives an empty header row, ragged rows are padded. */
export const table: Handler<TableBlock> = (block) => tableNode(block.headers, block.rows)

/** A GFM table of string cells, as wide as its widest row (none when there are no cells at all). */
export function tableNode(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): Table[] {
  let width = headers.length
  for (const row of rows) width = Math.max(width, row.length)
  if (width === 0) return []
  const row = (cells: readonly string[]): TableRow => {
    const children: TableCell[] = []
    for (let i = 0; i < width; i++) {
      const value = i < cells.length ? singleLine(cells[i]!) : ''
      children.push({type: 'tableCell', children: value === '' ? [] : [text(value)]})
    }
    return {type: 'tableRow', children}
  }
  const children = [row(headers)]
  for (const cells of rows) children.push(row(cells))
  return [{type: 'table', align: new Array<null>(width).fill(null), children}]
}
