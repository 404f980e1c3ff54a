import type {Table, TableRow} from 'mdast'
import type {TableBlock} from '../../model/index.js'
import {singleLine, text} from '../text.js'
import type {Handler} from '../types.js'

/** A GFM table; an empty `headers` gives an empty header row, ragged rows are padded. */
export const table: Handler<TableBlock> = (block) => tableNode(block.headers, block.rows)

/** A GFM table of string cells, as wide as its widest row (none when there are no cells at all). */
export function tableNode(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): Table[] {
  const width = Math.max(headers.length, ...rows.map((row) => row.length))
  if (width === 0) return []
  const row = (cells: readonly string[]): TableRow => ({
    type: 'tableRow',
    children: Array.from({length: width}, (_, i) => {
      const value = singleLine(cells[i] ?? '')
      return {type: 'tableCell', children: value === '' ? [] : [text(value)]}
    })
  })
  return [{type: 'table', align: Array.from({length: width}, () => null), children: [row(headers), ...rows.map(row)]}]
}
