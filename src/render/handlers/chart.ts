import type {ChartBlock} from '../../model/index.js'
import {formatNumber, paragraph, phrasingText, text} from '../text.js'
import type {Handler} from '../types.js'
import {imageNodes} from '../images.js'
import {tableNode} from './table.js'

const cell = (value: string | number | null | undefined) => (typeof value === 'number' ? formatNumber(value) : (value ?? ''))

/**
 * The title in bold, then a GFM table of the data: `data_table` when present (its first row is
 * the header), else one row per category and one column per series; `null` is an empty cell.
 */
export const chart: Handler<ChartBlock> = (block, context) => {
  const title = block.title === undefined ? '' : phrasingText(block.title)
  const heading = title === '' ? [] : paragraph([{type: 'strong', children: [text(title)]}])
  const [header = [], ...rows] = block.data_table ?? [
    ['', ...block.series.map((series) => series.name)],
    ...block.categories.map((category, i) => [category, ...block.series.map((series) => series.values[i])])
  ]
  const table =
    rows.length === 0 && block.series.length === 0 && block.data_table === undefined
      ? []
      : tableNode(
          header.map(cell),
          rows.map((row) => row.map(cell))
        )
  return [...heading, ...table, ...imageNodes(block, {base64: block.image_b64, alt: title || 'Chart'}, context)]
}
